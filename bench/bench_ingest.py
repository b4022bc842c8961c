"""End to end: raw text through the ingest stream and worker processes into the live index.

    python bench/bench_ingest.py /tmp/wirecopy-bench/corpus-20000.jsonl --workers 2

Starts `--workers` `wirecopy worker` processes on an empty database (default 15), queues
the corpus with `workers.stream.enqueue` (the code behind `wirecopy ingest`), and waits
until the stream is empty and nothing is pending. Reports the queueing rate and the end
to end rate: articles divided by the time from the first message queued to the last
article indexed (fingerprinting, writing, querying and story linking included). The
database is emptied afterwards.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis

from wirecopy.articles import Article, parse_time
from workers.stream import StreamNames, enqueue
from workers.worker import WorkerSettings


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("corpus", type=Path, help="a JSONL corpus (bench/make_corpus.py)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--batch", type=int, default=WorkerSettings.batch, help="articles per worker read"
    )
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis)
    if client.dbsize():
        sys.exit(f"{args.redis} holds keys: give an empty database")
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    articles = [
        Article(r["id"], r["text"], r.get("title"), r.get("source"),
                parse_time(r.get("published_at")), r.get("url"))
        for r in rows
    ]  # fmt: skip
    names = StreamNames("bench:ingest")
    command = [sys.executable, "-m", "wirecopy.cli", "worker", "--redis", args.redis]
    command += ["--stream", names.prefix, "--batch", str(args.batch)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    workers = [
        subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL) for _ in range(args.workers)
    ]
    try:
        time.sleep(3.0)  # let the workers import and connect before the clock starts
        started = time.perf_counter()
        enqueue(client, "bench", articles, names)
        queued = time.perf_counter() - started
        while client.xlen(names.stream) or client.xpending(names.stream, names.group)["pending"]:
            time.sleep(0.05)
        total = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
        dead = client.xlen(names.dead_letters)
        client.flushdb()
    print(f"{len(articles):,} articles, {args.workers} workers, batch {args.batch}")
    print(f"queued: {len(articles) / queued:,.0f} articles/s")
    print(
        f"end to end: {len(articles) / total:,.0f} articles/s ({total:.1f} s); dead letters: {dead}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
