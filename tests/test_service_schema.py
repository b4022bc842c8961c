"""Schemathesis against the OpenAPI schema: no 500, and no response that breaks the schema.

One check is left out: that every schema-valid request is accepted. The schema cannot say
that a text must hold words, or that an article to store needs an id; those get 422.
The alert stream is left out: it never ends, so a generated request would wait forever
(tests/test_service_alerts.py reads it).
"""

import redis
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from service.app import create_app
from service.settings import ServiceSettings, new_key
from wirecopy.alerts.settings import AlertSettings
from workers.stream import StreamNames


def test_no_500_and_every_response_fits_the_schema(redis_client: redis.Redis, tenant: str) -> None:
    key, line = new_key(tenant)
    _, digest = line.split(":")
    names = StreamNames(f"{tenant}:ingest")
    alerts = AlertSettings(namespace=f"{tenant}:alerts")
    service_settings = ServiceSettings(keys={digest: tenant}, wait_seconds=0.05, alerts=alerts)
    app = create_app(service_settings, redis_client, names)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = {"Authorization": f"Bearer {key}"}
    redis_client.set(names.heartbeat("schema"), 1, ex=600)  # a worker is up: /readyz is 200
    checked = []
    try:
        for found in schema.get_all_operations():
            operation = found.ok()
            if operation.label == "GET /v1/alerts/stream":
                continue

            @given(case=operation.as_strategy())
            @settings(
                max_examples=30, deadline=None, database=None,
                suppress_health_check=list(HealthCheck),
            )  # fmt: skip
            def check(case: schemathesis.Case) -> None:
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

            check()
            checked.append(operation.label)
    finally:
        for leftover in redis_client.scan_iter(match=f"*{tenant}:*"):
            redis_client.delete(leftover)
    assert "POST /v1/similarity" in checked
    assert "GET /v1/compare" in checked
    assert "POST /v1/compare" in checked
    assert "POST /v1/watches" in checked
    assert len(checked) == 18
