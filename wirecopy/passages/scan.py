"""The words of a text in one compiled pass: offsets, word hashes, sentence marks.

The kernel reads the text as code points (UTF-32), so its offsets are Python string
indices into the text as given. A word is what :data:`wirecopy.tokens.WORD` matches (a
run of letters and digits, or one character of a script written without spaces), told
apart by the character tables of :mod:`wirecopy.charclass`, which are built from the
same definitions. Each word is hashed as the XXH64 of its case-folded UTF-8 (what
``xxhash.xxh64_intdigest(word.casefold().encode())`` gives), so equal hashes are equal
words. A text holding a character outside the Basic Multilingual Plane that is not a CJK
ideograph is left to the regular expression (None); tests/test_passages_scan.py proves
the two paths agree.

>>> scanned = scan("Port closed. Ships wait!")
>>> scanned.starts.tolist(), scanned.ends.tolist(), scanned.breaks.tolist()
([0, 5, 13, 19], [4, 11, 18, 23], [False, False, True, False])
>>> scan("\\U0001d401old") is None  # a mathematical bold B
True
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from wirecopy.charclass import ALONE, BMP, CJK_EXTENSIONS, WORD, tables
from wirecopy.words import put_utf8
from wirecopy.xxh64 import xxh64

I64Array = npt.NDArray[np.int64]
U64Array = npt.NDArray[np.uint64]
U32Array = npt.NDArray[np.uint32]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Scanned:
    """Each word's span [start, end) in the text, the XXH64 of its case-folded UTF-8, and
    whether a sentence mark (``.``, ``!``, ``?``, line break) lies between it and the word
    before."""

    starts: I64Array
    ends: I64Array
    hashes: U64Array
    breaks: BoolArray


@njit(cache=True)
def _scan_kernel(
    points: U32Array,
    classes: npt.NDArray[np.uint8],
    folds: U32Array,
    starts: I64Array,
    ends: I64Array,
    hashes: U64Array,
    breaks: BoolArray,
) -> int:
    """Fill the arrays word by word; return the word count, or -1 for the regex path."""
    word = np.empty(12 * len(points) + 8, np.uint8)  # 3 folded code points of 4 bytes each
    count, length, start, marked = 0, 0, -1, False
    for at in range(len(points) + 1):
        cp = int(points[at]) if at < len(points) else 0
        if cp >= BMP:
            if not CJK_EXTENSIONS[0] <= cp <= CJK_EXTENSIONS[1]:
                return -1  # outside the tables: the regular expression decides
            kind = ALONE
        else:
            kind = classes[cp]
        if kind != WORD and start >= 0:  # the run of letters and digits ends here
            starts[count], ends[count] = start, at
            hashes[count] = xxh64(word, 0, length)
            breaks[count] = marked
            count, length, start, marked = count + 1, 0, -1, False
        if kind == WORD:
            start = at if start < 0 else start
            for k in range(3):
                c = int(folds[cp, k])
                if c == 0 and k > 0:
                    break
                length = put_utf8(c, word, length)
        elif kind == ALONE:
            size = 0
            for k in range(3 if cp < BMP else 1):
                c = cp if cp >= BMP else int(folds[cp, k])
                if c == 0 and k > 0:
                    break
                size = put_utf8(c, word, size)
            starts[count], ends[count] = at, at + 1
            hashes[count] = xxh64(word, 0, size)
            breaks[count] = marked
            count, marked = count + 1, False
        elif cp in (0x2E, 0x21, 0x3F, 0x0A) and at < len(points):  # . ! ? and a line break
            marked = count > 0
    return count


def scan(text: str) -> Scanned | None:
    """The words of `text` (see the module docstring), or None where the regular
    expression must decide."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    n = len(points)
    starts, ends = np.empty(n, np.int64), np.empty(n, np.int64)
    hashes, breaks = np.empty(n, np.uint64), np.empty(n, np.bool_)
    classes, folds = tables()
    count = _scan_kernel(points, classes, folds, starts, ends, hashes, breaks)
    if count < 0:
        return None
    return Scanned(starts[:count], ends[:count], hashes[:count], breaks[:count])
