"""Generate a dedup benchmark corpus: wire stories and their outlet rewrites, with ground truth.

    python bench/make_corpus.py ../shared/data/bbc_news/bbc_news.jsonl \\
        -o /tmp/wirecopy-bench/corpus.jsonl --articles 100000 --seed 7

Every BBC article that is not an exact duplicate (`exact_dup_of`) becomes one wire
story, taken as it is. Each wire story is written out with k rewrites (k drawn from
0..6), each at an edit level, light, medium or heavy:

| edit | light | medium | heavy |
|---|---|---|---|
| sentences dropped (never the lead) | 5% | 15% | 30% |
| sentence swaps / paragraphs shuffled | 1 / no | 2 / no | 3 / yes |
| added paragraphs | 0-1 | 1 | 1-2 |
| words replaced, deleted or inserted (text in "..." kept) | 5% | 15% | 30% |

Every rewrite also gets a changed headline (its first line, 40% of its words edited)
and 1-4 lines of page debris ("Share", "By Jane Roe", "© Example Photos", "Read
more", ...). An added paragraph is 2-3 sentences, each from a different unrelated BBC
article, reworded into new copy (below), so that it adds unrelated text.

When the BBC stories are used up, the next wire stories are mosaics: 4-7 paragraphs,
at most one from each of as many random BBC articles, shuffled, reworded into new
copy under the first donor's headline, also reworded. Mosaics are rewritten like any
wire story.

Rewording into new copy edits 30% of the words (quotes too, though the quotation
marks stay), placed so that no five words of the donor survive in a row: the corpus's
distinct stories then share no word 5-gram (wirecopy's shingle) beyond chance.
`--loose` places those edits at random instead, as a plain 30% would: about a fifth of
the donor's 5-grams then survive, so every mosaic shares real copy with each BBC
story it borrows a paragraph from (often past wirecopy's rewrite threshold), which
the ground truth counts as a different story.

Wire stories are published at random times over 2026; a rewrite 5 minutes to 48
hours after its wire. Records are written in order of publication. Each carries id,
text, title, source, published_at (ISO 8601, Z) and url, and the ground truth:
`story` (the wire's id), `level` (wire, light, medium or heavy) and `based_on`
(the BBC ids the wire was made from). The same arguments give the same file.
"""

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

MAX_REWRITES = 6
MOSAIC_PARAGRAPHS = (4, 7)
FRESH_SPREAD = (0.17, 4)
"""Mosaics and added paragraphs: an edit at 17%, and always before 5 untouched words
in a row; 30% of the words in all (as many untouched as by FRESH_LOOSE)."""
FRESH_LOOSE = (0.30, None)
"""With --loose: edits at 30%, placed at random (about a fifth of 5-grams survive)."""
HEADLINE_REWORDING = 0.40


@dataclass(frozen=True)
class EditLevel:
    """How hard an outlet edits the wire copy."""

    name: str
    drop: float  # share of sentences dropped (never the lead)
    swaps: int  # adjacent sentences swapped
    shuffle_paragraphs: bool  # paragraphs after the lead put in a new order
    added_paragraphs: tuple[int, int]  # paragraphs of borrowed, unrelated text
    reword: float  # share of words replaced, deleted or inserted, outside quotes


LEVELS = (
    EditLevel("light", 0.05, 1, False, (0, 1), 0.05),
    EditLevel("medium", 0.15, 2, False, (1, 1), 0.15),
    EditLevel("heavy", 0.30, 3, True, (1, 2), 0.30),
)
DEBRIS = (
    "Share",
    "Share this article",
    "By Jane Roe",
    "By John Doe, Staff Writer",
    "© Example Photos",
    "Read more",
    "Advertisement",
)
OUTLETS = (
    "Daily Example", "Example Herald", "Morning Sample", "The Placeholder", "Evening Fixture",
    "Harbour Gazette", "Northfield Post", "Southgate Echo", "Valley Courier", "Metro Example",
    "Coastline News", "Capital Sample", "The Weekly Mock", "Riverside Times", "Example Chronicle",
)  # fmt: skip
WIRES = ("Example Wire", "Sample Press Agency", "Fixture News Service")
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_QUOTED = re.compile(r'("[^"]*")')
_TOKEN = re.compile(r"\w+")
_MARKS = "\"'()[],.;:!?-"  # kept around a replaced word


