"""Character tables for the compiled tokenizer, built from the Python definitions.

For every code point of the Basic Multilingual Plane: its case folding (one to three
code points, as `str.casefold` gives), and its class: a separator, a word character
(`str.isalnum`), or a character of a script written without spaces, which is a word
on its own (:mod:`wirecopy.tokens`). Built once per process from the very
definitions the Python tokenizer uses, so the two cannot drift apart.

>>> classes, folds = tables()
>>> int(classes[ord("a")]), int(classes[ord("-")]), int(classes[ord("古")])
(1, 0, 2)
>>> [chr(c) for c in folds[ord("ß")] if c]
['s', 's']
>>> chr(ascii_words()[ord("Q")]), int(ascii_words()[ord("-")])
('q', 0)
"""

import re
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from wirecopy.tokens import UNSPACED_CHAR

SEPARATOR, WORD, ALONE = 0, 1, 2
BMP = 0x10000
CJK_EXTENSIONS = (0x20000, 0x3134F)
"""Ideographs outside the Basic Multilingual Plane: each one a word of its own (ALONE)."""
_ALNUM = re.compile(r"[^\W_]")  # `\w` is str.isalnum() plus the underscore


@lru_cache(maxsize=1)
def ascii_words() -> npt.NDArray[np.uint8]:
    """For each ASCII byte, its case-folded form if it belongs to a word, else 0."""
    classes, folds = tables()
    folded = folds[:128, 0].astype(np.uint8)
    return np.where(classes[folded] == WORD, folded, 0).astype(np.uint8)


@lru_cache(maxsize=1)
def tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint32]]:
    """(class of each code point, its case folding padded with zeros to three code points)."""
    every_char = "".join(map(chr, range(BMP)))
    classes = np.zeros(BMP, np.uint8)
    classes[[m.start() for m in _ALNUM.finditer(every_char)]] = WORD
    classes[[m.start() for m in UNSPACED_CHAR.finditer(every_char)]] = ALONE
    folds = np.zeros((BMP, 3), np.uint32)
    folds[:, 0] = np.arange(BMP, dtype=np.uint32)
    for cp, char in enumerate(every_char):
        folded = char.casefold()
        if folded != char:
            folds[cp] = [ord(c) for c in folded] + [0] * (3 - len(folded))
    return classes, folds
