"""The deliverer: send each alert to its watch's webhook, signed, retried, never lost.

Deliveries wait in the outbox stream, read by the ``deliverers`` consumer group (apart
from the indexing workers, so a slow receiver never slows ingestion). Each batch is
sent concurrently with a bounded timeout, to the address checked just before (see
:mod:`wirecopy.alerts.urls`). A failed send waits in the retry set, scored by when it is
due: exponential back-off with full jitter, ``uniform(0, min(cap, base * 2**n))``. After
`max_attempts` sends it is parked in the tenant's dead letters. A delivery leaves the
outbox or the retry set only in the transaction that records its fate; a retry being
sent is leased (its due time moved on by `claim_after_ms`), and an outbox message a dead
deliverer held is claimed after that long, so a killed deliverer loses nothing. A batch
cut off by Redis going away is taken up again by its own deliverer as soon as Redis
answers (its leases renewed, its outbox messages read again), not `claim_after_ms` later.
Delivery is at least once: a receiver drops repeats by `Wirecopy-Event-Id`.
"""

import contextlib
import logging
import os
import random
import socket
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx2
import redis

from wirecopy import __version__
from wirecopy.alerts.dead import DeadLetters, Delivery
from wirecopy.alerts.records import Alert
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.signing import EVENT_HEADER, SIGNATURE_HEADER, signature_header
from wirecopy.alerts.urls import Resolver, UnsafeURLError, check_url, resolve_host
from wirecopy.alerts.watches import WatchStore
from wirecopy.live.alert_keys import AlertKeys
from wirecopy.live.groups import ensure_group

log = logging.getLogger("wirecopy.deliverer")

TAKE_DUE = """
-- KEYS: 1 retry set, 2 deliveries hash; ARGV: 1 now (ms), 2 lease end (ms), 3 how many
-- returns id, delivery JSON pairs of the due retries, each leased until ARGV[2]
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local out = {}
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], id)
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[2], id)
end
return out
"""
TAKE_LEASED = """
-- KEYS: 1 retry set, 2 deliveries hash; ARGV: 1 lease end held, 2 new lease end, 3... ids
-- returns id, delivery JSON pairs of the ids still leased until ARGV[1], leased anew
local out = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if tonumber(redis.call('ZSCORE', KEYS[1], id)) == tonumber(ARGV[1]) then
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    out[#out + 1] = id
    out[#out + 1] = redis.call('HGET', KEYS[2], id)
  end
end
return out
"""
HEARTBEAT_SECONDS = 15
"""A deliverer's heartbeat key lives this long; each loop renews it (`deliver --check`)."""
Taken = tuple[Delivery, bytes | None]
"""A delivery and its outbox message id (None: it came from the retry set)."""


