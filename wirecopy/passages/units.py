"""Words and sentences of a text, each word with its character span in the text as given.

Words are found as the fingerprint finds them (:data:`wirecopy.tokens.WORD`) but on the
original text, so every word keeps its (start, end) offsets; alignment works on the
words' stems and maps results back through those offsets, never through a normalised
string. A sentence ends where the text between two words holds ``.``, ``!``, ``?`` or a
line break; a sentence of fewer than MIN_SENTENCE_TERMS content words joins the one
before ("No death on our side." stays with the quote it ends), a short first one the next.

The words are found by a compiled scan (:mod:`wirecopy.passages.scan`), and each
distinct word is stemmed once per process (:class:`StemTable`): news vocabulary
repeats, and stemming every word was most of the time of an alignment.

>>> units = split_units("Officers were killed. It is unclear!", Vocabulary())
>>> [("Officers were killed. It is unclear!"[s:e]) for s, e in zip(units.starts, units.ends)]
['Officers', 'were', 'killed', 'It', 'is', 'unclear']
>>> units.sentences.tolist()
[0, 6]
"""

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat

import numpy as np
import numpy.typing as npt
import Stemmer
import xxhash

from wirecopy.passages.scan import Scanned, U64Array, scan
from wirecopy.passages.sets import first_appearance
from wirecopy.passages.stopwords import STOP_WORDS
from wirecopy.tokens import WORD

I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
MIN_SENTENCE_TERMS = 3
_SENTENCE_END = re.compile(r"[.!?\n]")
_STEMMER = Stemmer.Stemmer("english")


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


class StemTable:
    """The stem of each word hash seen so far, as a code: its stem's id (in this table's
    numbering of stems) times two, plus one for a content word."""

    def __init__(self) -> None:
        self._codes: dict[int, int] = {}
        self._stems: dict[str, int] = {}
        self._adding = threading.Lock()  # two threads must not give two stems one id

    def __len__(self) -> int:
        return len(self._codes)

    def codes(self, hashes: list[int], word: Callable[[int], str]) -> I64Array:
        """The code of each word hash; `word(i)` gives the case-folded word of `hashes[i]`
        when it is not yet known."""
        codes = np.fromiter(map(self._codes.get, hashes, repeat(-1)), np.int64, len(hashes))
        missing = np.flatnonzero(codes < 0).tolist()
        if missing:  # rare once the table has seen a day of news
            words = [word(i) for i in missing]
            stems = _STEMMER.stemWords(words)
            with self._adding:
                for i, w, stem in zip(missing, words, stems, strict=True):
                    stem_id = self._stems.setdefault(stem, len(self._stems))
                    codes[i] = self._codes[hashes[i]] = 2 * stem_id + (w not in STOP_WORDS)
        return codes


class StemCache:
    """Stem tables, bounded: once a table holds `limit` words, the next alignment starts a
    fresh one (the old one stays whole for any alignment still using it). Starting afresh
    costs nothing per lookup, where an LRU would keep books on every one; news vocabulary
    fills a fresh table again within a few articles."""

    def __init__(self, limit: int = 1 << 16) -> None:
        self.limit = limit
        self._table = StemTable()

    def table(self) -> StemTable:
        if len(self._table) >= self.limit:
            self._table = StemTable()
        return self._table


STEMS = StemCache()


class Vocabulary:
    """Stem ids shared by the texts of one alignment, numbered 0, 1, ... in the order the
    texts first use them; stems come from one table of `cache` for all the texts.

    >>> vocabulary = Vocabulary()
    >>> split_units("Officers killed", vocabulary).terms.tolist()
    [0, 1]
    >>> split_units("the killing of an officer", vocabulary).terms.tolist()
    [2, 1, 3, 4, 0]
    """

    def __init__(self, cache: StemCache = STEMS) -> None:
        self.table = cache.table()
        self._stems = np.zeros(0, np.int64)  # the table's stem id of each id given

    def __len__(self) -> int:
        return len(self._stems)

    def number(self, stems: I64Array) -> I64Array:
        """The id of each of the table's stem ids, new ones numbered as they first appear."""
        distinct, _, which = first_appearance(stems)
        ids = np.zeros(len(distinct), np.int64)
        known = np.zeros(len(distinct), np.bool_)
        if len(self._stems):
            order = np.argsort(self._stems)
            ordered = self._stems[order]
            at = np.minimum(np.searchsorted(ordered, distinct), len(ordered) - 1)
            known = ordered[at] == distinct
            ids[known] = order[at[known]]
        new = ~known
        ids[new] = len(self._stems) + np.arange(int(new.sum()))
        self._stems = np.concatenate((self._stems, distinct[new]))
        return ids[which]


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
