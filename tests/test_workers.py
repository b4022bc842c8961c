"""Workers against a real Redis: stream in, index out, nothing lost, nothing doubled."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from conftest import TEST_REDIS_URL
from factories import make_article, rewrite

from wirecopy.articles import Article
from wirecopy.live import LiveIndex
from workers.stream import StreamNames, enqueue
from workers.worker import Worker, WorkerSettings, healthy

QUICK = WorkerSettings(batch=20, block_ms=50, claim_after_ms=200)


@pytest.fixture
def names(redis_client: redis.Redis) -> Iterator[StreamNames]:
    """A stream of the test's own; its keys are deleted afterwards."""
    stream = StreamNames(f"test-{uuid.uuid4().hex[:12]}:ingest")
    yield stream
    keys = list(redis_client.scan_iter(match=f"{stream.tag}*"))
    if keys:
        redis_client.delete(*keys)


def bucket_bytes(client: redis.Redis, index: LiveIndex) -> int:
    keys = [k for k in client.scan_iter(match=index.keys.pattern(), count=1000) if b":g" in k]
    return sum(client.strlen(k) for k in keys)


def drain(client: redis.Redis, names: StreamNames, settings: WorkerSettings = QUICK) -> Worker:
    worker = Worker(client, names, settings, name="drain")
    deadline = time.monotonic() + 60
    while client.xlen(names.stream) and time.monotonic() < deadline:
        if worker.step() == 0:
            time.sleep(0.05)
    return worker


def test_articles_queued_are_indexed_and_leave_the_stream(
    redis_client: redis.Redis, tenant: str, names: StreamNames
) -> None:
    wire = make_article()
    articles = [wire, rewrite(wire, "heavy", 1), rewrite(wire, "light", 2), make_article()]
    assert enqueue(redis_client, tenant, articles, names) == 4
    worker = Worker(redis_client, names, QUICK)
    assert worker.run(until_idle=True) == 4
    assert redis_client.xlen(names.stream) == 0
    index = LiveIndex(redis_client, tenant)
    stories = {a.id: index.get(a.id)[1] for a in articles}  # type: ignore[index]
    assert stories[wire.id] == stories[articles[1].id] == stories[articles[2].id]
    assert stories[articles[3].id] != stories[wire.id]


def test_bad_messages_go_to_dead_letters_with_their_error(
    redis_client: redis.Redis, tenant: str, names: StreamNames
) -> None:
    good = make_article()
    enqueue(redis_client, tenant, [good, replace(make_article(), text="  ")], names)
    redis_client.xadd(names.stream, {"tenant": tenant, "article": "{not json"})
    redis_client.xadd(names.stream, {"article": json.dumps({"id": "x", "text": "hi"})})
    redis_client.xadd(
        names.stream, {"tenant": tenant, "article": json.dumps({"id": "", "text": "a"})}
    )
    Worker(redis_client, names, QUICK).run(until_idle=True)
    assert LiveIndex(redis_client, tenant).get(good.id) is not None
    dead = redis_client.xrange(names.dead_letters)
    errors = sorted(fields[b"error"].decode() for _, fields in dead)
    assert len(errors) == 4
    assert any("no words to fingerprint" in e for e in errors)
    assert any("not UTF-8 JSON" in e for e in errors)
    assert any("no 'tenant' field" in e for e in errors)
    assert any("id '' is empty" in e for e in errors)
    assert redis_client.xlen(names.stream) == 0


def test_the_same_article_delivered_twice_is_indexed_once(
    redis_client: redis.Redis, tenant: str, names: StreamNames
) -> None:
    article = make_article()
    enqueue(redis_client, tenant, [article, article], names)
    Worker(redis_client, names, QUICK).run(until_idle=True)
    enqueue(redis_client, tenant, [article], names)
    Worker(redis_client, names, QUICK).run(until_idle=True)
    index = LiveIndex(redis_client, tenant)
    assert bucket_bytes(redis_client, index) == 256 * 4


def test_enqueue_marks_each_chunk_queued_and_the_worker_clears_the_marks(
    redis_client: redis.Redis, tenant: str, names: StreamNames
) -> None:
    """Chunks of 40: every id is marked queued and cleared of an old failure as its chunk
    goes in; once indexed, no mark is left, and a refused article's reason is recorded."""
    articles = [make_article() for _ in range(99)] + [replace(make_article(), text="  ")]
    redis_client.hset(names.failed(tenant), articles[5].id, "an old failure")
    chunks: list[int] = []
    assert enqueue(redis_client, tenant, articles, names, chunk=40, progress=chunks.append) == 100
    assert chunks == [40, 40, 20]
    assert redis_client.hlen(names.queued(tenant)) == 100
    assert not redis_client.hexists(names.failed(tenant), articles[5].id)
    assert redis_client.xlen(names.stream) == 100
    Worker(redis_client, names, QUICK).run(until_idle=True)
    assert redis_client.hlen(names.queued(tenant)) == 0
    failures = redis_client.hgetall(names.failed(tenant))
    assert list(failures) == [articles[-1].id.encode()]
    assert b"no words to fingerprint" in failures[articles[-1].id.encode()]


