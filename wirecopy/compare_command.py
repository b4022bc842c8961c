"""`wirecopy compare A B`: the scores and the shared passages of two articles.

A and B are text files (UTF-8) or, with --redis, ids of articles in the live index.

    wirecopy compare wire.txt outlet.txt
    wirecopy compare ap-1 outlet-7 --redis --tenant acme --json
"""

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from wirecopy.comparison import Comparison, compare
from wirecopy.errors import EmptyTextError, InputFormatError
from wirecopy.passages import Passage

EXCERPT_CHARS = 70


def add_command(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `compare` to the command line."""
    run = commands.add_parser(
        "compare",
        help="the passages two articles share, with offsets and how faithfully copied",
        description="Compare two articles: Jaccard, containment both ways and relation, "
        "then every shared passage with its character offsets in both texts (as given), "
        "its faithfulness (verbatim, lightly edited, reworded) and an excerpt of each side.",
    )
    run.add_argument("a", help="a text file, or with --redis an article id")
    run.add_argument("b", help="a text file, or with --redis an article id")
    run.add_argument(
        "--redis",
        nargs="?",
        const="",
        metavar="URL",
        help="look ids up in the live index; URL defaults to $WIRECOPY_REDIS_URL, "
        "else an embedded Redis",
    )
    run.add_argument("--tenant", default="default", help="the live index to use with --redis")
    run.add_argument("--json", action="store_true", help="print one JSON object")
    run.set_defaults(handler=_compare)


def _texts(args: argparse.Namespace) -> tuple[str, str]:
    wanted = [args.a, args.b]
    texts: dict[str, str] = {}
    for name in wanted:
        path = Path(name)
        if path.is_file():
            try:
                texts[name] = path.read_text("utf-8")
            except UnicodeDecodeError as error:
                raise InputFormatError(
                    f"{name} is not UTF-8 text (byte {error.start}): convert it to UTF-8"
                ) from None
    ids = [name for name in wanted if name not in texts]
    if ids and args.redis is None:
        raise InputFormatError(
            f"{ids[0]} is not a file: give a text file, or pass --redis to compare ids "
            "stored in the live index"
        )
    if ids:
        from wirecopy.live import LiveIndex, connect

        index = LiveIndex(connect(args.redis or None), args.tenant)
        for name in ids:
            text = index.text(name)
            if text is None:
                raise InputFormatError(
                    f"no text for id {name!r} in the live index of tenant {args.tenant!r}: "
                    "check the id and --tenant (an index made with keep_text off keeps none)"
                )
            texts[name] = text
    for name in wanted:
        if not texts[name].strip():
            raise EmptyTextError(f"{name} holds no text: give an article with words in it")
    return texts[args.a], texts[args.b]


def _excerpt(text: str, start: int, end: int) -> str:
    span = " ".join(text[start:end].split())
    if len(span) <= EXCERPT_CHARS:
        return span
    half = EXCERPT_CHARS // 2 - 2
    return f"{span[:half]} ... {span[-half:]}"


def passage_lines(p: Passage, text_a: str, text_b: str, number: int) -> list[str]:
    """One passage: offsets, faithfulness, and an excerpt of each side."""
    return [
        f"  {number}. A {p.a_start}-{p.a_end}, B {p.b_start}-{p.b_end}: {p.faithfulness} "
        f"(similarity {p.similarity:.2f}, {p.a_length} and {p.b_length} characters)",
        f"     A: {_excerpt(text_a, p.a_start, p.a_end)}",
        f"     B: {_excerpt(text_b, p.b_start, p.b_end)}",
    ]


def write_comparison(found: Comparison, text_a: str, text_b: str, out: TextIO) -> None:
    """The scores, then each passage, readably."""
    s, alignment = found.scores, found.alignment
    lines = [
        f"jaccard {s.jaccard:.2f}; {s.containment_a_in_b:.0%} of A's shingles in B, "
        f"{s.containment_b_in_a:.0%} of B's in A: {found.relation}",
        f"{len(alignment.passages)} shared passages cover {alignment.coverage_a:.0%} of A "
        f"and {alignment.coverage_b:.0%} of B",
    ]
    for number, p in enumerate(alignment.passages, start=1):
        lines += passage_lines(p, text_a, text_b, number)
    out.write("\n".join(lines) + "\n")


def _compare(args: argparse.Namespace) -> int:
    text_a, text_b = _texts(args)
    found = compare(text_a, text_b)
    if args.json:
        record = {"a": args.a, "b": args.b, **found.as_record()}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        write_comparison(found, text_a, text_b, sys.stdout)
    return 0
