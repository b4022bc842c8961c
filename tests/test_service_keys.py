"""API keys kept in Redis: made, listed, revoked (refused at once), and each key's rate."""

import re
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from service.app import create_app
from service.key_store import KeyStore
from service.settings import ServiceSettings
from wirecopy.cli import main
from workers.stream import StreamNames

TEST_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def store(redis_client: redis.Redis, tenant: str) -> Iterator[KeyStore]:
    keys = KeyStore(redis_client)
    yield keys
    for stored in keys.list(tenant):  # the store is shared: remove only this test's keys
        keys.revoke(stored.id)


def api(client: redis.Redis, **settings: float) -> TestClient:
    app = create_app(ServiceSettings(**settings), client, StreamNames())  # type: ignore[arg-type]
    return TestClient(app)


def test_a_stored_key_opens_its_tenant_and_is_refused_once_revoked(
    redis_client: redis.Redis, store: KeyStore, tenant: str
) -> None:
    key, stored = store.add(tenant)
    assert stored.tenant == tenant
    assert len(stored.id) == 12
    assert [k.id for k in store.list(tenant)] == [stored.id]
    assert key.startswith("wck_")
    assert key.encode() not in b"".join(redis_client.hgetall("{wc:auth}:keys").values())
    with api(redis_client) as client:
        auth = {"Authorization": f"Bearer {key}"}
        assert (
            client.post("/v1/similarity", json={"text": "Cranes idle."}, headers=auth).status_code
            == 200
        )
        assert store.revoke(stored.id) == stored
        refused = client.post("/v1/similarity", json={"text": "Cranes idle."}, headers=auth)
        assert refused.status_code == 401
        assert "revoked" in refused.json()["detail"]
    assert store.revoke(stored.id) is None


def test_a_key_over_its_rate_is_answered_429_with_retry_after(
    redis_client: redis.Redis, store: KeyStore, tenant: str
) -> None:
    key, _ = store.add(tenant)
    with api(redis_client, rate_limit=0.5, rate_burst=3) as client:
        auth = {"Authorization": f"Bearer {key}"}
        statuses = [client.get("/v1/articles/none", headers=auth).status_code for _ in range(4)]
        assert statuses == [404, 404, 404, 429]  # a burst of 3, then one every 2 s
        over = client.get("/v1/articles/none", headers=auth)
        assert over.status_code == 429
        assert over.headers["retry-after"] == "2"
        assert "0.5 requests a second" in over.json()["detail"]


def test_keys_on_the_command_line(
    store: KeyStore, tenant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "new", tenant, "--redis", TEST_URL]) == 0
    made = capsys.readouterr().out
    key_id = re.search(r"as id ([0-9a-f]{12})", made)
    assert key_id is not None
    assert "wck_" in made
    assert main(["keys", "list", tenant, "--redis", TEST_URL]) == 0
    assert key_id.group(1) in capsys.readouterr().out
    assert main(["keys", "revoke", key_id.group(1), "--redis", TEST_URL]) == 0
    assert store.list(tenant) == []
    assert main(["keys", "revoke", key_id.group(1), "--redis", TEST_URL]) == 2
    assert "no stored key has the id" in capsys.readouterr().err
    assert main(["keys", "new", tenant, "--env"]) == 0
    assert f"{tenant}:" in capsys.readouterr().out
    assert store.list(tenant) == []  # --env stores nothing