@dataclass(frozen=True)
class Source:
    """One BBC article: its headline and its body as paragraphs of sentences."""

    id: str
    headline: str
    paragraphs: list[list[str]]


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, never cutting inside a "quote"."""
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(paragraph.strip()):
        if sentences and sentences[-1].count('"') % 2:
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return [s for s in sentences if s]


def load_sources(path: Path) -> list[Source]:
    """The BBC articles that are not exact duplicates, in file order."""
    sources = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("exact_dup_of"):
                continue
            headline, _, body = row["text"].strip().partition("\n")
            paragraphs = [split_sentences(p) for p in body.split("\n\n") if p.strip()]
            sources.append(Source(row["id"], headline.strip(), [p for p in paragraphs if p]))
    return sources


def vocabulary(sources: list[Source]) -> list[str]:
    """Every distinct lowercase word of the sources, sorted (so sampling is reproducible)."""
    words: set[str] = set()
    for source in sources:
        for paragraph in source.paragraphs:
            for sentence in paragraph:
                words.update(re.findall(r"[a-z]+", sentence.lower()))
    return sorted(words)


class Rewriter:
    """Every random edit, drawn from one seeded generator."""

    def __init__(self, sources: list[Source], seed: int, *, loose: bool = False) -> None:
        self.rng = random.Random(seed)
        self.sources = sources
        self.words = vocabulary(sources)
        self.fresh_text = FRESH_LOOSE if loose else FRESH_SPREAD

    def reword(self, text: str, rate: float, longest_run: int | None = None) -> str:
        """Replace, delete or insert-before (1/2, 1/4, 1/4) a share `rate` of the words of `text`.

        With `longest_run`, a word is always edited before the untouched words (counted
        in `\\w+` tokens) exceed it, so no `longest_run + 1` tokens of `text` survive in
        a row. A replacement keeps the punctuation around the word it replaces, and a
        word carrying a quotation mark is replaced rather than deleted, so quotes stay
        balanced.
        """
        out: list[str] = []
        run = 0  # tokens left untouched since the last edit
        for word in text.split():
            tokens = len(_TOKEN.findall(word))
            roll = self.rng.random()
            if roll >= rate and (longest_run is None or run + tokens <= longest_run):
                out.append(word)
                run += tokens
                continue
            roll = self.rng.random()
            run = 0
            if roll < 1 / 4 and '"' not in word:
                continue  # deleted
            if roll < 3 / 4:
                core = word.strip(_MARKS)
                start = word.find(core) if core else len(word)
                out.append(word[:start] + self.rng.choice(self.words) + word[start + len(core) :])
            else:
                out += (self.rng.choice(self.words), word)
                run = tokens
        return " ".join(out)

    def reword_fresh(self, text: str) -> str:
        """`text` reworded into new copy (mosaics and added paragraphs)."""
        return self.reword(text, *self.fresh_text)

    def reword_outside_quotes(self, text: str, rate: float) -> str:
        """Like `reword`, leaving every "quoted passage" as it was."""
        parts = _QUOTED.split(text)
        for index in range(0, len(parts), 2):  # even parts are outside quotes
            part = parts[index]
            before = " " if part[:1].isspace() else ""
            after = " " if part[-1:].isspace() and part.strip() else ""
            parts[index] = before + self.reword(part, rate) + after
        return "".join(parts)

    def borrowed_paragraph(self, avoid: set[str]) -> str:
        """2-3 sentences, each from a different BBC article not in `avoid`, reworded."""
        sentences = []
        for _ in range(self.rng.randint(2, 3)):
            donor = self.rng.choice(self.sources)
            while donor.id in avoid:
                donor = self.rng.choice(self.sources)
            sentence = self.rng.choice(self.rng.choice(donor.paragraphs))
            sentences.append(self.reword_fresh(sentence))
        return " ".join(sentences)

    def mosaic(self) -> Source:
        """A new wire story from paragraphs of several BBC articles, reworded at 30%."""
        count = self.rng.randint(*MOSAIC_PARAGRAPHS)
        donors = self.rng.sample(self.sources, count)
        paragraphs = [
            split_sentences(self.reword_fresh(" ".join(self.rng.choice(d.paragraphs))))
            for d in donors
        ]
        self.rng.shuffle(paragraphs)
        headline = self.reword_fresh(donors[0].headline) or donors[0].headline
        return Source("+".join(d.id for d in donors), headline, [p for p in paragraphs if p])

    def rewrite(self, story: Source, level: EditLevel) -> tuple[str, str]:
        """An outlet's headline and text for `story`, edited at `level`."""
        rng = self.rng
        lead, *rest = [list(p) for p in story.paragraphs]
        lead = lead[:1] + [s for s in lead[1:] if rng.random() >= level.drop]
        rest = [[s for s in p if rng.random() >= level.drop] for p in rest]
        rest = [p for p in rest if p]
        if level.shuffle_paragraphs:
            rng.shuffle(rest)
        for _ in range(rng.randint(*level.added_paragraphs)):
            avoid = set(story.id.split("+"))
            rest.insert(rng.randint(0, len(rest)), [self.borrowed_paragraph(avoid)])
        sentences = [s for p in (lead, *rest) for s in p]
        for _ in range(level.swaps):
            if len(sentences) >= 3:  # never moves the lead
                i = rng.randrange(1, len(sentences) - 1)
                sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        sizes = [len(p) for p in (lead, *rest)]
        paragraphs, start = [], 0
        for size in sizes:
            chunk = " ".join(sentences[start : start + size])
            paragraphs.append(self.reword_outside_quotes(chunk, level.reword))
            start += size
        headline = self.reword(story.headline, HEADLINE_REWORDING) or story.headline
        for _ in range(rng.randint(1, 4)):
            paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(DEBRIS))
        return headline, headline + "\n\n" + "\n\n".join(p for p in paragraphs if p)


