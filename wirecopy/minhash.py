"""MinHash signatures in datasketch's own scheme, computed by a compiled kernel.

datasketch (2.x, scheme "affine32") premixes each 32-bit input hash with the
MurmurHash3 finalizer, then applies `num_perm` affine maps `a*h + b mod 2**32` whose
`a`, `b` come from `numpy.random.RandomState(seed)`; the signature is the minimum of
each map over the set. We take `a`, `b` from datasketch itself and reproduce the rest
bit for bit (tests/test_minhash.py proves it against `datasketch.MinHash`).

>>> from wirecopy.params import FingerprintParams
>>> import numpy as np
>>> sig = signature(np.array([1, 2, 3], np.uint32), FingerprintParams())
>>> sig.shape, sig.dtype.name
((256,), 'uint32')
"""

from functools import lru_cache

import numpy as np
from datasketch import MinHash
from numba import njit

from wirecopy.params import FingerprintParams
from wirecopy.shingles import U32Array

EMPTY = np.uint32(0xFFFFFFFF)
"""The value of every position of the signature of an empty set."""


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[U32Array, U32Array]:
    """datasketch's permutation parameters (`a`, `b`) for `num_perm` and `seed`."""
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


@njit(cache=True, inline="always")
def _fmix32(h: np.uint32) -> np.uint32:
    h ^= h >> np.uint32(16)
    h = np.uint32(h * np.uint32(0x85EBCA6B))
    h ^= h >> np.uint32(13)
    h = np.uint32(h * np.uint32(0xC2B2AE35))
    h ^= h >> np.uint32(16)
    return h


@njit(cache=True)
def signature_into(hashes: U32Array, a: U32Array, b: U32Array, out: U32Array) -> None:
    """Write the MinHash of the set of `hashes` into `out` (length `len(a)`)."""
    out[:] = EMPTY
    for i in range(len(hashes)):
        h = _fmix32(hashes[i])
        for j in range(len(a)):
            v = np.uint32(a[j] * h + b[j])
            out[j] = min(out[j], v)


def signature(hashes: U32Array, params: FingerprintParams) -> U32Array:
    """The MinHash signature of the set of shingle `hashes`, as `num_perm` uint32."""
    a, b = permutations(params.num_perm, params.seed)
    out = np.empty(params.num_perm, np.uint32)
    signature_into(np.ascontiguousarray(hashes, np.uint32), a, b, out)
    return out
