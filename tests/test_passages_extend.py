"""From seeds to passages: grouping, the order cut, trimming, validation, overlaps."""

import numpy as np

from wirecopy.passages.extend import Fragment, fragments, groups, resolve
from wirecopy.passages.seeds import TermWeights, seed_pairs, shared_shingles
from wirecopy.passages.units import Units, split_units
from wirecopy.passages.vocabulary import Vocabulary


def test_seeds_far_apart_on_either_side_are_separate_groups() -> None:
    a, b = np.array([0, 1, 2, 20]), np.array([0, 1, 30, 31])
    assert groups(a, b, 2, 2) == [[0, 1], [2], [3]]


def test_seeds_going_back_in_b_after_a_gap_in_a_are_cut() -> None:
    a, b = np.array([1, 4, 6]), np.array([3, 1, 6])
    assert groups(a, b, 3, 3) == [[0], [1], [2]]
    assert groups(a, b, 3, 3, monotone=False) == [[0, 1, 2]]


def test_words_shuffled_inside_a_stretch_keep_it_one_group() -> None:
    a, b = np.array([0, 1, 2, 3]), np.array([1, 0, 3, 2])
    assert groups(a, b, 2, 2) == [[0, 1, 2, 3]]


def aligned(text_a: str, text_b: str) -> tuple[list[Fragment], Units, Units]:
    vocabulary = Vocabulary()
    a, b = split_units(text_a, vocabulary), split_units(text_b, vocabulary)
    weights, shingles = TermWeights.of(a, b), shared_shingles(a, b)
    found = fragments(a, b, seed_pairs(a, b, weights, shingles), shingles, weights)
    return resolve(a, b, found, (text_a, text_b)), a, b


def test_a_fragment_is_trimmed_to_the_words_both_sides_share() -> None:
    copied = (
        "The port authority of Kessling said on Tuesday that talks with the dockers' union "
        "would resume on Friday morning at the ministry"
    )
    text_a = f"Unions were angry. Meanwhile, {copied}, officials added."
    text_b = f"{copied}. Freight firms sent cargo north."
    (f,), a, b = aligned(text_a, text_b)
    assert text_a[a.starts[f.a_first] : a.ends[f.a_stop - 1]] == copied
    assert text_b[b.starts[f.b_first] : b.ends[f.b_stop - 1]] == copied


def test_a_short_unquoted_match_is_dropped_and_a_short_quote_kept() -> None:
    phrase = "the best beaches in the Caribbean"
    plain, _, _ = aligned(f"Hotels near {phrase} are full.", f"Visit {phrase} this winter.")
    assert plain == []
    quoted, _, _ = aligned(f'Ads promise "{phrase}" again.', f"Visit {phrase} this winter.")
    assert len(quoted) == 1
