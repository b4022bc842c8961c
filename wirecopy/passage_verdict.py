"""The passages behind a verdict: align the pairs whose shingles alone cannot decide.

Shingle containment decides most pairs; a pair below the partial threshold that still
shares a few shingles (:func:`wirecopy.relation.needs_alignment`) is aligned, and the
share of the more covered article inside its passages goes to
:func:`wirecopy.relation.classify`.

>>> coverage("The port strike went on. Cranes stood idle all day long.", "Snow fell.")
0.0
"""

from collections.abc import Callable, Sequence

from wirecopy.passages import align
from wirecopy.relation import DEFAULT_THRESHOLDS, Thresholds, needs_alignment


def coverage(text_a: str, text_b: str) -> float:
    """The share of the more covered of two texts that their shared passages cover."""
    alignment = align(text_a, text_b)
    return max(alignment.coverage_a, alignment.coverage_b)


def coverages(
    pairs: Sequence[tuple[int, int]],
    containments: Sequence[float],
    text: Callable[[int], str],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> dict[int, float]:
    """Coverage of each pair (by its position) whose verdict waits on its passages."""
    return {
        k: coverage(text(a), text(b))
        for k, ((a, b), c) in enumerate(zip(pairs, containments, strict=True))
        if needs_alignment(c, thresholds)
    }
