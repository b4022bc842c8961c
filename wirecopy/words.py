"""From text to word hashes in one compiled pass: the fast path of fingerprinting.

Python does what needs the Unicode database or regular expressions per line: NFKC
and page debris. The kernel then decodes UTF-8, case-folds, splits words exactly as
:func:`wirecopy.tokens.tokenize` would after :func:`wirecopy.normalize.normalize`,
and hashes each word with XXH64. A text the tables cannot handle (a character
outside the Basic Multilingual Plane that is not a CJK ideograph) takes the Python
path instead; tests/test_words.py proves both paths give the same hashes.

>>> hashes, offsets = word_hashes_of_texts(["Share\\nThe Council met.", "古巴"])
>>> offsets.tolist()
[0, 3, 5]
"""

import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from numba import njit

from wirecopy.charclass import ALONE, BMP, WORD, ascii_words, tables
from wirecopy.debris import MAX_DEBRIS_LINE, is_debris, strip_inline_debris
from wirecopy.normalize import normalize
from wirecopy.shingles import U64Array, word_hashes
from wirecopy.tokens import tokenize
from wirecopy.xxh64 import Bytes, xxh64

I64Array = npt.NDArray[np.int64]
_CJK_EXTENSIONS = (0x20000, 0x3134F)


def _before_lines(text: str) -> str:
    """NFKC and inline debris: what stays in Python before lines are looked at."""
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return strip_inline_debris(text)


@njit(cache=True)
def _short_lines(
    data: Bytes, starts: I64Array, check: npt.NDArray[np.bool_], longest: int
) -> tuple[I64Array, I64Array, npt.NDArray[np.bool_]]:
    """Where the lines of up to `longest` characters that are not blank start and end, in
    the texts marked `check`; and which of those texts break lines otherwise than with a
    newline or CR LF (as `str.splitlines` also does), which the Python path must take."""
    line_starts = np.empty(len(data) + len(starts), np.int64)
    line_ends = np.empty(len(data) + len(starts), np.int64)
    odd_breaks = np.zeros(len(starts) - 1, np.bool_)
    found = 0
    for d in range(len(starts) - 1):
        if not check[d]:
            continue
        first, begin, chars = found, starts[d], 0
        for at in range(starts[d], starts[d + 1] + 1):
            if at < starts[d + 1] and data[at] != 10:
                byte = data[at]
                chars += (byte & 0xC0) != 0x80  # UTF-8 lead bytes count characters
                if (byte < 0x20 or byte == 0xC2 or byte == 0xE2) and _odd_break(  # noqa: PLR1714
                    data, at, starts[d + 1]
                ):
                    odd_breaks[d] = True
                continue
            end = at - 1 if at > begin and data[at - 1] == 13 else at  # CR LF ends a line too
            if 0 < chars <= longest and not _blank(data, begin, end):
                line_starts[found], line_ends[found] = begin, end
                found += 1
            begin, chars = at + 1, 0
        if odd_breaks[d]:
            found = first
    return line_starts[:found], line_ends[:found], odd_breaks


@njit(cache=True, inline="always")
def _odd_break(data: Bytes, at: int, end: int) -> bool:
    """A line break of str.splitlines other than LF and CR LF: VT, FF, FS, GS, RS, a lone
    CR, NEL (C2 85), and the line and paragraph separators (E2 80 A8, E2 80 A9)."""
    byte = data[at]
    if byte == 13:
        return at + 1 >= end or data[at + 1] != 10
    if byte in (11, 12, 28, 29, 30):
        return True
    if byte == 0xC2:
        return at + 1 < end and data[at + 1] == 0x85
    return byte == 0xE2 and at + 2 < end and data[at + 1] == 0x80 and data[at + 2] in (0xA8, 0xA9)


@njit(cache=True, inline="always")
def _blank(data: Bytes, begin: int, end: int) -> bool:
    for at in range(begin, end):  # noqa: SIM110  (numba compiles loops, not generators)
        if data[at] != 32 and not 9 <= data[at] <= 13:
            return False
    return True


def _encode_without_debris(
    texts: Sequence[str],
) -> tuple[Bytes, I64Array, npt.NDArray[np.bool_]]:
    """All texts, NFKC'd and rid of debris, as one UTF-8 array (debris lines become
    spaces), and which texts the Python path must take instead (rare line breaks)."""
    prepared = [_before_lines(text) for text in texts]
    check = np.array(["\n" in text for text in prepared], np.bool_)
    encoded = [text.encode("utf-8", "surrogatepass") for text in prepared]
    starts = np.zeros(len(texts) + 1, np.int64)
    np.cumsum([len(e) for e in encoded], out=starts[1:])
    buffer = bytearray(b"".join(encoded))
    data = np.frombuffer(buffer, np.uint8)
    line_starts, line_ends, odd_breaks = _short_lines(data, starts, check, MAX_DEBRIS_LINE)
    for begin, end in zip(line_starts.tolist(), line_ends.tolist(), strict=True):
        if is_debris(buffer[begin:end].decode("utf-8", "surrogatepass")):
            data[begin:end] = 32  # blank it: its words go, no word of a neighbour joins
    return data, starts, odd_breaks


@njit(cache=True, inline="always")
def _put_utf8(cp: int, buffer: Bytes, at: int) -> int:
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
                if not _CJK_EXTENSIONS[0] <= cp <= _CJK_EXTENSIONS[1]:
                    needs_python[d] = True  # outside the tables: the Python path decides
                    break
            for k in range(3):
                c = cp if cp >= BMP else int(folds[cp, k])
                if (c == 0 and k > 0) or (k > 0 and cp >= BMP):
                    break
                kind = ALONE if cp >= BMP else classes[c]
                if kind == WORD:
                    length = _put_utf8(c, word, length)
                    continue
                if length:
                    out[written] = xxh64(word, 0, length)
                    written += 1
                    length = 0
                if kind == ALONE:
                    out[written] = xxh64(alone, 0, _put_utf8(c, alone, 0))
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
    data, starts, needs_python = _encode_without_debris(texts)
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
