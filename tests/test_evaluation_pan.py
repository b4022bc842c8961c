from pathlib import Path

from evaluation_factories import write_data

from wirecopy.evaluation.pan import run_pan


def test_verbatim_reuse_is_found_and_unrelated_pairs_are_not(tmp_path: Path) -> None:
    found = run_pan(write_data(tmp_path), processes=1)
    labels = {f.label: f for f in found.labels}
    assert [f.label for f in found.labels] == ["none", "no-plagiarism", "unannotated"]
    assert labels["none"].called_derived == labels["none"].called_rewrite == 1.0
    assert labels["no-plagiarism"].called_derived == labels["unannotated"].called_derived == 0.0
    assert found.derived.f1 == found.auc == 1.0
