"""Words and sentences of a text, each word with its character span in the text as given.

Words are found as the fingerprint finds them (:data:`wirecopy.tokens.WORD`) but on the
original text, so every word keeps its (start, end) offsets; alignment works on the
words' stems and maps results back through those offsets, never through a normalised
string. A sentence ends where the text between two words holds ``.``, ``!``, ``?`` or a
line break; a sentence of fewer than MIN_SENTENCE_TERMS content words joins the one
before ("No death on our side." stays with the quote it ends), a short first one the next.

>>> vocabulary: dict[str, int] = {}
>>> units = split_units("Officers were killed. It is unclear!", vocabulary)
>>> [("Officers were killed. It is unclear!"[s:e]) for s, e in zip(units.starts, units.ends)]
['Officers', 'were', 'killed', 'It', 'is', 'unclear']
>>> units.sentences.tolist()
[0, 6]
"""

import re
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt
import Stemmer

from wirecopy.passages.stopwords import STOP_WORDS
from wirecopy.tokens import WORD

I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
MIN_SENTENCE_TERMS = 3
_SENTENCE_END = re.compile(r"[.!?\n]")
_STEMMER = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Units:
    """A text's words (offsets, case-folded forms, stem ids) and its sentences."""

    starts: I64Array  # character offset of each word in the text as given
    ends: I64Array  # end exclusive
    words: list[str]  # case-folded
    terms: I64Array  # stem id of each word, in the vocabulary shared by both texts
    content: BoolArray  # not a function word
    sentences: I64Array  # index of each sentence's first word, then the word count

    @property
    def sentence_count(self) -> int:
        return len(self.sentences) - 1


def split_units(text: str, vocabulary: dict[str, int]) -> Units:
    """The words and sentences of `text`; new stems get the next ids of `vocabulary`."""
    spans = [m.span() for m in WORD.finditer(text)]
    bounds = np.fromiter(chain.from_iterable(spans), np.int64, 2 * len(spans)).reshape(-1, 2)
    starts, ends = bounds[:, 0].copy(), bounds[:, 1].copy()
    words = [text[s:e].casefold() for s, e in spans]
    stems = _STEMMER.stemWords(words)
    for stem in dict.fromkeys(stems):
        vocabulary.setdefault(stem, len(vocabulary))
    terms = np.fromiter(map(vocabulary.__getitem__, stems), np.int64, len(stems))
    content = np.fromiter((w not in STOP_WORDS for w in words), np.bool_, len(words))
    return Units(starts, ends, words, terms, content, _sentences(text, starts, ends, content))


def _sentences(text: str, starts: I64Array, ends: I64Array, content: BoolArray) -> I64Array:
    """Each sentence's first word, short sentences joined to the one before, then len(words)."""
    n = len(starts)
    if n == 0:
        return np.zeros(1, np.int64)
    marks = np.array([m.start() for m in _SENTENCE_END.finditer(text)], np.int64)
    # a sentence ends after word i when a mark lies between its end and word i+1's start
    ends_here = np.searchsorted(marks, starts[1:]) > np.searchsorted(marks, ends[:-1])
    firsts = np.concatenate(([0], np.flatnonzero(ends_here) + 1))
    counts = np.add.reduceat(content.astype(np.int64), firsts)
    kept: list[int] = []
    held = 0  # content words of the last kept sentence so far
    for first, count in zip(firsts.tolist(), counts.tolist(), strict=True):
        if not kept or (count >= MIN_SENTENCE_TERMS and held >= MIN_SENTENCE_TERMS):
            kept.append(first)
            held = 0
        held += count  # a short sentence joins the one before (a short first one, the next)
    return np.array([*kept, n], np.int64)
