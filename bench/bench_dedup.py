"""Dedup at scale: seconds, articles per second and story quality on a generated corpus.

    python bench/bench_dedup.py /tmp/wirecopy-bench/corpus.jsonl

The corpus comes from bench/make_corpus.py, whose records carry the ground truth
(`story`, the wire's id, and `level`: wire, light, medium or heavy). Measured:

- reading: `wirecopy.readers.read_corpus`, timed on its own;
- dedup: `wirecopy.dedup.dedup(articles, processes=N)` (default: every core), timed
  in this process, with the peak memory of the process;
- end to end: `wirecopy dedup CORPUS -o /dev/null` run as a subprocess (start-up,
  reading, dedup and writing every record), timed, with its peak memory; `--skip-cli`
  leaves it out.

Quality against the ground truth: recall per level (a rewrite is found when its
cluster is its wire's cluster), wires wrongly merged with another story, pairwise
precision, recall and F1 over same-cluster pairs, the adjusted Rand index, and the
number of stories found against the true number. Singletons are their own clusters.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from wirecopy.dedup import dedup
from wirecopy.readers import read_corpus

LEVELS = ("light", "medium", "heavy")
FLOOR_SECONDS = 60.0  # our issue: `wirecopy dedup` on 100,000 articles, 2 cores
I64Array = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Truth:
    """The ground truth of each article, by id."""

    story: dict[str, str]
    level: dict[str, str]


@dataclass(frozen=True)
class PairCounts:
    """Same-cluster pairs: predicted, true, and both (true positives)."""

    predicted: int
    true: int
    both: int
    total: int  # all pairs of articles

    @property
    def precision(self) -> float:
        return self.both / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.both / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def adjusted_rand(self) -> float:
        expected = self.predicted * self.true / self.total if self.total else 0.0
        best = (self.predicted + self.true) / 2
        return (self.both - expected) / (best - expected) if best != expected else 1.0


def read_truth(path: Path) -> Truth:
    """`story` and `level` of every record of the corpus."""
    story, level = {}, {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            story[row["id"]], level[row["id"]] = row["story"], row["level"]
    return Truth(story, level)


def pairs(sizes: I64Array) -> int:
    """Pairs within groups of these sizes."""
    return int((sizes * (sizes - 1) // 2).sum())


def largest(labels: list[str]) -> int:
    """Members of the largest cluster."""
    return int(np.unique(np.asarray(labels), return_counts=True)[1].max()) if labels else 0


def pair_counts(predicted: list[str], true: list[str]) -> PairCounts:
    """Pair counts from cluster sizes and the contingency table of the two labellings."""
    _, pred_codes = np.unique(np.asarray(predicted), return_inverse=True)
    true_values, true_codes = np.unique(np.asarray(true), return_inverse=True)
    joint = pred_codes.astype(np.int64) * len(true_values) + true_codes
    n = len(predicted)
    return PairCounts(
        predicted=pairs(np.bincount(pred_codes).astype(np.int64)),
        true=pairs(np.bincount(true_codes).astype(np.int64)),
        both=pairs(np.unique(joint, return_counts=True)[1].astype(np.int64)),
        total=n * (n - 1) // 2,
    )


def quality(ids: list[str], clusters: list[str], truth: Truth) -> list[tuple[str, str]]:
    """Rows (measure, value) comparing the predicted clusters with the true stories."""
    cluster_of = dict(zip(ids, clusters, strict=True))
    stories = [truth.story[i] for i in ids]
    rows = []
    for level in LEVELS:
        members = [i for i in ids if truth.level[i] == level]
        found = sum(cluster_of[i] == cluster_of[truth.story[i]] for i in members)
        rows.append((f"recall, {level} rewrites", share(found, len(members))))
    rewrites = [i for i in ids if truth.level[i] != "wire"]
    found = sum(cluster_of[i] == cluster_of[truth.story[i]] for i in rewrites)
    rows.append(("recall, all rewrites", share(found, len(rewrites))))
    wires = [i for i in ids if truth.level[i] == "wire"]
    wires_per_cluster: dict[str, int] = {}
    for i in wires:
        wires_per_cluster[cluster_of[i]] = wires_per_cluster.get(cluster_of[i], 0) + 1
    merged = sum(wires_per_cluster[cluster_of[i]] > 1 for i in wires)
    rows.append(("wires merged with another story", f"{merged:,} of {len(wires):,}"))
    named = sum(cluster_of[i] == i for i in wires)
    rows.append(("stories named by their wire", f"{named:,} of {len(wires):,}"))
    counts = pair_counts(clusters, stories)
    rows += [
        ("pairwise precision", f"{counts.precision:.4f}"),
        ("pairwise recall", f"{counts.recall:.4f}"),
        ("pairwise F1", f"{counts.f1:.4f}"),
        ("adjusted Rand index", f"{counts.adjusted_rand:.4f}"),
        (
            "same-cluster pairs: found, true, both",
            f"{counts.predicted:,}, {counts.true:,}, {counts.both:,}",
        ),
        ("stories found / true", f"{len(set(clusters)):,} / {len(set(stories)):,}"),
        ("largest cluster found / true", f"{largest(clusters):,} / {largest(stories):,}"),
    ]
    return rows


def run_cli(corpus: Path, processes: int | None) -> tuple[float, int, str]:
    """Seconds, peak memory (MB) and summary line of `wirecopy dedup CORPUS -o /dev/null`."""
    executable = Path(sys.executable).with_name("wirecopy")
    command = [str(executable) if executable.exists() else shutil.which("wirecopy") or "wirecopy"]
    command += ["dedup", str(corpus), "-o", "/dev/null"]
    if processes is not None:
        command += ["--processes", str(processes)]
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().strip().splitlines()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {lines[-1:]}")
    return seconds, usage.ru_maxrss // 1024, lines[-1] if lines else ""


def share(part: int, whole: int) -> str:
    """`part` of `whole` as a fraction, with the counts."""
    return f"{part / whole:.4f} ({part:,} of {whole:,})" if whole else "n/a (none)"


def timing(articles: int, seconds: float) -> str:
    """Seconds, and articles per second."""
    return f"{seconds:.2f} ({articles / seconds:,.0f} articles/s)"


def table(rows: list[tuple[str, str]]) -> str:
    """A Markdown table of (measure, value) rows."""
    width = max(len(name) for name, _ in rows)
    out = [f"| {'measure':<{width}} | value |", f"|{'-' * (width + 2)}|-------|"]
    out += [f"| {name:<{width}} | {value} |" for name, value in rows]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="a corpus from bench/make_corpus.py (.jsonl)")
    parser.add_argument(
        "--processes", type=int, default=None, help="processes for dedup (default: every core)"
    )
    parser.add_argument(
        "--skip-cli", action="store_true", help="do not time `wirecopy dedup` end to end"
    )
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    processes = args.processes or cores

    started = time.perf_counter()
    corpus = read_corpus(args.corpus)
    read_seconds = time.perf_counter() - started
    articles = corpus.articles
    started = time.perf_counter()
    result = dedup(articles, processes=args.processes)
    dedup_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    n = len(articles)
    rows = [
        ("articles read / skipped", f"{n:,} / {len(corpus.skipped):,}"),
        ("processes / cores", f"{processes} / {cores}"),
        ("read_corpus, s", f"{read_seconds:.2f}"),
        ("dedup, s", timing(n, dedup_seconds)),
        ("read + dedup, s", timing(n, read_seconds + dedup_seconds)),
        ("peak memory (this process, not its workers), MB", f"{peak_mb:,}"),
    ]
    if not args.skip_cli:
        cli_seconds, cli_mb, summary = run_cli(args.corpus, args.processes)
        verdict = "met" if cli_seconds < FLOOR_SECONDS else "NOT met"
        rows += [
            ("wirecopy dedup end to end, s", timing(n, cli_seconds)),
            ("wirecopy dedup peak memory (main process), MB", f"{cli_mb:,}"),
            (f"floor: end to end < {FLOOR_SECONDS:.0f} s", verdict),
        ]
        print(f"wirecopy's own summary: {summary}", file=sys.stderr)

    ids = [r.id for r in result.reports] + result.empty  # articles with no words stand alone
    clusters = [r.cluster for r in result.reports] + result.empty
    rows += quality(ids, clusters, read_truth(args.corpus))
    print(table(rows))


if __name__ == "__main__":
    main()
