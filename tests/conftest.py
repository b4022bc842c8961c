"""Shared fixtures: a real Redis for the live index's tests.

Tests talk to the Redis at $WIRECOPY_TEST_REDIS_URL (default 127.0.0.1:6379, database
9), each under its own tenant, and remove every key they made afterwards. `.ci/run`
starts a server where none answers; without one these tests fail, they do not skip.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis_server import RedisServer

from wirecopy.live.alert_keys import AlertKeys
from wirecopy.live.keys import Keyspace
from wirecopy.params import FingerprintParams

TEST_REDIS_URL = os.environ.get("WIRECOPY_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture(scope="session")
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(TEST_REDIS_URL)
    client.ping()
    yield client
    client.close()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own on a loopback port (AOF on), stopped afterwards:
    for tests that stop and restart Redis, or that need a whole server to themselves."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def tenant(redis_client: redis.Redis) -> Iterator[str]:
    """A fresh tenant name; every key under it is deleted after the test."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    delete_namespace(redis_client, name)


def delete_namespace(client: redis.Redis, tenant: str) -> int:
    """Delete every key of `tenant` (any parameters); return how many there were."""
    pattern = Keyspace(tenant, FingerprintParams().id).pattern()
    pattern = pattern.replace(FingerprintParams().id, "*")
    keys = list(client.scan_iter(match=pattern, count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])
    return len(keys)


@pytest.fixture
def alert_keys(redis_client: redis.Redis) -> Iterator[AlertKeys]:
    """Alert keys of the test's own; every key holding its name is deleted afterwards
    (an ingest stream named ``<namespace>:ingest`` included)."""
    keys = AlertKeys(f"test-{uuid.uuid4().hex[:12]}:alerts")
    yield keys
    leftovers = list(redis_client.scan_iter(match=f"*{keys.namespace}*", count=1000))
    if leftovers:
        redis_client.delete(*leftovers)
