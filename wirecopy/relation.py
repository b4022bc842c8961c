"""What one article is to another: a rewrite of the same copy, a partial copy, or unrelated.

- ``rewrite``: the copy covers much of at least one of the two (its containment in
  the other passes `rewrite_containment`): the same wire story, edited or reworded.
- ``partial``: they share passages (quotes, a paragraph) past `partial_containment`,
  but not the story.
- ``unrelated``: nothing beyond chance and stock phrases.

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

    def __post_init__(self) -> None:
        if not 0 < self.partial_containment <= self.rewrite_containment <= 1:
            raise ParameterError(
                f"thresholds partial={self.partial_containment}, "
                f"rewrite={self.rewrite_containment}: need 0 < partial <= rewrite <= 1"
            )


DEFAULT_THRESHOLDS = Thresholds()


def classify(scores: PairScores, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Relation:
    """The relation that a pair's scores show."""
    if scores.containment >= thresholds.rewrite_containment:
        return Relation.REWRITE
    if scores.containment >= thresholds.partial_containment:
        return Relation.PARTIAL
    return Relation.UNRELATED
