"""What an alignment returns: the passages two texts share, and how much of each they cover.

Offsets are character offsets (Python string indices) into the texts exactly as given,
end exclusive, so ``text_a[p.a_start:p.a_end]`` is the passage's side in text A.

>>> p = Passage(0, 5, 10, 15, "verbatim", 1.0)
>>> p.a_length, p.b_length
(5, 5)
"""

from dataclasses import dataclass
from typing import Literal

Faithfulness = Literal["verbatim", "lightly edited", "reworded"]
FAITHFULNESS: tuple[Faithfulness, ...] = ("verbatim", "lightly edited", "reworded")


@dataclass(frozen=True)
class Passage:
    """One shared passage: its span in each text, and how faithfully it was copied.

    `similarity` is the Dice coefficient of the two spans' sets of word bigrams
    (case-folded words, in order), 0..1; 1.0 for a verbatim copy.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    faithfulness: Faithfulness
    similarity: float

    @property
    def a_length(self) -> int:
        return self.a_end - self.a_start

    @property
    def b_length(self) -> int:
        return self.b_end - self.b_start


@dataclass(frozen=True)
class Alignment:
    """The shared passages ordered by `a_start`, and the share of each text they cover."""

    passages: tuple[Passage, ...]
    coverage_a: float
    coverage_b: float

    @property
    def coverage(self) -> float:
        """The share of the more covered text: what the passage verdict weighs."""
        return max(self.coverage_a, self.coverage_b)
