"""Watches in Redis: checked when made, listed per tenant, deleted with their marks."""

import pytest
import redis

from wirecopy.alerts.log import AlertLog
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.urls import UnsafeURLError
from wirecopy.alerts.watches import WatchStore
from wirecopy.errors import InputError
from wirecopy.live.alert_keys import AlertKeys

ALLOW = AlertSettings(webhook_allow=("127.0.0.1",), max_watches=2)


def test_a_watch_is_stored_with_a_secret_and_listed_for_its_tenant_only(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    store = WatchStore(redis_client, ALLOW, alert_keys)
    made = store.create(tenant, "http://127.0.0.1:9/h", 0.4, sources=["AP"], ignore_sources=["X"])
    assert made.secret.startswith("whsec_")
    assert len(made.secret) > 40
    assert store.get(tenant, made.id) == made
    assert store.all(tenant) == [made]
    assert store.all(f"{tenant}-b") == []
    assert store.get(f"{tenant}-b", made.id) is None


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"min_share": 0.0}, "min_share"),
        ({"min_share": 1.5}, "min_share"),
        ({"sources": [""]}, "sources"),
        ({"articles": ["x"] * 1_001}, "articles"),
    ],
)
def test_bad_watches_are_refused_saying_what_to_fix(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, fields: dict, says: str
) -> None:
    with pytest.raises(InputError, match=says):
        WatchStore(redis_client, ALLOW, alert_keys).create(tenant, "http://127.0.0.1:9/h", **fields)


def test_a_private_url_and_a_watch_over_the_limit_are_refused(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    store = WatchStore(redis_client, ALLOW, alert_keys)
    with pytest.raises(UnsafeURLError, match="private"):
        store.create(tenant, "http://192.168.0.10/hook")
    store.create(tenant, "http://127.0.0.1:9/a")
    store.create(tenant, "http://127.0.0.1:9/b")
    with pytest.raises(InputError, match="delete one first"):
        store.create(tenant, "http://127.0.0.1:9/c")


def test_deleting_a_watch_removes_its_once_per_marks(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    store = WatchStore(redis_client, ALLOW, alert_keys)
    kept, gone = (
        store.create(tenant, "http://127.0.0.1:9/a"),
        store.create(tenant, "http://127.0.0.1:9/b"),
    )
    redis_client.zadd(alert_keys.marks(tenant), {f"{gone.id} c1": 1, f"{kept.id} c1": 2})
    assert store.delete(tenant, gone.id)
    assert not store.delete(tenant, gone.id)
    assert redis_client.zrange(alert_keys.marks(tenant), 0, -1) == [f"{kept.id} c1".encode()]
    assert AlertLog(redis_client, alert_keys).page(tenant).alerts == []
