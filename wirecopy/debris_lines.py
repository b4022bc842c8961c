"""The texts of a batch as one UTF-8 array, with page debris blanked out.

Python keeps what needs the Unicode database or regular expressions: NFKC, inline
credits, and the debris test of a line (:func:`wirecopy.debris.is_debris`). Which lines
to test is found by a compiled scan: only the short ones that are not blank, as
:func:`wirecopy.debris.strip_debris_lines` would test them, with lines broken by LF or
CR LF. A text with any other line break (`str.splitlines` knows nine) is marked for
the Python path instead.

>>> data, starts, python_path = encode_without_debris(["Share\\nThe council met.", "a\\nb\\rc"])
>>> bytes(data[starts[0] : starts[1]]), python_path.tolist()
(b'     \\nThe council met.', [False, True])
"""

import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from numba import njit

from wirecopy.debris import MAX_DEBRIS_LINE, is_debris, strip_inline_debris
from wirecopy.xxh64 import Bytes

I64Array = npt.NDArray[np.int64]


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
            end = at
            if at > begin and data[at - 1] == 13:  # CR LF ends a line too; CR is not in it
                end, chars = at - 1, chars - 1
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


def encode_without_debris(
    texts: Sequence[str],
) -> tuple[Bytes, I64Array, npt.NDArray[np.bool_]]:
    """All texts, NFKC'd and rid of debris, as one UTF-8 array (debris lines become
    spaces), and which texts the Python path must take instead (rare line breaks)."""
    prepared = [_before_lines(text) for text in texts]
    check = np.array(["\n" in text for text in prepared], np.bool_)
    encoded = [text.encode("utf-8", "surrogatepass") for text in prepared]
    starts = np.zeros(len(texts) + 1, np.int64)
    np.cumsum([len(e) for e in encoded], out=starts[1:])
    buffer = bytearray().join(encoded)  # one copy, writable: debris is blanked in place
    data = np.frombuffer(buffer, np.uint8)
    line_starts, line_ends, odd_breaks = _short_lines(data, starts, check, MAX_DEBRIS_LINE)
    for begin, end in zip(line_starts.tolist(), line_ends.tolist(), strict=True):
        if is_debris(buffer[begin:end].decode("utf-8", "surrogatepass")):
            data[begin:end] = 32  # blank it: its words go, no word of a neighbour joins
    return data, starts, odd_breaks
