"""Two articles side by side: how much they share (scores, relation) and which passages.

The scores are exact, on the two shingle sets, as batch dedup scores a candidate pair;
the relation follows from them; the passages come from :func:`wirecopy.passages.align`.

>>> text = "The port of Kessling will stay closed until the storm passes, officials said."
>>> found = compare(text, text + " Ferries are cancelled.")
>>> found.scores.containment_a_in_b, found.relation, len(found.alignment.passages)
(1.0, <Relation.REWRITE: 'rewrite'>, 1)
"""

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from wirecopy.fingerprint import fingerprint_texts
from wirecopy.params import FingerprintParams
from wirecopy.passages import Alignment, align
from wirecopy.relation import DEFAULT_THRESHOLDS, Relation, Thresholds, classify
from wirecopy.scoring import PairScores, score_pairs


@dataclass(frozen=True)
class Comparison:
    """Scores of A against B (containment of A in B first), their relation, the passages."""

    scores: PairScores
    relation: Relation
    alignment: Alignment

    def as_record(self) -> dict[str, Any]:
        """Plain JSON-ready fields: scores, relation, coverage, passages."""
        return {
            "jaccard": self.scores.jaccard,
            "containment_a_in_b": self.scores.containment_a_in_b,
            "containment_b_in_a": self.scores.containment_b_in_a,
            "relation": str(self.relation),
            "coverage_a": self.alignment.coverage_a,
            "coverage_b": self.alignment.coverage_b,
            "passages": [asdict(p) for p in self.alignment.passages],
        }


def pair_scores(text_a: str, text_b: str, params: FingerprintParams | None = None) -> PairScores:
    """Exact Jaccard and containment both ways of two texts' shingle sets."""
    batch = fingerprint_texts([text_a, text_b], params or FingerprintParams(), keep_shingles=True)
    jaccard, a_in_b, b_in_a = score_pairs(batch, np.array([0]), np.array([1]))
    return PairScores(
        round(float(jaccard[0]), 4), round(float(a_in_b[0]), 4), round(float(b_in_a[0]), 4)
    )


def compare(
    text_a: str,
    text_b: str,
    params: FingerprintParams | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Comparison:
    """Scores, relation and shared passages of two texts."""
    scores = pair_scores(text_a, text_b, params)
    alignment = align(text_a, text_b)
    return Comparison(scores, classify(scores, thresholds, alignment.coverage), alignment)