class Deliverer:
    """One consumer of the outbox's group, and a sender of due retries."""

    def __init__(
        self,
        client: redis.Redis,
        settings: AlertSettings | None = None,
        keys: AlertKeys | None = None,
        name: str | None = None,
        resolve: Resolver = resolve_host,
        block_ms: int = 1_000,
    ) -> None:
        self.redis = client
        self.settings = settings or AlertSettings()
        self.keys = keys or AlertKeys(self.settings.namespace)
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.resolve = resolve
        self.block_ms = block_ms
        self.watches = WatchStore(client, self.settings, self.keys, resolve)
        self.dead = DeadLetters(client, self.keys)
        self.sent = 0
        self.stopping = False
        self._interrupted = False
        self._leased: tuple[int, list[bytes]] = (0, [])  # lease end, retries in hand
        self._take_due = client.register_script(TAKE_DUE)
        self._take_leased = client.register_script(TAKE_LEASED)
        self._http = httpx2.Client(  # no proxy from the environment: the checked address only
            timeout=self.settings.timeout_seconds, follow_redirects=False, trust_env=False
        )
        self._pool = ThreadPoolExecutor(self.settings.concurrency, thread_name_prefix="webhook")
        ensure_group(client, self.keys.outbox, self.keys.group)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self._http.close()

    def stop(self, *_: object) -> None:
        self.stopping = True

    def run(self, *, until_idle: bool = False) -> int:
        """Deliver until stopped (or, with `until_idle`, until nothing is waiting)."""
        while not self.stopping:
            try:
                self.redis.set(self.keys.heartbeat(self.name), 1, ex=HEARTBEAT_SECONDS)
                done = self.step()
            except (redis.ConnectionError, redis.TimeoutError) as error:  # Redis away: wait
                log.warning("Redis unreachable (%s); retrying in 1 s", error)
                self._interrupted = True  # the batch in hand is taken up again first
                time.sleep(1.0)
                continue
            except redis.ResponseError as error:
                if "NOGROUP" not in str(error):
                    raise
                ensure_group(self.redis, self.keys.outbox, self.keys.group)
                continue
            if until_idle and done == 0 and not self.redis.zcard(self.keys.retries):
                break
        with contextlib.suppress(redis.RedisError):
            self.redis.delete(self.keys.heartbeat(self.name))
        return self.sent

    def step(self) -> int:
        """Take due retries and outbox messages (after an outage, those held before it),
        send them at once, settle each; how many."""
        taken = self._held() if self._interrupted else []
        if not taken:
            taken = self._due_retries()
            taken += self._from_outbox(block=not taken)
        if taken:
            errors = list(self._pool.map(self._send, [d for d, _ in taken]))
            self._settle(taken, errors)
        self._leased = (0, [])
        return len(taken)

    def _held(self) -> list[Taken]:
        """After Redis went away under a batch: the deliveries this deliverer held, at once
        (left alone, its leased retries and its own pending outbox messages would wait
        `claim_after_ms`). A retry whose lease ran out meanwhile is another's to send."""
        held_until, ids = self._leased
        retries: list[Taken] = []
        if ids:
            lease = int(time.time() * 1000) + self.settings.claim_after_ms
            reply = self._take_leased(
                keys=[self.keys.retries, self.keys.deliveries], args=[held_until, lease, *ids]
            )
            self._leased = (lease, list(reply[::2]))
            retries = [(Delivery.loads(raw), None) for raw in reply[1::2] if raw]
        pending = self.redis.xreadgroup(
            self.keys.group, self.name, {self.keys.outbox: "0"}, count=self.settings.concurrency
        )
        mine = list(pending[0][1]) if pending else []  # type: ignore[index]
        taken = retries + [(Delivery.of_message(f), i) for i, f in mine if f]
        self._interrupted = bool(taken)
        return taken

    def _due_retries(self) -> list[Taken]:
        now = int(time.time() * 1000)
        lease = now + self.settings.claim_after_ms
        reply = self._take_due(
            keys=[self.keys.retries, self.keys.deliveries],
            args=[now, lease, self.settings.concurrency],
        )
        self._leased = (lease, list(reply[::2]))
        pairs = zip(reply[::2], reply[1::2], strict=True)
        return [(Delivery.loads(raw), None) for _, raw in pairs if raw]

    def _from_outbox(self, *, block: bool) -> list[Taken]:
        claimed = self.redis.xautoclaim(
            self.keys.outbox, self.keys.group, self.name,
            min_idle_time=self.settings.claim_after_ms, start_id="0-0",
            count=self.settings.concurrency,
        )  # fmt: skip
        messages = [(i, f) for i, f in claimed[1] if f]
        if not messages:
            reply = self.redis.xreadgroup(
                self.keys.group, self.name, {self.keys.outbox: ">"},
                count=self.settings.concurrency, block=self._block_ms() if block else None,
            )  # fmt: skip
            messages = list(reply[0][1]) if reply else []  # type: ignore[index, arg-type]
        return [(Delivery.of_message(fields), message_id) for message_id, fields in messages]

    def _block_ms(self) -> int:
        """Wait for new alerts at most until the next retry is due."""
        first = self.redis.zrange(self.keys.retries, 0, 0, withscores=True)
        if not first:
            return self.block_ms
        wait = int(first[0][1]) - int(time.time() * 1000)
        return max(1, min(self.block_ms, wait))

    def _send(self, delivery: Delivery) -> str | None:
        """Send one delivery; None when it is done with (sent, or its watch deleted)."""
        watch = self.watches.get(delivery.tenant, delivery.watch)
        if watch is None:
            log.info("watch %s was deleted: delivery %s dropped", delivery.watch, delivery.id)
            return None
        try:
            target = check_url(watch.url, self.settings.webhook_allow, self.resolve)
        except UnsafeURLError as error:
            return str(error)
        body = Alert.loads(delivery.body).with_id(delivery.alert).dumps().encode()
        headers = {
            "Host": target.host_header,
            "Content-Type": "application/json",
            "User-Agent": f"wirecopy-webhook/{__version__}",
            EVENT_HEADER: delivery.alert,
            "Wirecopy-Watch-Id": watch.id,
            "Wirecopy-Delivery-Attempt": str(delivery.attempts + 1),
            SIGNATURE_HEADER: signature_header(watch.secret, int(time.time()), body),
        }
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        try:
            reply = self._http.post(
                target.connect_url, content=body, headers=headers, extensions=extensions
            )
        except (httpx2.HTTPError, httpx2.InvalidURL) as error:
            return f"{type(error).__name__}: {error}"
        if 200 <= reply.status_code < 300:
            return None
        return f"HTTP {reply.status_code} from {target.host}"

    def _settle(self, taken: Sequence[Taken], errors: Sequence[str | None]) -> None:
        """Record each delivery's fate, and only then let go of it, in one transaction."""
        pipe = self.redis.pipeline(transaction=True)
        acked = [message_id for _, message_id in taken if message_id is not None]
        for (delivery, _), error in zip(taken, errors, strict=True):
            pipe.zrem(self.keys.retries, delivery.id)
            pipe.hdel(self.keys.deliveries, delivery.id)
            if error is None:
                self.sent += 1
                continue
            failed = delivery.failed(error)
            if failed.attempts >= self.settings.max_attempts:
                log.warning("delivery %s parked after %d attempts: %s", failed.id,
                            failed.attempts, error)  # fmt: skip
                self.dead.park(pipe, failed)
                continue
            log.info("delivery %s failed (%s); attempt %d of %d", failed.id, error,
                     failed.attempts, self.settings.max_attempts)  # fmt: skip
            pipe.hset(self.keys.deliveries, failed.id, failed.dumps())
            pipe.zadd(self.keys.retries, {failed.id: self._due_ms(failed.attempts)})
        if acked:
            pipe.xack(self.keys.outbox, self.keys.group, *acked)
            pipe.xdel(self.keys.outbox, *acked)
        pipe.execute()

    def _due_ms(self, attempts: int) -> int:
        ceiling = min(self.settings.backoff_cap_seconds,
                      self.settings.backoff_seconds * 2 ** (attempts - 1))  # fmt: skip
        return int((time.time() + random.uniform(0, ceiling)) * 1000)


def beating(client: redis.Redis, keys: AlertKeys, name: str | None = None) -> bool:
    """True if the named deliverer (with no name: any) has a fresh heartbeat."""
    if name is not None:
        return bool(client.exists(keys.heartbeat(name)))
    return next(iter(client.scan_iter(match=keys.heartbeats(), count=1000)), None) is not None
