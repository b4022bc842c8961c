"""Batch dedup: a story cluster for every article of a corpus, and the original of each.

Text → fingerprints → LSH candidates → scores → relations → stories → reports.

>>> from wirecopy.articles import Article
>>> wire = "Officials said the port will stay closed until the storm passes; ships wait offshore."
>>> result = dedup([Article("a", wire), Article("b", "Update: " + wire), Article("c", "Bees.")])
>>> [(r.id, r.cluster, r.relation) for r in result.reports]
[('a', 'a', 'original'), ('b', 'a', 'rewrite'), ('c', 'c', 'unique')]
"""

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from wirecopy.articles import Article
from wirecopy.clusters import component_sizes, originals, stories
from wirecopy.fingerprint import FingerprintBatch, fingerprint_texts
from wirecopy.lsh import candidate_pairs
from wirecopy.params import FingerprintParams
from wirecopy.passage_verdict import coverage
from wirecopy.relation import DEFAULT_THRESHOLDS, Relation, Thresholds
from wirecopy.scoring import PairScores, score_pairs

MIN_SHARED_BANDS = 2
"""Bands two articles must share to be compared: one agreement is chance, two is a lead."""


@dataclass(frozen=True)
class RelatedArticle:
    """Another article this one shares copy with, and how much."""

    id: str
    cluster: str
    relation: Relation
    scores: PairScores  # containment_a_in_b: this article in the other


@dataclass(frozen=True)
class ArticleReport:
    """One article's story, its relation to the story's original, and what it shares."""

    id: str
    cluster: str
    relation: str  # original, rewrite, partial or unique
    scores: PairScores | None  # against the original; None for originals and lone articles
    related: list[RelatedArticle] = field(default_factory=list)


@dataclass(frozen=True)
class DedupResult:
    """Reports in input order, and the articles that could not be fingerprinted."""

    reports: list[ArticleReport]
    empty: list[str]  # ids of articles with no words to fingerprint
    seconds: float

    @property
    def stories(self) -> int:
        return len({r.cluster for r in self.reports})

    def count(self, relation: str) -> int:
        return sum(1 for r in self.reports if r.relation == relation)


def dedup(
    articles: Sequence[Article],
    params: FingerprintParams | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    *,
    processes: int | None = None,
    progress: Callable[[int], None] | None = None,
    exact: bool = True,
    passages: bool = False,
) -> DedupResult:
    """Cluster `articles` into stories, on every core by default (`processes`); the same
    input gives the same result at any number of processes.

    With `exact` (the default) candidate pairs are scored on their shingle sets; without
    it, estimated from signatures alone, as a live index must. With `passages`, the pairs
    too reworded for their shingles to decide are aligned, and partial when their passages
    cover enough (:func:`wirecopy.relation.classify`): a few ms a pair.
    """
    started = time.perf_counter()
    params = params or FingerprintParams()
    batch = fingerprint_texts(
        [a.text for a in articles],
        params,
        processes=processes,
        progress=progress,
        keep_shingles=exact,
    )
    usable = np.flatnonzero(batch.shingle_counts > 0)
    kept = [articles[int(i)] for i in usable]
    kept_batch = batch.select(usable)
    reports = _reports(kept, kept_batch, params, thresholds, passages)
    empty = [articles[int(i)].id for i in np.flatnonzero(batch.shingle_counts == 0)]
    return DedupResult(reports, empty, time.perf_counter() - started)


def _reports(
    articles: Sequence[Article],
    batch: FingerprintBatch,
    params: FingerprintParams,
    thresholds: Thresholds,
    passages: bool,
) -> list[ArticleReport]:
    pairs = candidate_pairs(batch.signatures, params, min_shared=MIN_SHARED_BANDS)
    left, right = pairs[:, 0], pairs[:, 1]
    jaccard, in_right, in_left = score_pairs(batch, left, right)
    containment = np.maximum(in_right, in_left)
    is_rewrite = containment >= thresholds.rewrite_containment
    is_related = containment >= thresholds.partial_containment
    waiting = np.flatnonzero(
        (containment >= thresholds.passage_check_containment) & ~is_related & passages
    )  # too few shared shingles to decide: their passages do
    for pair in waiting.tolist():
        text_a, text_b = articles[int(left[pair])].text, articles[int(right[pair])].text
        is_related[pair] = coverage(text_a, text_b) >= thresholds.passage_coverage

    story_of = stories(zip(left[is_rewrite], right[is_rewrite], strict=True), len(articles))
    original_of = originals(story_of, [a.published_at for a in articles])
    sizes = component_sizes(story_of)

    related: defaultdict[int, list[RelatedArticle]] = defaultdict(list)
    for k in np.flatnonzero(is_related):
        a, b = int(left[k]), int(right[k])
        scores = PairScores(
            round(float(jaccard[k]), 4), round(float(in_right[k]), 4), round(float(in_left[k]), 4)
        )
        link = Relation.REWRITE if is_rewrite[k] else Relation.PARTIAL
        related[a].append(RelatedArticle(articles[b].id, "", link, scores))
        related[b].append(RelatedArticle(articles[a].id, "", link, scores.swapped()))

    copies = np.array([i for i in range(len(articles)) if original_of[i] != i], np.int64)
    of = np.array([original_of[i] for i in copies.tolist()], np.int64)
    j, mine, theirs = score_pairs(batch, copies, of)  # every article against its original, at once
    to_original = {
        int(i): PairScores(round(float(a), 4), round(float(b), 4), round(float(c), 4))
        for i, a, b, c in zip(copies, j, mine, theirs, strict=True)
    }
    index_of = {a.id: i for i, a in enumerate(articles)}
    reports = []
    for i, article in enumerate(articles):
        original = original_of[i]
        links = sorted(
            (
                RelatedArticle(r.id, articles[original_of[index_of[r.id]]].id, r.relation, r.scores)
                for r in related[i]
            ),
            key=lambda r: (r.relation != Relation.REWRITE, -r.scores.jaccard, r.id),
        )
        if sizes[story_of[i]] > 1:
            relation = "original" if original == i else "rewrite"
        else:
            relation = "partial" if links else "unique"
        against_original = to_original.get(i)
        reports.append(
            ArticleReport(article.id, articles[original].id, relation, against_original, links)
        )
    return reports
