"""The passages behind dedup's verdicts: each related pair aligned once.

`wirecopy dedup --passages` adds to every related article of a report the passages
the two share (offsets in each text, faithfulness), so that a `partial` relation names
what is shared (quotes, a paragraph) and a `rewrite` shows what was copied.

>>> from wirecopy.articles import Article
>>> from wirecopy.dedup import dedup
>>> quote = '"Nobody voted for a bill of twelve million euros," said Anna Berg, a baker.'
>>> articles = [Article("a", f"The council met. {quote}"), Article("b", f"Anger grew. {quote}")]
>>> found = related_passages(dedup(articles), {a.id: a.text for a in articles}.get)
>>> [(p.a_start, p.b_start, p.faithfulness) for p in found["a", "b"]]
[(18, 13, 'verbatim')]
"""

from collections.abc import Callable
from dataclasses import replace

from wirecopy.dedup import DedupResult
from wirecopy.errors import InputError
from wirecopy.passages import Passage, align

PairPassages = dict[tuple[str, str], tuple[Passage, ...]]


def _swapped(p: Passage) -> Passage:
    return replace(p, a_start=p.b_start, a_end=p.b_end, b_start=p.a_start, b_end=p.a_end)


def related_passages(result: DedupResult, text_of: Callable[[str], str | None]) -> PairPassages:
    """For every (article, related article) of the reports, the passages they share, with
    the article as side A. Each pair is aligned once; `text_of` gives an id's text."""
    found: PairPassages = {}
    for report in result.reports:
        for link in report.related:
            key = (report.id, link.id)
            if key in found:
                continue
            if (link.id, report.id) in found:
                turned = (_swapped(p) for p in found[link.id, report.id])
                found[key] = tuple(sorted(turned, key=lambda p: p.a_start))
                continue
            text_a, text_b = text_of(report.id), text_of(link.id)
            if text_a is None or text_b is None:
                missing = link.id if text_a is not None else report.id
                raise InputError(
                    f"no text for {missing!r} to align: index with text keeping on, "
                    "or leave out --passages"
                )
            found[key] = align(text_a, text_b).passages
    return found
