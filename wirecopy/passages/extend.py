"""From seeds to passages: cluster seeds along both texts, trim, validate, filter.

Seeds (sentence pairs) are grouped when they lie within MAX_GAP sentences of each
other in A, each group split again where its seeds lie further apart in B, and so on
until no group splits (Sanchez-Perez et al.'s extension). A group spans the sentences
between its first and last seed on each side; that span is trimmed to the first and
last word it shares with the other side, and kept when the two sides' tf-isf vectors
have cosine > MIN_FRAGMENT_COSINE (else its seeds are clustered again with a smaller
gap). Where a short stretch of one text sums up a long one of the other, seeds are
joined across SUMMARY_GAP sentences of the long side (summaries). Of overlapping passages
the better supported one is kept, and a passage shorter than MIN_CHARS on either side
is kept only if it holds MIN_SHORT_SHINGLES shared word n-grams, or is a quotation (in
either text) holding one.

>>> groups(np.array([0, 1, 9, 10]), np.array([3, 4, 5, 30]), 2, 2)
[[0, 1], [2], [3]]
"""

from dataclasses import dataclass

import numpy as np

from wirecopy.passages.quotes import quoted
from wirecopy.passages.seeds import TermWeights
from wirecopy.passages.units import I64Array, Units
from wirecopy.sets import isin

MAX_GAP = 2
"""Sentences allowed between two seeds of one passage (on either side)."""
MIN_FRAGMENT_COSINE = 0.45
MIN_SUMMARY_COSINE = 0.34
MIN_CHARS = 120
MIN_SHORT_SHINGLES = 6
"""A passage shorter than MIN_CHARS is kept with this many shared word n-grams (a copied
sentence), or with one if it is a quotation."""
SUMMARY_GAP = 24
SUMMARY_RATIO = 4.0


@dataclass(frozen=True)
class Fragment:
    """A candidate passage as word ranges [first, stop) in A and in B."""

    a_first: int
    a_stop: int
    b_first: int
    b_stop: int
    cosine: float
    shingles: int  # shared word n-grams inside both ranges


def _split(order_by: I64Array, members: list[int], gap: int) -> list[list[int]]:
    members = sorted(members, key=lambda m: int(order_by[m]))
    parts, current = [], [members[0]]
    for m in members[1:]:
        if order_by[m] - order_by[current[-1]] > gap + 1:
            parts.append(current)
            current = []
        current.append(m)
    parts.append(current)
    return parts


def _in_order(seeds_a: I64Array, seeds_b: I64Array, members: list[int]) -> list[list[int]]:
    """Members cut where, in A's order, B goes back more than one sentence after two sentences
    of A without seeds: two quotes kept in the opposite order are two passages, not one
    spanning both (while words shuffled inside a copied stretch keep it whole)."""
    members = sorted(members, key=lambda m: (int(seeds_a[m]), int(seeds_b[m])))
    parts, current, reach = [], [members[0]], int(seeds_b[members[0]])
    for m in members[1:]:
        if seeds_b[m] < reach - 1 and seeds_a[m] - seeds_a[current[-1]] > 2:
            parts.append(current)
            current, reach = [], int(seeds_b[m])
        current.append(m)
        reach = max(reach, int(seeds_b[m]))
    parts.append(current)
    return parts


def groups(
    seeds_a: I64Array, seeds_b: I64Array, gap: int, gap_b: int, monotone: bool = True
) -> list[list[int]]:
    """Seed indices grouped so that no group splits along A at `gap` or along B at `gap_b`
    (nor, if `monotone`, where the two orders disagree)."""
    if len(seeds_a) == 0:
        return []
    done, pending = [], [list(range(len(seeds_a)))]
    while pending:
        group = pending.pop()
        parts = [q for p in _split(seeds_a, group, gap) for q in _split(seeds_b, p, gap_b)]
        if len(parts) == 1 and monotone:
            parts = _in_order(seeds_a, seeds_b, parts[0])
        if len(parts) == 1:
            done.append(sorted(parts[0]))
        else:
            pending.extend(parts)
    return sorted(done)


def _trim(
    a: Units, b: Units, a_first: int, a_stop: int, b_first: int, b_stop: int
) -> tuple[int, int, int, int] | None:
    """The ranges cut down to their first and last word shared with the other side: words of
    a shared stem bigram, else shared content stems. None when they share nothing."""
    ta, tb = a.terms[a_first:a_stop], b.terms[b_first:b_stop]
    size = int(max(ta.max(initial=0), tb.max(initial=0))) + 1
    pa, pb = ta[:-1] * size + ta[1:], tb[:-1] * size + tb[1:]
    in_a, in_b = isin(pa, pb), isin(pb, pa)
    if in_a.any():
        wa, wb = np.flatnonzero(in_a), np.flatnonzero(in_b)
        return a_first + wa[0], a_first + wa[-1] + 2, b_first + wb[0], b_first + wb[-1] + 2
    ca = np.flatnonzero(isin(ta, tb) & a.content[a_first:a_stop])
    cb = np.flatnonzero(isin(tb, ta) & b.content[b_first:b_stop])
    if len(ca) == 0 or len(cb) == 0:
        return None
    return a_first + ca[0], a_first + ca[-1] + 1, b_first + cb[0], b_first + cb[-1] + 1


def _cosine(a: Units, b: Units, ranges: tuple[int, int, int, int], weights: TermWeights) -> float:
    a_first, a_stop, b_first, b_stop = ranges
    size = len(weights.isf)
    vectors = []
    for units, first, stop in ((a, a_first, a_stop), (b, b_first, b_stop)):
        keep = units.content[first:stop]
        vectors.append(np.bincount(units.terms[first:stop][keep], minlength=size) * weights.isf)
    norm = float(np.linalg.norm(vectors[0]) * np.linalg.norm(vectors[1]))
    return float(vectors[0] @ vectors[1]) / norm if norm else 0.0


