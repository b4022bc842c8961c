"""Is a span quoted? Short shared passages count as copy only when they are quotations.

A span is quoted when, on its own line, an opening quotation mark comes before it that
is not closed before it, and a closing mark follows it. News keeps quotes word for word
while rewriting the frame around them, so a short quoted match is evidence of reuse,
where a short unquoted one ("in the United States") is not.

>>> text = 'He said: "we walked out at dawn" and left. Dockers walked out at dawn.'
>>> quoted(text, 10, 31), quoted(text, 53, 69)
(True, False)
"""

_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"))


def quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside a quotation on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start]
    after = text[end : len(text) if line_end < 0 else line_end]
    for opening, closing in _PAIRS:
        if before.rfind(opening) > before.rfind(closing) and closing in after:
            return True
    return before.count('"') % 2 == 1 and '"' in after
