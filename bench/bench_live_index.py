"""The live index in Redis beside datasketch's Redis storage: rate, memory, latency, recall.

    python bench/make_corpus.py ../shared/data/bbc_news/bbc_news.jsonl \\
        -o /tmp/wirecopy-bench/corpus-20000.jsonl --articles 20000
    python bench/bench_live_index.py /tmp/wirecopy-bench/corpus-20000.jsonl

The corpus is fingerprinted first (not timed). Then, for each contender, into an empty
Redis database (default 15, emptied after each):

- **wirecopy**: `LiveIndex.add_fingerprinted` in batches of `--batch`. Each batch is
  written (records, then the batch's bucket entries), then every article in it is queried and
  linked to its story, so the rate includes online story clustering. Group bits are
  sized for the corpus (about 400 entries per group) unless `--group-bits` is given.
- **datasketch**: `MinHashLSH(threshold=0.5, num_perm=256)` with Redis storage, fed the
  same signatures (datasketch MinHash objects), one `insert` at a time and then through
  its `insertion_session`. It keeps no signatures and no metadata.

Both at the first `--peer-articles` articles (the size the issue quotes datasketch at),
and wirecopy again at the whole corpus. Reported: articles/s, Redis bytes per article
(`MEMORY USAGE` summed over the database's keys, so other databases' traffic does not
count), query latency over `--queries` random articles (wirecopy: matches with scores;
datasketch: candidate keys), the share of heavy rewrites whose wire story is among the
answers, and, for wirecopy, its online stories against the ground truth
(pairwise precision and recall).
"""

import argparse
import json
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import redis
from datasketch import MinHash, MinHashLSH

from wirecopy.articles import Article, parse_time
from wirecopy.dedup import dedup
from wirecopy.fingerprint import FingerprintBatch, fingerprint_texts
from wirecopy.live import LiveIndex, Settings
from wirecopy.live.batch import BATCH
from wirecopy.params import FingerprintParams


def group_bits_for(articles: int) -> int:
    return min(14, max(8, round(math.log2(max(articles, 1) / 400))))


def latencies(run: Callable[[int], object], picks: Sequence[int]) -> tuple[float, float]:
    times = []
    for i in picks:
        started = time.perf_counter()
        run(i)
        times.append(time.perf_counter() - started)
    ms = np.array(times) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


def heavy_rows(rows: list[dict[str, Any]]) -> list[int]:
    """Every heavy rewrite whose wire story is in the corpus (its own row is not the wire)."""
    wires = {r["id"] for r in rows}
    return [i for i, r in enumerate(rows) if r["level"] == "heavy" and r["story"] in wires]


