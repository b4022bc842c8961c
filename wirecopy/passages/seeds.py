"""Seeds: pairs of sentences, one from each text, that are likely one copied from the other.

Two kinds, as text-reuse engines use them:

- a shared word n-gram (SHINGLE_WORDS stems in a row, at least two of them content
  words), which survives light editing, as passim's seeds do;
- a sentence pair whose content words overlap strongly, for copies where most words
  were replaced (Sanchez-Perez, Sidorov & Gelbukh, PAN 2014): tf-isf vectors (isf:
  inverse sentence frequency over the sentences of both texts), seeded when
  cosine > MIN_COSINE and Dice > MIN_DICE (0.3; they used 0.33, 0.3 scored better on PAN).

>>> from wirecopy.passages.units import split_units
>>> from wirecopy.passages.vocabulary import Vocabulary
>>> vocabulary = Vocabulary()
>>> a = split_units("Port workers walked out on Monday. Wage talks with owners failed.", vocabulary)
>>> b = split_units("Ministers stayed away from Kessling. Port workers walked out on Monday.",
...                 vocabulary)
>>> seeds = seed_pairs(a, b, TermWeights.of(a, b), shared_shingles(a, b))
>>> [(int(i), int(j)) for i, j in zip(*seeds, strict=True)]
[(0, 1)]
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from wirecopy.passages.units import I64Array, Units
from wirecopy.sets import equal_pairs, unique, unique_counts

F64Array = npt.NDArray[np.float64]
SHINGLE_WORDS = 4
MIN_COSINE = 0.3
MIN_DICE = 0.3
BEST_MARGIN = 0.1
"""A seed is kept when its cosine is within this of the best seed of its sentence in A
or of its sentence in B."""


def sentence_of_words(units: Units) -> I64Array:
    """The sentence number of each word."""
    return np.repeat(np.arange(units.sentence_count), np.diff(units.sentences))


@dataclass(frozen=True)
class TermWeights:
    """Inverse sentence frequency of every stem over the sentences of both texts,
    log(1 + sentences / sentences holding it)."""

    isf: F64Array

    @classmethod
    def of(cls, a: Units, b: Units) -> "TermWeights":
        size = int(max(a.terms.max(initial=-1), b.terms.max(initial=-1))) + 1
        frequency = np.zeros(size, np.float64)
        for units in (a, b):
            keys = sentence_of_words(units)[units.content] * size + units.terms[units.content]
            frequency += np.bincount(unique(keys) % size, minlength=size)
        total = max(a.sentence_count + b.sentence_count, 1)
        # log(1 + N/n), not log(N/n): a stem in every sentence still counts a little
        return cls(np.log1p(total / np.maximum(frequency, 1.0)))


def _sentence_terms(units: Units, size: int) -> tuple[I64Array, I64Array, F64Array]:
    """(sentence, term, count) for each distinct content stem of each sentence."""
    keys = sentence_of_words(units)[units.content] * size + units.terms[units.content]
    distinct, counts = unique_counts(keys)
    return distinct // size, distinct % size, counts.astype(np.float64)


def _similarities(a: Units, b: Units, weights: TermWeights) -> tuple[F64Array, F64Array]:
    """Cosine of the tf-isf vectors and Dice of the stem sets, for every sentence pair."""
    size = len(weights.isf)
    na, nb = a.sentence_count, b.sentence_count
    sa, ta, ca = _sentence_terms(a, size)
    sb, tb, cb = _sentence_terms(b, size)
    wa, wb = ca * weights.isf[ta], cb * weights.isf[tb]
    # the products of the sparse sentence-by-stem matrices, over the stems both hold: a
    # dense product would multiply mostly zeros (and start BLAS threads for it)
    left, right = equal_pairs(ta, tb)
    return _similarity_kernel(sa, wa, sb, wb, na, nb, left, right)


@njit(cache=True)
def _similarity_kernel(
    sa: I64Array,
    wa: F64Array,
    sb: I64Array,
    wb: F64Array,
    na: int,
    nb: int,
    left: I64Array,
    right: I64Array,
) -> tuple[F64Array, F64Array]:
    """Cosine and Dice of every sentence pair from the (sentence, weight) entries of each
    text and the pairs of entries with the same stem; a sentence without content words
    is similar to nothing (0)."""
    dot, common = np.zeros((na, nb)), np.zeros((na, nb))
    for k in range(len(left)):
        i, j = sa[left[k]], sb[right[k]]
        dot[i, j] += wa[left[k]] * wb[right[k]]
        common[i, j] += 1.0
    norms_a, norms_b, sizes_a, sizes_b = np.zeros(na), np.zeros(nb), np.zeros(na), np.zeros(nb)
    for k in range(len(sa)):
        norms_a[sa[k]] += wa[k] * wa[k]
        sizes_a[sa[k]] += 1.0
    for k in range(len(sb)):
        norms_b[sb[k]] += wb[k] * wb[k]
        sizes_b[sb[k]] += 1.0
    norms_a, norms_b = np.sqrt(norms_a), np.sqrt(norms_b)
    cosine, dice = np.zeros((na, nb)), np.zeros((na, nb))
    for i in range(na):
        for j in range(nb):
            norm, size = norms_a[i] * norms_b[j], sizes_a[i] + sizes_b[j]
            cosine[i, j] = dot[i, j] / norm if norm > 0 else 0.0
            dice[i, j] = 2.0 * common[i, j] / size if size > 0 else 0.0
    return cosine, dice


def shingle_hashes(units: Units) -> tuple[I64Array, I64Array]:
    """A hash of every run of SHINGLE_WORDS stems with two content words or more, and the
    index of its first word."""
    n = len(units.terms) - SHINGLE_WORDS + 1
    if n <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    hashes = np.zeros(n, np.int64)
    content = np.zeros(n, np.int64)
    for k in range(SHINGLE_WORDS):  # int64 arithmetic wraps: a hash, not a number
        hashes = hashes * np.int64(1_000_003) + units.terms[k : k + n]
        content += units.content[k : k + n]
    first = np.flatnonzero(content >= 2)
    return hashes[first], first


def shared_shingles(a: Units, b: Units) -> tuple[I64Array, I64Array]:
    """Word positions (first word in A, first word in B) of every shingle both share."""
    ha, pa = shingle_hashes(a)
    hb, pb = shingle_hashes(b)
    left, right = equal_pairs(ha, hb)
    return pa[left], pb[right]


def seed_pairs(
    a: Units, b: Units, weights: TermWeights, shingles: tuple[I64Array, I64Array]
) -> tuple[I64Array, I64Array]:
    """Seed sentence pairs (sentence in A, sentence in B), each pair once, from sentence
    similarity and from `shingles` (:func:`shared_shingles`), each sentence's best only."""
    if a.sentence_count == 0 or b.sentence_count == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cosine, dice = _similarities(a, b, weights)
    seeded = (cosine > MIN_COSINE) & (dice > MIN_DICE)
    wa, wb = shingles
    cells = sentence_of_words(a)[wa] * b.sentence_count + sentence_of_words(b)[wb]
    in_common = np.bincount(cells, minlength=cosine.size).reshape(cosine.shape)
    seeded |= in_common > 0
    # a sentence repeated across a text seeds with each copy: keep each sentence's best,
    # and the pairs sharing a run of words that are the best of one of their sentences
    score = np.where(seeded, cosine, -1.0)
    row_best = score >= score.max(axis=1, keepdims=True) - BEST_MARGIN
    column_best = score >= score.max(axis=0, keepdims=True) - BEST_MARGIN
    keep = (row_best & column_best) | ((in_common >= 2) & (row_best | column_best))
    sa, sb = np.nonzero(seeded & keep)
    return sa.astype(np.int64), sb.astype(np.int64)
