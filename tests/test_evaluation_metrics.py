"""Every measure against small cases worked out by hand (in the comments)."""

import pytest

from wirecopy.errors import ParameterError
from wirecopy.evaluation.metrics import (
    Scores,
    adjusted_rand_index,
    binary_scores,
    pairwise_scores,
    roc_auc,
    share,
)

# Items 0..4. Predicted {0,1} {2,3} {4}; true {0,1,2} {3,4}.
# Same-cluster pairs: predicted (0,1) (2,3); true (0,1) (0,2) (1,2) (3,4); both: (0,1).
PREDICTED = ["s", "s", "t", "t", "u"]
TRUTH = [7, 7, 7, 9, 9]


def test_pairwise_scores_count_same_cluster_pairs() -> None:
    # precision 1/2, recall 1/4, F1 = 2 * 1/2 * 1/4 / (3/4) = 1/3
    assert pairwise_scores(PREDICTED, TRUTH) == Scores(0.5, 0.25, 0.3333)


def test_adjusted_rand_index_by_hand() -> None:
    # 10 pairs; expected = 2 * 4 / 10 = 0.8; max = (2 + 4) / 2 = 3; (1 - 0.8) / (3 - 0.8) = 1/11
    assert adjusted_rand_index(PREDICTED, TRUTH) == 0.0909


def test_the_expected_seed_clustering_scores_perfectly_and_its_neighbours_do_not() -> None:
    truth = ["story", "story", "002", "story", "004"]
    assert pairwise_scores(["a", "a", "b", "a", "c"], truth) == Scores(1.0, 1.0, 1.0)
    assert adjusted_rand_index(["a", "a", "b", "a", "c"], truth) == 1.0
    # 004 pulled into the story: predicted pairs 6, true 3, both 3
    merged = ["a", "a", "b", "a", "a"]
    assert pairwise_scores(merged, truth) == Scores(0.5, 1.0, 0.6667)
    # expected = 6 * 3 / 10 = 1.8; max = 4.5; (3 - 1.8) / (4.5 - 1.8) = 4/9
    assert adjusted_rand_index(merged, truth) == 0.4444


def test_singletons_are_clusters_of_their_own() -> None:
    assert pairwise_scores([1, 2, 3], [1, 2, 3]) == Scores(0.0, 0.0, 0.0)  # no pairs at all
    assert adjusted_rand_index([1, 2, 3], [1, 2, 3]) == 1.0
    assert adjusted_rand_index([1, 2, 3], [1, 1, 1]) == 0.0


def test_adjusted_rand_index_ignores_label_names_but_not_grouping() -> None:
    assert adjusted_rand_index(["x", "x", "y", "y"], [5, 5, 6, 6]) == 1.0
    # one cluster against two halves: 2 same-cluster pairs in truth, 6 predicted, 2 both;
    # expected = 6 * 2 / 6 = 2 = index, so 0
    assert adjusted_rand_index([1, 1, 1, 1], [5, 5, 6, 6]) == 0.0


def test_binary_scores() -> None:
    predicted = [True, True, False, True, False]
    labels = [True, False, False, True, True]
    # tp 2, predicted 3, positives 3
    assert binary_scores(predicted, labels) == Scores(0.6667, 0.6667, 0.6667)
    assert binary_scores([False, False], [True, False]) == Scores(0.0, 0.0, 0.0)


def test_roc_auc_counts_ties_as_half() -> None:
    # positives 2 and 3 against negatives 1 and 2: 1 + 0.5 + 1 + 1 = 3.5 of 4
    assert roc_auc([1, 2, 2, 3], [False, True, False, True]) == 0.875
    assert roc_auc([0.5, 0.5], [False, True]) == 0.5
    assert roc_auc([0.9, 0.1], [False, True]) == 0.0
    assert roc_auc([0.1, 0.4, 0.35, 0.8], [False, False, True, True]) == 0.75


def test_roc_auc_needs_both_classes() -> None:
    with pytest.raises(ParameterError, match="needs both classes"):
        roc_auc([0.1, 0.2], [True, True])


def test_lengths_must_match() -> None:
    with pytest.raises(ParameterError, match="one label per item"):
        pairwise_scores([1, 2], [1])
    with pytest.raises(ParameterError, match="one label per item"):
        binary_scores([True], [True, False])


def test_share() -> None:
    assert share([True, False, True]) == 0.6667
    assert share([]) == 0.0
