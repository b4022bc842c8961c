"""Read the evaluation corpora from where they live (never copied into the project).

The corpora (`--data`, by default ../shared/data) and the five seed articles
(`--seeds`, by default ../shared/seeds) are described in their folders' README files.

- seeds: 000.txt to 004.txt, one real article each, on one event.
- clough: Clough & Stevenson's 95 short answers and 5 sources; 475 answer/source
  pairs labelled cut, light, heavy (derived), non or other_task (not derived).
- pan: PAN 2013 text alignment, dev half: 2,515 source/suspicious document pairs.
- bbc: 2,225 BBC News stories, 100 of them exact duplicates of an earlier one.

>>> import tempfile
>>> missing_files("clough", Path(tempfile.mkdtemp()), Path("."))[0].name
'clough_stevenson_documents.jsonl'
"""

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wirecopy.articles import Article
from wirecopy.errors import InputFormatError

SEED_IDS = ("000", "001", "002", "003", "004")
FILES = {
    "clough": (
        "clough_stevenson/clough_stevenson_documents.jsonl",
        "clough_stevenson/clough_stevenson_pairs.jsonl",
    ),
    "pan": ("pan13/pan13_documents.jsonl.gz", "pan13/pan13_pairs.jsonl"),
    "bbc": ("bbc_news/bbc_news.jsonl",),
    "passages": ("pan13/pan13_documents.jsonl.gz", "pan13/pan13_pairs.jsonl"),
}
CLOUGH_CATEGORIES = ("cut", "light", "heavy", "non", "other_task")
ODD_CUT_ANSWERS = ("g2pE_taskc", "g4pD_taskb")
"""Two `cut` answers that share almost nothing with their stated source (see the data README)."""
PAN_LABELS = ("none", "random", "translation", "summary", "no-plagiarism", "unannotated")
PAN_NO_REUSE = ("no-plagiarism", "unannotated")


@dataclass(frozen=True)
class LabelledPair:
    """Two documents, the label of their pair, and whether one is derived from the other."""

    a: str
    b: str
    label: str
    derived: bool


@dataclass(frozen=True)
class PairCorpus:
    """Documents by id, the labelled pairs, and the labels in reporting order."""

    texts: dict[str, str]
    pairs: list[LabelledPair]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class BbcCorpus:
    """The BBC articles, and for each exact duplicate the id of its earlier twin."""

    articles: list[Article]
    exact_dup_of: dict[str, str]


def missing_files(name: str, data: Path, seeds: Path) -> list[Path]:
    """The files evaluation set `name` needs that are not there."""
    if name in ("seeds", "seed-quotes"):
        needed = [seeds / f"{seed}.txt" for seed in SEED_IDS]
    else:
        needed = [data / file for file in FILES[name]]
    return [path for path in needed if not path.is_file()]


def check_present(names: tuple[str, ...], data: Path, seeds: Path) -> None:
    """Raise InputFormatError, naming the option to fix, unless every file is there."""
    for name in names:
        missing = missing_files(name, data, seeds)
        if not missing:
            continue
        if name in ("seeds", "seed-quotes"):
            hint = "pass --seeds with the folder holding 000.txt to 004.txt"
        else:
            hint = "pass --data with the folder holding clough_stevenson/, pan13/ and bbc_news/"
        raise InputFormatError(f"{missing[0]} does not exist: {hint}")


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open() as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise InputFormatError(
                    f"{path} line {number} is not valid JSON ({error.msg}): "
                    "restore the file from the corpus release"
                ) from None


def seed_articles(seeds: Path) -> list[Article]:
    """The five seed articles, ids 000 to 004, as published."""
    check_present(("seeds",), seeds, seeds)
    return [Article(seed, (seeds / f"{seed}.txt").read_text("utf-8")) for seed in SEED_IDS]


def clough_stevenson(data: Path) -> PairCorpus:
    """Every answer paired with every source, labelled by the answer's category."""
    documents, pairs = (data / file for file in FILES["clough"])
    texts = {row["id"]: row["text"] for row in _rows(documents)}
    labelled = [
        LabelledPair(row["answer_id"], row["source_id"], row["category"], bool(row["derived"]))
        for row in _rows(pairs)
    ]
    return PairCorpus(texts, labelled, CLOUGH_CATEGORIES)


def pan13(data: Path) -> PairCorpus:
    """PAN 2013 document pairs; reuse is any label but no-plagiarism and unannotated."""
    documents, pairs = (data / file for file in FILES["pan"])
    texts = {row["id"]: row["text"] for row in _rows(documents)}
    labelled = [
        LabelledPair(row["susp_id"], row["src_id"], row["label"], row["label"] not in PAN_NO_REUSE)
        for row in _rows(pairs)
    ]
    return PairCorpus(texts, labelled, PAN_LABELS)


def bbc_news(data: Path) -> BbcCorpus:
    """The BBC stories in file order, with their exact-duplicate links."""
    articles, twins = [], {}
    for row in _rows(data / FILES["bbc"][0]):
        articles.append(Article(row["id"], row["text"], title=row.get("title")))
        if row.get("exact_dup_of"):
            twins[row["id"]] = row["exact_dup_of"]
    return BbcCorpus(articles, twins)


def headline(text: str) -> str:
    """The first non-blank line of a text.

    >>> headline("\\n  Port closed \\n\\nThe port ...")
    'Port closed'
    """
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


@dataclass(frozen=True)
class PanCase:
    """One reused passage: [start, end) in the suspicious document and in the source."""

    this_start: int
    this_end: int
    source_start: int
    source_end: int


@dataclass(frozen=True)
class PanAlignmentPair:
    """A PAN document pair (suspicious, source), its label, and its reused passages."""

    id: str
    suspicious: str
    source: str
    label: str
    cases: tuple[PanCase, ...]


def pan13_alignment(data: Path) -> tuple[dict[str, str], list[PanAlignmentPair]]:
    """PAN 2013 documents by id, and every pair with its cases' character offsets."""
    documents, pairs = (data / file for file in FILES["pan"])
    texts = {row["id"]: row["text"] for row in _rows(documents)}
    found = []
    for row in _rows(pairs):
        cases = tuple(
            PanCase(
                c["this_offset"],
                c["this_offset"] + c["this_length"],
                c["source_offset"],
                c["source_offset"] + c["source_length"],
            )
            for c in row.get("cases", ())
        )
        pair = PanAlignmentPair(row["id"], row["susp_id"], row["src_id"], row["label"], cases)
        found.append(pair)
    return texts, found
