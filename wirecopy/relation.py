"""What one article is to another: a rewrite of the same copy, a partial copy, or unrelated.

- ``rewrite``: the copy covers much of at least one of the two (its containment in
  the other passes `rewrite_containment`): the same wire story, edited or reworded.
- ``partial``: they share passages (quotes, a paragraph) past `partial_containment`,
  but not the story.
- ``unrelated``: nothing beyond chance and stock phrases.

A heavy rewording keeps few word 5-grams: a pair whose containment is under
`partial_containment` but at least `passage_check_containment` is aligned
(:mod:`wirecopy.passages`), and it is partial when the passages cover
`passage_coverage` of either article.

The thresholds are calibrated on labelled corpora, not on our own examples:
`python bench/calibrate.py` reproduces them (docs/evaluation.md has the figures).

>>> from wirecopy.scoring import PairScores
>>> classify(PairScores(0.09, 0.17, 0.16))
<Relation.REWRITE: 'rewrite'>
>>> classify(PairScores(0.02, 0.05, 0.03))
<Relation.PARTIAL: 'partial'>
"""

from dataclasses import dataclass
from enum import StrEnum

from wirecopy.errors import ParameterError
from wirecopy.scoring import PairScores


class Relation(StrEnum):
    """A pair's relation."""

    REWRITE = "rewrite"
    PARTIAL = "partial"
    UNRELATED = "unrelated"


@dataclass(frozen=True)
class Thresholds:
    """Containment (the larger of the two directions) from which a pair is partial or rewrite."""

    partial_containment: float = 0.025
    rewrite_containment: float = 0.093
    passage_check_containment: float = 0.004
    passage_coverage: float = 0.10

    def __post_init__(self) -> None:
        if not 0 < self.partial_containment <= self.rewrite_containment <= 1:
            raise ParameterError(
                f"thresholds partial={self.partial_containment}, "
                f"rewrite={self.rewrite_containment}: need 0 < partial <= rewrite <= 1"
            )


DEFAULT_THRESHOLDS = Thresholds()


def classify(
    scores: PairScores, thresholds: Thresholds = DEFAULT_THRESHOLDS, coverage: float | None = None
) -> Relation:
    """The relation that a pair's scores show, and where the pair was aligned, the share
    of the more covered article that its passages cover (`coverage`)."""
    if scores.containment >= thresholds.rewrite_containment:
        return Relation.REWRITE
    if scores.containment >= thresholds.partial_containment:
        return Relation.PARTIAL
    if needs_alignment(scores.containment, thresholds) and (coverage or 0.0) >= (
        thresholds.passage_coverage
    ):
        return Relation.PARTIAL
    return Relation.UNRELATED


def needs_alignment(containment: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    """Whether a pair's verdict waits on its passages: too few shared shingles to call it
    partial, but more than none."""
    return thresholds.passage_check_containment <= containment < thresholds.partial_containment
