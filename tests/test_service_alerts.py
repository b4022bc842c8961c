"""Watches and alerts over HTTP, against a real Redis, a real worker and a real receiver."""

import json
import time
from collections.abc import Iterator
from dataclasses import replace

import httpx2
import pytest
import redis
from conftest import delete_namespace
from factories import make_article, rewrite
from fastapi import FastAPI
from fastapi.testclient import TestClient
from live_server import serving
from receiver import Receiver
from test_alerts_log import alert
from test_service import body

from service.app import create_app
from service.cli import in_process_worker
from service.settings import ServiceSettings, new_key
from wirecopy.alerts.log import AlertLog
from wirecopy.alerts.settings import AlertSettings
from wirecopy.live.alert_keys import AlertKeys
from workers.stream import StreamNames


def settings_for(tenant: str, keys: AlertKeys) -> tuple[str, ServiceSettings]:
    key, line = new_key(tenant)
    _, digest = line.split(":")
    alerts = AlertSettings(
        namespace=keys.namespace, webhook_allow=("127.0.0.1",), backoff_seconds=0.02,
        max_attempts=2, heartbeat_seconds=0.2,
    )  # fmt: skip
    return key, ServiceSettings(keys={digest: tenant}, wait_seconds=10.0, alerts=alerts)


@pytest.fixture
def app(redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys) -> tuple[FastAPI, str]:
    key, settings = settings_for(tenant, alert_keys)
    names = StreamNames(f"{alert_keys.namespace}:ingest")
    return create_app(settings, redis_client, names, background=in_process_worker), key


@pytest.fixture
def api(app: tuple[FastAPI, str]) -> Iterator[TestClient]:
    application, key = app
    with TestClient(application, headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


def test_a_watch_is_made_listed_read_and_deleted(api: TestClient) -> None:
    made = api.post("/v1/watches", json={"url": "http://127.0.0.1:9/h", "sources": ["AP"]})
    assert made.status_code == 201, made.text
    watch = made.json()
    assert watch["secret"].startswith("whsec_")
    assert watch["min_share"] == 0.5
    listed = api.get("/v1/watches").json()
    assert [w["id"] for w in listed] == [watch["id"]]
    assert "secret" not in listed[0]
    assert api.get(f"/v1/watches/{watch['id']}").json()["sources"] == ["AP"]
    assert api.delete(f"/v1/watches/{watch['id']}").status_code == 204
    assert api.get(f"/v1/watches/{watch['id']}").status_code == 404
    assert api.delete(f"/v1/watches/{watch['id']}").status_code == 404


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"url": "http://10.0.0.1/hook"}, "is a private address (10.0.0.1)"),
        ({"url": "http://169.254.169.254/"}, "cloud metadata"),
        ({"url": "file:///etc/passwd"}, "is not http(s)"),
        ({"url": "http://127.0.0.1:9/h", "min_share": 1.5}, "min_share"),
    ],
)
def test_a_bad_watch_is_refused_with_a_problem_that_says_what_to_fix(
    api: TestClient, fields: dict[str, object], says: str
) -> None:
    refused = api.post("/v1/watches", json=fields)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert says in refused.json()["detail"]


def test_a_copy_posted_is_delivered_once_and_logged(api: TestClient) -> None:
    with Receiver() as receiver:
        watch = api.post("/v1/watches", json={"url": receiver.url}).json()
        wire = make_article()
        assert api.post("/v1/articles?wait=true", json=body(wire)).status_code == 200
        copy = rewrite(wire, "light", 1)
        assert api.post("/v1/articles?wait=true", json=body(copy)).status_code == 200
        (got,) = receiver.wait_for(1)
        time.sleep(0.3)  # time enough for a second delivery, were there one
        assert len(receiver.requests) == 1
    page = api.get("/v1/alerts").json()
    (logged,) = page["alerts"]
    assert page["next_cursor"] is None
    assert logged["id"] == got.headers["Wirecopy-Event-Id"] == json.loads(got.body)["id"]
    assert (logged["watched"]["id"], logged["copying"]["id"]) == (wire.id, copy.id)
    assert api.get("/v1/alerts", params={"watch": watch["id"]}).json()["alerts"] == [logged]
    assert api.get("/v1/alerts", params={"watch": "w_other"}).json()["alerts"] == []
    later = api.get("/v1/alerts", params={"since": "2099-01-01T00:00:00Z"}).json()
    assert later["alerts"] == []
    for number in ("0.0", "1796305539", "-1e3"):  # a number is not a date-time: 422, not epoch
        refused = api.get("/v1/alerts", params={"until": number})
        assert refused.status_code == 422
        assert "ISO 8601 date-time" in refused.json()["detail"]
        assert refused.json()["title"] == "Invalid request"  # not only articles get 422
    assert api.get("/v1/alerts", params={"until": "2099-01-01"}).json()["alerts"] == [logged]
    bad = api.get("/v1/alerts", params={"cursor": "yesterday"})
    assert bad.status_code == 422
    assert "next_cursor" in bad.json()["detail"]


