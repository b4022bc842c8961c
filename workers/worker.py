"""A worker: read the ingest stream in batches, fingerprint, index, then acknowledge.

Delivery is at least once; the index makes it exactly once in effect (an article id
already indexed with the same text is left alone). A message is acknowledged only
after its article is in the index. Messages a dead worker held are claimed by the
others once idle for `claim_after_ms`; a batch cut off by Redis going away is taken up
again by its own worker as soon as Redis answers. A message that cannot become an article, or
that fails `max_attempts` times, moves to the dead-letter stream with its error.
SIGTERM or SIGINT finishes the batch in hand, then stops. Each loop refreshes a
heartbeat key that expires after `heartbeat_seconds`: `wirecopy worker --check`; the
first beat comes once the compiled kernels are loaded (:mod:`wirecopy.live.warm_up`).
After each batch is written, and before it is acknowledged, the tenant's watches are
checked and alerts raised (:mod:`wirecopy.alerts.matching`).
"""

import contextlib
import logging
import os
import signal
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Any

import redis

from wirecopy.alerts.matching import AlertMatcher
from wirecopy.articles import Article
from wirecopy.errors import InputError
from wirecopy.live.index import LiveIndex
from wirecopy.live.warm_up import warm_up
from workers.stream import StreamNames, decode, ensure_group

log = logging.getLogger("wirecopy.worker")

Message = tuple[bytes, dict[bytes, bytes]]

COUNT_ATTEMPTS = """
-- KEYS[1]: the attempts hash; ARGV: message ids. Adds one to each id's count and returns
--   the counts: one call a batch, where a HINCRBY a message cost 3.5% of a worker's time.
local counts = {}
for i, message_id in ipairs(ARGV) do counts[i] = redis.call('HINCRBY', KEYS[1], message_id, 1) end
return counts
"""


@dataclass(frozen=True)
class WorkerSettings:
    """How a worker reads: batch size, waits, and when a message is given up."""

    batch: int = 10_000
    block_ms: int = 1_000
    claim_after_ms: int = 30_000
    max_attempts: int = 5
    heartbeat_seconds: int = 15


