"""BBC News: the 100 exact duplicates, and every other pair that dedup calls a rewrite.

The corpus has no near-duplicate labels, only 100 articles whose text repeats an
earlier one. Each must land in one story with its twin. Every other pair linked as
a rewrite is listed with its scores and both headlines, for a reader to judge: BBC
follow-up stories reuse paragraphs of earlier ones, so a listed pair is not
necessarily wrong. Twins count as one text, so a pair is listed once, not once per
twin.

>>> twin_groups({"b": "a", "c": "b", "e": "d"}) == {"b": "a", "c": "a", "e": "d"}
True
"""

from dataclasses import dataclass
from pathlib import Path

from wirecopy.dedup import dedup
from wirecopy.evaluation.datasets import bbc_news, headline
from wirecopy.relation import DEFAULT_THRESHOLDS, Relation, Thresholds


@dataclass(frozen=True)
class RewritePair:
    """A pair linked as a rewrite, its scores (a in b, b in a) and both headlines."""

    a: str
    b: str
    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float
    headline_a: str
    headline_b: str


@dataclass(frozen=True)
class BbcResult:
    """Exact duplicates found with their twin, other rewrite pairs, partial copies."""

    articles: int
    exact_duplicates: int
    with_twin: int  # exact duplicates in one story with their twin
    other_rewrites: list[RewritePair]
    by_jaccard: dict[str, int]  # other rewrite pairs per band of Jaccard (as dedup scores it)
    stories: int  # stories of two or more articles
    largest_story: int
    rewrite_articles: int
    partial_articles: int
    partial_pairs: int
    seconds: float

    @property
    def floor_met(self) -> bool:
        return self.with_twin == self.exact_duplicates


JACCARD_BANDS = (0.9, 0.5, 0.2, 0.1, 0.05, 0.0)
"""Lower bounds of the Jaccard bands the other rewrite pairs are counted in."""


def bands(values: list[float]) -> dict[str, int]:
    """How many values fall in each Jaccard band.

    >>> bands([0.95, 0.3, 0.31, 0.01])
    {'>= 0.9': 1, '0.5-0.9': 0, '0.2-0.5': 2, '0.1-0.2': 0, '0.05-0.1': 0, '< 0.05': 1}
    """
    counts = {}
    for low, high in zip(JACCARD_BANDS, (None, *JACCARD_BANDS), strict=False):
        name = f">= {low}" if high is None else f"< {high}" if low == 0 else f"{low}-{high}"
        counts[name] = sum(1 for v in values if v >= low and (high is None or v < high))
    return counts


def twin_groups(exact_dup_of: dict[str, str]) -> dict[str, str]:
    """For each duplicate, the first article of its chain of identical texts."""
    first = {}
    for dup, twin_of_dup in exact_dup_of.items():
        seen, twin = {dup}, twin_of_dup
        while twin in exact_dup_of and twin not in seen:
            seen.add(twin)
            twin = exact_dup_of[twin]
        first[dup] = twin
    return first


def run_bbc(
    data: Path, thresholds: Thresholds = DEFAULT_THRESHOLDS, processes: int | None = None
) -> BbcResult:
    """Dedup every BBC article under `data` and sum up; `processes=None` uses every core."""
    corpus = bbc_news(data)
    result = dedup(corpus.articles, thresholds=thresholds, processes=processes)
    cluster = {r.id: r.cluster for r in result.reports}
    first = twin_groups(corpus.exact_dup_of)
    text = {a.id: a.text for a in corpus.articles}
    together = [
        dup in cluster and cluster[dup] == cluster.get(twin)
        for dup, twin in corpus.exact_dup_of.items()
    ]
    rewrites: dict[tuple[str, str], RewritePair] = {}
    partial_pairs: set[tuple[str, str]] = set()
    for report in result.reports:
        for link in report.related:
            a, b = first.get(report.id, report.id), first.get(link.id, link.id)
            if a == b:
                continue  # twins: the exact duplicates counted above
            if link.relation is Relation.PARTIAL:
                partial_pairs.add((min(a, b), max(a, b)))
            elif a < b and (a, b) not in rewrites:
                s = link.scores
                rewrites[a, b] = RewritePair(
                    a,
                    b,
                    s.jaccard,
                    s.containment_a_in_b,
                    s.containment_b_in_a,
                    headline(text[a]),
                    headline(text[b]),
                )
    sizes: dict[str, int] = {}
    for story in cluster.values():
        sizes[story] = sizes.get(story, 0) + 1
    listed = sorted(rewrites.values(), key=lambda p: (-p.jaccard, p.a, p.b))
    return BbcResult(
        len(corpus.articles),
        len(corpus.exact_dup_of),
        sum(together),
        listed,
        bands([p.jaccard for p in listed]),
        sum(1 for size in sizes.values() if size > 1),
        max(sizes.values(), default=0),
        result.count("rewrite"),
        result.count("partial"),
        len(partial_pairs),
        round(result.seconds, 2),
    )
