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
from wirecopy.xxh64 import P1, P2, P4, P5, avalanche, rotl

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
        lanes[i] = rotl(words[i] * P2, 31) * P1
    acc = np.full(count, P5 + np.uint64(8 * width))
    for j in range(width):  # word by word across all shingles: no chain of dependent multiplies
        for i in range(count):
            acc[i] = rotl(acc[i] ^ lanes[i + j], 27) * P1 + P4
    for i in range(count):
        out[i] = np.uint32(avalanche(acc[i]) >> np.uint64(32))
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