class Worker:
    """One consumer of the ingest stream's group."""

    def __init__(
        self,
        client: redis.Redis,
        names: StreamNames | None = None,
        settings: WorkerSettings | None = None,
        name: str | None = None,
        alerts: AlertMatcher | None = None,
    ) -> None:
        self.redis = client
        self.alerts = alerts or AlertMatcher(client)
        self.names = names or StreamNames()
        self.settings = settings or WorkerSettings()
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.stopping = False
        self._interrupted = False
        self.indexed = 0
        self._settled: list[tuple[str, str, str | None]] = []
        self._indexes: dict[str, LiveIndex] = {}
        self._count_attempts = client.register_script(COUNT_ATTEMPTS)
        ensure_group(client, self.names)

    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        """Finish the batch in hand, then return from `run`."""
        self.stopping = True

    def run(self, *, until_idle: bool = False, handle_signals: bool = True) -> int:
        """Process batches until stopped (or, with `until_idle`, until none is waiting).

        `handle_signals=False` leaves SIGTERM and SIGINT alone (a worker in a thread)."""
        if handle_signals:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        log.info("compiled kernels loaded in %.2f s", warm_up())  # before the first beat
        self._warn_of_a_legacy_stream()
        while not self.stopping:
            try:
                self.beat()
                done = self.step()
            except (redis.ConnectionError, redis.TimeoutError) as error:  # Redis away: wait
                log.warning("Redis unreachable (%s); retrying in 1 s", error)
                self._interrupted = True  # the batch in hand is taken up again first
                time.sleep(1.0)
                continue
            except redis.ResponseError as error:
                if "NOGROUP" not in str(error):
                    raise
                log.warning("the stream or its group was deleted; making them again")
                ensure_group(self.redis, self.names)
                continue
            if until_idle and done == 0:
                break
        with contextlib.suppress(redis.RedisError):
            self.redis.delete(self.names.heartbeat(self.name))
        return self.indexed

    def _warn_of_a_legacy_stream(self) -> None:
        """Say so if the untagged stream of a version before 2026-12-04 still holds work."""
        legacy = self.names.legacy_stream
        if legacy == self.names.stream or self.redis.type(legacy) not in (b"stream", "stream"):
            return
        if waiting := self.redis.xlen(legacy):
            log.warning(
                "the stream %r of an earlier wirecopy holds %d messages this worker does not "
                "read (the stream is now %r, one Redis Cluster slot with its hashes): finish "
                "them with that version's workers, or ingest those articles again",
                legacy, waiting, self.names.stream,
            )  # fmt: skip

    def beat(self) -> None:
        self.redis.set(
            self.names.heartbeat(self.name), int(time.time()), ex=self.settings.heartbeat_seconds
        )

    def step(self) -> int:
        """Read and process one batch (claimed stale messages first); return its size."""
        messages = self._own_pending() or self._claim_stale() or self._read_new()
        if messages:
            self._process(messages)
        return len(messages)

    def _own_pending(self) -> list[Message]:
        """After Redis went away under a batch: this worker's own unacknowledged messages,
        at once (left to `_claim_stale`, they would wait `claim_after_ms`)."""
        if not self._interrupted:
            return []
        reply = self.redis.xreadgroup(
            self.names.group, self.name, {self.names.stream: "0"}, count=self.settings.batch
        )
        held: list[Message] = list(reply[0][1]) if reply else []  # type: ignore[index, arg-type]
        messages = [(i, f) for i, f in held if f]
        self._interrupted = bool(messages)
        return messages

    def _claim_stale(self) -> list[Message]:
        reply = self.redis.xautoclaim(
            self.names.stream,
            self.names.group,
            self.name,
            min_idle_time=self.settings.claim_after_ms,
            start_id="0-0",
            count=self.settings.batch,
        )
        return [(i, f) for i, f in reply[1] if f]

    def _read_new(self) -> list[Message]:
        reply = self.redis.xreadgroup(
            self.names.group,
            self.name,
            {self.names.stream: ">"},
            count=self.settings.batch,
            block=self.settings.block_ms,
        )
        return list(reply[0][1]) if reply else []  # type: ignore[index, arg-type]

    def _process(self, messages: Sequence[Message]) -> None:
        counts = self._count_attempts(
            keys=[self.names.attempts], args=[message_id for message_id, _ in messages]
        )
        by_tenant: dict[str, list[tuple[bytes, Article]]] = {}
        dead: list[tuple[bytes, dict[bytes, bytes], str]] = []
        self._settled = []  # (tenant, external id, error or None) of this batch
        for (message_id, fields), count in zip(messages, counts, strict=True):
            try:
                tenant, article = decode(fields)
            except InputError as error:
                dead.append((message_id, fields, str(error)))
                continue
            if count > self.settings.max_attempts:
                given_up = f"failed {count - 1} times; the workers' log has the last error"
                dead.append((message_id, fields, given_up))
                self._settled.append((tenant, article.id, given_up))
                continue
            by_tenant.setdefault(tenant, []).append((message_id, article))
        done: list[bytes] = []
        for tenant, items in by_tenant.items():
            try:
                index, batch = self._index(tenant), [article for _, article in items]
                outcomes = index.add(batch)
                self.alerts.after_batch(index, batch, outcomes)  # before the ack: none lost
            except (redis.ConnectionError, redis.TimeoutError):
                raise  # Redis away: `run` waits for it; the batch stays pending
            except Exception:  # the batch stays pending: claimed again, counted as an attempt
                log.exception("indexing %d articles of tenant %s failed", len(items), tenant)
                continue
            for (message_id, _), outcome in zip(items, outcomes, strict=True):
                if outcome.status == "refused":
                    fields = dict(messages)[message_id]
                    dead.append((message_id, fields, outcome.reason or "refused"))
                    self._settled.append((tenant, outcome.id, outcome.reason or "refused"))
                else:
                    done.append(message_id)
                    self._settled.append((tenant, outcome.id, None))
                    self.indexed += outcome.status != "unchanged"
        self._finish(done, dead)

    def _index(self, tenant: str) -> LiveIndex:
        if tenant not in self._indexes:
            self._indexes[tenant] = LiveIndex(self.redis, tenant)
        return self._indexes[tenant]

    def _finish(self, done: list[bytes], dead: list[tuple[bytes, dict[bytes, bytes], str]]) -> None:
        """Acknowledge and delete finished messages; move dead ones, with their error."""
        pipe = self.redis.pipeline(transaction=True)
        for message_id, fields, error in dead:
            letter: dict[Any, Any] = {**fields, b"error": error.encode(), b"message": message_id}
            pipe.xadd(self.names.dead_letters, letter)
            done.append(message_id)
        if done:
            pipe.xack(self.names.stream, self.names.group, *done)
            pipe.xdel(self.names.stream, *done)
            pipe.hdel(self.names.attempts, *done)
        settled: dict[str, list[str]] = {}
        failed: dict[str, dict[str, str]] = {}
        for tenant, article_id, reason in self._settled:
            settled.setdefault(tenant, []).append(article_id)
            if reason is not None:
                failed.setdefault(tenant, {})[article_id] = reason
        for tenant, article_ids in settled.items():
            pipe.hdel(self.names.queued(tenant), *article_ids)
        for tenant, reasons in failed.items():
            pipe.hset(self.names.failed(tenant), mapping=reasons)  # type: ignore[arg-type]
        pipe.execute()
        if dead:
            log.warning("%d messages moved to %s", len(dead), self.names.dead_letters)


def healthy(client: redis.Redis, names: StreamNames | None = None, name: str | None = None) -> bool:
    """True if the named worker (or, with no name, any worker) has a fresh heartbeat."""
    names = names or StreamNames()
    if name is not None:
        return bool(client.exists(names.heartbeat(name)))
    return next(iter(client.scan_iter(match=names.heartbeats(), count=1000)), None) is not None
