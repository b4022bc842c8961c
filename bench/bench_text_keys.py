"""Redis bytes per article of the live index's stored texts, apart from the index's own.

    python bench/bench_text_keys.py ../shared/data/bbc_news/bbc_news.jsonl --redis redis://127.0.0.1:6379/15

Indexes the BBC articles into a fresh tenant twice, with text keeping on and off,
sums `MEMORY USAGE` over the namespace's keys by family (texts: the `tx` hashes;
index: every other key), prints bytes per article, and deletes both namespaces.
"""

import argparse
import json
import uuid
from pathlib import Path

import redis

from wirecopy.articles import Article
from wirecopy.live import LiveIndex, Settings


def measure(client: redis.Redis, articles: list[Article], keep_text: bool) -> tuple[int, int]:
    """Bytes of the text keys and of every other key, for one fresh namespace."""
    index = LiveIndex(
        client, f"bench-{uuid.uuid4().hex[:8]}", settings=Settings(keep_text=keep_text)
    )
    try:
        index.add(articles, processes=None)
        texts = other = 0
        for key in client.scan_iter(match=index.keys.pattern(), count=1000):
            used = int(client.memory_usage(key, samples=0) or 0)  # type: ignore[arg-type]
            if b":tx:" in key:
                texts += used
            else:
                other += used
        return texts, other
    finally:
        keys = list(client.scan_iter(match=index.keys.pattern(), count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bbc", type=Path, help="bbc_news.jsonl")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15", help="a Redis URL")
    args = parser.parse_args()
    with args.bbc.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    articles = [Article(r["id"], r["text"]) for r in rows]
    chars = sum(len(a.text.encode("utf-8")) for a in articles) / len(articles)
    client = redis.Redis.from_url(args.redis)
    texts, with_text = measure(client, articles, keep_text=True)
    _, without = measure(client, articles, keep_text=False)
    n = len(articles)
    print(f"{n:,} BBC articles, {chars:,.0f} bytes of UTF-8 text each on average")
    print(f"  texts (tx hashes, Zstandard): {texts / n:,.0f} bytes per article")
    print(f"  index with texts kept, other keys: {with_text / n:,.0f} bytes per article")
    print(f"  index with keep_text=False:        {without / n:,.0f} bytes per article")


if __name__ == "__main__":
    main()
