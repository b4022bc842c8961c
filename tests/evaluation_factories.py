"""Miniature evaluation corpora, laid out as in ../shared, made from invented articles.

`write_seeds` writes five seeds whose outcome is fixed (their text never depends on how
many articles other tests made first); `write_data` writes tiny Clough & Stevenson,
PAN 2013 and BBC corpora in the real files' formats.
"""

import gzip
import json
from pathlib import Path
from typing import Any

from factories import make_article, rewrite

from wirecopy.articles import Article

WIRE = """Harrowmere ferry terminal to close for two years as repairs begin

The ferry terminal at Harrowmere will close for two years from March while engineers replace its
sinking pier, the harbour board announced on Tuesday, leaving about 4,000 daily passengers to
travel by a temporary landing stage at Colby Point.

The board said the pier, built in 1962, had dropped eleven centimetres since the winter storms and
could no longer carry the weight of loaded lorries. Divers found cracked piles under the eastern
berth in January, and a second survey in February confirmed the damage had spread.

"We did not take this decision lightly, but the pier is simply not safe for another season,"
harbour master Ingrid Valcourt told a meeting of traders at the town hall.

The replacement will cost 31 million euros, of which the national transport fund has promised 18
million. The remainder will come from a rise in harbour dues and a loan from the regional bank,
according to documents published by the board on Monday evening.

Shop owners on Quay Street, who depend on passengers walking up from the terminal, said the closure
would hit them hard. A survey by the local chamber of commerce found that two in three businesses
on the street expect sales to fall by more than a quarter while the works continue.

"Every morning the first boat brings me forty customers before nine, and now they will all land
three kilometres away," said Tomas Ferreira, who has run a bakery beside the terminal since 1994.

The ferry operator, Northsound Lines, said it would run a free shuttle bus between Colby Point and
the town centre every fifteen minutes. Crossings to the islands will take about ten minutes longer
because the temporary landing stage lies further from the main channel.

Opposition councillors questioned why the board had waited so long. Records show engineers first
warned about the eastern berth in 2019, and the repair budget was cut twice in the following years.

"The board knew the pier was failing five years ago and chose to patch it with paint and promises,"
said councillor Amira Okonjo, who has asked the regional auditor to review the decision.

The board expects to award the main contract in February. Work on the new pier, which will rest on
steel piles driven twenty metres into the seabed, is due to be finished by the spring of 2029.
"""


def seed_set(copy_as_004: bool = False) -> dict[str, Article]:
    """000 the wire, 001 and 003 its light and heavy rewrites, 002 and 004 sharing a quote.

    With `copy_as_004`, 004 is the wire copied verbatim instead, so the checks must fail.
    """
    wire = Article("wire", WIRE)
    fourth = rewrite(wire, "verbatim") if copy_as_004 else rewrite(wire, "quotes_only", seed=2)
    return {
        "000": wire,
        "001": rewrite(wire, "light"),
        "002": rewrite(wire, "quotes_only", seed=1),
        "003": rewrite(wire, "heavy"),
        "004": fourth,
    }


def write_seeds(folder: Path, copy_as_004: bool = False) -> Path:
    """Write 000.txt to 004.txt (and a README, which must be ignored) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed, article in seed_set(copy_as_004).items():
        (folder / f"{seed}.txt").write_text(article.text, encoding="utf-8")
    (folder / "README.md").write_text("not a seed\n")
    return folder


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(row) + "\n" for row in rows)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")


def _write_clough(data: Path) -> None:
    sources = {"orig_taska": make_article(), "orig_taskb": make_article()}
    a = sources["orig_taska"]
    answers = {
        "g0pA_taska": ("cut", "orig_taska", rewrite(a, "verbatim")),
        "g0pB_taska": ("light", "orig_taska", rewrite(a, "light")),
        "g0pC_taska": ("heavy", "orig_taska", rewrite(a, "heavy")),
        "g0pD_taska": ("non", "orig_taska", make_article()),
        "g4pD_taskb": ("cut", "orig_taskb", make_article()),  # one of the two odd answers
    }
    docs = [{"id": i, "text": s.text} for i, s in sources.items()]
    docs += [{"id": i, "text": art.text} for i, (_, _, art) in answers.items()]
    pairs = []
    for answer, (category, own, _) in answers.items():
        for source in sources:
            label = category if source == own else "other_task"
            derived = label in ("cut", "light", "heavy")
            pairs.append(
                {"id": f"{answer}|{source}", "answer_id": answer, "source_id": source}
                | {"category": label, "derived": derived}
            )
    _write_jsonl(data / "clough_stevenson" / "clough_stevenson_documents.jsonl", docs)
    _write_jsonl(data / "clough_stevenson" / "clough_stevenson_pairs.jsonl", pairs)


def _write_pan(data: Path) -> None:
    source, other = make_article(), make_article()
    docs = {
        "source-document00001": source.text,
        "source-document00002": other.text,
        "suspicious-document00001": rewrite(source, "verbatim").text,
        "suspicious-document00002": make_article().text,
    }
    pairs = [
        ("suspicious-document00001", "source-document00001", "none"),
        ("suspicious-document00002", "source-document00002", "no-plagiarism"),
        ("suspicious-document00002", "source-document00001", "unannotated"),
    ]
    documents = [{"id": i, "role": i.split("-")[0], "text": t} for i, t in docs.items()]
    labelled = [
        {"id": f"{s}|{r}", "label": label, "susp_id": s, "src_id": r} for s, r, label in pairs
    ]
    _write_jsonl(data / "pan13" / "pan13_documents.jsonl.gz", documents)
    _write_jsonl(data / "pan13" / "pan13_pairs.jsonl", labelled)


def _write_bbc(data: Path) -> None:
    wire, other = make_article(), make_article()
    rows: list[dict[str, Any]] = [
        {"id": "bbc-tech-001", "text": wire.text, "exact_dup_of": None},
        {"id": "bbc-tech-002", "text": other.text, "exact_dup_of": None},
        {"id": "bbc-tech-003", "text": rewrite(wire, "light").text, "exact_dup_of": None},
        {"id": "bbc-tech-004", "text": wire.text, "exact_dup_of": "bbc-tech-001"},
        {"id": "bbc-tech-005", "text": make_article().text, "exact_dup_of": None},
    ]
    for row in rows:
        row |= {"category": "tech", "title": row["text"].split("\n", 1)[0]}
    _write_jsonl(data / "bbc_news" / "bbc_news.jsonl", rows)


def write_data(data: Path) -> Path:
    """Write miniature clough_stevenson/, pan13/ and bbc_news/ folders into `data`."""
    _write_clough(data)
    _write_pan(data)
    _write_bbc(data)
    return data
