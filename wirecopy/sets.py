"""Set operations on integer arrays: the aligner's stem ids and word hashes, the live
index's bucket hits.

numpy 2.3 and later find unique values with a hash table that, on the few hundred values
of a sentence or a passage, costs ten times what sorting does (about 200 µs against 20 µs
for 800 values), and is slow on millions of int64 too; `np.isin` calls it, and the
aligner needs these a dozen times a pair. So :func:`unique` sorts, and membership
(:func:`isin`), the join of equal values (:func:`equal_pairs`, the sparse form of a
product of one-hot matrices) and numbering by first appearance (:func:`first_appearance`)
are compiled passes over an open-addressing table. Results are those of the numpy
functions named in each docstring (tests/test_sets.py checks them against numpy).

>>> unique(np.array([5, 3, 5, 1])).tolist()
[1, 3, 5]
>>> isin(np.array([5, 3, 2]), np.array([1, 5, 3])).tolist()
[True, True, False]
>>> [x.tolist() for x in equal_pairs(np.array([7, 3, 7]), np.array([7, 9, 7]))]
[[0, 0, 2, 2], [0, 2, 0, 2]]
"""

import numpy as np
import numpy.typing as npt
from numba import njit

I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def unique(values: I64Array) -> I64Array:
    """The distinct values, sorted (what `np.unique(values)` gives)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), np.bool_)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def unique_counts(values: I64Array) -> tuple[I64Array, I64Array]:
    """The distinct values, sorted, and how often each occurs."""
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered, np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def isin(values: I64Array, others: I64Array) -> BoolArray:
    """Whether each value occurs in `others` (what `np.isin(values, others)` gives)."""
    return _isin_kernel(values, others)


@njit(cache=True)
def _slot(value: np.int64, bits: int) -> np.int64:
    # Fibonacci hashing: the top bits of the product, good for hashes and small ids alike
    return np.int64((np.uint64(value) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits))


@njit(cache=True)
def _bits_for(n: int) -> int:
    bits = 1
    while (1 << bits) < 2 * n:
        bits += 1
    return bits


@njit(cache=True)
def _equal_pairs_kernel(a: I64Array, b: I64Array) -> tuple[I64Array, I64Array]:
    bits = _bits_for(len(b))
    heads = np.full(1 << bits, -1, np.int64)
    after = np.full(len(b), -1, np.int64)  # the next b index in the same slot, ascending
    for j in range(len(b) - 1, -1, -1):
        slot = _slot(b[j], bits)
        after[j] = heads[slot]
        heads[slot] = j
    total = 0
    for i in range(len(a)):
        j = heads[_slot(a[i], bits)]
        while j >= 0:
            total += b[j] == a[i]
            j = after[j]
    left, right = np.empty(total, np.int64), np.empty(total, np.int64)
    at = 0
    for i in range(len(a)):
        j = heads[_slot(a[i], bits)]
        while j >= 0:
            if b[j] == a[i]:
                left[at], right[at] = i, j
                at += 1
            j = after[j]
    return left, right


@njit(cache=True)
def _isin_kernel(values: I64Array, others: I64Array) -> BoolArray:
    bits = _bits_for(len(others))
    mask = np.int64((1 << bits) - 1)
    slots = np.full(1 << bits, -1, np.int64)  # an index into `others`
    for j in range(len(others)):
        slot = _slot(others[j], bits)
        while slots[slot] >= 0 and others[slots[slot]] != others[j]:
            slot = (slot + 1) & mask
        slots[slot] = j
    found = np.zeros(len(values), np.bool_)
    for i in range(len(values)):
        slot = _slot(values[i], bits)
        while slots[slot] >= 0:
            if others[slots[slot]] == values[i]:
                found[i] = True
                break
            slot = (slot + 1) & mask
    return found


def equal_pairs(a: I64Array, b: I64Array) -> tuple[I64Array, I64Array]:
    """Every (i, j) with a[i] == b[j], ordered by i, then by j."""
    left, right = _equal_pairs_kernel(a, b)
    return left, right


@njit(cache=True)
def _first_appearance_kernel(values: I64Array, number: I64Array, places: I64Array) -> int:
    """Number the values as they first appear through an open-addressing table; fill
    `number` (each value's number) and `places` (where each number first appears)."""
    bits = _bits_for(len(values))
    mask = np.int64((1 << bits) - 1)
    slots = np.full(1 << bits, -1, np.int64)
    count = 0
    for i in range(len(values)):
        value = values[i]
        slot = _slot(value, bits)
        while slots[slot] >= 0 and values[places[slots[slot]]] != value:
            slot = (slot + 1) & mask
        if slots[slot] < 0:
            slots[slot] = count
            places[count] = i
            count += 1
        number[i] = slots[slot]
    return count


def first_appearance(values: I64Array) -> tuple[I64Array, I64Array, I64Array]:
    """(the distinct values in the order they first appear, where each first appears, and
    each value's number among them): what numbering values one by one would give.

    >>> [x.tolist() for x in first_appearance(np.array([7, 3, 7, 5, 3]))]
    [[7, 3, 5], [0, 1, 3], [0, 1, 0, 2, 1]]
    """
    number, places = np.empty(len(values), np.int64), np.empty(len(values), np.int64)
    count = _first_appearance_kernel(values, number, places)
    return values[places[:count]], places[:count], number
