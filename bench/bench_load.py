"""Mixed load for a minute: ingest and similarity at a fixed rate, with nothing lost.

    python bench/bench_load.py /tmp/wirecopy-bench/corpus-20000.jsonl --rate 150 --seconds 60

Indexes the first `--preload` articles of the corpus into an empty Redis database
(default 14) as tenant `default`, starts `wirecopy serve --redis URL --workers 2` (open,
on loopback) and `--ingest-workers` `wirecopy worker` processes, then sends requests on
a fixed schedule, `--rate` a second for `--seconds`: a share `--ingest-share` of them
`POST /v1/articles` (the next article of the corpus not yet sent, with its id), the rest
`POST /v1/similarity` (the text of a random preloaded article).

The schedule is open loop: each request has a send time fixed in advance, and its
latency counts from that time, so a server that falls behind shows its queue in the
percentiles instead of slowing the load down (no coordinated omission). Afterwards the
run waits (bounded) until the workers have emptied the stream, then asks
`GET /v1/articles/{id}` for every article answered 202: each must be `indexed`.

`--warmup` seconds of similarity requests at the same rate come first and are not
counted (each server process loads its compiled kernels on its first requests).

Prints, per kind, the requests, any answer other than 200/202 or a connection error,
and p50/p99/max latency; then the articles answered 202 and how many of them are
indexed. The database is emptied afterwards.
"""

import argparse
import http.client
import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import redis
from bench_api import index_corpus, settle, wait_until_healthy

from wirecopy.articles import Article, parse_time
from workers.stream import StreamNames

SIMILARITY = "similarity"
INGEST = "ingest"
WARMUP = "warm-up"  # similarity requests before the measured part, not counted


@dataclass(frozen=True)
class Planned:
    """One request of the schedule: when it is due, what it is, and its body."""

    due: float
    kind: str
    body: bytes
    article_id: str | None


@dataclass(frozen=True)
class Outcome:
    kind: str
    latency: float
    status: int  # 0 when the connection failed
    article_id: str | None


def schedule(
    start: float, args: argparse.Namespace, probes: list[bytes], fresh: Iterator[Article]
) -> Iterator[Planned]:
    """The requests of the run, evenly spaced, ingests spread at random among them."""
    rng = random.Random(11)
    for n in range(int(-args.rate * args.warmup), int(args.rate * args.seconds)):
        due = start + n / args.rate
        if n < 0:
            yield Planned(due, WARMUP, rng.choice(probes), None)
            continue
        article = next(fresh, None) if rng.random() < args.ingest_share else None
        if article is None:
            yield Planned(due, SIMILARITY, rng.choice(probes), None)
        else:
            yield Planned(due, INGEST, _ingest_body(article), article.id)


def _ingest_body(article: Article) -> bytes:
    published = article.published_at.isoformat() if article.published_at else None
    return json.dumps(
        {"id": article.id, "text": article.text, "title": article.title,
         "source": article.source, "published_at": published, "url": article.url}
    ).encode()  # fmt: skip


