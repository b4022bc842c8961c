"""The seeds' shared quotes: aligning 002 against 001 must return them as passages.

A shared quote is a quotation in 002 and one in 001 (between quotation marks) that
hold a common run of words (a shared word n-gram of the aligner). Each must lie inside
one passage on both sides; the passage's offsets and its extent are reported, so that
a reader sees how tightly it hugs the quote. Quotes are found in the text, not listed
here: the seeds' text stays in ../shared/seeds.

>>> quotations('He said "we stay" and “we go”.')
[(9, 16), (23, 28)]
"""

import re
from dataclasses import dataclass
from pathlib import Path

from wirecopy.evaluation.datasets import seed_articles
from wirecopy.passages import Passage, align
from wirecopy.passages.seeds import shared_shingles
from wirecopy.passages.units import split_units
from wirecopy.passages.vocabulary import Vocabulary

PAIR = ("002", "001")
_QUOTE = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"|«([^»]+)»")


def quotations(text: str) -> list[tuple[int, int]]:
    """The character range of each quotation's inside, in order."""
    found = []
    for m in _QUOTE.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        found.append((m.start(group), m.end(group)))
    return found


@dataclass(frozen=True)
class SharedQuote:
    """A quote in A and in B with a common run of words, and the passage holding it."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    passage: Passage | None  # the passage holding the shared words on both sides

    @property
    def found(self) -> bool:
        return self.passage is not None


def _inside(ranges: list[tuple[int, int]], at: int) -> int | None:
    return next((n for n, (start, end) in enumerate(ranges) if start <= at < end), None)


def shared_quotes(text_a: str, text_b: str) -> list[SharedQuote]:
    """Every pair of quotes the two texts share, with the passage that covers it."""
    vocabulary = Vocabulary()
    a, b = split_units(text_a, vocabulary), split_units(text_b, vocabulary)
    qa, qb = quotations(text_a), quotations(text_b)
    words: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for wa, wb in zip(*shared_shingles(a, b), strict=True):
        na, nb = _inside(qa, int(a.starts[wa])), _inside(qb, int(b.starts[wb]))
        if na is None or nb is None:
            continue
        first_a, last_a = int(a.starts[wa]), int(a.ends[wa + 3])
        first_b, last_b = int(b.starts[wb]), int(b.ends[wb + 3])
        old = words.get((na, nb), (first_a, last_a, first_b, last_b))
        words[na, nb] = (
            min(old[0], first_a),
            max(old[1], last_a),
            min(old[2], first_b),
            max(old[3], last_b),
        )
    passages = align(text_a, text_b).passages
    found = []
    for (na, nb), (sa, ea, sb, eb) in sorted(words.items()):
        holding = next(
            (p for p in passages
             if p.a_start <= sa and ea <= p.a_end and p.b_start <= sb and eb <= p.b_end),
            None,
        )  # fmt: skip
        found.append(SharedQuote(*qa[na], *qb[nb], holding))
    return found


@dataclass(frozen=True)
class SeedQuotes:
    """The quotes 002 and 001 share, each with the passage holding it (if any)."""

    pair: tuple[str, str]
    quotes: list[SharedQuote]

    @property
    def floors(self) -> list[tuple[str, bool]]:
        held = sum(q.found for q in self.quotes)
        return [
            (f"seed-quotes: every quote {self.pair[0]} and {self.pair[1]} share is inside one "
             f"passage ({held}/{len(self.quotes)})", bool(self.quotes) and held == len(self.quotes))
        ]  # fmt: skip


def run_seed_quotes(seeds: Path) -> SeedQuotes:
    """The quotes 002 and 001 share, each with its passage."""
    texts = {a.id: a.text for a in seed_articles(seeds)}
    return SeedQuotes(PAIR, shared_quotes(texts[PAIR[0]], texts[PAIR[1]]))
