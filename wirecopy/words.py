"""From text to word hashes in one compiled pass: the fast path of fingerprinting.

:mod:`wirecopy.debris_lines` does NFKC and page debris and lays the texts end to end
as UTF-8. The kernel then decodes UTF-8, case-folds, splits words exactly as
:func:`wirecopy.tokens.tokenize` would after :func:`wirecopy.normalize.normalize`,
and hashes each word with XXH64. A text the tables cannot handle (a character
outside the Basic Multilingual Plane that is not a CJK ideograph, or a rare line
break) takes the Python path instead; tests/test_words.py proves both paths give the same hashes.

>>> hashes, offsets = word_hashes_of_texts(["Share\\nThe Council met.", "古巴"])
>>> offsets.tolist()
[0, 3, 5]
"""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from numba import njit

from wirecopy.charclass import ALONE, BMP, CJK_EXTENSIONS, WORD, ascii_words, tables
from wirecopy.debris_lines import encode_without_debris
from wirecopy.normalize import normalize
from wirecopy.shingles import U64Array, word_hashes
from wirecopy.tokens import tokenize
from wirecopy.xxh64 import Bytes, xxh64

I64Array = npt.NDArray[np.int64]


@njit(cache=True, inline="always")
def put_utf8(cp: int, buffer: Bytes, at: int) -> int:
    """Write code point `cp` as UTF-8 into `buffer` at `at`; return where it ends."""
    if cp < 0x80:
        buffer[at] = cp
        return at + 1
    if cp < 0x800:
        buffer[at] = 0xC0 | (cp >> 6)
        buffer[at + 1] = 0x80 | (cp & 0x3F)
        return at + 2
    if cp < 0x10000:
        buffer[at] = 0xE0 | (cp >> 12)
        buffer[at + 1] = 0x80 | ((cp >> 6) & 0x3F)
        buffer[at + 2] = 0x80 | (cp & 0x3F)
        return at + 3
    buffer[at] = 0xF0 | (cp >> 18)
    buffer[at + 1] = 0x80 | ((cp >> 12) & 0x3F)
    buffer[at + 2] = 0x80 | ((cp >> 6) & 0x3F)
    buffer[at + 3] = 0x80 | (cp & 0x3F)
    return at + 4


@njit(cache=True)
def _words_kernel(  # noqa: PLR0912, PLR0915  (one hot loop, kept whole: helpers cost 3x)
    data: Bytes,
    starts: I64Array,
    ascii_words: Bytes,
    classes: npt.NDArray[np.uint8],
    folds: npt.NDArray[np.uint32],
    out: U64Array,
    counts: I64Array,
    needs_python: npt.NDArray[np.bool_],
) -> None:
    longest = 0
    for d in range(len(starts) - 1):
        longest = max(longest, starts[d + 1] - starts[d])
    word = np.empty(3 * longest + 8, np.uint8)  # folding at most triples a word's bytes
    alone = np.empty(4, np.uint8)
    written = 0
    for d in range(len(starts) - 1):
        first, at, end, length = written, starts[d], starts[d + 1], 0
        if needs_python[d]:
            at = end  # the Python path will do this text
        while at < end:
            byte = data[at]
            if byte < 0x80:  # ASCII, the common case: fold and classify by table, inline
                at += 1
                folded = ascii_words[byte]
                word[length] = folded  # written blind: a separator's 0 is overwritten later
                if folded:
                    length += 1
                elif length:
                    out[written] = xxh64(word, 0, length)
                    written += 1
                    length = 0
                continue
            if byte < 0xE0:
                cp = ((byte & 0x1F) << 6) | (data[at + 1] & 0x3F)
                at += 2
            elif byte < 0xF0:
                cp = ((byte & 0x0F) << 12) | ((data[at + 1] & 0x3F) << 6) | (data[at + 2] & 0x3F)
                at += 3
            else:
                cp = ((byte & 0x07) << 18) | ((data[at + 1] & 0x3F) << 12)
                cp |= ((data[at + 2] & 0x3F) << 6) | (data[at + 3] & 0x3F)
                at += 4
                if not CJK_EXTENSIONS[0] <= cp <= CJK_EXTENSIONS[1]:
                    needs_python[d] = True  # outside the tables: the Python path decides
                    break
            for k in range(3):
                c = cp if cp >= BMP else int(folds[cp, k])
                if (c == 0 and k > 0) or (k > 0 and cp >= BMP):
                    break
                kind = ALONE if cp >= BMP else classes[c]
                if kind == WORD:
                    length = put_utf8(c, word, length)
                    continue
                if length:
                    out[written] = xxh64(word, 0, length)
                    written += 1
                    length = 0
                if kind == ALONE:
                    out[written] = xxh64(alone, 0, put_utf8(c, alone, 0))
                    written += 1
        if length:
            out[written] = xxh64(word, 0, length)
            written += 1
        if needs_python[d]:
            written = first
        counts[d] = written - first


def word_hashes_of_texts(texts: Sequence[str]) -> tuple[U64Array, I64Array]:
    """The XXH64 hashes of the words of every text, as after full normalisation, end to
    end in one array; text i's words are `hashes[offsets[i]:offsets[i + 1]]`."""
    data, starts, needs_python = encode_without_debris(texts)
    out = np.empty(2 * len(data) + 16, np.uint64)  # a word needs a byte; folding may add two
    counts = np.zeros(len(texts), np.int64)
    classes, folds = tables()
    _words_kernel(data, starts, ascii_words(), classes, folds, out, counts, needs_python)
    if needs_python.any():  # rare: splice in the Python path's words for those texts
        bounds = np.concatenate(([0], np.cumsum(counts)))
        parts = [out[bounds[i] : bounds[i + 1]] for i in range(len(texts))]
        for i in np.flatnonzero(needs_python):
            parts[i] = word_hashes(tokenize(normalize(texts[int(i)])))
            counts[i] = len(parts[i])
        out = np.concatenate(parts) if parts else out[:0]
    offsets = np.zeros(len(texts) + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    return out[: offsets[-1]], offsets