def test_a_message_that_keeps_failing_goes_to_the_dead_letters_after_its_attempts(
    redis_client: redis.Redis, tenant: str, names: StreamNames, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each start on a message counts; once past max_attempts it moves to the dead letters
    with the reason, and the article is marked failed, not left queued."""

    def broken(self: LiveIndex, articles: object, **_: object) -> None:
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(LiveIndex, "add", broken)
    article = make_article()
    enqueue(redis_client, tenant, [article], names)
    settings = WorkerSettings(batch=10, block_ms=10, claim_after_ms=0, max_attempts=2)
    worker = Worker(redis_client, names, settings)
    for _ in range(3):  # read and fail, claim and fail, claim and give up
        worker.step()
    ((_, letter),) = redis_client.xrange(names.dead_letters)
    assert letter[b"error"] == b"failed 2 times; the workers' log has the last error"
    assert not redis_client.hexists(names.attempts, letter[b"message"])  # counted, then cleared
    assert redis_client.xlen(names.stream) == 0
    assert not redis_client.hexists(names.queued(tenant), article.id)
    assert redis_client.hget(names.failed(tenant), article.id) == letter[b"error"]


def test_a_worker_warns_of_an_untagged_stream_left_by_an_earlier_version(
    redis_client: redis.Redis, names: StreamNames, caplog: pytest.LogCaptureFixture
) -> None:
    """Streams carry a hash tag since 2026-12-04; one left under the old name is not read,
    so a worker says how many messages wait there and what to do."""
    assert names.stream == f"{{{names.prefix}}}" != names.legacy_stream
    redis_client.xadd(names.legacy_stream, {"tenant": "t", "article": "{}"})
    try:
        with caplog.at_level("WARNING", logger="wirecopy.worker"):
            Worker(redis_client, names, QUICK).run(until_idle=True, handle_signals=False)
    finally:
        redis_client.delete(names.legacy_stream)
    assert "holds 1 messages this worker does not read" in caplog.text
    assert "ingest those articles again" in caplog.text


def start_worker(names: StreamNames, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "wirecopy.cli", "worker", "--redis", TEST_REDIS_URL]
    command += ["--stream", names.prefix, "--batch", "20", *extra]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.Popen(command, env=env)  # its log lands in the test report


def many_articles(n: int) -> list[Article]:
    wires = [make_article() for _ in range(n // 3)]
    return [a for w in wires for a in (w, rewrite(w, "heavy", 1), rewrite(w, "light", 2))]


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(
    redis_client: redis.Redis, tenant: str, names: StreamNames
) -> None:
    articles = many_articles(300)
    enqueue(redis_client, tenant, articles, names)
    index = LiveIndex(redis_client, tenant)
    victim = start_worker(names)
    deadline = time.monotonic() + 60
    while redis_client.xlen(names.stream) > len(articles) - 40 and time.monotonic() < deadline:
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert 0 < redis_client.xlen(names.stream) < len(articles)  # killed with work in hand
    drain(redis_client, names)
    assert redis_client.xlen(names.stream) == 0
    assert all(index.get(a.id) is not None for a in articles)
    assert bucket_bytes(redis_client, index) == len(articles) * 256 * 4  # none twice
    for start in range(0, len(articles), 3):  # each wire story whole, whoever linked it
        found = [index.get(a.id) for a in articles[start : start + 3]]
        assert len({f[1] for f in found if f}) == 1


def test_sigterm_finishes_the_batch_and_stops(
    redis_client: redis.Redis, tenant: str, names: StreamNames
) -> None:
    enqueue(redis_client, tenant, many_articles(150), names)
    worker = start_worker(names, "--name", "graceful")
    deadline = time.monotonic() + 60
    while not healthy(redis_client, names, "graceful") and time.monotonic() < deadline:
        time.sleep(0.01)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    assert not healthy(redis_client, names, "graceful")  # heartbeat removed on the way out
    pending = redis_client.xpending(names.stream, names.group)
    assert pending["pending"] == 0  # nothing left half-done


def test_check_reports_a_worker_s_heartbeat(redis_client: redis.Redis, names: StreamNames) -> None:
    def check() -> int:
        command = [sys.executable, "-m", "wirecopy.cli", "worker", "--check"]
        command += ["--redis", TEST_REDIS_URL, "--stream", names.prefix]
        return subprocess.run(command, check=False).returncode

    assert check() == 1
    Worker(redis_client, names, QUICK, name="probe").beat()
    assert check() == 0


def test_a_worker_makes_the_stream_again_when_it_is_deleted_under_it(
    redis_client: redis.Redis, tenant: str, names: StreamNames
) -> None:
    worker = Worker(redis_client, names, QUICK)
    redis_client.delete(names.stream)  # an operator's mistake: the group goes with it
    assert worker.run(until_idle=True) == 0
    assert redis_client.xinfo_groups(names.stream)[0]["name"] == names.group.encode()
    enqueue(redis_client, tenant, [make_article()], names)
    assert worker.run(until_idle=True) == 1


@pytest.mark.parametrize(
    ("prefix", "stream"),
    [("wc:ingest", "{wc:ingest}"), ("{acme}:ingest", "{acme}:ingest"), ("a{b", "{a{b}"),
     ("{}:ingest", "{{}:ingest}")],
)  # fmt: skip
def test_stream_keys_share_one_hash_tag(prefix: str, stream: str) -> None:
    """A prefix with a hash tag of its own keeps it; any other is wrapped in braces (an
    unclosed or empty pair is no tag to Redis), so every stream key lands in one slot."""
    names = StreamNames(prefix)
    assert names.stream == stream
    assert names.dead_letters == f"{stream}:dead"
    assert names.queued("t").startswith(stream)
