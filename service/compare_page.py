"""The compare page: two articles side by side, shared passages highlighted in pairs.

Plain server-rendered HTML and CSS (no script, no build step). Each passage's two spans
are `<mark>` elements of the same colour class, carrying the passage number and the
offsets they stand for (`data-start`, `data-end`), so a test can check them.

>>> '<mark class="p0"' in render_page("a", "b", "xx yy", "xx", _one_passage())
True
"""

from html import escape

from wirecopy.comparison import Comparison
from wirecopy.passages import Alignment, Passage
from wirecopy.relation import Relation
from wirecopy.scoring import PairScores

COLOURS = ("#ffe08a", "#a8e6a1", "#9fd3ff", "#f7b3d2", "#d4c4ff", "#ffc59e", "#b5f0e8", "#e6e6a0")
_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; }
header { margin-bottom: 1rem; }
table.scores td, table.scores th { padding: 0.1rem 0.8rem 0.1rem 0; text-align: left; }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
article { white-space: pre-wrap; border: 1px solid #ddd; padding: 1rem; border-radius: 6px; }
mark { border-radius: 3px; padding: 0 1px; }
""" + "".join(f"mark.p{n} {{ background: {c}; }}\n" for n, c in enumerate(COLOURS))


def _highlighted(text: str, spans: list[tuple[int, int, int]], side: str) -> str:
    """`text` escaped, each (start, end, passage number) span wrapped in a mark."""
    parts, at = [], 0
    for start, end, number in sorted(spans):
        parts.append(escape(text[at:start]))
        parts.append(
            f'<mark class="p{number % len(COLOURS)}" data-passage="{number}" '
            f'data-side="{side}" data-start="{start}" data-end="{end}">'
            f"{escape(text[start:end])}</mark>"
        )
        at = end
    parts.append(escape(text[at:]))
    return "".join(parts)


def render_page(a: str, b: str, text_a: str, text_b: str, found: Comparison) -> str:
    """The whole page for articles `a` and `b`."""
    s, alignment = found.scores, found.alignment
    passages = alignment.passages
    rows = "".join(
        f"<tr><td>{n + 1}</td><td>{p.a_start}-{p.a_end}</td><td>{p.b_start}-{p.b_end}</td>"
        f'<td><mark class="p{n % len(COLOURS)}">{p.faithfulness}</mark></td>'
        f"<td>{p.similarity:.2f}</td></tr>"
        for n, p in enumerate(passages)
    )
    side_a = _highlighted(text_a, [(p.a_start, p.a_end, n) for n, p in enumerate(passages)], "a")
    side_b = _highlighted(text_b, [(p.b_start, p.b_end, n) for n, p in enumerate(passages)], "b")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>wirecopy: {escape(a)} and {escape(b)}</title><style>{_STYLE}</style></head>
<body><header>
<h1>{escape(a)} and {escape(b)}: {found.relation}</h1>
<table class="scores"><tr><th>jaccard</th><th>A in B</th><th>B in A</th>
<th>A covered</th><th>B covered</th><th>passages</th></tr>
<tr id="scores"><td>{s.jaccard:.2f}</td><td>{s.containment_a_in_b:.0%}</td>
<td>{s.containment_b_in_a:.0%}</td><td>{alignment.coverage_a:.0%}</td>
<td>{alignment.coverage_b:.0%}</td><td>{len(passages)}</td></tr></table>
<table class="scores"><tr><th>#</th><th>in A</th><th>in B</th><th>copy</th>
<th>similarity</th></tr>{rows}</table>
</header>
<main><section><h2>A: {escape(a)}</h2><article id="text-a">{side_a}</article></section>
<section><h2>B: {escape(b)}</h2><article id="text-b">{side_b}</article></section></main>
</body></html>
"""


def _one_passage() -> Comparison:
    passage = Passage(0, 2, 0, 2, "verbatim", 1.0)
    return Comparison(PairScores(0.5, 1.0, 0.5), Relation.REWRITE, Alignment((passage,), 0.4, 1.0))
