"""Plain-text tables of the evaluation figures, for reading on a terminal.

>>> print("\\n".join(table(["set", "F1"], [["clough", 0.9571], ["pan", 0.9]])))
set        F1
clough  0.957
pan     0.900
"""

from collections.abc import Sequence

from wirecopy.evaluation.alignment import PassagesResult
from wirecopy.evaluation.bbc import BbcResult
from wirecopy.evaluation.clough import CloughResult
from wirecopy.evaluation.metrics import Scores
from wirecopy.evaluation.pairs import PairFigures
from wirecopy.evaluation.seed_quotes import SeedQuotes
from wirecopy.evaluation.seeds import SeedsResult

HEADLINE_CHARS = 44  # headlines are cut to this in tables; --json has them whole


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return "-" if value is None else str(value)


def table(header: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "") -> list[str]:
    """Columns as wide as their widest cell; numbers to the right, text to the left."""
    cells = [list(header), *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[c]) for row in cells) for c in range(len(header))]
    numeric = [
        all(isinstance(row[c], int | float) for row in rows if row[c] is not None)
        for c in range(len(header))
    ]
    lines = []
    for row in cells:
        padded = [
            cell.rjust(width) if is_number else cell.ljust(width)
            for cell, width, is_number in zip(row, widths, numeric, strict=True)
        ]
        lines.append(indent + "  ".join(padded).rstrip())
    return lines


def _scores(scores: Scores) -> str:
    return f"precision {scores.precision:.3f}, recall {scores.recall:.3f}, F1 {scores.f1:.3f}"


def _cut(text: str) -> str:
    return text if len(text) <= HEADLINE_CHARS else text[: HEADLINE_CHARS - 3] + "..."


def seeds_lines(result: SeedsResult) -> list[str]:
    """The seeds' stories, every pair's scores, and the checks."""
    rows = [
        [a.id, a.cluster, a.relation, ", ".join(a.related), _cut(a.headline)]
        for a in result.articles
    ]
    pairs = [
        [
            f"{p.a}-{p.b}",
            p.jaccard,
            p.containment_a_in_b,
            p.containment_b_in_a,
            p.relation,
            p.estimated_a_in_b,
            p.estimated_b_in_a,
        ]
        for p in result.pairs
    ]
    return [
        "seeds: five articles on one event (000, 001, 003 rewrite one wire story)",
        *table(["id", "story", "relation", "related", "headline"], rows, "  "),
        "",
        *table(
            ["pair", "jaccard", "a in b", "b in a", "relation", "est. a in b", "est. b in a"],
            pairs,
            "  ",
        ),
        "  (scored on the shingle sets, as dedup scores; est.: from signatures alone)",
        "",
        f"  000, 001, 003 in one story, 002 and 004 not in it: {_cell(result.one_story)}",
        f"  002 and 004 partial: {_cell(result.quotes_partial)}",
        f"  against {{000, 001, 003}}, {{002}}, {{004}}: pairwise {_scores(result.pairwise)}; "
        f"adjusted Rand index {result.ari:.3f}",
        f"  both checks hold with {result.met_with_seeds} of {result.permutation_seeds} "
        "MinHash permutation seeds (1 is the default)",
    ]


def pair_lines(figures: PairFigures) -> list[str]:
    """Derived-or-not overall, then per label."""
    rows = [
        [f.label, f.pairs, f.derived, f.called_derived, f.called_rewrite, f.auc]
        for f in figures.labels
    ]
    lines = [
        f"  {figures.pairs} pairs, {figures.derived_pairs} derived. Derived or not: "
        f"{_scores(figures.derived)}; ROC AUC of containment {figures.auc:.3f}",
    ]
    if figures.rewrite:
        lines.append(f"  rewrite or not: {_scores(figures.rewrite)}")
    return [
        *lines,
        *table(
            ["label", "pairs", "derived", "called derived", "called rewrite", "AUC"], rows, "    "
        ),
        "    (called derived: the recall of a derived label, the false-positive rate of the "
        "others; AUC: its pairs against all pairs not derived)",
    ]


