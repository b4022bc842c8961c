import numpy as np

from wirecopy.params import FingerprintParams
from wirecopy.shingles import shingle_hashes, shingle_hashes_of_words

PARAMS = FingerprintParams(shingle_size=3)


def test_one_hash_per_window_of_words() -> None:
    hashes = shingle_hashes("one two three four five", PARAMS)
    assert hashes.dtype == np.uint32
    assert len(hashes) == 3


def test_same_words_in_same_order_hash_alike_wherever_they_stand() -> None:
    a = shingle_hashes("alpha beta gamma delta", PARAMS)
    b = shingle_hashes("zeta alpha beta gamma", PARAMS)
    assert a[0] == b[1]


def test_order_of_words_matters() -> None:
    a = shingle_hashes_of_words([b"a", b"b", b"c"], 3)
    b = shingle_hashes_of_words([b"c", b"b", b"a"], 3)
    assert a[0] != b[0]


def test_short_text_is_one_shingle_and_empty_text_none() -> None:
    assert len(shingle_hashes("two words", PARAMS)) == 1
    assert len(shingle_hashes("  ", PARAMS)) == 0


def test_normalisation_makes_surface_variants_hash_alike() -> None:
    a = shingle_hashes("“Cuba’s officers” — said", PARAMS)
    b = shingle_hashes('"CUBA\'S OFFICERS" - said', PARAMS)
    assert np.array_equal(a, b)


def test_chinese_text_gets_character_shingles() -> None:
    assert len(shingle_hashes("古巴宣布三十二名军官死亡", PARAMS)) == 10
