"""Articles per second from raw text to a 256-permutation MinHash signature.

Times, side by side on the same texts, the whole path from an article's raw text to
its signature (word 5-gram shingles, 256 permutations, seed 1):

- datasketch: lowercase, `\\w+` words, 5-word shingles as UTF-8 bytes, then
  `MinHash.bulk(..., hashfunc=xxhash.xxh32_intdigest)`; tokenising is timed too.
- rensa: the same shingles as strings into `RMinHash` (and `CMinHash`) per article,
  `update` then `digest`.
- wirecopy: `fingerprint_texts` (normalisation, debris removal, tokenising, hashing,
  MinHash), in one process and on every core, after one warm-up on 10 texts.

wirecopy's word-hash cache is emptied before each of its runs, so every run is a
first pass over the corpus, like the others. Each figure is the best (and median)
of `--repeat` runs; the ratios compare one process with one process.

    python bench/bench_signatures.py ../shared/data/bbc_news/bbc_news.jsonl
"""

import argparse
import json
import os
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import rensa
import xxhash
from datasketch import MinHash

from wirecopy import FingerprintParams
from wirecopy.fingerprint import fingerprint_texts

NUM_PERM = 256
SEED = 1
SHINGLE = 5
_WORD = re.compile(r"\w+")


def load_texts(path: Path, limit: int | None) -> list[str]:
    """The `text` field of each JSON line of `path`, the first `limit` of them."""
    with path.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    return texts[:limit]


def shingles(text: str) -> list[str]:
    """Word 5-grams of the lowercased text; a text under 5 words is one shingle."""
    words = _WORD.findall(text.lower())
    return [" ".join(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))]


def run_datasketch(texts: list[str]) -> None:
    sets = [[s.encode("utf-8") for s in shingles(t)] for t in texts]
    MinHash.bulk(sets, num_perm=NUM_PERM, seed=SEED, hashfunc=xxhash.xxh32_intdigest)


def run_rensa(cls: type) -> Callable[[list[str]], None]:
    def run(texts: list[str]) -> None:
        for text in texts:
            m = cls(NUM_PERM, SEED)
            m.update(shingles(text))
            m.digest()

    return run


def run_wirecopy(processes: int | None) -> Callable[[list[str]], None]:
    params = FingerprintParams(shingle_size=SHINGLE, num_perm=NUM_PERM, seed=SEED)

    def run(texts: list[str]) -> None:
        fingerprint_texts(texts, params, processes=processes)  # the compiled path keeps no cache

    return run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="JSON lines, each with a `text` field")
    parser.add_argument("--repeat", type=int, default=3, help="runs per method (default 3)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N texts")
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.limit)
    cores = os.cpu_count() or 1

    runs: dict[str, Callable[[list[str]], None]] = {
        "datasketch MinHash.bulk": run_datasketch,
        "rensa RMinHash": run_rensa(rensa.RMinHash),
    }
    if hasattr(rensa, "CMinHash"):
        runs["rensa CMinHash"] = run_rensa(rensa.CMinHash)
    runs["wirecopy, 1 process"] = run_wirecopy(1)
    runs[f"wirecopy, all cores ({cores})"] = run_wirecopy(None)

    fingerprint_texts(texts[:10], FingerprintParams())  # numba JIT / cache load
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):  # round robin, so drift in the machine hits all alike
        for name, run in runs.items():
            start = time.perf_counter()
            run(texts)
            seconds[name].append(time.perf_counter() - start)

    best = {name: len(texts) / min(s) for name, s in seconds.items()}
    median = {name: len(texts) / statistics.median(s) for name, s in seconds.items()}
    print(f"{len(texts)} articles, {NUM_PERM} permutations, {SHINGLE}-word shingles, ", end="")
    print(f"best and median of {args.repeat} runs, {cores} cores\n")
    print(f"| {'method':<28} | {'best art/s':>10} | {'median art/s':>12} |")
    print(f"|{'-' * 30}|{'-' * 11}:|{'-' * 13}:|")
    for name in runs:
        print(f"| {name:<28} | {best[name]:>10,.0f} | {median[name]:>12,.0f} |")
    single = best["wirecopy, 1 process"]
    print("\nwirecopy, 1 process, per core (best / best):")
    for name in runs:
        if not name.startswith("wirecopy"):
            print(f"  {single / best[name]:6.2f}x {name}")


if __name__ == "__main__":
    main()
