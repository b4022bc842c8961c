"""Quotations: is a span inside quotation marks on its line?"""

from wirecopy.passages.quotes import quoted


def span(text: str, part: str) -> tuple[str, int, int]:
    start = text.index(part)
    return text, start, start + len(part)


def test_typographic_straight_and_guillemet_quotes() -> None:
    for text in [
        "He said “we stay here until Friday” and left.",
        'He said "we stay here until Friday" and left.',
        "Il a dit «we stay here until Friday» hier.",
        "Er sagte „we stay here until Friday“ gestern.",
    ]:
        assert quoted(*span(text, "we stay here")), text


def test_unquoted_and_closed_before_are_not_quoted() -> None:
    assert not quoted(*span("Dockers said we stay here until Friday.", "we stay here"))
    assert not quoted(*span("“Enough,” she said; we stay here until Friday.", "we stay here"))


def test_a_quote_does_not_reach_across_lines() -> None:
    text = "He said “we stay\nhere until Friday” and left."
    assert not quoted(*span(text, "here until"))
