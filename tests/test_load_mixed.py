"""A minute of mixed load: ingest and similarity together, no error and nothing lost.

Runs the load benchmark itself (bench/bench_load.py) against a private redis-server, at a
modest rate that any machine running this suite sustains: the benchmark exits non-zero on
any answer other than 200/202, on any article answered 202 that is not indexed afterwards,
or when the workers do not empty the stream. Its figures (p50/p99) are printed, not
asserted: speed belongs to the benchmark's own runs (docs/reliability.md).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

from factories import make_article, rewrite
from redis_server import RedisServer, free_port

BENCH = Path(__file__).parent.parent / "bench" / "bench_load.py"
PRELOADED = 400
RATE, SECONDS, INGEST_SHARE = 60, 60, 0.2


def write_corpus(path: Path) -> None:
    """Wire stories first (preloaded), then a mix of new stories and their rewrites."""
    wires = [make_article(5_000 + n) for n in range(PRELOADED)]
    fresh = []
    for n in range(600):
        story = make_article(6_000 + n)
        fresh += [story, rewrite(story, "medium"), rewrite(wires[n % PRELOADED], "heavy", seed=n)]
    with path.open("w", encoding="utf-8") as out:
        for article in [*wires, *fresh]:
            published = article.published_at.isoformat() if article.published_at else None
            record = {"id": article.id, "text": article.text, "title": article.title,
                      "source": article.source, "published_at": published,
                      "url": article.url}  # fmt: skip
            out.write(json.dumps(record) + "\n")


def test_a_minute_of_mixed_load_has_no_error_and_loses_nothing(
    tmp_path: Path, private_redis: RedisServer
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    run = subprocess.run(
        [sys.executable, str(BENCH), str(corpus), "--redis", private_redis.url,
         "--port", str(free_port()), "--preload", str(PRELOADED), "--rate", str(RATE),
         "--seconds", str(SECONDS), "--ingest-share", str(INGEST_SHARE), "--warmup", "3"],
        capture_output=True, text=True, timeout=SECONDS + 180, check=False,
    )  # fmt: skip
    print(run.stdout, run.stderr[-2000:])
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    accepted = re.search(r"answered 202: ([\d,]+); indexed afterwards: ([\d,]+)", run.stdout)
    assert accepted, run.stdout
    planned_ingests = RATE * SECONDS * INGEST_SHARE
    assert int(accepted[1].replace(",", "")) > planned_ingests / 2  # the load really ingested
    assert accepted[1] == accepted[2]
    assert re.search(r"similarity\s+[\d,]+ requests, 0 errors", run.stdout)
    assert re.search(r"ingest\s+[\d,]+ requests, 0 errors", run.stdout)
