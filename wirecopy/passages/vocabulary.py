"""Stems for the aligner: each distinct word stemmed once per process, and stem ids
shared by the two texts of an alignment.

A :class:`StemTable` maps the hash of a case-folded word (:mod:`wirecopy.passages.scan`)
to its stem and whether it is a content word; :class:`StemCache` bounds the tables, and a
:class:`Vocabulary` numbers one alignment's stems 0, 1, ... as the texts first use them,
the numbering stemming word by word gave. News vocabulary repeats: after a few articles
nearly every word is found in the table, and PyStemmer runs only on new words.
"""

import threading
from collections.abc import Callable
from itertools import repeat

import numpy as np
import numpy.typing as npt
import Stemmer

from wirecopy.passages.stopwords import STOP_WORDS
from wirecopy.sets import first_appearance

I64Array = npt.NDArray[np.int64]
_STEMMER = Stemmer.Stemmer("english")


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
    >>> vocabulary.number(np.array([70, 30, 70])).tolist()
    [0, 1, 0]
    >>> vocabulary.number(np.array([50, 30])).tolist()
    [2, 1]
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
