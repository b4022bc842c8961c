"""Faithfulness: verbatim, lightly edited or reworded, from word bigrams."""

import numpy as np
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from wirecopy.passages.faithfulness import LIGHT_EDIT, judge, judge_forms, similarity

WORDS = [
    "the",
    "port",
    "of",
    "kessling",
    "was",
    "closed",
    "for",
    "the",
    "whole",
    "day",
    "on",
    "monday",
]


def test_same_words_are_verbatim_whatever_the_case_of_the_text() -> None:
    assert judge(WORDS, list(WORDS)) == ("verbatim", 1.0)


def test_one_word_changed_is_lightly_edited() -> None:
    edited = [*WORDS[:5], "shut", *WORDS[6:]]
    kind, score = judge(WORDS, edited)
    assert kind == "lightly edited"
    assert LIGHT_EDIT <= score < 1.0


def test_the_same_words_reordered_are_reworded() -> None:
    kind, score = judge(WORDS, list(reversed(WORDS)))
    assert kind == "reworded"
    assert score == 0.0


def test_similarity_of_one_word_sides_uses_the_word() -> None:
    assert similarity(["port"], ["port"]) == 1.0
    assert similarity(["port"], ["dock"]) == 0.0
    assert similarity([], []) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from(WORDS), max_size=30))
def test_judging_by_word_hashes_is_judging_by_words(a: list[str], b: list[str]) -> None:
    def forms(words: list[str]) -> np.ndarray:
        return np.array([xxhash.xxh64_intdigest(w.encode()) for w in words], np.uint64)

    assert judge_forms(forms(a), forms(b)) == judge(a, b)
