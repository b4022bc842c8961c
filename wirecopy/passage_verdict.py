"""The passages behind a verdict: align the pairs whose shingles alone cannot decide.

Shingle containment decides most pairs; a pair below the partial threshold that still
shares a few shingles (:func:`wirecopy.relation.needs_alignment`) is aligned, and the
share of the more covered article inside its passages goes to
:func:`wirecopy.relation.classify`.

>>> coverage("The port strike went on. Cranes stood idle all day long.", "Snow fell.")
0.0
"""

from wirecopy.passages import align


def coverage(text_a: str, text_b: str) -> float:
    """The share of the more covered of two texts that their shared passages cover."""
    return align(text_a, text_b).coverage
