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