def story_quality(stories: Mapping[str, object], truth: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of online stories against the true stories."""

    def pairs(groups: dict[Any, list[str]]) -> set[tuple[str, str]]:
        return {p for g in groups.values() for p in combinations(sorted(g), 2)}

    found: dict[Any, list[str]] = {}
    for article_id, story in stories.items():
        found.setdefault(story, []).append(article_id)
    true: dict[Any, list[str]] = {}
    for article_id in stories:
        true.setdefault(truth[article_id], []).append(article_id)
    ours, real = pairs(found), pairs(true)
    return len(ours & real) / max(1, len(ours)), len(ours & real) / max(1, len(real))


def database_bytes(client: redis.Redis) -> Counter[str]:
    """MEMORY USAGE (every element counted) summed over the database's keys, by key family
    (the key's name after its hash tag, numbers as N): the contender's alone, whatever else
    the server holds in other databases."""
    by_family: Counter[str] = Counter()
    keys = list(client.scan_iter(count=10_000))
    for start in range(0, len(keys), 10_000):
        some = keys[start : start + 10_000]
        pipe = client.pipeline(transaction=False)
        for key in some:
            pipe.memory_usage(key, samples=0)
        for key, size in zip(some, pipe.execute(), strict=True):
            by_family[re.sub(r"\d+", "N", key.decode(errors="replace").split("}")[-1])] += size or 0
    return by_family


def run_wirecopy(
    client: redis.Redis,
    articles: list[Article],
    batch: FingerprintBatch,
    rows: list[dict[str, Any]],
    args: argparse.Namespace,
) -> dict[str, Any]:
    bits = args.group_bits or group_bits_for(len(articles))
    settings = Settings(group_bits=bits, keep_text=False, indexed_bands=args.indexed_bands)
    index = LiveIndex(client, "bench", batch_params(batch), settings)
    started = time.perf_counter()
    stories: dict[str, int | None] = {}
    for start in range(0, len(articles), args.batch):
        chunk = np.arange(start, min(start + args.batch, len(articles)))
        outcomes = index.add_fingerprinted(articles[start : chunk[-1] + 1], batch.select(chunk))
        stories.update((o.id, o.story) for o in outcomes)
    seconds = time.perf_counter() - started
    families = database_bytes(client)
    print(
        f"wirecopy at {len(articles):,} articles, Redis bytes an article by key family:",
        ", ".join(f"{name} {size / len(articles):,.0f}" for name, size in families.most_common()),
    )
    used = sum(families.values())
    picks = random.Random(1).sample(range(len(articles)), min(args.queries, len(articles)))
    p50, p99 = latencies(lambda i: index.query(batch[i]), picks)
    heavy = heavy_rows(rows)
    found = 0
    for start in range(0, len(heavy), 1_000):
        some = heavy[start : start + 1_000]
        answers = index.query_many(batch.select(np.array(some)), top=50)
        found += sum(rows[i]["story"] in {m.id for m in matches} for i, matches in zip(
            some, answers, strict=True))  # fmt: skip
    precision, recall = story_quality(stories, {r["id"]: r["story"] for r in rows})
    return {
        "contender": f"wirecopy (group bits {bits}, {index.layout.bands} bands)",
        "articles": len(articles),
        "rate": len(articles) / seconds,
        "bytes": used / len(articles),
        "p50": p50,
        "p99": p99,
        "heavy": found / max(1, len(heavy)),
        "stories": f"P {precision:.3f} R {recall:.3f}",
    }


def run_engine(articles: list[Article], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The engine in memory: batch dedup from signatures alone (`exact=False`, as a live
    index must), its rate counting fingerprinting: the recall the live index must not fall
    below."""
    started = time.perf_counter()
    result = dedup(articles, exact=False)
    seconds = time.perf_counter() - started
    reports = {report.id: report for report in result.reports}
    heavy = heavy_rows(rows)
    found = sum(
        rows[i]["story"] in {other.id for other in reports[rows[i]["id"]].related} for i in heavy
    )
    precision, recall = story_quality(
        {r.id: r.cluster for r in result.reports}, {r["id"]: r["story"] for r in rows}
    )
    return {
        "contender": "engine in memory (batch dedup from signatures, fingerprinting included)",
        "articles": len(articles),
        "rate": len(articles) / seconds,
        "bytes": None,
        "p50": None,
        "p99": None,
        "heavy": found / max(1, len(heavy)),
        "stories": f"P {precision:.3f} R {recall:.3f}",
    }


def batch_params(batch: FingerprintBatch) -> FingerprintParams:
    params = FingerprintParams()
    params.require_same(batch.params_id)
    return params


def run_datasketch(
    client: redis.Redis,
    articles: list[Article],
    batch: FingerprintBatch,
    rows: list[dict[str, Any]],
    args: argparse.Namespace,
    session: bool,
) -> dict[str, Any]:
    connection = client.connection_pool.connection_kwargs
    config = {
        "type": "redis",
        "basename": b"datasketch-bench",
        "redis": {"host": connection.get("host", "127.0.0.1"), "port": connection.get("port", 6379),
                  "db": connection.get("db", 0)},
    }  # fmt: skip
    lsh = MinHashLSH(threshold=0.5, num_perm=256, storage_config=config)
    hashes = [
        MinHash(num_perm=256, seed=1, hashvalues=batch.signatures[i], scheme="affine32")
        for i in range(len(articles))
    ]
    started = time.perf_counter()
    if session:
        with lsh.insertion_session() as inserting:
            for article, minhash in zip(articles, hashes, strict=True):
                inserting.insert(article.id, minhash)
    else:
        for article, minhash in zip(articles, hashes, strict=True):
            lsh.insert(article.id, minhash)
    seconds = time.perf_counter() - started
    used = sum(database_bytes(client).values())
    picks = random.Random(1).sample(range(len(articles)), min(args.queries, len(articles)))
    p50, p99 = latencies(lambda i: lsh.query(hashes[i]), picks)
    heavy = heavy_rows(rows)[: args.queries]  # one query a round trip: a sample
    found = sum(rows[i]["story"] in set(lsh.query(hashes[i])) for i in heavy)
    return {
        "contender": "datasketch, insertion session" if session else "datasketch, insert",
        "articles": len(articles),
        "rate": len(articles) / seconds,
        "bytes": used / len(articles),
        "p50": p50,
        "p99": p99,
        "heavy": found / max(1, len(heavy)),
        "stories": "-",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("corpus", type=Path, help="a bench/make_corpus.py JSONL file")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--batch", type=int, default=BATCH, help="articles per add (as workers)")
    parser.add_argument("--group-bits", type=int, default=None)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument(
        "--indexed-bands", type=int, default=None, help="bands bucketed (default: all 256)"
    )
    parser.add_argument(
        "--peer-articles", type=int, default=10_000, help="articles for the side-by-side (0: none)"
    )
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    articles = [
        Article(r["id"], r["text"], r.get("title"), r.get("source"),
                parse_time(r.get("published_at")), r.get("url"))
        for r in rows
    ]  # fmt: skip
    client = redis.Redis.from_url(args.redis)
    if client.dbsize():
        sys.exit(f"{args.redis} holds keys: give an empty database")
    batch = fingerprint_texts([a.text for a in articles], FingerprintParams(), processes=None)
    peer = min(args.peer_articles, len(articles))
    first = np.arange(peer)
    results = []
    runs: list[Callable[[], dict[str, Any]]] = []
    if peer:  # --peer-articles 0: wirecopy alone, at the whole corpus
        some, some_batch, some_rows = articles[:peer], batch.select(first), rows[:peer]
        runs += [
            lambda: run_datasketch(client, some, some_batch, some_rows, args, False),
            lambda: run_datasketch(client, some, some_batch, some_rows, args, True),
            lambda: run_wirecopy(client, some, some_batch, some_rows, args),
        ]
    if peer < len(articles):
        runs.append(lambda: run_wirecopy(client, articles, batch, rows, args))
    runs.append(lambda: run_engine(articles, rows))
    for run in runs:
        try:
            results.append(run())
        finally:
            client.flushdb()
    print(
        "| contender | articles | articles/s | Redis bytes/article | query p50 / p99 ms "
        "| heavy rewrites finding their wire | online stories vs truth |"
    )
    print("|---|--:|--:|--:|--:|--:|---|")
    for r in results:
        memory = "-" if r["bytes"] is None else f"{r['bytes']:,.0f}"
        latency = "-" if r["p50"] is None else f"{r['p50']:.2f} / {r['p99']:.2f}"
        print(f"| {r['contender']} | {r['articles']:,} | {r['rate']:,.0f} | {memory} | "
              f"{latency} | {r['heavy']:.4f} | {r['stories']} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
