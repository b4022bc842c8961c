import pytest

from wirecopy.errors import ParameterError
from wirecopy.relation import Relation, Thresholds, classify
from wirecopy.scoring import PairScores


def test_relation_follows_the_larger_containment() -> None:
    t = Thresholds(partial_containment=0.02, rewrite_containment=0.1)
    assert classify(PairScores(0.05, 0.01, 0.12), t) is Relation.REWRITE
    assert classify(PairScores(0.02, 0.05, 0.01), t) is Relation.PARTIAL
    assert classify(PairScores(0.0, 0.01, 0.01), t) is Relation.UNRELATED


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ParameterError, match="partial <= rewrite"):
        Thresholds(partial_containment=0.2, rewrite_containment=0.1)


def test_a_pair_too_reworded_for_shingles_is_partial_when_its_passages_cover_enough() -> None:
    t = Thresholds(partial_containment=0.02, rewrite_containment=0.1)
    faint = PairScores(0.003, 0.006, 0.004)  # a few shared shingles: the passages decide
    assert classify(faint, t) is Relation.UNRELATED
    assert classify(faint, t, coverage=0.09) is Relation.UNRELATED
    assert classify(faint, t, coverage=0.10) is Relation.PARTIAL
    nothing = PairScores(0.001, 0.002, 0.001)  # below the alignment floor: never aligned
    assert classify(nothing, t, coverage=0.9) is Relation.UNRELATED
