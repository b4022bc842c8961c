"""Word shingles and their 32-bit hashes.

Each word is hashed once with XXH64 (cached: news vocabulary repeats); a shingle of
k words is then hashed by feeding its k word hashes, as 8-byte lanes, through XXH64's
rounds and final avalanche, keeping the top 32 bits. That makes the shingle hash a
function of its words in order, at the cost of a few multiplications per shingle
instead of a Python call. A text shorter than k words is one shingle of all its words.

>>> from wirecopy.params import FingerprintParams
>>> hashes = shingle_hashes("The council met on Monday.", FingerprintParams(shingle_size=3))
>>> len(hashes), hashes.dtype.name
(3, 'uint32')
"""

import numpy as np
import numpy.typing as npt
import xxhash
from numba import njit

from wirecopy.normalize import ALL_STEPS, normalize
from wirecopy.params import FingerprintParams
from wirecopy.tokens import tokenize

U32Array = npt.NDArray[np.uint32]
U64Array = npt.NDArray[np.uint64]

_CACHE_LIMIT = 2_000_000  # distinct words kept hashed; about 200 MB at worst


class _WordHashCache(dict[bytes, int]):
    def __missing__(self, word: bytes) -> int:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        value: int = xxhash.xxh64_intdigest(word)
        self[word] = value
        return value


_word_hash_cache = _WordHashCache()


def word_hashes(words: list[bytes]) -> U64Array:
    """XXH64 of each word, in order."""
    return np.fromiter(map(_word_hash_cache.__getitem__, words), np.uint64, len(words))


_P1 = np.uint64(0x9E3779B185EBCA87)
_P2 = np.uint64(0xC2B2AE3D27D4EB4F)
_P3 = np.uint64(0x165667B19E3779F9)
_P4 = np.uint64(0x85EBCA77C2B2AE63)
_P5 = np.uint64(0x27D4EB2F165667C5)


@njit(cache=True, inline="always")
def _rotl(x: np.uint64, r: int) -> np.uint64:
    return (x << np.uint64(r)) | (x >> np.uint64(64 - r))


@njit(cache=True)
def shingle_hashes_into(words: U64Array, k: int, out: U32Array) -> int:
    """Write the hashes of the k-word shingles of `words` into `out`; return how many."""
    n = len(words)
    if n == 0:
        return 0
    width = min(k, n)
    count = n - width + 1
    lanes = np.empty(n, np.uint64)  # each word's XXH64 lane, once, though it enters k shingles
    for i in range(n):
        lanes[i] = _rotl(words[i] * _P2, 31) * _P1
    acc = np.full(count, _P5 + np.uint64(8 * width))
    for j in range(width):  # word by word across all shingles: no chain of dependent multiplies
        for i in range(count):
            acc[i] = _rotl(acc[i] ^ lanes[i + j], 27) * _P1 + _P4
    for i in range(count):
        h = acc[i]
        h ^= h >> np.uint64(33)
        h *= _P2
        h ^= h >> np.uint64(29)
        h *= _P3
        h ^= h >> np.uint64(32)
        out[i] = np.uint32(h >> np.uint64(32))
    return count


def shingle_hashes_of_words(words: list[bytes], shingle_size: int) -> U32Array:
    """The shingle hashes of already tokenised `words`."""
    out = np.empty(max(len(words) - shingle_size + 1, 1), np.uint32)
    count = shingle_hashes_into(word_hashes(words), shingle_size, out)
    return out[:count]


def shingle_hashes(
    text: str, params: FingerprintParams, steps: frozenset[str] = ALL_STEPS
) -> U32Array:
    """Normalise, tokenise and hash `text` into its shingle hashes (duplicates kept)."""
    return shingle_hashes_of_words(tokenize(normalize(text, steps)), params.shingle_size)