Ranges = tuple[int, int, int, int]
Measures = dict[Ranges, tuple[Ranges | None, float, int]]
"""Word ranges of a group's sentences -> (trimmed ranges, cosine, shared n-grams inside)."""


def _measure(
    a: Units,
    b: Units,
    ranges: Ranges,
    shingles: tuple[I64Array, I64Array],
    weights: TermWeights,
) -> tuple[Ranges | None, float, int]:
    trimmed = _trim(a, b, *ranges)
    if trimmed is None:
        return None, 0.0, 0
    a_first, a_stop, b_first, b_stop = (int(x) for x in trimmed)
    wa, wb = shingles
    inside = (wa >= a_first) & (wa < a_stop) & (wb >= b_first) & (wb < b_stop)
    cosine = _cosine(a, b, trimmed, weights)
    return (a_first, a_stop, b_first, b_stop), cosine, int(inside.sum())


def fragments(
    a: Units,
    b: Units,
    seeds: tuple[I64Array, I64Array],
    shingles: tuple[I64Array, I64Array],
    weights: TermWeights,
    gap: int = MAX_GAP,
    gap_b: int = MAX_GAP,
    min_cosine: float = MIN_FRAGMENT_COSINE,
    measures: Measures | None = None,
) -> list[Fragment]:
    """Validated fragments from the seeds (sentence pairs), before overlaps are resolved;
    seeds further apart than `gap` sentences in A, or `gap_b` in B, are not joined.
    `measures` keeps what a group's span measured, for the next call on the same texts
    (the summaries meet most groups again)."""
    measures = {} if measures is None else measures
    seeds_a, seeds_b = seeds
    found = []
    for group in groups(seeds_a, seeds_b, gap, gap_b, monotone=gap == gap_b):
        sa, sb = seeds_a[group], seeds_b[group]
        ranges = (
            int(a.sentences[sa.min()]), int(a.sentences[sa.max() + 1]),
            int(b.sentences[sb.min()]), int(b.sentences[sb.max() + 1]),
        )  # fmt: skip
        if ranges not in measures:
            measures[ranges] = _measure(a, b, ranges, shingles, weights)
        trimmed, cosine, inside = measures[ranges]
        if trimmed and cosine > min_cosine:
            found.append(Fragment(*trimmed, cosine, inside))
        elif gap > 0 and len(group) > 1:
            found += fragments(
                a, b, (sa, sb), shingles, weights, gap - 1, max(gap_b - 1, 0), min_cosine,
                measures,
            )  # fmt: skip
        elif len(group) > 1:  # no gap left: each seed on its own
            for i, j in zip(sa.tolist(), sb.tolist(), strict=True):
                one = (np.array([i]), np.array([j]))
                found += fragments(a, b, one, shingles, weights, 0, 0, min_cosine, measures)
    return found


def summaries(
    a: Units,
    b: Units,
    seeds: tuple[I64Array, I64Array],
    shingles: tuple[I64Array, I64Array],
    weights: TermWeights,
    measures: Measures | None = None,
) -> list[Fragment]:
    """Fragments where a short stretch of A sums up a long one of B (or B of A): seeds close
    together on the short side joined across SUMMARY_GAP sentences of the long side, kept
    when the long side is SUMMARY_RATIO times the short one or more."""
    found = []
    measures = {} if measures is None else measures
    for short_is_a in (True, False):
        gaps = (MAX_GAP, SUMMARY_GAP) if short_is_a else (SUMMARY_GAP, MAX_GAP)
        for f in fragments(a, b, seeds, shingles, weights, *gaps, MIN_SUMMARY_COSINE, measures):
            a_chars, b_chars = _chars(a, f.a_first, f.a_stop), _chars(b, f.b_first, f.b_stop)
            short, long = (a_chars, b_chars) if short_is_a else (b_chars, a_chars)
            if long >= SUMMARY_RATIO * short:
                found.append(f)
    return found


def _chars(units: Units, first: int, stop: int) -> int:
    return int(units.ends[stop - 1] - units.starts[first])


def _quoted(texts: tuple[str, str], a: Units, b: Units, f: Fragment) -> bool:
    return quoted(texts[0], int(a.starts[f.a_first]), int(a.ends[f.a_stop - 1])) or quoted(
        texts[1], int(b.starts[f.b_first]), int(b.ends[f.b_stop - 1])
    )


def resolve(a: Units, b: Units, found: list[Fragment], texts: tuple[str, str]) -> list[Fragment]:
    """Overlapping fragments resolved (the best supported kept); short ones dropped unless
    they hold enough shared n-grams or are quotations; the rest ordered along A."""
    kept: list[Fragment] = []
    ranked = sorted(
        found, key=lambda f: -(f.cosine * (_chars(a, f.a_first, f.a_stop) + 1) + f.shingles)
    )
    for f in ranked:
        short = min(_chars(a, f.a_first, f.a_stop), _chars(b, f.b_first, f.b_stop)) < MIN_CHARS
        if (
            short
            and f.shingles < MIN_SHORT_SHINGLES
            and not (f.shingles and _quoted(texts, a, b, f))
        ):
            continue
        if any(
            (f.a_first < k.a_stop and k.a_first < f.a_stop)
            or (f.b_first < k.b_stop and k.b_first < f.b_stop)
            for k in kept
        ):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: f.a_first)
