"""Alerts on copied content: watches, the alert log, and signed webhook delivery.

A watch names a tenant's articles to watch and a webhook. After each batch a worker
writes, :class:`~wirecopy.alerts.matching.AlertMatcher` compares the new articles with
the watches and raises alerts, once per (watch, copying article), into the tenant's
log and the delivery outbox; :class:`~wirecopy.alerts.delivery.Deliverer` sends them,
signed (:mod:`wirecopy.alerts.signing`), to checked URLs (:mod:`wirecopy.alerts.urls`),
with retries and dead letters (:mod:`wirecopy.alerts.dead`). Key names are built in
:mod:`wirecopy.live.alert_keys`.
"""
