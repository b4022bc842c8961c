"""Passage alignment speed: two 800-word articles, median time per `align` call.

    python bench/bench_passages.py ../shared/data/bbc_news/bbc_news.jsonl

Pairs are made from the BBC News articles of 800 words or more (cut to their first
800 words): each article against a rewrite made by a program with a fixed seed
(neighbouring sentences swapped, one word in seven dropped, a sentence of its own
added every five), and against the next article (unrelated). Each pair is aligned
once to warm up, then `--repeat` times; the median, the 90th percentile and the mean
passages per pair are printed, for rewrites and unrelated pairs apart, and the median CPU
time of a call (`time.process_time`: on a shared machine it varies less than wall time).
"""

import argparse
import json
import random
import statistics
import time
from itertools import pairwise
from pathlib import Path

from wirecopy.passages import align

WORDS = 800
TARGET_MS = 5.0


def articles(path: Path, limit: int) -> list[str]:
    found = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            words = json.loads(line)["text"].split(" ")
            if len(words) >= WORDS:
                found.append(" ".join(words[:WORDS]))
            if len(found) == limit:
                break
    return found


def rewritten(text: str, rng: random.Random) -> str:
    sentences = text.split(". ")
    for i in range(0, len(sentences) - 1, 3):
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    kept = []
    for n, sentence in enumerate(sentences):
        words = [w for k, w in enumerate(sentence.split(" ")) if rng.random() > 1 / 7 or k == 0]
        kept.append(" ".join(words))
        if n % 5 == 4:
            kept.append("Our correspondent added that more details would follow later today")
    return ". ".join(kept)


def timed(pairs: list[tuple[str, str]], repeat: int) -> tuple[list[float], list[float], float]:
    """Wall and CPU milliseconds of every call, and the mean passages per pair."""
    times, cpu_times, passages = [], [], 0
    for a, b in pairs:
        align(a, b)  # warm-up
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            found = align(a, b)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            times.append((time.perf_counter() - started) * 1000)
        passages += len(found.passages)
    return times, cpu_times, passages / max(len(pairs), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bbc", type=Path, help="bbc_news.jsonl")
    parser.add_argument("--pairs", type=int, default=100, help="articles to use (default 100)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per pair (default 5)")
    args = parser.parse_args()
    texts = articles(args.bbc, args.pairs + 1)
    rng = random.Random(7)
    kinds = {
        "rewrite": [(t, rewritten(t, rng)) for t in texts[:-1]],
        "unrelated": list(pairwise(texts)),
    }
    print(f"align(): two {WORDS}-word articles, {len(texts) - 1} pairs x {args.repeat} runs")
    for kind, pairs in kinds.items():
        times, cpu_times, passages = timed(pairs, args.repeat)
        times.sort()
        p90 = times[int(0.9 * (len(times) - 1))]
        print(
            f"  {kind:<9} median {statistics.median(times):.2f} ms, p90 {p90:.2f} ms, "
            f"CPU median {statistics.median(cpu_times):.2f} ms, "
            f"{passages:.1f} passages per pair (target: median under {TARGET_MS:g} ms)"
        )


if __name__ == "__main__":
    main()
