import pytest

from wirecopy.debris import is_debris, strip_debris


@pytest.mark.parametrize(
    "line",
    [
        "Share", "  Print ", "Share this article", "My Posts", "|", "By Jane Doe",
        "Author:", "© Photo Agency / Someone", "Photo: AFP", "Image caption A man walks",
        "5 January 2026", "January 5, 2026", "2026-01-05", "Getty Images",
    ],
)  # fmt: skip
def test_debris_lines(line: str) -> None:
    assert is_debris(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council met on Monday.",
        "By the end of the week, the river had risen by two metres and the town was cut off.",
        "Lessons on copyright are to be taught in schools.",
        "Brexit",
        "Council votes to close the library",
    ],
)
def test_prose_and_headlines_are_kept(line: str) -> None:
    assert not is_debris(line)


def test_long_lines_are_never_debris() -> None:
    assert not is_debris("Share " + "word " * 60)


def test_strip_keeps_prose_and_cuts_inline_credits() -> None:
    text = "date 2026-01-05 Flood hits town.\nShare\nA bridge fell. REUTERS/Jane Roe\nBy Jo Bloggs"
    assert strip_debris(text) == "Flood hits town.\nA bridge fell. "
