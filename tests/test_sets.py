"""The sorting set operations give what numpy's own give, on any small integer arrays."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wirecopy.sets import (
    equal_pairs,
    first_appearance,
    isin,
    unique,
    unique_counts,
)

_ARRAYS = st.lists(st.integers(-5, 40), max_size=60).map(lambda v: np.array(v, np.int64))


@settings(max_examples=200, deadline=None)
@given(_ARRAYS, _ARRAYS)
def test_agree_with_numpy(a: np.ndarray, b: np.ndarray) -> None:
    assert np.array_equal(unique(a), np.unique(a))
    values, counts = unique_counts(a)
    expected_values, expected_counts = np.unique(a, return_counts=True)
    assert np.array_equal(values, expected_values)
    assert np.array_equal(counts, expected_counts)
    assert np.array_equal(isin(a, b), np.isin(a, b))


@settings(max_examples=200, deadline=None)
@given(_ARRAYS, _ARRAYS)
def test_equal_pairs_are_every_matching_pair_in_order(a: np.ndarray, b: np.ndarray) -> None:
    left, right = equal_pairs(a, b)
    expected = [(i, j) for i in range(len(a)) for j in range(len(b)) if a[i] == b[j]]
    assert list(zip(left.tolist(), right.tolist(), strict=True)) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(0, 20), max_size=80))
def test_first_appearance_numbers_values_one_by_one(values: list[int]) -> None:
    numbers: dict[int, int] = {}
    expected = [numbers.setdefault(v, len(numbers)) for v in values]
    distinct, places, number = first_appearance(np.array(values, np.int64))
    assert number.tolist() == expected
    assert distinct.tolist() == list(numbers)
    assert places.tolist() == [values.index(v) for v in numbers]
