"""Dedup a corpus against the live index: every article indexed, then reported on.

The report has the shape of batch dedup's (:mod:`wirecopy.dedup`), but stories are the
live index's own, so they include what the index held before the run, and each
article's scores come from its 16-bit signature (estimates, not exact counts).
"""

import time
from collections.abc import Callable, Sequence

import numpy as np

from wirecopy.articles import Article
from wirecopy.dedup import ArticleReport, DedupResult, RelatedArticle
from wirecopy.fingerprint import fingerprint_texts
from wirecopy.live.index import LiveIndex
from wirecopy.live.records import Match, Story
from wirecopy.scoring import PairScores

BATCH = 10_000
"""Articles indexed at once: a batch reads every bucket of the slice, so bigger batches
share that read among more articles (docs/live-index.md)."""
RELATED = 50


def dedup_live(
    index: LiveIndex,
    articles: Sequence[Article],
    *,
    processes: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> DedupResult:
    """Index `articles` into `index` and report each one's story, original and matches."""
    started = time.perf_counter()
    batch = fingerprint_texts([a.text for a in articles], index.params, processes=processes)
    stories: dict[str, int] = {}
    refused: list[str] = []
    for start in range(0, len(articles), BATCH):
        rows = np.arange(start, min(start + BATCH, len(articles)))
        for outcome in index.add_fingerprinted(articles[start : rows[-1] + 1], batch.select(rows)):
            if outcome.story is None:
                refused.append(outcome.id)
            else:
                stories[outcome.id] = outcome.story
        if progress:
            progress(len(rows))
    kept = np.array([i for i, a in enumerate(articles) if a.id in stories], np.int64)
    matches = index.query_many(batch.select(kept), top=RELATED) if len(kept) else []
    known: dict[int, Story | None] = {}

    def story(number: int | None) -> Story | None:
        if number is None:
            return None
        if number not in known:
            known[number] = index.story(number)
        return known[number]

    reports = []
    for i, found in zip(kept.tolist(), matches, strict=True):
        article_id = articles[i].id
        reports.append(_report(article_id, story(stories[article_id]), found, story))
    return DedupResult(reports, refused, time.perf_counter() - started)


def _report(
    article_id: str,
    story: Story | None,
    found: list[Match],
    story_of: Callable[[int | None], Story | None],
) -> ArticleReport:
    original = story.original if story and story.original else article_id
    related = []
    for m in found:
        if m.id == article_id:
            continue
        theirs = story_of(m.story)
        cluster = theirs.original if theirs and theirs.original else m.id
        scores = PairScores(m.jaccard, m.containment_in_match, m.containment_of_match)
        related.append(RelatedArticle(m.id, cluster, m.relation, scores))
    against = next((r.scores for r in related if r.id == original), None)
    if story is not None and len(story.members) > 1:
        relation = "original" if original == article_id else "rewrite"
    else:
        relation = "partial" if related else "unique"
    return ArticleReport(article_id, original, relation, against, related)