def record(
    article_id: str, story: str, level: str, headline: str, text: str, when: datetime, source: str
) -> dict[str, Any]:
    """One corpus line."""
    slug = source.lower().replace(" ", "-")
    return {
        "id": article_id,
        "text": text,
        "title": headline,
        "source": source,
        "published_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "url": f"https://{slug}.example/{article_id}",
        "story": story,
        "level": level,
    }


def generate(
    sources: list[Source], articles: int, seed: int, *, loose: bool = False
) -> list[dict[str, Any]]:
    """`articles` records: wire stories, then their rewrites, in order of publication."""
    maker = Rewriter(sources, seed, loose=loose)
    rng = maker.rng
    order = list(sources)
    rng.shuffle(order)
    records: list[dict[str, Any]] = []
    number = 0
    while len(records) < articles:
        story = order[number] if number < len(order) else maker.mosaic()
        number += 1
        wire_id = f"s{number:06d}"
        when = YEAR_START + timedelta(seconds=rng.randrange(365 * 24 * 3600))
        body = "\n\n".join(" ".join(p) for p in story.paragraphs)
        wire = record(
            wire_id, wire_id, "wire", story.headline, f"{story.headline}\n\n{body}", when,
            rng.choice(WIRES),
        )  # fmt: skip
        wire["based_on"] = story.id.split("+")
        records.append(wire)
        k = min(rng.randint(0, MAX_REWRITES), articles - len(records))
        for r in range(1, k + 1):
            level = rng.choice(LEVELS)
            headline, text = maker.rewrite(story, level)
            later = when + timedelta(seconds=rng.randrange(5 * 60, 48 * 3600))
            records.append(
                record(
                    f"{wire_id}-r{r}", wire_id, level.name, headline, text, later,
                    rng.choice(OUTLETS),
                )
            )  # fmt: skip
    records.sort(key=lambda row: (row["published_at"], row["id"]))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("bbc", type=Path, help="bbc_news.jsonl from ../shared/data/bbc_news")
    parser.add_argument("-o", "--output", type=Path, required=True, help="corpus to write (.jsonl)")
    parser.add_argument("--articles", type=int, default=100_000, help="records (default 100000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--loose",
        action="store_true",
        help="place the edits of mosaics and added paragraphs at random, so about a fifth of "
        "their donors' word 5-grams survive (shared copy the ground truth does not count)",
    )
    args = parser.parse_args()
    sources = load_sources(args.bbc)
    records = generate(sources, args.articles, args.seed, loose=args.loose)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for row in records:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    levels = Counter(row["level"] for row in records)
    mosaics = sum(1 for row in records if row["level"] == "wire" and len(row["based_on"]) > 1)
    print(f"{len(records):,} articles written to {args.output} (seed {args.seed})")
    print(f"{levels['wire']:,} wire stories: {levels['wire'] - mosaics:,} BBC, {mosaics:,} mosaics")
    for level in ("wire", "light", "medium", "heavy"):
        print(f"  {level:<7} {levels[level]:>8,}")


if __name__ == "__main__":
    main()
