"""Redis restarted in the middle of a running ingest: a client thread keeps posting
articles to the API served on loopback while its private redis-server (AOF, fsync every
second) is stopped cleanly and started again on the same files, and a `wirecopy worker`
process runs throughout. While Redis is away the API answers 503 with Retry-After at
once; API and worker come back by themselves; every article answered 202 is indexed.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from api_helpers import body
from factories import make_brief
from live_server import serving
from receiver import Receiver
from redis_server import RedisServer
from test_alerts_delivery import queue_alert

from service.app import create_app
from service.settings import ServiceSettings
from wirecopy.alerts.delivery import Deliverer
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.watches import WatchStore
from wirecopy.articles import Article
from wirecopy.live import LiveIndex, connect
from wirecopy.live.alert_keys import AlertKeys
from workers.stream import StreamNames, enqueue
from workers.worker import Worker, WorkerSettings, healthy

ROOT = Path(__file__).parent.parent
ANSWER_BOUND = 5.0  # seconds: no answer may take longer, Redis away or not
BEFORE, DOWN, AFTER = 40, 5, 40  # posts answered 202 before, 503 during, 202 after


@dataclass(frozen=True)
class Posted:
    article: Article
    status: int
    retry_after: str | None
    seconds: float


class Poster:
    """A thread posting one new article after another until stopped (or MAX_POSTS)."""

    MAX_POSTS = 2_000

    def __init__(self, base: str) -> None:
        self.http = httpx2.Client(base_url=base, timeout=ANSWER_BOUND * 2)
        self.posted: list[Posted] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        for n in range(self.MAX_POSTS):
            if self.stopping.is_set():
                break
            article = make_brief(700_000 + n)
            started = time.monotonic()
            try:
                reply = self.http.post("/v1/articles", json=body(article))
                status, retry = reply.status_code, reply.headers.get("retry-after")
            except httpx2.HTTPError:  # counted as a failure below
                status, retry = 0, None
            self.posted.append(Posted(article, status, retry, time.monotonic() - started))
            time.sleep(0.01)
        self.http.close()

    def count(self, status: int) -> int:
        return sum(p.status == status for p in self.posted)


def wait_until(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.02)


def start_worker(url: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "wirecopy.cli", "worker", "--redis", url]
    return subprocess.Popen(
        [*command, "--batch", "20", "--claim-after", "1"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_worker_started_while_redis_is_away_waits_for_it(tmp_path: Path) -> None:
    server = RedisServer(tmp_path)  # not started yet: a host booting, say
    worker = start_worker(server.url)
    try:
        time.sleep(2.0)
        assert worker.poll() is None, "the worker gave up instead of waiting for Redis"
        server.start()
        client = connect(server.url)
        article = make_brief(799_999)
        enqueue(client, "default", [article])
        wait_until(lambda: LiveIndex(client, "default").get(article.id) is not None, 30)
        assert LiveIndex(client, "default").get(article.id) is not None
        client.close()
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        server.stop()


def test_a_batch_cut_off_by_redis_going_away_is_taken_up_again_at_once(
    private_redis: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = connect(private_redis.url, fail_fast=True)  # gives up within a second
    quick = WorkerSettings(batch=20, block_ms=20, claim_after_ms=600_000)  # no claim helps
    worker = Worker(client, StreamNames(), quick, "alone")
    articles = [make_brief(798_000 + n) for n in range(5)]
    enqueue(client, "default", articles)
    add = LiveIndex.add
    restart = threading.Thread(target=lambda: (time.sleep(2.0), private_redis.start()))

    def add_as_redis_stops(self: LiveIndex, batch: list[Article], **options: object) -> object:
        monkeypatch.setattr(LiveIndex, "add", add)
        private_redis.stop()  # in the middle of the batch
        restart.start()
        return add(self, batch, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(LiveIndex, "add", add_as_redis_stops)
    worker.run(until_idle=True, handle_signals=False)
    restart.join()
    index = LiveIndex(client, "default")
    assert [a.id for a in articles if index.get(a.id) is None] == []
    assert client.xpending(worker.names.stream, worker.names.group)["pending"] == 0
    client.close()


def test_deliveries_cut_off_by_redis_going_away_are_sent_again_at_once(
    private_redis: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retry and an outbox message in hand as Redis stops: the same deliverer sends both
    again once Redis is back (before, its lease and its pending message waited
    `claim_after_ms`)."""
    client = connect(private_redis.url, fail_fast=True)
    quick = AlertSettings(webhook_allow=("127.0.0.1",), backoff_seconds=0.01,
                          timeout_seconds=2.0, claim_after_ms=600_000)  # fmt: skip
    keys = AlertKeys(quick.namespace)
    sender = Deliverer(client, quick, keys, name="alone", block_ms=20)
    with Receiver(statuses=[500]) as receiver:
        watch = WatchStore(client, quick, keys).create("default", receiver.url)
        retried = queue_alert(client, keys, "default", watch)
        assert sender.step() == 1  # answered 500: now a retry, due within 10 ms
        time.sleep(0.05)
        fresh = queue_alert(client, keys, "default", watch)
        settle = Deliverer._settle
        restart = threading.Thread(target=lambda: (time.sleep(2.0), private_redis.start()))

        def settle_as_redis_stops(self: Deliverer, *args: object) -> None:
            monkeypatch.setattr(Deliverer, "_settle", settle)
            private_redis.stop()  # both sent, neither settled
            restart.start()
            settle(self, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(Deliverer, "_settle", settle_as_redis_stops)
        running = threading.Thread(target=sender.run, kwargs={"until_idle": True})
        running.start()
        running.join(timeout=20)  # the outage is 2 s; claim_after_ms, 600 s
        sender.stop()
        running.join()
        restart.join()
        sent = [r.headers["Wirecopy-Event-Id"] for r in receiver.requests]
    sender.close()
    assert sent[0] == retried  # the 500
    assert sorted(sent[1:3]) == sorted([retried, fresh])  # sent, then Redis went away
    assert sorted(sent[3:]) == sorted([retried, fresh]), "held deliveries not sent again"
    assert client.zcard(keys.retries) == 0
    assert client.xpending(keys.outbox, keys.group)["pending"] == 0
    client.close()


def test_redis_restarted_mid_ingest_loses_no_accepted_article(private_redis: RedisServer) -> None:
    names = StreamNames()
    settings = ServiceSettings(open_for_development=True, wait_seconds=5.0)
    app = create_app(settings, connect(private_redis.url, fail_fast=True), names)
    worker = start_worker(private_redis.url)
    started = time.monotonic()
    try:
        wait_until(lambda: healthy(connect(private_redis.url), names), 30)  # reading the stream
        with serving(app) as base, httpx2.Client(base_url=base, timeout=10) as http:
            poster = Poster(base)
            poster.thread.start()
            wait_until(lambda: poster.count(202) >= BEFORE, 30)
            private_redis.stop()
            down = time.monotonic()
            accepted_before = poster.count(202)
            wait_until(lambda: poster.count(503) >= DOWN, 15)
            private_redis.start()
            downtime = time.monotonic() - down
            wait_until(lambda: poster.count(202) >= accepted_before + AFTER, 30)
            poster.stopping.set()
            poster.thread.join(timeout=30)
            posted = list(poster.posted)
            accepted = [p.article.id for p in posted if p.status == 202]
            refused = [p.article.id for p in posted if p.status == 503]

            def status(article_id: str) -> str:
                reply = http.get(f"/v1/articles/{article_id}")
                return "absent" if reply.status_code == 404 else str(reply.json()["status"])

            wait_until(lambda: all(status(i) == "indexed" for i in accepted[-5:]), 60)
            states = {i: status(i) for i in accepted + refused}
        assert worker.poll() is None, "the worker died with Redis instead of waiting for it"
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    seconds = time.monotonic() - started

    assert {p.status for p in posted} <= {202, 503}  # never a 500, never a dropped request
    assert all(p.retry_after == "1" for p in posted if p.status == 503)
    assert max(p.seconds for p in posted) < ANSWER_BOUND  # never held while Redis is away
    assert len(refused) >= DOWN
    assert len(accepted) >= BEFORE + AFTER
    assert [i for i in accepted if states[i] != "indexed"] == []  # every 202 indexed
    # a 503 whose article reached Redis before the connection dropped is indexed whole;
    # the others are absent: none is left half-kept (queued for ever, say)
    assert {states[i] for i in refused} <= {"absent", "indexed"}
    kept = sum(states[i] == "indexed" for i in refused)
    client = connect(private_redis.url)
    assert client.xpending(names.stream, names.group)["pending"] == 0
    assert client.xlen(names.stream) == client.xlen(names.dead_letters) == 0
    print(
        f"redis restart: {len(posted)} posts, {len(accepted)} answered 202 (all indexed), "
        f"{len(refused)} answered 503 with Retry-After ({kept} of them indexed anyway), "
        f"0 errors, 0 lost; Redis away {downtime:.1f} s, slowest answer "
        f"{max(p.seconds for p in posted):.2f} s, {seconds:.1f} s in all"
    )
    client.close()
