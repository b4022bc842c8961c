"""Copied passages on PAN 2013 (dev half), scored with PAN's character measures.

Every document pair is aligned (suspicious text as A, source as B) and the passages
are scored against the annotated cases (:mod:`wirecopy.evaluation.plagdet`), per
obfuscation label and overall. Pairs without reuse (`no-plagiarism`, `unannotated`)
have no cases: their passages count against precision overall, and are counted. The
aligner's parameters were tuned on this very corpus (a quarter of it, every fourth
pair), so these figures are not held out.

>>> FLOORS
{'overall': 0.85, 'none': 0.9}
"""

import time
from dataclasses import dataclass
from pathlib import Path

from wirecopy.evaluation.datasets import PAN_NO_REUSE, PanAlignmentPair, pan13_alignment
from wirecopy.evaluation.plagdet import PanScores, Span, pan_scores
from wirecopy.passages import align

FLOORS = {"overall": 0.85, "none": 0.90}
"""plagdet the issue asks for: overall, and on verbatim copies (label `none`)."""
REUSE_LABELS = ("none", "random", "translation", "summary")


@dataclass(frozen=True)
class PassagesResult:
    """PAN scores per reuse label and overall; detections where there is no reuse."""

    by_label: dict[str, PanScores]
    overall: PanScores
    overall_without_unannotated: PanScores
    detections_without_reuse: dict[str, int]
    pairs: int
    seconds: float

    @property
    def floors(self) -> list[tuple[str, bool]]:
        scores = {"overall": self.overall, **self.by_label}
        return [
            (f"passages: PAN plagdet {name} >= {floor} ({scores[name].plagdet:.3f})",
             scores[name].plagdet >= floor)
            for name, floor in FLOORS.items()
        ]  # fmt: skip


def detections(pair: PanAlignmentPair, texts: dict[str, str]) -> list[Span]:
    """The aligner's passages for one pair, as PAN detections."""
    found = align(texts[pair.suspicious], texts[pair.source])
    return [Span(pair.id, p.a_start, p.a_end, p.b_start, p.b_end) for p in found.passages]


def run_passages(data: Path, every: int = 1) -> PassagesResult:
    """Align every `every`-th PAN pair under `data` and score the passages."""
    texts, pairs = pan13_alignment(data)
    pairs = pairs[::every]
    started = time.perf_counter()
    cases: dict[str, list[Span]] = {}
    found: dict[str, list[Span]] = {}
    for pair in pairs:
        found.setdefault(pair.label, []).extend(detections(pair, texts))
        cases.setdefault(pair.label, []).extend(
            Span(pair.id, c.this_start, c.this_end, c.source_start, c.source_end)
            for c in pair.cases
        )
    seconds = time.perf_counter() - started
    every_case = [c for label in REUSE_LABELS for c in cases.get(label, [])]
    every_detection = [d for spans in found.values() for d in spans]
    annotated = [d for label, spans in found.items() if label != "unannotated" for d in spans]
    return PassagesResult(
        {label: pan_scores(cases.get(label, []), found.get(label, [])) for label in REUSE_LABELS},
        pan_scores(every_case, every_detection),
        pan_scores(every_case, annotated),
        {label: len(found.get(label, [])) for label in PAN_NO_REUSE},
        len(pairs),
        round(seconds, 1),
    )
