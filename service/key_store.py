"""API keys kept in Redis: made, listed and revoked by `wirecopy keys`, checked per request.

A key is stored only as its SHA-256, so Redis never holds a usable key; looking a digest
up leaks nothing about a key (keys in WIRECOPY_API_KEYS are compared in constant time).
A revoked key is refused by the very next request. The same script call that finds a
key's tenant enforces its rate: GCRA, `rate` requests a second on average with bursts
of up to `burst`, answering how long to wait when a request is over it.

>>> KeyStore(redis.Redis()).add("acme")  # doctest: +SKIP
('wck_...', StoredKey(id='5f1c0a7e9b2d', tenant='acme', created=1764633600))
"""

import json
import secrets
import time
from dataclasses import dataclass

import redis
import redis.asyncio

from service.settings import digest
from wirecopy.live.keys import api_key_rate, api_keys, check_tenant

KEY_ID_CHARS = 12
"""A key's public id: the first hex digits of its SHA-256 (for listing and revoking)."""

CHECK_KEY = """
-- KEYS[1]: the key store hash; KEYS[2]: this key's rate limiter
-- ARGV: the key's SHA-256, its tenant if already known ('' to look it up), the emission
--   interval in whole ms (0: no limit), the burst tolerance in whole ms
-- Returns {tenant or nil, ms to wait (0: go ahead)}
local tenant = ARGV[2]
if tenant == '' then
  local stored = redis.call('HGET', KEYS[1], ARGV[1])
  if not stored then return {false, 0} end
  tenant = cjson.decode(stored)['tenant']
end
local interval, tolerance = tonumber(ARGV[3]), tonumber(ARGV[4])
if interval <= 0 then return {tenant, 0} end
local clock = redis.call('TIME')
local now = clock[1] * 1000 + math.floor(clock[2] / 1000)
local due = math.max(tonumber(redis.call('GET', KEYS[2]) or 0), now)
if due - now > tolerance then return {tenant, due - now - tolerance} end
redis.call('SET', KEYS[2], due + interval, 'PX', due + interval - now)
return {tenant, 0}
"""


@dataclass(frozen=True)
class StoredKey:
    """What is known of a stored key, never the key itself."""

    id: str
    tenant: str
    created: int


@dataclass(frozen=True)
class KeyCheck:
    """A request's key: its tenant (None: unknown or revoked), and how long to wait."""

    tenant: str | None
    wait_ms: int


class KeyStore:
    """The API keys of one Redis (or cluster)."""

    def __init__(self, client: redis.Redis) -> None:
        self.redis = client

    def add(self, tenant: str) -> tuple[str, StoredKey]:
        """A new key for `tenant`, stored; the key is returned once and kept nowhere."""
        key = "wck_" + secrets.token_urlsafe(32)
        hashed = digest(key)
        stored = StoredKey(hashed[:KEY_ID_CHARS], check_tenant(tenant), int(time.time()))
        record = {"tenant": stored.tenant, "id": stored.id, "created": stored.created}
        self.redis.hset(api_keys(), hashed, json.dumps(record))
        return key, stored

    def list(self, tenant: str | None = None) -> list[StoredKey]:
        """The stored keys (of one tenant, if given), oldest first."""
        found = [StoredKey(**json.loads(raw)) for raw in self.redis.hvals(api_keys())]
        return sorted((k for k in found if tenant in (None, k.tenant)), key=lambda k: k.created)

    def revoke(self, key_id: str) -> StoredKey | None:
        """Remove the key whose id (or the key itself) is given; None if there is none."""
        wanted = digest(key_id)[:KEY_ID_CHARS] if key_id.startswith("wck_") else key_id.lower()
        stored_keys: dict[bytes, bytes] = self.redis.hgetall(api_keys())  # type: ignore[assignment]
        for hashed, raw in stored_keys.items():
            stored = StoredKey(**json.loads(raw))
            if stored.id == wanted:
                self.redis.delete(api_key_rate(hashed.decode()))
                self.redis.hdel(api_keys(), hashed)
                return stored
        return None

    def count(self) -> int:
        return int(self.redis.hlen(api_keys()))


class KeyChecker:
    """The per-request check, on the event loop: one script call to Redis."""

    def __init__(
        self, client: "redis.asyncio.Redis | redis.asyncio.RedisCluster", rate: float, burst: int
    ) -> None:
        self._script = client.register_script(CHECK_KEY)
        # whole milliseconds: Lua turns large fractional numbers into imprecise strings
        self.interval_ms = max(1, round(1000 / rate)) if rate > 0 else 0
        self.tolerance_ms = self.interval_ms * max(burst - 1, 0)

    async def check(self, key_digest: str, tenant: str | None = None) -> KeyCheck:
        """The tenant of the key with SHA-256 `key_digest` (or `tenant`, a key known
        already), and the milliseconds it must wait to stay within its rate."""
        found, wait = await self._script(
            keys=[api_keys(), api_key_rate(key_digest)],
            args=[key_digest, tenant or "", self.interval_ms, self.tolerance_ms],
        )
        return KeyCheck(None if found is None else found.decode(), int(wait))
