"""Differential test: our kernel against datasketch.MinHash fed the same shingle hashes."""

import numpy as np
import pytest
from datasketch import MinHash
from factories import make_article

from wirecopy.fingerprint import fingerprint_texts
from wirecopy.minhash import EMPTY, signature
from wirecopy.params import FingerprintParams
from wirecopy.shingles import shingle_hashes


def _datasketch(hashes: np.ndarray, params: FingerprintParams) -> np.ndarray:
    reference = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=int)
    reference.update_batch(hashes.tolist())
    return np.asarray(reference.hashvalues)


@pytest.mark.parametrize("num_perm", [16, 128, 256])
@pytest.mark.parametrize("seed", [1, 42])
def test_bit_identical_to_datasketch_on_articles(num_perm: int, seed: int) -> None:
    params = FingerprintParams(num_perm=num_perm, seed=seed, bands=num_perm)
    for _ in range(5):
        hashes = shingle_hashes(make_article().text, params)
        assert np.array_equal(signature(hashes, params), _datasketch(hashes, params))


def test_bit_identical_on_random_and_extreme_hashes() -> None:
    params = FingerprintParams()
    rng = np.random.default_rng(7)
    for hashes in (
        rng.integers(0, 2**32, 1000, dtype=np.uint64).astype(np.uint32),
        np.array([0, 1, 2**32 - 1, 2**31], np.uint32),
        np.array([5], np.uint32),
    ):
        assert np.array_equal(signature(hashes, params), _datasketch(hashes, params))


def test_batch_kernel_matches_one_at_a_time() -> None:
    params = FingerprintParams()
    texts = [make_article().text for _ in range(20)]
    batch = fingerprint_texts(texts, params)
    for row, text in enumerate(texts):
        hashes = shingle_hashes(text, params)
        assert np.array_equal(batch.signatures[row], signature(hashes, params))
        assert batch.shingle_counts[row] == len(np.unique(hashes))


def test_empty_set_signature_is_all_max() -> None:
    assert (signature(np.empty(0, np.uint32), FingerprintParams()) == EMPTY).all()
