"""Align two texts: the passages they share, with offsets into the texts as given.

Words and sentences (with their character spans) → seeds: shared word n-grams and
sentence pairs of high word overlap → passages: seeds clustered along both texts,
trimmed to shared words, validated, overlaps resolved → each passage's faithfulness
(candidates under MIN_SIMILARITY dropped before overlaps are resolved).
Texts whose words are the same throughout are one verbatim passage at once.

>>> a = ("Dockers walked out at dawn. The port of Kessling was closed for the whole day on "
...      "Monday after the crane operators refused to start their shifts at six.")
>>> b = ("Officials were not available. The port of Kessling was closed for the whole day on "
...      "Monday after crane operators refused to begin their shifts at six, the union said.")
>>> p = align(a, b).passages[0]
>>> a[p.a_start:p.a_end] == a[28:150], b[p.b_start:p.b_end] == b[30:148]
(True, True)
>>> p.faithfulness, p.similarity
('lightly edited', 0.8372)
"""

import numpy as np

from wirecopy.passages.extend import Fragment, Measures, fragments, resolve, summaries
from wirecopy.passages.faithfulness import judge_forms
from wirecopy.passages.model import Alignment, Passage
from wirecopy.passages.seeds import TermWeights, seed_pairs, shared_shingles
from wirecopy.passages.units import Units, split_units
from wirecopy.passages.vocabulary import Vocabulary
from wirecopy.sets import isin, unique

MIN_SIMILARITY = 0.12
"""A candidate whose sides share fewer stem bigrams than this (Dice) is dropped: same-topic
sentences that seed and cluster but hold no copy."""


def _passage(a: Units, b: Units, f: Fragment) -> Passage:
    faithfulness, score = judge_forms(a.forms[f.a_first : f.a_stop], b.forms[f.b_first : f.b_stop])
    return Passage(
        int(a.starts[f.a_first]),
        int(a.ends[f.a_stop - 1]),
        int(b.starts[f.b_first]),
        int(b.ends[f.b_stop - 1]),
        faithfulness,
        score,
    )


def _stem_similarity(a: Units, b: Units, f: Fragment) -> float:
    """Dice of the two spans' stem-bigram sets: the faithfulness similarity on stems, in
    numpy, cheap enough for every candidate."""
    ta, tb = a.terms[f.a_first : f.a_stop], b.terms[f.b_first : f.b_stop]
    if len(ta) < 2 or len(tb) < 2:
        return 1.0 if np.array_equal(ta, tb) else 0.0
    size = int(max(ta.max(), tb.max())) + 1
    ga, gb = unique(ta[:-1] * size + ta[1:]), unique(tb[:-1] * size + tb[1:])
    return 2 * int(isin(ga, gb).sum()) / (len(ga) + len(gb))


def _coverage(spans: list[tuple[int, int]], length: int) -> float:
    covered, reach = 0, 0
    for start, end in sorted(spans):
        covered += max(0, end - max(start, reach))
        reach = max(reach, end)
    return round(covered / length, 4) if length else 0.0


def align(text_a: str, text_b: str) -> Alignment:
    """The passages `text_a` and `text_b` share, ordered along `text_a`, and the share of
    each text's characters that they cover (see the module docstring for an example)."""
    vocabulary = Vocabulary()
    a, b = split_units(text_a, vocabulary), split_units(text_b, vocabulary)
    if len(a.forms) == 0 or len(b.forms) == 0:
        return Alignment((), 0.0, 0.0)
    if np.array_equal(a.forms, b.forms):
        found = [Fragment(0, len(a.forms), 0, len(b.forms), 1.0, 0)]
    else:
        weights = TermWeights.of(a, b)
        shingles = shared_shingles(a, b)
        seeds = seed_pairs(a, b, weights, shingles)
        measures: Measures = {}  # the summaries meet most of the fragments' groups again
        candidates = fragments(a, b, seeds, shingles, weights, measures=measures)
        candidates += summaries(a, b, seeds, shingles, weights, measures)
        # before overlaps are resolved, so that a loose summary cannot hide a quote
        candidates = [f for f in candidates if _stem_similarity(a, b, f) >= MIN_SIMILARITY]
        found = resolve(a, b, candidates, (text_a, text_b))
    passages = tuple(_passage(a, b, f) for f in found)
    return Alignment(
        passages,
        _coverage([(p.a_start, p.a_end) for p in passages], len(text_a)),
        _coverage([(p.b_start, p.b_end) for p in passages], len(text_b)),
    )
