"""PAN's text-alignment measures (Potthast et al., COLING 2010), on characters.

A case (true) or a detection is a pair of character ranges: one in the suspicious
document ("this"), one in the source, of one document pair. A detection r detects a
case s when they overlap in both documents; s & r is then their shared characters
(in both documents), else nothing.

- precision = mean over detections r of |U_s (s & r)| / |r|
- recall = mean over cases s of |U_r (s & r)| / |s|
- granularity = mean over detected cases of the number of detections detecting it (>= 1)
- plagdet = F1 / log2(1 + granularity)

With no detections precision is 0; with no cases recall is 0; with no detected case
granularity is 1.

>>> case = Span("p", 0, 100, 0, 100)
>>> pan_scores([case], [Span("p", 0, 50, 0, 50), Span("p", 50, 100, 50, 100)])
PanScores(precision=1.0, recall=1.0, granularity=2.0, plagdet=0.6309, cases=1, detections=2)
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from math import log2


@dataclass(frozen=True)
class Span:
    """A case or a detection: [start, end) in the suspicious document and in the source."""

    pair: str
    this_start: int
    this_end: int
    source_start: int
    source_end: int

    @property
    def length(self) -> int:
        return (self.this_end - self.this_start) + (self.source_end - self.source_start)


@dataclass(frozen=True)
class PanScores:
    """The four measures, rounded to four places, and how many cases and detections."""

    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> tuple[int, int] | None:
    start, end = max(a_start, b_start), min(a_end, b_end)
    return (start, end) if start < end else None


def _union(ranges: list[tuple[int, int]]) -> int:
    total, reach = 0, None
    for start, end in sorted(ranges):
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def _shared(s: Span, r: Span) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """s & r as its range in each document, or None when r does not detect s."""
    if s.pair != r.pair:
        return None
    this = _overlap(s.this_start, s.this_end, r.this_start, r.this_end)
    source = _overlap(s.source_start, s.source_end, r.source_start, r.source_end)
    return (this, source) if this and source else None


def _covered(one: Span, others: Sequence[Span]) -> float:
    """|U_o (one & o)| / |one|."""
    this, source = [], []
    for other in others:
        shared = _shared(one, other)
        if shared:
            this.append(shared[0])
            source.append(shared[1])
    return (_union(this) + _union(source)) / one.length if one.length else 0.0


def pan_scores(cases: Sequence[Span], detections: Sequence[Span]) -> PanScores:
    """Precision, recall, granularity and plagdet of `detections` against `cases`."""
    by_pair: dict[str, list[Span]] = defaultdict(list)
    cases_by_pair: dict[str, list[Span]] = defaultdict(list)
    for r in detections:
        by_pair[r.pair].append(r)
    for s in cases:
        cases_by_pair[s.pair].append(s)
    precision = (
        sum(_covered(r, cases_by_pair[r.pair]) for r in detections) / len(detections)
        if detections
        else 0.0
    )
    recall = sum(_covered(s, by_pair[s.pair]) for s in cases) / len(cases) if cases else 0.0
    detecting = [sum(1 for r in by_pair[s.pair] if _shared(s, r)) for s in cases]
    detected = [n for n in detecting if n > 0]
    granularity = sum(detected) / len(detected) if detected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PanScores(
        round(precision, 4),
        round(recall, 4),
        round(granularity, 4),
        round(f1 / log2(1 + granularity), 4),
        len(cases),
        len(detections),
    )
