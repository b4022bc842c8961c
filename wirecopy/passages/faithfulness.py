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

The aligner judges its passages by word hashes (:func:`judge_forms`), in numpy.
"""

from collections.abc import Hashable, Sequence
from itertools import pairwise
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from wirecopy.passages.model import Faithfulness
from wirecopy.sets import isin, unique

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


_MIX = np.uint64(0x9E3779B185EBCA87)


def judge_forms(
    a_forms: npt.NDArray[np.uint64], b_forms: npt.NDArray[np.uint64]
) -> tuple[Faithfulness, float]:
    """What :func:`judge` gives on the words these 64-bit word hashes stand for, without a
    Python object per word: each bigram is one 64-bit hash of its two words' hashes.

    >>> forms = np.array([11, 12, 13, 14], np.uint64)
    >>> judge_forms(forms, forms), judge_forms(forms, forms[[0, 1, 3, 2]])
    (('verbatim', 1.0), ('reworded', 0.3333))
    """
    if len(a_forms) < 2 or len(b_forms) < 2:
        return judge(a_forms.tolist(), b_forms.tolist())
    if np.array_equal(a_forms, b_forms):
        return "verbatim", 1.0
    ga, gb = (unique((f[:-1] * _MIX + f[1:]).view(np.int64)) for f in (a_forms, b_forms))
    score = round(2 * int(isin(ga, gb).sum()) / (len(ga) + len(gb)), 4)
    return ("lightly edited" if score >= LIGHT_EDIT else "reworded"), score
