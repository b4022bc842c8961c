import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wirecopy.errors import InputFormatError
from wirecopy.readers import detect_format, read_corpus

ROWS = [
    {"id": "a", "text": "First story text.", "title": "A", "published_at": "2026-01-05T10:00:00Z"},
    {"id": "b", "text": "Second story text.", "source": "Wire", "url": "https://example.org/b"},
]


def test_jsonl_with_bad_lines_reports_and_skips_them(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(ROWS[0]), "{broken", "[1, 2]", json.dumps({"id": "c"}),
             json.dumps({**ROWS[1], "published_at": "yesterday"}), json.dumps(ROWS[1]),
             json.dumps(ROWS[1])]  # fmt: skip
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe\n")
    corpus = read_corpus(path)
    assert [a.id for a in corpus.articles] == ["a", "b"]
    reasons = {s.line: s.reason for s in corpus.skipped}
    assert "not valid JSON" in reasons[2]
    assert "not a JSON object" in reasons[3]
    assert "no `text`" in reasons[4]
    assert "ISO 8601" in reasons[5]
    assert "repeats" in reasons[7]
    assert "UTF-8" in reasons[8]
    assert corpus.articles[0].published_at is not None
    assert corpus.articles[1].url == "https://example.org/b"


def test_csv_and_parquet_read_the_same_articles(tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("id,text,title,source,published_at,url\n"
                        "a,\"First story, with a comma.\",A,,2026-01-05,\n"
                        "b,Second story text.,,Wire,,\n")  # fmt: skip
    parquet_path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), parquet_path)
    assert [a.id for a in read_corpus(csv_path).articles] == ["a", "b"]
    assert read_corpus(csv_path).articles[0].text == "First story, with a comma."
    assert [a.text for a in read_corpus(parquet_path).articles] == [r["text"] for r in ROWS]


def test_folder_of_txt_files_uses_file_stems_as_ids(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Story one.")
    (tmp_path / "two.txt").write_text("Story two.")
    (tmp_path / "notes.md").write_text("ignored")
    assert [a.id for a in read_corpus(tmp_path).articles] == ["one", "two"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("in.xml", "<a/>", "pass --format"),
        ("in.jsonl", "", "no usable article"),
        ("in.jsonl", '{"id": "x"}\n', "no `text`"),
        ("in.csv", "id,body\n1,hello\n", "no 'text' column"),
        ("in.parquet", "not parquet", "not a readable Parquet"),
    ],
)
def test_unusable_files_stop_with_a_fix(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputFormatError, match=message):
        read_corpus(path)


def test_missing_path_and_forced_format(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="does not exist"):
        read_corpus(tmp_path / "nope.jsonl")
    path = tmp_path / "articles.data"
    path.write_text(json.dumps(ROWS[0]) + "\n")
    assert len(read_corpus(path, "jsonl").articles) == 1
    assert detect_format(tmp_path) == "txt"


def test_text_and_id_of_the_wrong_type_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "types.jsonl"
    rows = [{"id": 7, "text": "Numbers make fine ids."}, {"id": "b", "text": ["a", "list"]},
            {"id": {"x": 1}, "text": "An object is no id."}]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    corpus = read_corpus(path)
    assert [a.id for a in corpus.articles] == ["7"]
    reasons = {s.line: s.reason for s in corpus.skipped}
    assert "`text` is a list" in reasons[2]
    assert "`id` is a dict" in reasons[3]


def test_half_characters_from_broken_escapes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(
        '{"id": "a\\ud800", "text": "Some text."}\n'
        '{"id": "b", "text": "Some text.", "title": "x\\udfff"}\n'
        '{"id": "c", "text": "Fine text."}\n'
    )
    corpus = read_corpus(path)
    assert [a.id for a in corpus.articles] == ["c"]
    assert all("half of a character" in s.reason for s in corpus.skipped)
    assert "`title`" in corpus.skipped[1].reason


def test_a_byte_order_mark_is_not_part_of_the_first_record(tmp_path: Path) -> None:
    jsonl, csv_path = tmp_path / "bom.jsonl", tmp_path / "bom.csv"
    jsonl.write_bytes(b"\xef\xbb\xbf" + json.dumps(ROWS[0]).encode() + b"\n")
    csv_path.write_bytes(b"\xef\xbb\xbfid,text\na,Some text here.\n")
    assert [a.id for a in read_corpus(jsonl).articles] == ["a"]
    assert [a.id for a in read_corpus(csv_path).articles] == ["a"]
