"""Stem tables, their bound, and the stem ids an alignment's texts share."""

import numpy as np

from wirecopy.passages.units import split_units
from wirecopy.passages.vocabulary import StemCache, Vocabulary


def test_ids_follow_first_use_across_texts() -> None:
    vocabulary = Vocabulary()
    assert vocabulary.number(np.array([70, 30, 70], np.int64)).tolist() == [0, 1, 0]
    assert vocabulary.number(np.array([50, 30, 50], np.int64)).tolist() == [2, 1, 2]
    assert len(vocabulary) == 3


def test_a_full_stem_cache_starts_a_fresh_table_and_a_started_alignment_keeps_its_own() -> None:
    cache = StemCache(limit=2)
    first = Vocabulary(cache)
    a = split_units("Officers killed", first)
    second = Vocabulary(cache)  # the table holds 2 words: full, so a fresh one
    assert second.table is not first.table
    assert len(second.table) == 0
    b = split_units("the killing of an officer", first)  # the first alignment's table still
    assert (a.terms[0], a.terms[1]) == (b.terms[4], b.terms[1])
    c = split_units("an officer killed", second)
    assert c.terms.tolist() == [0, 1, 2]
    assert c.content.tolist() == [False, True, True]
    assert len(second.table) == 3
