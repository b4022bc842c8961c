import csv
import json
from pathlib import Path

import pytest
from factories import make_article, rewrite

from wirecopy.cli import main


def _write_jsonl(path: Path, n_stories: int = 2) -> list[str]:
    rows = []
    for _ in range(n_stories):
        wire = make_article()
        for article in (wire, rewrite(wire, "light")):
            when = article.published_at.isoformat() if article.published_at else None
            rows.append({"id": article.id, "text": article.text, "published_at": when})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    return [r["id"] for r in rows]


def test_dedup_writes_one_record_per_article_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _write_jsonl(tmp_path / "in.jsonl")
    assert main(["dedup", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl")]) == 0
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == ids
    assert [r["relation"] for r in records] == ["original", "rewrite"] * 2
    assert records[1]["cluster"] == ids[0]
    assert records[1]["related"][0]["id"] == ids[0]
    err = capsys.readouterr().err
    assert "skipped line 5: not valid JSON" in err
    assert "5 articles read, 1 skipped; 2 stories, 2 rewrites" in err


def test_csv_output_from_the_file_name(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "in.jsonl", n_stories=1)
    assert main(["dedup", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.csv")]) == 0
    with (tmp_path / "out.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [r["relation"] for r in rows] == ["original", "rewrite"]
    assert json.loads(rows[1]["related"])[0]["relation"] == "rewrite"


def test_example_corpus_prints_its_stories(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dedup", "--example", "--stories"]) == 0
    out = capsys.readouterr().out
    assert out.count("story wire-") == 4
    assert "standalone" not in out.split("partial copies")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dedup", "missing.jsonl"], "does not exist"),
        (["dedup", "in.txt.gz"], "pass --format"),
        (["dedup"], "give either an input file or --example"),
        (["dedup", "empty.jsonl"], "no usable article"),
        (["dedup", "notext.csv"], "no 'text' column"),
    ],
)
def test_input_to_fix_stops_with_one_line_and_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    args: list[str], message: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.txt.gz").write_bytes(b"\x1f\x8b")
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "notext.csv").write_text("id,body\n1,x\n")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("wirecopy: error:")
    assert message in err


@pytest.mark.parametrize("command", [[], ["dedup"]])
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: wirecopy" in capsys.readouterr().out


def test_dedup_against_the_live_index_reports_its_stories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tenant: str
) -> None:
    from conftest import TEST_REDIS_URL

    ids = _write_jsonl(tmp_path / "in.jsonl")
    command = ["dedup", str(tmp_path / "in.jsonl"), "--redis", TEST_REDIS_URL, "--tenant", tenant]
    for _ in range(2):  # the second run finds everything already indexed: same report
        assert main([*command, "-o", str(tmp_path / "out.jsonl")]) == 0
        records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
        assert [r["id"] for r in records] == ids
        assert [r["relation"] for r in records] == ["original", "rewrite"] * 2
        assert [r["cluster"] for r in records] == [ids[0], ids[0], ids[2], ids[2]]
        assert records[1]["containment_in_original"] > 0.5
    assert "2 stories, 2 rewrites" in capsys.readouterr().err
