"""The link's vectorised verdict agrees with the ranked report's, pair by pair."""

import numpy as np

from wirecopy.live.namespace import Located
from wirecopy.live.ranking import rank, rewrite_pairs
from wirecopy.live.records import Record
from wirecopy.relation import DEFAULT_THRESHOLDS, Relation


def test_rewrite_pairs_gives_rank_s_verdict_for_every_pair() -> None:
    rng = np.random.default_rng(11)
    query = rng.integers(0, 2**16, 256).astype(np.uint16)
    others, counts = [], []
    for n in range(300):  # from no shared value to all, and sizes from tiny to large
        other = rng.integers(0, 2**16, 256).astype(np.uint16)
        shared = n % 257
        other[:shared] = query[:shared]
        others.append(other)
        counts.append(int(rng.integers(1, 5000)))
    others.append(query.copy())
    counts.append(0)  # an article with no shingles is never a rewrite
    located = [Located(0, i) for i in range(len(others))]
    fetched = {
        loc: (Record(f"a{loc.internal_id}", c, None, "d"), o, None, None)
        for loc, o, c in zip(located, others, counts, strict=True)
    }
    ranked = rank(query, 800, located, fetched, DEFAULT_THRESHOLDS)
    by_rank = {m.id for _, m in ranked if m.relation == Relation.REWRITE}
    verdicts = rewrite_pairs(
        np.repeat(query[None, :], len(others), axis=0),
        np.full(len(others), 800, np.int64),
        np.stack(others),
        np.array(counts, np.int64),
        DEFAULT_THRESHOLDS,
    )
    by_pairs = {f"a{i}" for i, is_rewrite in enumerate(verdicts.tolist()) if is_rewrite}
    assert by_pairs == by_rank
    assert 0 < len(by_rank) < len(others)  # both verdicts occur
