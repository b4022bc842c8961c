"""How much two articles share, estimated from their fingerprints alone.

The share of equal signature positions estimates the Jaccard similarity J of the
two shingle sets (where the sets themselves were kept, :func:`score_pairs` gives the
exact values instead). With the distinct shingle counts |A| and |B| kept beside the
signatures, the size of the intersection follows, |A∩B| = J(|A|+|B|)/(1+J), and so
does containment both ways: how much of A is in B, |A∩B|/|A|, and of B in A.

>>> import numpy as np
>>> a = np.array([1, 2, 3, 4], np.uint32)
>>> s = estimate(a, 100, np.array([1, 2, 9, 9], np.uint32), 300)
>>> s.jaccard, s.containment_a_in_b, s.containment_b_in_a
(0.5, 1.0, 0.4444)
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from wirecopy.fingerprint import FingerprintBatch
from wirecopy.shingle_sets import exact_pairs
from wirecopy.shingles import U32Array


@dataclass(frozen=True)
class PairScores:
    """Estimated Jaccard, and containment of A in B and of B in A, each in [0, 1]."""

    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float

    @property
    def containment(self) -> float:
        """The larger containment: how much of the more-copied article the other holds."""
        return max(self.containment_a_in_b, self.containment_b_in_a)

    def swapped(self) -> "PairScores":
        """The same scores seen from B's side."""
        return PairScores(self.jaccard, self.containment_b_in_a, self.containment_a_in_b)


def scores_from_jaccard(jaccard: float, count_a: int, count_b: int) -> PairScores:
    """Containment both ways from an estimated Jaccard and the two shingle counts."""
    if count_a <= 0 or count_b <= 0:
        return PairScores(0.0, 0.0, 0.0)
    common = jaccard * (count_a + count_b) / (1.0 + jaccard)
    return PairScores(
        round(jaccard, 4),
        round(min(1.0, common / count_a), 4),
        round(min(1.0, common / count_b), 4),
    )


def estimate(sig_a: U32Array, count_a: int, sig_b: U32Array, count_b: int) -> PairScores:
    """Scores of one pair from its two signatures and shingle counts."""
    jaccard = float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
    return scores_from_jaccard(jaccard, count_a, count_b)


def estimate_pairs(
    signatures: npt.NDArray[np.uint32],
    counts: npt.NDArray[np.int64],
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Vectorised :func:`estimate` over pairs (left[i], right[i]) of rows.

    Returns arrays of Jaccard, containment of left in right, and of right in left.
    """
    jaccard = np.empty(len(left), np.float64)
    for start in range(0, len(left), 65_536):  # bounded memory: 65,536 pairs at a time
        stop = start + 65_536
        equal = signatures[left[start:stop]] == signatures[right[start:stop]]
        jaccard[start:stop] = equal.mean(axis=1)
    in_right, in_left = containments_from_jaccard(jaccard, counts[left], counts[right])
    return jaccard, in_right, in_left


def containments_from_jaccard(
    jaccard: npt.NDArray[np.float64],
    size_left: npt.NDArray[np.int64],
    size_right: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Vectorised containments of :func:`scores_from_jaccard` (not rounded): of left in
    right and of right in left; 0 where the containing side has no shingles."""
    left, right = size_left.astype(np.float64), size_right.astype(np.float64)
    common = jaccard * (left + right) / (1.0 + jaccard)
    with np.errstate(divide="ignore", invalid="ignore"):
        in_right = np.where(left > 0, np.minimum(1.0, common / left), 0.0)
        in_left = np.where(right > 0, np.minimum(1.0, common / right), 0.0)
    return in_right, in_left


def score_pairs(
    batch: FingerprintBatch, left: npt.NDArray[np.int64], right: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Jaccard, containment of left in right and of right in left, for each pair of rows:
    exact where the batch kept its shingle sets, estimated from signatures otherwise."""
    if batch.shingles is not None:
        return exact_pairs(batch.shingles, left, right)
    return estimate_pairs(batch.signatures, batch.shingle_counts, left, right)
