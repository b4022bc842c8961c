"""The live index in Redis: articles/s indexed, bytes per article, query latency, heavy recall.

    python bench/make_corpus.py ../shared/data/bbc_news/bbc_news.jsonl \\
        -o /tmp/wirecopy-bench/corpus-20000.jsonl --articles 20000
    python bench/bench_live_index.py /tmp/wirecopy-bench/corpus-20000.jsonl

Fingerprints the corpus first (not timed), then indexes it through
`LiveIndex.add_fingerprinted` in batches of `--batch`: each batch is written in one
MULTI/EXEC, then every article in it is queried and linked to its story, so the rate
includes online story clustering. Bytes per article is the growth of Redis
used_memory over the corpus. Queries (`LiveIndex.query`, with scores) run on 1,000
random articles of the corpus. Heavy recall: the share of heavy rewrites whose wire
story is among their matches. The database (default 15) must be empty; it is
emptied afterwards.
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import redis

from wirecopy.articles import Article, parse_time
from wirecopy.fingerprint import fingerprint_texts
from wirecopy.live import LiveIndex, Settings
from wirecopy.params import FingerprintParams


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", type=Path, help="a bench/make_corpus.py JSONL file")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--group-bits", type=int, default=10)
    parser.add_argument("--queries", type=int, default=1_000)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    articles = [
        Article(
            r["id"], r["text"], r.get("title"), r.get("source"), parse_time(r.get("published_at"))
        )
        for r in rows
    ]
    client = redis.Redis.from_url(args.redis)
    if client.dbsize():
        sys.exit(f"{args.redis} holds keys: give an empty database")
    params = FingerprintParams()
    batch = fingerprint_texts([a.text for a in articles], params, processes=None)
    index = LiveIndex(client, "bench", params, Settings(group_bits=args.group_bits))
    before = client.info("memory")["used_memory"]
    started = time.perf_counter()
    for start in range(0, len(articles), args.batch):
        rows_ = np.arange(start, min(start + args.batch, len(articles)))
        index.add_fingerprinted(articles[start : rows_[-1] + 1], batch.select(rows_))
    seconds = time.perf_counter() - started
    used = client.info("memory")["used_memory"] - before
    picks = random.Random(1).sample(range(len(articles)), min(args.queries, len(articles)))
    times = []
    for i in picks:
        t = time.perf_counter()
        index.query(batch[i])
        times.append(time.perf_counter() - t)
    heavy = [(a, r) for a, r in zip(articles, rows, strict=True) if r["level"] == "heavy"]
    found = sum(
        r["story"] in {m.id for m in index.query(batch[articles.index(a)], top=50)}
        for a, r in heavy[:1000]
    )
    ms = np.array(times) * 1000
    print(f"articles {len(articles):,}  batch {args.batch}  group bits {args.group_bits}")
    print(f"index (write + query + link): {len(articles) / seconds:,.0f} articles/s")
    print(f"Redis memory: {used / len(articles):,.0f} bytes/article")
    print(
        f"query with scores: p50 {np.percentile(ms, 50):.2f} ms  p99 {np.percentile(ms, 99):.2f} ms"
    )
    print(f"heavy rewrites finding their wire: {found / max(1, min(1000, len(heavy))):.4f}")
    client.flushdb()
    return 0


if __name__ == "__main__":
    sys.exit(main())
