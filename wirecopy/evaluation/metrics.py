"""The measures the evaluation reports: pure functions of labels and scores.

Clusterings are given as one cluster label per item (an item alone in its cluster is
a singleton cluster of its own). Binary measures take one flag per pair. A ratio whose
denominator is zero (no predicted pairs, no positive labels) is 0.0.

>>> predicted, truth = ["s", "s", "t", "t", "u"], ["s", "s", "s", "v", "v"]
>>> pairwise_scores(predicted, truth)
Scores(precision=0.5, recall=0.25, f1=0.3333)
>>> adjusted_rand_index(predicted, truth)
0.0909
>>> roc_auc([0.1, 0.4, 0.35, 0.8], [False, False, True, True])
0.75
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from wirecopy.errors import ParameterError

I64Array = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1, rounded to four decimals."""

    precision: float
    recall: float
    f1: float


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _scores(true_positives: float, predicted: float, actual: float) -> Scores:
    precision, recall = _ratio(true_positives, predicted), _ratio(true_positives, actual)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return Scores(round(precision, 4), round(recall, 4), round(f1, 4))


def _codes(labels: Sequence[Hashable]) -> I64Array:
    index: dict[Hashable, int] = {}
    return np.array([index.setdefault(label, len(index)) for label in labels], np.int64)


def _same_item_count(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> None:
    if len(predicted) != len(truth):
        raise ParameterError(
            f"{len(predicted)} predicted labels but {len(truth)} true ones: "
            "give one label per item in both, in the same item order"
        )


def _pair_counts(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> tuple[int, int, int]:
    """Pairs in one cluster in both clusterings, in the predicted one, and in the true one."""
    _same_item_count(predicted, truth)
    rows, columns = _codes(predicted), _codes(truth)
    table = np.zeros((int(rows.max(initial=-1)) + 1, int(columns.max(initial=-1)) + 1), np.int64)
    np.add.at(table, (rows, columns), 1)

    def pairs(counts: I64Array) -> int:
        return int((counts * (counts - 1) // 2).sum())

    return pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))


def pairwise_scores(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> Scores:
    """Precision, recall and F1 over the item pairs that share a cluster."""
    both, in_predicted, in_truth = _pair_counts(predicted, truth)
    return _scores(both, in_predicted, in_truth)


def adjusted_rand_index(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> float:
    """Hubert and Arabie's adjusted Rand index: 1 for equal clusterings, about 0 for chance.

    Two equal clusterings that leave nothing to chance (all singletons, or one cluster) score 1.
    """
    both, in_predicted, in_truth = _pair_counts(predicted, truth)
    all_pairs = len(truth) * (len(truth) - 1) // 2
    expected = _ratio(in_predicted * in_truth, all_pairs)
    best = (in_predicted + in_truth) / 2
    if best == expected:
        return 1.0
    return round((both - expected) / (best - expected), 4)


def binary_scores(predicted: Sequence[bool], labels: Sequence[bool]) -> Scores:
    """Precision, recall and F1 of predicted flags against true labels."""
    _same_item_count(predicted, labels)
    said, truth = np.asarray(predicted, bool), np.asarray(labels, bool)
    return _scores(int((said & truth).sum()), int(said.sum()), int(truth.sum()))


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve: the chance that a positive outscores a negative (ties half).

    Computed from ranks (the Mann-Whitney statistic), with tied scores sharing their mean rank.
    """
    _same_item_count(scores, labels)
    values, truth = np.asarray(scores, np.float64), np.asarray(labels, bool)
    positives = int(truth.sum())
    negatives = len(truth) - positives
    if positives == 0 or negatives == 0:
        raise ParameterError(
            f"ROC AUC needs both classes; got {positives} positive and {negatives} negative "
            "labels: include pairs of each kind"
        )
    _, group, counts = np.unique(values, return_inverse=True, return_counts=True)
    mean_rank = np.cumsum(counts) - (counts - 1) / 2  # 1-based ranks, ties share their mean
    rank_sum = float(mean_rank[group][truth].sum())
    return round((rank_sum - positives * (positives + 1) / 2) / (positives * negatives), 4)


def share(flags: Sequence[bool]) -> float:
    """The share of flags that are true (0.0 for none).

    >>> share([True, False, False, True])
    0.5
    """
    return round(_ratio(sum(bool(f) for f in flags), len(flags)), 4)
