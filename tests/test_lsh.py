import numpy as np

from wirecopy.lsh import band_keys, candidate_pairs
from wirecopy.params import FingerprintParams

PARAMS = FingerprintParams(num_perm=16, bands=16, rows=1)


def test_pairs_need_the_asked_number_of_shared_bands() -> None:
    sigs = np.array([[1] * 16, [1] * 3 + [2] * 13, [3] * 16, [1] * 16], np.uint32)
    assert candidate_pairs(sigs, PARAMS, min_shared=1).tolist() == [[0, 1], [0, 3], [1, 3]]
    assert candidate_pairs(sigs, PARAMS, min_shared=4).tolist() == [[0, 3]]


def test_oversized_buckets_are_skipped_as_stock_phrases() -> None:
    sigs = 1000 + np.arange(10 * 16, dtype=np.uint32).reshape(10, 16)
    sigs[:, 0] = 7  # every article shares band 0
    sigs[[2, 5], 1:] = 9  # two of them share every other band
    assert candidate_pairs(sigs, PARAMS, max_bucket=5).tolist() == [[2, 5]]


def test_rows_fold_into_one_key_per_band() -> None:
    params = FingerprintParams(num_perm=16, bands=4, rows=4)
    sigs = np.array([[1] * 16, [1] * 4 + [2] * 12], np.uint32)
    keys = band_keys(sigs, params)
    assert keys.shape == (2, 4)
    assert keys[0, 0] == keys[1, 0]
    assert (keys[0, 1:] != keys[1, 1:]).all()
    assert candidate_pairs(sigs, params).tolist() == [[0, 1]]


def test_no_articles_no_pairs() -> None:
    assert candidate_pairs(np.empty((0, 16), np.uint32), PARAMS).shape == (0, 2)
