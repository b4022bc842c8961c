"""Derived or not, on labelled document pairs: Clough & Stevenson, and PAN 2013.

Every document is fingerprinted with the default parameters and every labelled pair
is scored from the two fingerprints. A pair is called derived when its relation is
not `unrelated` (its larger containment reaches the partial threshold), and a rewrite
when it reaches the rewrite threshold. The ROC AUC is that of the larger containment.

>>> from wirecopy.evaluation.datasets import LabelledPair
>>> pairs = [LabelledPair("a", "s", "cut", True), LabelledPair("b", "s", "non", False)]
>>> scores = [PairScores(0.3, 0.5, 0.4), PairScores(0.0, 0.001, 0.001)]
>>> found = pair_figures(pairs, scores, ("cut", "non"))
>>> found.derived, found.auc, [(c.label, c.called_derived) for c in found.labels]
(Scores(precision=1.0, recall=1.0, f1=1.0), 1.0, [('cut', 1.0), ('non', 0.0)])
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from wirecopy.errors import InputFormatError
from wirecopy.evaluation.datasets import LabelledPair, PairCorpus
from wirecopy.evaluation.metrics import Scores, binary_scores, roc_auc, share
from wirecopy.fingerprint import fingerprint_texts
from wirecopy.params import FingerprintParams
from wirecopy.passage_verdict import coverage
from wirecopy.relation import DEFAULT_THRESHOLDS, Relation, Thresholds, classify, needs_alignment
from wirecopy.scoring import PairScores, score_pairs


@dataclass(frozen=True)
class LabelFigures:
    """How the pairs of one label fare.

    `called_derived` is the recall for a derived label and the false-positive rate for
    the others; `auc` (derived labels only) ranks this label's pairs against every
    pair that is not derived.
    """

    label: str
    pairs: int
    derived: bool
    called_derived: float
    called_rewrite: float
    auc: float | None


@dataclass(frozen=True)
class PairFigures:
    """Derived-or-not figures over a set of pairs, overall and per label."""

    pairs: int
    derived_pairs: int
    derived: Scores
    auc: float
    labels: list[LabelFigures]
    rewrite: Scores | None = None  # rewrite-or-not, where the labels say what a rewrite is


def score_labelled_pairs(
    corpus: PairCorpus,
    params: FingerprintParams | None = None,
    processes: int | None = 1,
    exact: bool = True,
) -> list[PairScores]:
    """The scores of every labelled pair, in order (A is the pair's first document):
    exact, as `wirecopy dedup` scores, or (`exact=False`) estimated from signatures."""
    params = params or FingerprintParams()
    ids = list(corpus.texts)
    row = {doc_id: i for i, doc_id in enumerate(ids)}
    for pair in corpus.pairs:
        for doc_id in (pair.a, pair.b):
            if doc_id not in row:
                raise InputFormatError(
                    f"pair {pair.a}|{pair.b} names document {doc_id!r}, which is not in the "
                    "documents file: restore both files from the same corpus release"
                )
    batch = fingerprint_texts(
        [corpus.texts[i] for i in ids], params, processes=processes, keep_shingles=exact
    )
    left = np.array([row[pair.a] for pair in corpus.pairs], np.int64)
    right = np.array([row[pair.b] for pair in corpus.pairs], np.int64)
    jaccard, in_b, in_a = score_pairs(batch, left, right)
    return [
        PairScores(round(float(j), 4), round(float(x), 4), round(float(y), 4))
        for j, x, y in zip(jaccard, in_b, in_a, strict=True)
    ]


def passage_coverages(
    corpus: PairCorpus,
    scores: Sequence[PairScores],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    known: dict[tuple[str, str], float] | None = None,
) -> dict[int, float]:
    """The passage coverage of each pair whose verdict waits on its passages; `known`
    keeps alignments between calls (they depend on the texts alone)."""
    known = {} if known is None else known
    found = {}
    for k, (pair, s) in enumerate(zip(corpus.pairs, scores, strict=True)):
        if needs_alignment(s.containment, thresholds):
            if (pair.a, pair.b) not in known:
                known[pair.a, pair.b] = coverage(corpus.texts[pair.a], corpus.texts[pair.b])
            found[k] = known[pair.a, pair.b]
    return found


def pair_figures(
    pairs: Sequence[LabelledPair],
    scores: Sequence[PairScores],
    labels: Sequence[str],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    rewrite_labels: Sequence[str] = (),
    coverages: Mapping[int, float] | None = None,
) -> PairFigures:
    """Precision, recall, F1 and ROC AUC of derived-or-not, and the same per label;
    `coverages` holds the passage coverage of the pairs (by position) that were aligned
    (:func:`passage_coverages`), as `wirecopy dedup` aligns them."""
    covered = coverages or {}
    relations = [classify(s, thresholds, covered.get(k)) for k, s in enumerate(scores)]
    called = [r is not Relation.UNRELATED for r in relations]
    derived = [p.derived for p in pairs]
    containment = [s.containment for s in scores]
    negatives = [i for i, p in enumerate(pairs) if not p.derived]
    per_label = []
    for label in labels:
        members = [i for i, p in enumerate(pairs) if p.label == label]
        if not members:
            continue
        is_derived = pairs[members[0]].derived
        auc = None
        if is_derived and negatives:
            ranked = members + negatives
            auc = roc_auc([containment[i] for i in ranked], [pairs[i].derived for i in ranked])
        per_label.append(
            LabelFigures(
                label,
                len(members),
                is_derived,
                share([called[i] for i in members]),
                share([relations[i] is Relation.REWRITE for i in members]),
                auc,
            )
        )
    rewrite = None
    if rewrite_labels:
        rewrite = binary_scores(
            [r is Relation.REWRITE for r in relations], [p.label in rewrite_labels for p in pairs]
        )
    return PairFigures(
        len(pairs),
        sum(derived),
        binary_scores(called, derived),
        roc_auc(containment, derived),
        per_label,
        rewrite,
    )
