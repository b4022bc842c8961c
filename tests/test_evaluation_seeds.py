from pathlib import Path

from evaluation_factories import write_seeds

from wirecopy.evaluation.metrics import Scores
from wirecopy.evaluation.seeds import run_seeds


def test_three_rewrites_make_one_story_and_quote_sharers_stay_partial(tmp_path: Path) -> None:
    result = run_seeds(write_seeds(tmp_path), permutation_seeds=3)
    found = {a.id: (a.cluster, a.relation) for a in result.articles}
    assert found["000"] == ("000", "original")
    assert found["001"] == found["003"] == ("000", "rewrite")
    assert found["002"] == ("002", "partial")
    assert found["004"] == ("004", "partial")
    assert result.one_story
    assert result.quotes_partial
    assert result.floor_met
    assert (result.pairwise, result.ari) == (Scores(1.0, 1.0, 1.0), 1.0)
    assert 1 <= result.met_with_seeds <= result.permutation_seeds == 3


def test_every_pair_is_scored_as_dedup_scores_it(tmp_path: Path) -> None:
    result = run_seeds(write_seeds(tmp_path), permutation_seeds=0)
    assert [f"{p.a}-{p.b}" for p in result.pairs][:4] == [
        "000-001",
        "000-002",
        "000-003",
        "000-004",
    ]
    assert len(result.pairs) == 10
    light = result.pairs[0]
    assert light.relation == "rewrite"
    assert light.containment_a_in_b > 0.5
    assert abs(light.estimated_a_in_b - light.containment_a_in_b) < 0.2


def test_a_verbatim_copy_as_004_fails_both_checks(tmp_path: Path) -> None:
    result = run_seeds(write_seeds(tmp_path, copy_as_004=True), permutation_seeds=0)
    assert not result.one_story
    assert not result.quotes_partial
    assert result.pairwise.precision < 1.0