def send_all(port: int, plan: Iterator[Planned], connections: int) -> list[Outcome]:
    """Send each planned request at its due time from `connections` keep-alive connections."""
    due: queue.Queue[Planned | None] = queue.Queue(maxsize=connections * 4)
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def sender() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while (planned := due.get()) is not None:
            time.sleep(max(0.0, planned.due - time.perf_counter()))
            path = "/v1/articles" if planned.kind == INGEST else "/v1/similarity"
            try:
                connection.request("POST", path, planned.body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            latency = time.perf_counter() - planned.due
            mine.append(Outcome(planned.kind, latency, status, planned.article_id))
        with lock:
            outcomes.extend(mine)

    pool = [threading.Thread(target=sender) for _ in range(connections)]
    for thread in pool:
        thread.start()
    for planned in plan:
        due.put(planned)
    for _ in pool:
        due.put(None)
    for thread in pool:
        thread.join()
    return outcomes


def summarise(outcomes: list[Outcome], kind: str, expected: int) -> str:
    mine = [o for o in outcomes if o.kind == kind]
    if not mine:
        return f"{kind:10s} none sent"
    ms = np.array([o.latency for o in mine]) * 1000
    errors = [o.status for o in mine if o.status != expected]
    return (
        f"{kind:10s} {len(mine):6,} requests, {len(errors)} errors {sorted(set(errors)) or ''}; "
        f"p50 {np.percentile(ms, 50):.1f} ms, p99 {np.percentile(ms, 99):.1f} ms, "
        f"max {ms.max():.1f} ms"
    )


def wait_for_workers(client: redis.Redis, seconds: float) -> bool:
    """True once the ingest stream's group has nothing pending or unread."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        groups = client.xinfo_groups(StreamNames().stream)
        if groups and all(g["pending"] == 0 and (g.get("lag") or 0) == 0 for g in groups):
            return True
        time.sleep(0.5)
    return False


def count_indexed(port: int, ids: list[str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    indexed = 0
    for article_id in ids:
        connection.request("GET", f"/v1/articles/{article_id}")
        response = connection.getresponse()
        indexed += response.status == 200 and json.loads(response.read())["status"] == "indexed"
    return indexed


def start(command: list[str], url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "WIRECOPY_OPEN_FOR_DEVELOPMENT": "1", "WIRECOPY_REDIS_URL": url}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent)
    return subprocess.Popen(
        [sys.executable, "-m", "wirecopy.cli", *command], env=env, stderr=subprocess.DEVNULL
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--preload", type=int, default=10_000, help="articles indexed first")
    parser.add_argument("--rate", type=float, default=150.0, help="requests a second, in all")
    parser.add_argument("--ingest-share", type=float, default=0.2)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of uncounted load first")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--ingest-workers", type=int, default=1)
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis)
    if client.dbsize():
        sys.exit(f"{args.redis} holds keys: give an empty database (--redis URL/N)")
    articles = [
        Article(r["id"], r["text"], r.get("title"), r.get("source"),
                parse_time(r.get("published_at")), r.get("url"))
        for r in map(json.loads, args.corpus.open(encoding="utf-8"))
    ]  # fmt: skip
    preloaded, fresh = articles[: args.preload], articles[args.preload :]
    index_corpus(client, preloaded)
    probes = [
        json.dumps({"text": a.text}).encode()
        for a in random.Random(7).sample(preloaded, min(2_000, len(preloaded)))
    ]
    server = start(
        ["serve", "--port", str(args.port), "--workers", str(args.server_workers)], args.redis
    )
    workers = [
        start(["worker", "--name", f"load-{n}"], args.redis) for n in range(args.ingest_workers)
    ]
    try:
        wait_until_healthy(args.port)
        settle(server.pid)  # every server process started, not only the first
        began = time.perf_counter() + 0.5 + args.warmup
        plan = schedule(began, args, probes, iter(fresh))
        outcomes = [o for o in send_all(args.port, plan, args.connections) if o.kind != WARMUP]
        took = time.perf_counter() - began
        accepted = [o.article_id for o in outcomes if o.kind == INGEST and o.status == 202]
        drained = wait_for_workers(client, 120)
        indexed = count_indexed(args.port, [i for i in accepted if i])
    finally:
        for process in [server, *workers]:
            process.send_signal(signal.SIGTERM)
        for process in [server, *workers]:
            process.wait(timeout=30)
        client.flushdb()
    print(
        f"{len(preloaded):,} articles preloaded; {args.server_workers} server processes, "
        f"{args.ingest_workers} ingest workers; {len(outcomes):,} requests in {took:.1f} s "
        f"({len(outcomes) / took:,.0f}/s, planned {args.rate:g}/s, {args.ingest_share:.0%} ingest)"
    )
    print(summarise(outcomes, SIMILARITY, 200))
    print(summarise(outcomes, INGEST, 202))
    print(
        f"answered 202: {len(accepted):,}; indexed afterwards: {indexed:,}; "
        f"stream drained: {'yes' if drained else 'NO'}; lost: {len(accepted) - indexed:,}"
    )
    failed = any(o.status not in (200, 202) for o in outcomes) or indexed != len(accepted)
    return 1 if failed or not drained else 0


if __name__ == "__main__":
    sys.exit(main())
