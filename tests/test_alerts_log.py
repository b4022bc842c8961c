"""The alert log in Redis: pages by cursor, filters by watch and time, stays capped."""

import time
from dataclasses import replace

import pytest
import redis
from factories import make_article

from wirecopy.alerts.log import AlertLog
from wirecopy.alerts.records import Alert, assemble
from wirecopy.alerts.settings import AlertSettings
from wirecopy.errors import ParameterError
from wirecopy.live import Match, Record
from wirecopy.live.alert_keys import AlertKeys
from wirecopy.relation import Relation


def alert(watch_id: str, copying_id: str) -> Alert:
    wire = make_article()
    record = Record(wire.id, 300, None, "d", wire.title, wire.source, wire.url)
    match = Match(record, 0.5, 0.7, 0.66, Relation.REWRITE, 1)
    return assemble(watch_id, make_article(id=copying_id), match, time.time())


def test_pages_follow_the_cursor_and_the_filters(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys)
    ids = log.raise_alerts(tenant, [alert("w_a" if n % 2 else "w_b", f"c{n}") for n in range(7)])
    assert len(ids) == 7
    first = log.page(tenant, limit=3)
    assert [a.id for a in first.alerts] == ids[:3]
    rest = log.page(tenant, after=first.next_cursor, limit=10)
    assert [a.id for a in rest.alerts] == ids[3:]
    assert rest.next_cursor is None
    only_a = log.page(tenant, watch="w_a", limit=2)
    assert [a.copying.id for a in only_a.alerts] == ["c1", "c3"]
    assert [
        a.copying.id for a in log.page(tenant, after=only_a.next_cursor, watch="w_a").alerts
    ] == ["c5"]
    middle = int(ids[3].split("-")[0])
    since = log.page(tenant, since_ms=middle).alerts
    assert since
    assert all(int(a.id.split("-")[0]) >= middle for a in since)
    until = log.page(tenant, until_ms=middle - 1).alerts
    assert {a.id for a in until}.isdisjoint({a.id for a in since})
    assert log.page(f"{tenant}-other").alerts == []


def test_a_pair_already_alerted_is_left_out_and_a_cleared_one_alerts_again(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys)
    assert len(log.raise_alerts(tenant, [alert("w_a", "c1"), alert("w_b", "c1")])) == 2
    assert log.raise_alerts(tenant, [alert("w_a", "c1")]) == []
    log.raise_alerts(tenant, [], clear=["w_a c1"])
    assert len(log.raise_alerts(tenant, [alert("w_a", "c1")])) == 1
    assert redis_client.xlen(alert_keys.outbox) == 3


def test_marks_older_than_their_window_are_dropped_and_their_pair_alerts_again(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys, mark_days=1)
    assert len(log.raise_alerts(tenant, [alert("w_a", "old"), alert("w_a", "new")])) == 2
    marks = alert_keys.marks(tenant)
    two_days_ago = (time.time() - 2 * 86_400) * 1000
    redis_client.zadd(marks, {"w_a old": two_days_ago}, xx=True)
    assert log.raise_alerts(tenant, [alert("w_a", "new")]) == []  # still remembered
    assert redis_client.zrange(marks, 0, -1) == [b"w_a new"]  # trimmed by that call
    assert len(log.raise_alerts(tenant, [alert("w_a", "old")])) == 1
    assert redis_client.zcard(marks) == 2


def test_the_log_is_capped_near_its_length(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys, length=10)
    for n in range(30):
        log.raise_alerts(tenant, [alert("w_a", f"c{n}")])
    assert redis_client.xlen(alert_keys.log(tenant)) < 30
    assert redis_client.xlen(alert_keys.outbox) == 30  # deliveries are not trimmed


def test_a_rare_watch_s_page_stops_scanning_and_hands_back_a_cursor(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys)
    common = alert("w_a", "c")
    log.raise_alerts(tenant, [replace(common, copying=replace(common.copying, id=f"c{n}"))
                              for n in range(1_200)])  # fmt: skip
    (rare,) = log.raise_alerts(tenant, [alert("w_b", "last")])
    pages, cursor, found = 0, None, []
    while True:
        page = log.page(tenant, after=cursor, watch="w_b", max_scanned=500)
        pages, found, cursor = pages + 1, found + page.alerts, page.next_cursor
        if cursor is None:
            break
    assert [a.id for a in found] == [rare]
    assert pages == 3  # 500 and 500 entries read, then the rest


def test_the_mark_window_comes_from_the_environment_and_must_be_positive() -> None:
    assert AlertSettings.from_env({"WIRECOPY_ALERT_MARK_DAYS": "7.5"}).mark_days == 7.5
    assert AlertSettings.from_env({}).mark_days == 30
    for bad in ("0", "-1", "a week"):
        with pytest.raises(ParameterError, match="WIRECOPY_ALERT_"):
            AlertSettings.from_env({"WIRECOPY_ALERT_MARK_DAYS": bad})
