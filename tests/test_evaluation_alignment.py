"""`wirecopy eval passages`: PAN's measures on a miniature PAN corpus laid out as in ../shared."""

import gzip
import json
from pathlib import Path

import pytest
from factories import make_article

from wirecopy.cli import main
from wirecopy.evaluation.alignment import run_passages

HEAD = (
    "Growing tomatoes on a balcony takes little more than a deep pot, a sunny wall and "
    "patience. Seedlings go out after the last frost, and a bamboo cane keeps them upright "
    "once the first trusses form. Water in the morning, never on the leaves."
)
TAIL = (
    "Pinch out the side shoots every week. A handful of comfrey feed each fortnight keeps "
    "the fruit coming until the nights turn cold, when the green ones ripen on a windowsill."
)


def write_pan(data: Path) -> Path:
    """Two suspicious documents: one reusing a passage of its source verbatim (a case with
    exact offsets), one unrelated to its source."""
    # fixed stories: which ones the factory draws must not hang on the tests run before
    source, unrelated, other = (make_article(n).text for n in (11, 12, 13))
    passage = source[source.index("\n\n") + 2 :][:700].rsplit(".", 1)[0] + "."
    start = source.index(passage)
    head = HEAD + " "
    suspicious = head + passage + " " + TAIL
    docs = {"src-1": source, "susp-1": suspicious, "src-2": other, "susp-2": unrelated}
    case = {
        "this_offset": len(head), "this_length": len(passage),
        "source_offset": start, "source_length": len(passage), "obfuscation": "none",
    }  # fmt: skip
    pairs = [
        {"id": "susp-1|src-1", "label": "none", "susp_id": "susp-1", "src_id": "src-1",
         "cases": [case]},
        {"id": "susp-2|src-2", "label": "no-plagiarism", "susp_id": "susp-2", "src_id": "src-2",
         "cases": []},
    ]  # fmt: skip
    folder = data / "pan13"
    folder.mkdir(parents=True)
    with gzip.open(folder / "pan13_documents.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps({"id": i, "text": t}) + "\n" for i, t in docs.items())
    (folder / "pan13_pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pairs))
    return data


def test_a_verbatim_case_is_found_at_its_offsets(tmp_path: Path) -> None:
    found = run_passages(write_pan(tmp_path))
    verbatim = found.by_label["none"]
    assert (verbatim.cases, verbatim.detections) == (1, 1)
    assert verbatim.recall > 0.99
    assert verbatim.precision > 0.99
    assert found.detections_without_reuse == {"no-plagiarism": 0, "unannotated": 0}
    assert found.by_label["random"].cases == 0
    assert all(met for _, met in found.floors)


def test_eval_passages_prints_the_table_and_meets_the_floors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "passages", "--data", str(write_pan(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "passages: PAN 2013 text alignment, dev half, 2 pairs" in out
    row = next(line.split() for line in out.splitlines() if line.strip().startswith("none"))
    assert row[1:3] == ["1", "1"]
    assert "met      passages: PAN plagdet none >= 0.9" in out


def test_eval_passages_without_the_corpus_stops_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "passages", "--data", str(tmp_path)]) == 2
    assert "pan13_documents.jsonl.gz does not exist" in capsys.readouterr().err