def test_dead_letters_are_listed_and_replayed(api: TestClient) -> None:
    with Receiver(always=500) as receiver:
        api.post("/v1/watches", json={"url": receiver.url})
        wire = make_article()
        api.post("/v1/articles?wait=true", json=body(wire))
        api.post("/v1/articles?wait=true", json=body(rewrite(wire, "verbatim")))
        deadline = time.monotonic() + 15
        while not api.get("/v1/alerts/dead").json()["dead_letters"]:
            assert time.monotonic() < deadline, "nothing reached the dead letters"
            time.sleep(0.05)
        (letter,) = api.get("/v1/alerts/dead").json()["dead_letters"]
        assert letter["attempts"] == 2
        assert letter["last_error"] == "HTTP 500 from 127.0.0.1"
        receiver.always = None
        replayed = api.post(f"/v1/alerts/dead/{letter['id']}/replay")  # no body needed
        assert replayed.status_code == 202, replayed.text
        assert receiver.wait_for(3)[-1].headers["Wirecopy-Event-Id"] == letter["alert"]
    assert api.get("/v1/alerts/dead").json()["dead_letters"] == []
    assert api.post(f"/v1/alerts/dead/{letter['id']}/replay").status_code == 404


def test_another_tenant_sees_none_of_the_watches_or_alerts(
    api: TestClient, redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    watch = api.post("/v1/watches", json={"url": "http://127.0.0.1:9/h"}).json()
    AlertLog(redis_client, alert_keys).raise_alerts(tenant, [alert(watch["id"], "c1")])
    other = f"{tenant}-b"
    key, settings = settings_for(other, alert_keys)
    try:
        with TestClient(create_app(settings, redis_client)) as client:
            auth = {"Authorization": f"Bearer {key}"}
            assert client.get("/v1/watches", headers=auth).json() == []
            assert client.get(f"/v1/watches/{watch['id']}", headers=auth).status_code == 404
            assert client.delete(f"/v1/watches/{watch['id']}", headers=auth).status_code == 404
            assert client.get("/v1/alerts", headers=auth).json()["alerts"] == []
        assert len(api.get("/v1/alerts").json()["alerts"]) == 1
    finally:
        delete_namespace(redis_client, other)


def read_until(lines: Iterator[str], comment: str) -> None:
    """Read an SSE response up to the comment line `comment` (": connected", say)."""
    for line in lines:
        if line == comment:
            return
    raise AssertionError(f"the stream ended before {comment!r}")


def read_events(lines: Iterator[str], count: int) -> list[dict[str, str]]:
    """The next `count` events of an SSE response."""
    events: list[dict[str, str]] = []
    event: dict[str, str] = {}
    for line in lines:
        if line and not line.startswith(":"):
            name, _, value = line.partition(": ")
            event[name] = value
        elif not line:
            if "data" in event:
                events.append(event)
            event = {}
            if len(events) == count:
                break
    return events


def test_the_stream_sends_alerts_as_events_and_resumes_after_last_event_id(
    app: tuple[FastAPI, str], redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    application, key = app
    log = AlertLog(redis_client, alert_keys)
    auth = {"Authorization": f"Bearer {key}"}
    log.raise_alerts(tenant, [alert("w_a", "before")])  # older than the stream: not sent
    with serving(application) as base, httpx2.Client(base_url=base, headers=auth) as http:
        with http.stream("GET", "/v1/alerts/stream", timeout=10) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            read_until(lines, ": connected")  # from here on, it sends what comes
            read_until(lines, ": keep-alive")  # while nothing does
            ids = log.raise_alerts(tenant, [alert("w_a", "c1"), alert("w_b", "c2")])
            events = read_events(lines, 2)
        assert [e["id"] for e in events] == ids
        assert {e["event"] for e in events} == {"alert"}
        assert json.loads(events[1]["data"])["copying"]["id"] == "c2"
        (third,) = log.raise_alerts(tenant, [alert("w_b", "c3")])  # while disconnected
        resume = {**auth, "Last-Event-ID": ids[0]}
        with http.stream("GET", "/v1/alerts/stream?watch=w_b", headers=resume) as again:
            resumed = read_events(again.iter_lines(), 2)
        assert [e["id"] for e in resumed] == [ids[1], third]
        refused = http.get("/v1/alerts/stream", headers={**auth, "Last-Event-ID": "x"})
        assert refused.status_code == 422


def test_the_stream_needs_a_key(app: tuple[FastAPI, str]) -> None:
    with TestClient(app[0]) as client:
        assert client.get("/v1/alerts/stream").status_code == 401


def test_settings_read_the_allow_list_from_the_environment() -> None:
    settings = ServiceSettings.from_env({"WIRECOPY_WEBHOOK_ALLOW": "127.0.0.1,10.0.0.0/8"})
    assert settings.alerts.webhook_allow == ("127.0.0.1", "10.0.0.0/8")
    assert replace(settings.alerts, max_attempts=3).max_attempts == 3
