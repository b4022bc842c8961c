"""Tenant isolation over HTTP: tenant B, with its own key, tries every route with tenant A's
ids (articles, stories, compare, the page, watches, alerts, dead letters, replay) and sees
nothing of A's; neither tenant's matches include the other's articles."""

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from api_helpers import body
from conftest import delete_namespace
from factories import make_article, rewrite
from fastapi.testclient import TestClient
from httpx2 import Response

from service.app import create_app
from service.cli import in_process_worker
from service.settings import ServiceSettings, new_key
from wirecopy.alerts.settings import AlertSettings
from wirecopy.live.alert_keys import AlertKeys
from workers.stream import StreamNames


@pytest.fixture
def other_tenant(redis_client: redis.Redis) -> Iterator[str]:
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    delete_namespace(redis_client, name)


@pytest.fixture
def clients(
    redis_client: redis.Redis, tenant: str, other_tenant: str, alert_keys: AlertKeys
) -> Iterator[tuple["As", "As"]]:
    (key_a, line_a), (key_b, line_b) = new_key(tenant), new_key(other_tenant)
    keys = {line.split(":")[1]: name for line, name in ((line_a, tenant), (line_b, other_tenant))}
    alerts = AlertSettings(namespace=alert_keys.namespace, webhook_allow=("127.0.0.1",),
                           backoff_seconds=0.02, max_attempts=1)  # fmt: skip
    settings = ServiceSettings(keys=keys, wait_seconds=10.0, alerts=alerts)
    names = StreamNames(f"{alert_keys.namespace}:ingest")
    app = create_app(settings, redis_client, names, background=in_process_worker)
    with TestClient(app) as client:  # one app, one lifespan; each tenant sends its own key
        yield As(client, key_a), As(client, key_b)


class As:
    """Requests with one tenant's key."""

    def __init__(self, client: TestClient, key: str) -> None:
        self.client, self.auth = client, {"Authorization": f"Bearer {key}"}

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.client.get(path, headers=self.auth, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Response:
        return self.client.post(path, headers=self.auth, **kwargs)

    def delete(self, path: str) -> Response:
        return self.client.delete(path, headers=self.auth)


def dead_letters(client: "As", within: float = 10.0) -> list[dict[str, object]]:
    deadline = time.monotonic() + within
    while True:
        found: list[dict[str, object]] = client.get("/v1/alerts/dead").json()["dead_letters"]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_no_route_shows_one_tenant_another_tenant_s_data(
    clients: tuple["As", "As"],
) -> None:
    a, b = clients
    watch = a.post("/v1/watches", json={"url": "http://127.0.0.1:9/never", "min_share": 0.3})
    assert watch.status_code == 201, watch.text
    wire = make_article()
    copy = rewrite(wire, "light")
    stored = a.post("/v1/articles/batch?wait=true", json={"articles": [body(wire)]})
    assert stored.status_code == 200, stored.text
    copied = a.post("/v1/articles?wait=true", json=body(copy))
    assert copied.status_code == 200, copied.text
    story = copied.json()["story"]["id"]
    (alert,) = a.get("/v1/alerts").json()["alerts"]
    (dead,) = dead_letters(a)  # the receiver never answers: one attempt, then parked

    # A sees its own
    assert a.get(f"/v1/articles/{wire.id}").status_code == 200
    assert a.get(f"/v1/stories/{story}").status_code == 200
    assert a.get("/v1/compare", params={"a": wire.id, "b": copy.id}).status_code == 200

    # B, with A's ids, sees nothing
    for path in (f"/v1/articles/{wire.id}", f"/v1/stories/{story}",
                 f"/v1/watches/{watch.json()['id']}"):  # fmt: skip
        assert b.get(path).status_code == 404, path
    assert b.delete(f"/v1/articles/{wire.id}").status_code == 404
    assert b.delete(f"/v1/watches/{watch.json()['id']}").status_code == 404
    assert b.get("/v1/compare", params={"a": wire.id, "b": copy.id}).status_code == 404
    assert b.get("/compare", params={"a": wire.id, "b": copy.id}).status_code == 404
    assert b.get("/v1/watches").json() == []
    assert b.get("/v1/alerts").json()["alerts"] == []
    assert b.get("/v1/alerts", params={"cursor": "0-0"}).json()["alerts"] == []
    assert b.get("/v1/alerts/dead").json()["dead_letters"] == []
    assert b.post(f"/v1/alerts/dead/{dead['id']}/replay").status_code == 404
    assert b.post("/v1/similarity", json={"text": copy.text}).json()["matches"] == []

    # B's own copy of A's story stays B's
    mine = b.post("/v1/similarity?store=true", json={**body(copy), "id": "b-copy"})
    assert mine.status_code == 200, mine.text
    assert mine.json()["matches"] == []
    a_matches = a.get(f"/v1/articles/{wire.id}").json()["matches"]
    assert "b-copy" not in {m["id"] for m in a_matches}
    assert a.get("/v1/articles/b-copy").status_code == 404
    assert alert["copying"]["id"] == copy.id
