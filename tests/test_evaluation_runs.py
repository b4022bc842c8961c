"""`wirecopy eval` end to end, on invented articles laid out as in ../shared."""

import json
from pathlib import Path

import pytest
from evaluation_factories import write_data, write_seeds

from wirecopy.cli import main


def test_eval_seeds_prints_each_article_and_meets_the_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "seeds", "--seeds", str(write_seeds(tmp_path))]) == 0
    out = capsys.readouterr().out
    rows = [line.split()[:3] for line in out.splitlines()]
    assert ["000", "000", "original"] in rows
    assert ["001", "000", "rewrite"] in rows
    assert ["002", "002", "partial"] in rows
    assert ["003", "000", "rewrite"] in rows
    assert ["004", "004", "partial"] in rows
    assert "000, 001, 003 in one story, 002 and 004 not in it: yes" in out
    assert "pairwise precision 1.000, recall 1.000, F1 1.000; adjusted Rand index 1.000" in out
    assert "of 100 MinHash permutation seeds" in out
    assert "NOT met" not in out
    assert out.count("  met  ") == 2


def test_eval_seeds_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "seeds", "--seeds", str(write_seeds(tmp_path)), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["params"].startswith("w5-p256-s1-")
    assert figures["seeds"]["one_story"]
    assert figures["seeds"]["quotes_partial"]
    assert figures["seeds"]["pairwise"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert [f["met"] for f in figures["floors"]] == [True, True]


def test_a_missed_floor_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = write_seeds(tmp_path, copy_as_004=True)
    assert main(["eval", "seeds", "--seeds", str(seeds)]) == 1
    assert "NOT met  seeds: 000, 001, 003 in one story" in capsys.readouterr().out


def test_eval_all_runs_every_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, seeds = write_data(tmp_path / "data"), write_seeds(tmp_path / "seeds")
    status = main(["eval", "all", "--data", str(data), "--seeds", str(seeds)])
    out = capsys.readouterr().out
    for heading in ("seeds:", "clough:", "pan:", "bbc:", "floors:"):
        assert f"\n{heading}" in f"\n{out}"
    assert "exact duplicates in one story with their twin: 1/1" in out
    assert status == (1 if "NOT met" in out else 0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "seeds", "--seeds", "nowhere"], "nowhere/000.txt does not exist: pass --seeds"),
        (["eval", "all", "--data", "nowhere", "--seeds", "seeds"], "pass --data with the folder"),
        (["eval", "bbc", "--data", "nowhere"], "nowhere/bbc_news/bbc_news.jsonl does not exist"),
    ],
)
def test_a_missing_path_stops_with_one_line_and_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    args: list[str], message: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    write_seeds(tmp_path / "seeds")
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing runs before every file is found
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("wirecopy: error:")
    assert message in captured.err


def test_eval_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "--help"])
    assert exit_info.value.code == 0
    assert "seeds,seed-quotes,clough,pan,bbc,passages,all" in capsys.readouterr().out
