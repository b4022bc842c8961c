"""Rank a query's candidates: estimated scores, relation, most copied first.

Scores come from the 16-bit signatures (:func:`wirecopy.live.layout.jaccard_16bit`) and
the shingle counts; candidates that turn out unrelated are dropped, and of two stored
versions of one article (a replacement still being erased) the newer is kept.
"""

import numpy as np
import numpy.typing as npt

from wirecopy.live.layout import jaccard_16bit
from wirecopy.live.namespace import Located
from wirecopy.live.records import Match, Record
from wirecopy.relation import Relation, Thresholds, classify
from wirecopy.scoring import containments_from_jaccard, scores_from_jaccard

Fetched = dict[Located, tuple[Record, npt.NDArray[np.uint16], int | None, str | None]]
"""Each candidate's record, 16-bit signature, story number and that story's original."""


def rank(
    query16: npt.NDArray[np.uint16],
    count: int,
    located: list[Located],
    fetched: Fetched,
    thresholds: Thresholds,
) -> list[tuple[Located, Match]]:
    """The candidates that share copy with the query, most copied first."""
    present = [loc for loc in located if loc in fetched]
    if not present:
        return []
    others = np.stack([fetched[loc][1] for loc in present])
    jaccards = jaccard_16bit(query16, others)
    newest: dict[str, tuple[Located, Match]] = {}
    for loc, jaccard in zip(present, jaccards.tolist(), strict=True):
        record, _, story, original = fetched[loc]
        scores = scores_from_jaccard(jaccard, count, record.shingles)
        relation = classify(scores, thresholds)
        if relation == Relation.UNRELATED:
            continue
        match = Match(
            record, scores.jaccard, scores.containment_a_in_b, scores.containment_b_in_a,
            relation, story, original,
        )  # fmt: skip
        held = newest.get(record.id)  # a replaced version still being erased: keep the newer
        if held is None or (held[1].record.indexed or 0) < (record.indexed or 0):
            newest[record.id] = (loc, match)
    return sorted(
        newest.values(),
        key=lambda item: (
            -max(item[1].containment_in_match, item[1].containment_of_match),
            -item[1].jaccard,
            item[1].id,
        ),
    )


def rewrite_pairs(
    queries16: npt.NDArray[np.uint16],
    counts: npt.NDArray[np.int64],
    others16: npt.NDArray[np.uint16],
    other_counts: npt.NDArray[np.int64],
    thresholds: Thresholds,
) -> npt.NDArray[np.bool_]:
    """Whether each pair (queries16[i], others16[i]) is a rewrite: :func:`rank`'s verdict
    (the same estimate and rounding as :func:`scores_from_jaccard`), for many pairs at once."""
    jaccard = jaccard_16bit(queries16, others16)  # row by row: the shapes are equal
    in_other, in_query = containments_from_jaccard(jaccard, counts, other_counts)
    larger = np.round(np.maximum(in_other, in_query), 4)
    sized = (counts > 0) & (other_counts > 0)  # scores_from_jaccard: all 0 otherwise
    rewrite: npt.NDArray[np.bool_] = sized & (larger >= thresholds.rewrite_containment)
    return rewrite
