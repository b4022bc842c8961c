"""Page debris: the lines a scraper brings along that no reporter wrote.

A line is debris when, on its own, it is a button label ("Share", "Print"), a
byline ("By Jane Doe", "Author:"), a photo credit or caption ("© Reuters",
"Photo: AFP", "Image caption ..."), a bare date, or a lone separator. Single words
are kept (wrapped lines leave them). Credits run into a sentence ("... REUTERS/Jane
Doe") are cut out of it, and so is a scraper's "date 2026-01-05" prefix. Long lines are
never dropped whole: a paragraph of the story is never debris.

>>> strip_debris("Share\\nBy Jane Doe\\nThe council met on Monday.\\n© AFP")
'The council met on Monday.'
"""

import re

MAX_DEBRIS_LINE = 160  # characters; anything longer is prose

_LABELS = frozenset(
    {
        "share", "tweet", "email", "e-mail", "print", "save", "listen", "comment", "comments",
        "advertisement", "my posts", "read more", "related", "related articles",
        "related stories", "related topics", "more on this story", "copy link", "top stories",
        "most read", "sign up", "follow us",
    }
)  # fmt: skip
_LABEL_PREFIXES = (
    "share this",
    "share on ",
    "share via",
    "sign up",
    "subscribe",
    "follow us",
    "skip to",
    "image caption",
    "image source",
    "media caption",
    "video caption",
    "photo caption",
    "photo credit",
    "image credit",
)
_BYLINE = re.compile(
    r"(?:by|written by|words by|reporting by|additional reporting by|editing by|author)\b"
    r"\W*(?:\w+\W*){0,6}$"
)
_CREDIT_MARKERS = (
    "©",
    "(c) ",
    "getty images",
    "shutterstock",
    "freepik",
    "ap photo",
    "photo:",
    "photograph:",
    "picture:",
    "image:",
    "credit:",
    "photos:",
    "images:",
)
_CREDIT_MARKER = re.compile("|".join(map(re.escape, _CREDIT_MARKERS)))
_AGENCY_CREDIT = re.compile(r"\b(?:reuters|afp|epa|ap|pa)\s*/\s*\w")
_BARE_DATE = re.compile(
    r"(?:date )?\d{4}-\d{2}-\d{2}(?:[t ][\d:.]+z?)?|\d{1,2} [a-z]+ \d{4}|[a-z]+ \d{1,2},? \d{4}"
)
_INLINE_CREDIT = re.compile(r"\b(?:REUTERS|AFP|EPA|AP Photo|PA)\s*/\s*(?:[A-Z][\w.'-]*[ \t]?){1,4}")
_AGENCIES = ("REUTERS", "AFP", "EPA", "AP Photo", "PA")
_DATE_PREFIX = re.compile(r"\s*date \d{4}-\d{2}-\d{2}\s*")


# how every label, label prefix and byline above begins
_SUSPECT_START = (
    "by ", "by:", "written", "words by", "reporting", "additional", "editing", "author",
    "image", "media", "video", "photo", "picture", "share ", "sign up", "subscribe", "follow",
    "skip", "copy", "read more", "related", "more on", "credit",
)  # fmt: skip


_has_digit = re.compile(r"\d").search


def _plainly_prose(line: str, low: str) -> bool:
    """Decided fast, with plain substring tests: five words or more, or three without a
    digit (bare dates have digits); nothing that some credit marker holds (a colon, a
    slash, "©", "(c)", or an agency's name); no start of a label, byline or caption."""
    spaces = line.count(" ")
    if spaces < 2 or "/" in low or ":" in low or "©" in low or "(c)" in low:
        return False
    if spaces < 4 and _has_digit(line):
        return False
    return not (
        low.startswith(_SUSPECT_START)
        or "getty" in low
        or "shutterstock" in low
        or "freepik" in low
        or "ap photo" in low
    )


def is_debris(line: str) -> bool:
    """True if this one line, on its own, is page debris rather than prose."""
    if len(line) > MAX_DEBRIS_LINE:
        return False
    line = line.strip()
    if not line:
        return False  # a blank line is layout, not debris
    low = line.lower()
    if _plainly_prose(line, low):
        return False
    text = " ".join(low.replace("|", " ").split()).strip(" .:;,-*•·>–—\"'“”‘’")
    if not any(c.isalnum() for c in text) or text in _LABELS:
        return True  # a separator, or a button label
    if text.startswith(_LABEL_PREFIXES) or _BYLINE.match(text):
        return True
    if _CREDIT_MARKER.search(text) or _AGENCY_CREDIT.search(text):
        return True
    return _BARE_DATE.fullmatch(text) is not None


def strip_debris(text: str) -> str:
    """Drop debris lines and cut inline credits; keep line breaks between the rest."""
    return strip_debris_lines(strip_inline_debris(text))


def strip_inline_debris(text: str) -> str:
    """Cut credits run into a sentence and a scraper's date prefix (lines stay as they are)."""
    if "/" in text and any(agency in text for agency in _AGENCIES):
        text = _INLINE_CREDIT.sub("", text)
    head = text[:40]
    if "date " in head and head.lstrip().startswith("date "):
        text = _DATE_PREFIX.sub("", text, count=1)
    return text


def strip_debris_lines(text: str) -> str:
    """Drop the lines that are debris; a text of one line is left as it is."""
    if "\n" not in text:
        return text
    lines = text.splitlines()
    kept = [line for line in lines if not is_debris(line)]
    return text if len(kept) == len(lines) else "\n".join(kept)
