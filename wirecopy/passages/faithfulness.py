"""How faithfully a passage was copied: verbatim, lightly edited, or reworded.

The similarity of two spans is the Dice coefficient of their sets of word bigrams
(case-folded words in order; single words when a span has one word). A passage is
``verbatim`` when both spans hold the same words in the same order (case, punctuation
and spacing aside), ``lightly edited`` from LIGHT_EDIT similarity, else ``reworded``.

>>> judge("the port was closed on monday".split(), "the port was closed on monday".split())
('verbatim', 1.0)
>>> judge("the port was closed on monday".split(), "the port was shut on monday".split())
('lightly edited', 0.6)
>>> judge("the port was closed on monday".split(), "on monday dockers shut it".split())
('reworded', 0.2222)
"""

from collections.abc import Hashable, Sequence
from itertools import pairwise
from typing import TypeVar

from wirecopy.passages.model import Faithfulness

W = TypeVar("W", bound=Hashable)
"""A word, or anything standing for one (the aligner passes word hashes)."""

LIGHT_EDIT = 0.5


def _grams(words: Sequence[W]) -> set[tuple[W, ...]]:
    if len(words) < 2:
        return {tuple(words)} if words else set()
    return set(pairwise(words))


def similarity(a_words: Sequence[W], b_words: Sequence[W]) -> float:
    """Dice coefficient of the two word sequences' bigram sets, rounded to 4 places."""
    ga, gb = _grams(a_words), _grams(b_words)
    total = len(ga) + len(gb)
    return round(2 * len(ga & gb) / total, 4) if total else 0.0


def judge(a_words: Sequence[W], b_words: Sequence[W]) -> tuple[Faithfulness, float]:
    """The faithfulness of a passage with these words on each side, and its similarity."""
    if a_words == b_words:
        return "verbatim", 1.0
    score = similarity(a_words, b_words)
    return ("lightly edited" if score >= LIGHT_EDIT else "reworded"), score
