import numpy as np
import xxhash

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


def _reference_shingle_hash(words: list[bytes]) -> int:
    """The shingle hash written out in plain Python, from XXH64's published constants."""
    p1, p2, p3, p4, p5 = (
        0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
        0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5,
    )  # fmt: skip
    mask = (1 << 64) - 1

    def rotl(x: int, r: int) -> int:
        return ((x << r) | (x >> (64 - r))) & mask

    acc = p5 + 8 * len(words)
    for word in words:
        lane = rotl(xxhash.xxh64_intdigest(word) * p2 & mask, 31) * p1 & mask
        acc = (rotl(acc ^ lane, 27) * p1 + p4) & mask
    acc ^= acc >> 33
    acc = acc * p2 & mask
    acc ^= acc >> 29
    acc = acc * p3 & mask
    acc ^= acc >> 32
    return acc >> 32


def test_shingle_hash_is_the_documented_fold_of_word_hashes() -> None:
    words = b"the port will stay closed until the storm passes".split()
    hashes = shingle_hashes_of_words(words, 5)
    assert hashes.tolist() == [_reference_shingle_hash(words[i : i + 5]) for i in range(5)]
