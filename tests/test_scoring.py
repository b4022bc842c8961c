import numpy as np
import pytest
from factories import make_article, rewrite

from wirecopy.fingerprint import fingerprint
from wirecopy.params import FingerprintParams
from wirecopy.scoring import PairScores, estimate, estimate_pairs, scores_from_jaccard
from wirecopy.shingles import shingle_hashes


def _exact(a: str, b: str, params: FingerprintParams) -> PairScores:
    sa, sb = set(shingle_hashes(a, params).tolist()), set(shingle_hashes(b, params).tolist())
    common = len(sa & sb)
    return PairScores(common / len(sa | sb), common / len(sa), common / len(sb))


@pytest.mark.parametrize("level", ["verbatim", "light", "heavy"])
def test_estimates_track_exact_values(level: str) -> None:
    params = FingerprintParams()
    source = make_article()
    copy = rewrite(source, level)
    fa, fb = fingerprint(source.text, params), fingerprint(copy.text, params)
    got = estimate(fa.signature, fa.shingle_count, fb.signature, fb.shingle_count)
    exact = _exact(source.text, copy.text, params)
    assert got.jaccard == pytest.approx(exact.jaccard, abs=0.1)
    assert got.containment_a_in_b == pytest.approx(exact.containment_a_in_b, abs=0.15)
    assert got.containment_b_in_a == pytest.approx(exact.containment_b_in_a, abs=0.15)


def test_containment_follows_from_jaccard_and_sizes() -> None:
    scores = scores_from_jaccard(0.25, 100, 400)  # |A∩B| = 100: all of A is in B
    assert scores == PairScores(0.25, 1.0, 0.25)
    assert scores.containment == 1.0
    assert scores.swapped() == PairScores(0.25, 0.25, 1.0)
    assert scores_from_jaccard(0.5, 0, 10) == PairScores(0.0, 0.0, 0.0)


def test_vectorised_estimates_equal_one_by_one() -> None:
    rng = np.random.default_rng(1)
    sigs = rng.integers(0, 4, (6, 64), dtype=np.uint32)
    counts = np.array([10, 20, 30, 40, 50, 60], np.int64)
    left, right = np.array([0, 1, 2]), np.array([3, 4, 5])
    jaccard, in_right, in_left = estimate_pairs(sigs, counts, left, right)
    for k in range(3):
        one = estimate(sigs[left[k]], counts[left[k]], sigs[right[k]], counts[right[k]])
        assert round(jaccard[k], 4) == one.jaccard
        assert round(in_right[k], 4) == one.containment_a_in_b
        assert round(in_left[k], 4) == one.containment_b_in_a