def clough_lines(result: CloughResult) -> list[str]:
    """Clough & Stevenson with all pairs, then without the two odd cut answers."""
    odd = [[o.answer, o.source, o.jaccard, o.containment, o.relation] for o in result.odd_answers]
    f1 = result.f1_by_seed
    return [
        "clough: Clough & Stevenson short answers against Wikipedia sources",
        "  all pairs:",
        *pair_lines(result.all_pairs),
        f"  without the pairs of {' and '.join(o.answer for o in result.odd_answers)}:",
        *pair_lines(result.without_odd),
        "  the two odd cut answers against their stated source:",
        *table(["answer", "source", "jaccard", "containment", "relation"], odd, "    "),
        f"  derived-or-not F1 (all pairs) from signatures alone, permutation seeds 1-{len(f1)}: "
        f"mean {sum(f1) / len(f1):.3f}, min {min(f1):.3f}, max {max(f1):.3f}",
        "  (pairs too reworded for shingles to decide are aligned, as `wirecopy dedup "
        f"--passages` does; on shingles alone, as plain dedup: F1 {result.shingles_only_f1:.3f})",
    ]


def pan_lines(figures: PairFigures) -> list[str]:
    """PAN 2013 dev half, document pairs."""
    return ["pan: PAN 2013 text alignment, dev half, document pairs", *pair_lines(figures)]


def bbc_lines(result: BbcResult) -> list[str]:
    """Exact duplicates, the other rewrite pairs (a table), and partial copies."""
    rows = [
        [
            p.a,
            p.b,
            p.jaccard,
            p.containment_a_in_b,
            p.containment_b_in_a,
            _cut(p.headline_a),
            _cut(p.headline_b),
        ]
        for p in result.other_rewrites
    ]
    return [
        f"bbc: {result.articles:,} BBC News articles, dedup in {result.seconds:.1f} s",
        f"  exact duplicates in one story with their twin: {result.with_twin}/"
        f"{result.exact_duplicates}",
        f"  stories of two or more articles: {result.stories} (largest: {result.largest_story}); "
        f"articles called rewrite: {result.rewrite_articles}, partial: {result.partial_articles} "
        f"({result.partial_pairs} partial pairs)",
        f"  other pairs called rewrites (twins counted once): {len(result.other_rewrites)}; "
        "by Jaccard: " + ", ".join(f"{b} {n}" for b, n in result.by_jaccard.items()),
        *table(["a", "b", "jaccard", "a in b", "b in a", "headline a", "headline b"], rows, "    "),
    ]


def floor_lines(floors: Sequence[tuple[str, bool]]) -> list[str]:
    """Each floor of the issue, met or not."""
    return ["floors:", *(f"  {'met    ' if met else 'NOT met'}  {name}" for name, met in floors)]


def passages_lines(result: PassagesResult) -> list[str]:
    """PAN's character measures per reuse label and overall."""
    rows = [
        [name, s.cases, s.detections, s.precision, s.recall, s.granularity, s.plagdet]
        for name, s in (
            *result.by_label.items(),
            ("overall", result.overall),
            ("overall, unannotated left out", result.overall_without_unannotated),
        )
    ]
    quiet = ", ".join(f"{label} {n}" for label, n in result.detections_without_reuse.items())
    return [
        f"passages: PAN 2013 text alignment, dev half, {result.pairs:,} pairs aligned in "
        f"{result.seconds:.1f} s (parameters tuned on this corpus)",
        *table(
            ["label", "cases", "passages", "precision", "recall", "granularity", "plagdet"],
            rows,
            "  ",
        ),
        f"  passages found in pairs without reuse: {quiet}",
    ]


def seed_quotes_lines(result: SeedQuotes) -> list[str]:
    """Each quote the pair shares, where it is, and the passage holding it."""
    rows = [
        [
            f"{q.a_start}-{q.a_end}",
            f"{q.b_start}-{q.b_end}",
            f"{q.passage.a_start}-{q.passage.a_end}" if q.passage else None,
            f"{q.passage.b_start}-{q.passage.b_end}" if q.passage else None,
            q.passage.faithfulness if q.passage else None,
        ]
        for q in result.quotes
    ]
    a, b = result.pair
    return [
        f"seed-quotes: the quotes {a} and {b} share, and the passages holding them "
        "(character offsets)",
        *table([f"quote in {a}", f"quote in {b}", f"passage in {a}", f"passage in {b}", "copy"],
               rows, "  "),
    ]  # fmt: skip
