"""Read a corpus of articles: JSONL, CSV, Parquet, or a folder of .txt files.

A record that cannot be used (bad JSON, no text, a bad date, a repeated id, bytes
that are not UTF-8) is reported with its line number and skipped: one bad record
never stops a run. A file that cannot be read at all raises InputFormatError.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.jsonl"
>>> _ = path.write_text('{"id": "1", "text": "Hello there"}\\nnot json\\n')
>>> corpus = read_corpus(path)
>>> [a.id for a in corpus.articles], [(b.line, b.reason[:20]) for b in corpus.skipped]
(['1'], [(2, 'not valid JSON (Expe')])
"""

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirecopy.articles import Article, parse_time
from wirecopy.errors import InputError, InputFormatError

FORMATS = ("jsonl", "csv", "parquet", "txt")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
FIELDS = ("id", "text", "title", "source", "published_at", "url")


@dataclass(frozen=True)
class SkippedRecord:
    """A record left out, where it was (line, row, or file) and why."""

    line: int | str
    reason: str


@dataclass
class Corpus:
    """The articles read, in input order, and the records skipped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)


def detect_format(path: Path) -> str:
    """The format of `path` from its name (a folder means .txt files)."""
    if path.is_dir():
        return "txt"
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise InputFormatError(
            f"cannot tell the format of {path.name!r} from its name: name it .jsonl, .csv or "
            f".parquet, or pass --format with one of {', '.join(FORMATS)}"
        )
    return found


def read_corpus(path: Path, fmt: str | None = None) -> Corpus:
    """Read every article of `path`; raise InputFormatError if nothing can be read."""
    if not path.exists():
        raise InputFormatError(f"{path} does not exist: check the path")
    fmt = fmt or detect_format(path)
    readers = {"jsonl": _jsonl_rows, "csv": _csv_rows, "parquet": _parquet_rows, "txt": _txt_rows}
    if fmt not in readers:
        raise InputFormatError(f"format {fmt!r} is unknown: use one of {', '.join(FORMATS)}")
    corpus = Corpus()
    seen: set[str] = set()
    for where, row in readers[fmt](path):
        if isinstance(row, str):
            corpus.skipped.append(SkippedRecord(where, row))
            continue
        try:
            article = _article(row)
        except InputError as error:
            corpus.skipped.append(SkippedRecord(where, str(error)))
            continue
        if article.id in seen:
            corpus.skipped.append(SkippedRecord(where, f"id {article.id!r} repeats an earlier one"))
            continue
        seen.add(article.id)
        corpus.articles.append(article)
    if not corpus.articles:
        why = ""
        if corpus.skipped:
            first = corpus.skipped[0]
            why = f" (first problem, at {first.line}: {first.reason})"
        raise InputFormatError(
            f"{path} holds no usable article{why}: each needs an `id` and a `text`"
        )
    return corpus


def _article(row: dict[str, Any]) -> Article:
    if row.get("text") in (None, ""):
        raise InputError("no `text`: give each article its text")
    if row.get("id") in (None, ""):
        raise InputError("no `id`: give each article an id")
    if not isinstance(row["text"], str):
        raise InputError(f"`text` is a {type(row['text']).__name__}, not a string of text")
    if not isinstance(row["id"], str | int):
        raise InputError(f"`id` is a {type(row['id']).__name__}: use a string or a number")
    optional = {k: (None if row.get(k) in (None, "") else str(row[k])) for k in ("title", "source")}
    return Article(
        id=str(row["id"]),
        text=row["text"],
        title=optional["title"],
        source=optional["source"],
        published_at=parse_time(row.get("published_at") or None),
        url=None if row.get("url") in (None, "") else str(row["url"]),
    )


Rows = Iterator[tuple[int | str, dict[str, Any] | str]]


def _jsonl_rows(path: Path) -> Rows:
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8-sig"))  # -sig: a BOM some editors put first
            except UnicodeDecodeError:
                yield number, "not UTF-8 text: save the file as UTF-8"
                continue
            except json.JSONDecodeError as error:
                yield number, f"not valid JSON ({error.msg} at column {error.colno})"
                continue
            if not isinstance(row, dict):
                yield number, "not a JSON object: write one {...} per line"
                continue
            yield number, row


def _require_columns(path: Path, columns: list[str]) -> None:
    missing = [c for c in ("id", "text") if c not in columns]
    if missing:
        raise InputFormatError(
            f"{path.name} has no {' or '.join(repr(c) for c in missing)} column "
            f"(columns found: {', '.join(columns) or 'none'}): name the columns id and text"
        )


def _csv_rows(path: Path) -> Rows:
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:  # Excel writes a BOM
            reader = csv.DictReader(f)
            _require_columns(path, list(reader.fieldnames or []))
            for row in reader:
                yield reader.line_num, row
    except UnicodeDecodeError:
        raise InputFormatError(f"{path.name} is not UTF-8 text: save it as UTF-8") from None
    except csv.Error as error:
        raise InputFormatError(f"{path.name} is not readable CSV ({error})") from None


def _parquet_rows(path: Path) -> Rows:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several unrelated types for a bad file
        raise InputFormatError(f"{path.name} is not a readable Parquet file ({error})") from None
    _require_columns(path, parquet.schema_arrow.names)
    columns = [c for c in FIELDS if c in parquet.schema_arrow.names]
    number = 0
    for batch in parquet.iter_batches(columns=columns):
        for row in batch.to_pylist():
            number += 1
            yield number, row


def _txt_rows(path: Path) -> Rows:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    if not files:
        raise InputFormatError(f"{path} holds no .txt files: put one article per .txt file")
    for file in files:
        try:
            yield file.name, {"id": file.stem, "text": file.read_text(encoding="utf-8")}
        except UnicodeDecodeError:
            yield file.name, "not UTF-8 text: save the file as UTF-8"
