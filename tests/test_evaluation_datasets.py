from pathlib import Path

import pytest
from evaluation_factories import write_data, write_seeds

from wirecopy.errors import InputFormatError
from wirecopy.evaluation.datasets import (
    bbc_news,
    check_present,
    clough_stevenson,
    headline,
    missing_files,
    pan13,
    seed_articles,
)


def test_the_miniature_corpora_read_back(tmp_path: Path) -> None:
    data = write_data(tmp_path)
    clough = clough_stevenson(data)
    assert len(clough.pairs) == 10
    assert len(clough.texts) == 7
    assert {p.label for p in clough.pairs if p.derived} == {"cut", "light", "heavy"}
    pan = pan13(data)
    assert [(p.label, p.derived) for p in pan.pairs] == [
        ("none", True),
        ("no-plagiarism", False),
        ("unannotated", False),
    ]
    bbc = bbc_news(data)
    assert len(bbc.articles) == 5
    assert bbc.exact_dup_of == {"bbc-tech-004": "bbc-tech-001"}


def test_seeds_are_read_in_order_and_nothing_else(tmp_path: Path) -> None:
    articles = seed_articles(write_seeds(tmp_path))
    assert [a.id for a in articles] == ["000", "001", "002", "003", "004"]


def test_a_missing_file_names_the_option_to_fix(tmp_path: Path) -> None:
    write_seeds(tmp_path / "seeds")
    (tmp_path / "seeds" / "003.txt").unlink()
    assert [p.name for p in missing_files("seeds", tmp_path, tmp_path / "seeds")] == ["003.txt"]
    with pytest.raises(InputFormatError, match=r"003\.txt does not exist: pass --seeds"):
        check_present(("seeds",), tmp_path, tmp_path / "seeds")
    with pytest.raises(
        InputFormatError, match=r"pan13_documents\.jsonl\.gz does not exist: pass --data"
    ):
        check_present(("pan",), tmp_path, tmp_path)


def test_broken_json_says_where(tmp_path: Path) -> None:
    data = write_data(tmp_path)
    (data / "bbc_news" / "bbc_news.jsonl").write_text('{"id": "a", "text": "x"}\n{oops\n')
    with pytest.raises(InputFormatError, match="line 2 is not valid JSON"):
        bbc_news(data)


def test_headline_is_the_first_line_with_words() -> None:
    assert headline("\n\n  Ferry closes  \nBody") == "Ferry closes"
    assert headline("   ") == ""
