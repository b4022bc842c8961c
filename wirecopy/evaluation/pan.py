"""PAN 2013 text alignment (dev half): does a suspicious document reuse its source?

2,515 document pairs. `none` (verbatim), `random` (words shuffled, inserted, deleted
or replaced), `translation` (round-trip machine translation) and `summary` pairs
reuse source passages; `no-plagiarism` and `unannotated` pairs do not. The reused
passages sit inside longer unrelated text, so containment, not Jaccard, finds them.

>>> from wirecopy.evaluation.datasets import PAN_NO_REUSE
>>> PAN_NO_REUSE
('no-plagiarism', 'unannotated')
"""

from pathlib import Path

from wirecopy.evaluation.datasets import pan13
from wirecopy.evaluation.pairs import (
    PairFigures,
    pair_figures,
    passage_coverages,
    score_labelled_pairs,
)
from wirecopy.relation import DEFAULT_THRESHOLDS, Thresholds


def run_pan(
    data: Path, thresholds: Thresholds = DEFAULT_THRESHOLDS, processes: int | None = None
) -> PairFigures:
    """Score every PAN 2013 dev pair under `data`; `processes=None` uses every core."""
    corpus = pan13(data)
    scores = score_labelled_pairs(corpus, processes=processes)
    covered = passage_coverages(corpus, scores, thresholds)
    return pair_figures(corpus.pairs, scores, corpus.labels, thresholds, (), covered)
