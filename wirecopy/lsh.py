"""Candidate pairs from LSH banding, for a corpus held in memory.

The signature is cut into `bands` bands of `rows` positions; two articles are
candidates when they agree on a whole band at least `min_shared` times. Rewrites of
wire copy share only 5-20% of their shingles, so wirecopy bands with few rows per
band (one by default) and many bands, which finds pairs at that overlap, and asks
for a few shared bands, which keeps chance agreements out. A bucket holding more
than `max_bucket` articles is skipped: its value comes from a stock phrase that
half the corpus uses, and it says nothing about which of them copy each other.

>>> import numpy as np
>>> from wirecopy.params import FingerprintParams
>>> p = FingerprintParams(num_perm=16, bands=16, rows=1)
>>> sigs = np.array([[7] * 16, [7] * 8 + [1] * 8, [2] * 16], np.uint32)
>>> candidate_pairs(sigs, p, min_shared=4).tolist()
[[0, 1]]
"""

import numpy as np
import numpy.typing as npt

from wirecopy.params import FingerprintParams

MAX_BUCKET = 200
"""Articles in one bucket past which the bucket is taken for a stock phrase and skipped."""

I64Array = npt.NDArray[np.int64]


def band_keys(signatures: npt.NDArray[np.uint32], params: FingerprintParams) -> I64Array:
    """One 64-bit key per (article, band): the band's rows folded together."""
    n = len(signatures)
    rows = signatures[:, : params.bands * params.rows].reshape(n, params.bands, params.rows)
    keys = np.zeros((n, params.bands), np.uint64)
    for r in range(params.rows):
        keys = keys * np.uint64(0x100000001B3) + rows[:, :, r].astype(np.uint64)
    return keys.view(np.int64)


def _pairs_in_buckets(order: I64Array, starts: I64Array, sizes: I64Array) -> I64Array:
    """Every pair (as lo * 2**32 + hi) of the articles in each bucket."""
    found: list[I64Array] = []
    for size in np.unique(sizes):
        group_starts = starts[sizes == size]
        members = np.sort(order[group_starts[:, None] + np.arange(size)], axis=1)
        lo, hi = np.triu_indices(int(size), k=1)
        found.append((members[:, lo] << 32 | members[:, hi]).ravel())
    return np.concatenate(found) if found else np.empty(0, np.int64)


def candidate_pairs(
    signatures: npt.NDArray[np.uint32],
    params: FingerprintParams,
    *,
    min_shared: int = 1,
    max_bucket: int = MAX_BUCKET,
) -> I64Array:
    """Pairs (i, j), i < j, of rows that share at least `min_shared` bands, sorted."""
    keys = band_keys(signatures, params)
    encoded: list[I64Array] = []
    for band in range(params.bands):
        column = keys[:, band]
        order = np.argsort(column, kind="stable").astype(np.int64)
        ordered = column[order]
        boundary = np.flatnonzero(np.diff(ordered)) + 1
        starts = np.concatenate(([0], boundary)).astype(np.int64)
        sizes = np.diff(np.concatenate((starts, [len(ordered)]))).astype(np.int64)
        useful = (sizes >= 2) & (sizes <= max_bucket)
        encoded.append(_pairs_in_buckets(order, starts[useful], sizes[useful]))
    if not encoded:
        return np.empty((0, 2), np.int64)
    pairs, shared = np.unique(np.concatenate(encoded), return_counts=True)
    pairs = pairs[shared >= min_shared]
    return np.stack((pairs >> 32, pairs & 0xFFFFFFFF), axis=1)
