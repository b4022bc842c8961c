"""XXH64, compiled, for hashing words inside the fingerprint kernel.

The python-xxhash library cannot be called from compiled code, so the kernel carries
this transcription of the XXH64 specification; tests/test_xxh64.py proves it equal
to `xxhash.xxh64_intdigest` on inputs of every length class.

>>> import numpy as np, xxhash
>>> data = np.frombuffer(b"wire copy", np.uint8)
>>> int(xxh64(data, 0, len(data))) == xxhash.xxh64_intdigest(b"wire copy")
True
"""

import numpy as np
import numpy.typing as npt
from numba import njit

P1 = np.uint64(0x9E3779B185EBCA87)
P2 = np.uint64(0xC2B2AE3D27D4EB4F)
P3 = np.uint64(0x165667B19E3779F9)
P4 = np.uint64(0x85EBCA77C2B2AE63)
P5 = np.uint64(0x27D4EB2F165667C5)

Bytes = npt.NDArray[np.uint8]


@njit(cache=True, inline="always")
def rotl(x: np.uint64, r: int) -> np.uint64:
    """Rotate a 64-bit value left by `r` bits."""
    return (x << np.uint64(r)) | (x >> np.uint64(64 - r))


@njit(cache=True, inline="always")
def _read(data: Bytes, at: int, size: int) -> np.uint64:
    """The little-endian unsigned integer of `size` bytes at `at`."""
    value = np.uint64(0)
    for i in range(size - 1, -1, -1):
        value = (value << np.uint64(8)) | np.uint64(data[at + i])
    return value


@njit(cache=True, inline="always")
def _round(acc: np.uint64, lane: np.uint64) -> np.uint64:
    acc += lane * P2
    return rotl(acc, 31) * P1


@njit(cache=True, inline="always")
def _merge(acc: np.uint64, value: np.uint64) -> np.uint64:
    acc ^= _round(np.uint64(0), value)
    return acc * P1 + P4


@njit(cache=True, inline="always")
def avalanche(h: np.uint64) -> np.uint64:
    """XXH64's final mix."""
    h ^= h >> np.uint64(33)
    h *= P2
    h ^= h >> np.uint64(29)
    h *= P3
    return h ^ (h >> np.uint64(32))


@njit(cache=True, inline="always")
def xxh64(data: Bytes, start: int, length: int, seed: int = 0) -> np.uint64:
    """XXH64 of `data[start:start + length]`."""
    s = np.uint64(seed)
    at, end = start, start + length
    if length >= 32:
        v1, v2, v3, v4 = s + P1 + P2, s + P2, s, s - P1
        while at + 32 <= end:
            v1 = _round(v1, _read(data, at, 8))
            v2 = _round(v2, _read(data, at + 8, 8))
            v3 = _round(v3, _read(data, at + 16, 8))
            v4 = _round(v4, _read(data, at + 24, 8))
            at += 32
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)
        h = _merge(_merge(_merge(_merge(h, v1), v2), v3), v4)
    else:
        h = s + P5
    h += np.uint64(length)
    while at + 8 <= end:
        h ^= _round(np.uint64(0), _read(data, at, 8))
        h = rotl(h, 27) * P1 + P4
        at += 8
    if at + 4 <= end:
        h ^= _read(data, at, 4) * P1
        h = rotl(h, 23) * P2 + P3
        at += 4
    while at < end:
        h ^= np.uint64(data[at]) * P5
        h = rotl(h, 11) * P1
        at += 1
    return avalanche(h)
