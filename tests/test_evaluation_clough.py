from pathlib import Path

from evaluation_factories import write_data

from wirecopy.evaluation.clough import PERMUTATION_SEEDS, run_clough


def test_odd_answers_are_reported_and_left_out_of_the_second_figures(tmp_path: Path) -> None:
    result = run_clough(write_data(tmp_path))
    assert [(o.answer, o.source, o.relation) for o in result.odd_answers] == [
        ("g4pD_taskb", "orig_taskb", "unrelated")
    ]
    assert (result.all_pairs.pairs, result.without_odd.pairs) == (10, 8)
    labels = {f.label: f for f in result.without_odd.labels}
    assert labels["cut"].called_derived == labels["light"].called_derived == 1.0
    assert labels["other_task"].called_derived == 0.0
    # the odd cut answer is missed, so recall is lower with it
    assert result.all_pairs.derived.recall < result.without_odd.derived.recall == 1.0
    assert len(result.f1_by_seed) == PERMUTATION_SEEDS
