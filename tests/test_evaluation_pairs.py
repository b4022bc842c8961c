from wirecopy.evaluation.datasets import LabelledPair
from wirecopy.evaluation.metrics import Scores
from wirecopy.evaluation.pairs import pair_figures
from wirecopy.relation import Thresholds
from wirecopy.scoring import PairScores

T = Thresholds(partial_containment=0.01, rewrite_containment=0.1)


def _pair(label: str, derived: bool, containment: float) -> tuple[LabelledPair, PairScores]:
    return LabelledPair("a", "b", label, derived), PairScores(0.0, containment, containment / 2)


CASES = [
    _pair("cut", True, 0.50),  # rewrite
    _pair("cut", True, 0.05),  # partial: still derived
    _pair("heavy", True, 0.005),  # missed
    _pair("non", False, 0.02),  # false positive
    _pair("non", False, 0.001),
    _pair("other", False, 0.0),
]


def test_derived_or_not_by_hand() -> None:
    pairs, scores = zip(*CASES, strict=True)
    found = pair_figures(pairs, scores, ("cut", "heavy", "non", "other"), T, ("cut",))
    # called derived: 0.50, 0.05, 0.02 -> tp 2 of 3 called, 2 of 3 derived
    assert found.derived == Scores(0.6667, 0.6667, 0.6667)
    assert (found.pairs, found.derived_pairs) == (6, 3)
    # positives 0.5, 0.05, 0.005 against 0.02, 0.001, 0.0: 3 + 3 + 2 = 8 of 9
    assert found.auc == 0.8889
    # rewrite or not: one rewrite called (the first cut pair), two cut pairs
    assert found.rewrite == Scores(1.0, 0.5, 0.6667)


def test_per_label_recall_false_positives_and_auc() -> None:
    pairs, scores = zip(*CASES, strict=True)
    found = {f.label: f for f in pair_figures(pairs, scores, ("cut", "heavy", "non"), T).labels}
    assert set(found) == {"cut", "heavy", "non"}  # only the labels asked for
    assert (found["cut"].called_derived, found["cut"].called_rewrite) == (1.0, 0.5)
    assert found["cut"].auc == 1.0
    assert found["heavy"].called_derived == 0.0
    # 0.005 against 0.02, 0.001, 0.0: beats two of three
    assert found["heavy"].auc == 0.6667
    assert (found["non"].called_derived, found["non"].auc) == (0.5, None)
