"""Copied passages: what two articles share, where in each, and how faithfully.

>>> quote = '"Nobody voted for a bill of twelve million euros," said Anna Berg, a baker.'
>>> found = align(f"The council met. {quote}", f"Residents were angry. {quote} Work starts in May.")
>>> [(p.a_start, p.a_end, p.b_start, p.b_end, p.faithfulness) for p in found.passages]
[(18, 91, 23, 96, 'verbatim')]
>>> found.coverage_a, found.coverage_b
(0.7935, 0.6239)
"""

from wirecopy.passages.align import align
from wirecopy.passages.model import FAITHFULNESS, Alignment, Faithfulness, Passage

__all__ = ["FAITHFULNESS", "Alignment", "Faithfulness", "Passage", "align"]
