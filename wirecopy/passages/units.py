"""Words and sentences of a text, each word with its character span in the text as given.

Words are found as the fingerprint finds them (:data:`wirecopy.tokens.WORD`) but on the
original text, so every word keeps its (start, end) offsets; alignment works on the
words' stems and maps results back through those offsets, never through a normalised
string. A sentence ends where the text between two words holds ``.``, ``!``, ``?`` or a
line break; a sentence of fewer than MIN_SENTENCE_TERMS content words joins the one
before ("No death on our side." stays with the quote it ends), a short first one the next.

The words are found by a compiled scan (:mod:`wirecopy.passages.scan`), and each
distinct word is stemmed once per process (:mod:`wirecopy.passages.vocabulary`): news
vocabulary repeats, and stemming every word was most of the time of an alignment.

>>> from wirecopy.passages.vocabulary import Vocabulary
>>> units = split_units("Officers were killed. It is unclear!", Vocabulary())
>>> [("Officers were killed. It is unclear!"[s:e]) for s, e in zip(units.starts, units.ends)]
['Officers', 'were', 'killed', 'It', 'is', 'unclear']
>>> units.sentences.tolist()
[0, 6]
"""

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import xxhash

from wirecopy.passages.scan import Scanned, U64Array, scan
from wirecopy.passages.vocabulary import Vocabulary
from wirecopy.sets import first_appearance
from wirecopy.tokens import WORD

I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
MIN_SENTENCE_TERMS = 3
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Units:
    """A text's words (offsets, word hashes, stem ids) and its sentences."""

    text: str
    starts: I64Array  # character offset of each word in the text as given
    ends: I64Array  # end exclusive
    forms: U64Array  # XXH64 of each case-folded word: equal words, equal forms
    terms: I64Array  # stem id of each word, in the vocabulary shared by both texts
    content: BoolArray  # not a function word
    sentences: I64Array  # index of each sentence's first word, then the word count

    @property
    def sentence_count(self) -> int:
        return len(self.sentences) - 1

    @cached_property
    def words(self) -> list[str]:
        """The case-folded words (made on demand: alignment itself needs only forms)."""
        return [self.text[s:e].casefold() for s, e in zip(self.starts, self.ends, strict=True)]


def split_units(text: str, vocabulary: Vocabulary) -> Units:
    """The words and sentences of `text`; new stems get the next ids of `vocabulary`."""
    scanned = scan(text) or _scan_by_regex(text)
    starts, ends = scanned.starts, scanned.ends
    # distinct words in the order the text first uses them, so that stems are numbered so
    forms, places, form_of_word = first_appearance(scanned.hashes.view(np.int64))

    def word(i: int) -> str:
        return text[int(starts[places[i]]) : int(ends[places[i]])].casefold()

    codes = vocabulary.table.codes(forms.view(np.uint64).tolist(), word)
    terms = vocabulary.number(codes >> 1)[form_of_word]
    content = (codes & 1).astype(np.bool_)[form_of_word]
    sentences = _sentences(scanned.breaks, content)
    return Units(text, starts, ends, scanned.hashes, terms, content, sentences)


def _scan_by_regex(text: str) -> Scanned:
    """What :func:`wirecopy.passages.scan.scan` gives, by the regular expression: for texts
    with characters outside its tables."""
    spans = [m.span() for m in WORD.finditer(text)]
    bounds = np.array(spans, np.int64).reshape(-1, 2)
    starts, ends = bounds[:, 0].copy(), bounds[:, 1].copy()
    hashes = np.array(
        [xxhash.xxh64_intdigest(text[s:e].casefold().encode("utf-8")) for s, e in spans],
        np.uint64,
    )
    marks = np.array([m.start() for m in _SENTENCE_END.finditer(text)], np.int64)
    # a mark between word i-1's end and word i's start
    breaks = np.zeros(len(spans), np.bool_)
    breaks[1:] = np.searchsorted(marks, starts[1:]) > np.searchsorted(marks, ends[:-1])
    return Scanned(starts, ends, hashes, breaks)


def _sentences(breaks: BoolArray, content: BoolArray) -> I64Array:
    """Each sentence's first word, short sentences joined to the one before, then len(words)."""
    n = len(breaks)
    if n == 0:
        return np.zeros(1, np.int64)
    firsts = np.concatenate(([0], np.flatnonzero(breaks[1:]) + 1))
    counts = np.add.reduceat(content.astype(np.int64), firsts)
    kept: list[int] = []
    held = 0  # content words of the last kept sentence so far
    for first, count in zip(firsts.tolist(), counts.tolist(), strict=True):
        if not kept or (count >= MIN_SENTENCE_TERMS and held >= MIN_SENTENCE_TERMS):
            kept.append(first)
            held = 0
        held += count  # a short sentence joins the one before (a short first one, the next)
    return np.array([*kept, n], np.int64)
