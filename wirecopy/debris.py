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

_MAX_DEBRIS_LINE = 160  # characters; anything longer is prose

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
_AGENCY_CREDIT = re.compile(r"\b(?:reuters|afp|epa|ap|pa)\s*/\s*\w")
_BARE_DATE = re.compile(
    r"(?:date )?\d{4}-\d{2}-\d{2}(?:[t ][\d:.]+z?)?|\d{1,2} [a-z]+ \d{4}|[a-z]+ \d{1,2},? \d{4}"
)
_INLINE_CREDIT = re.compile(r"\b(?:REUTERS|AFP|EPA|AP Photo|PA)\s*/\s*(?:[A-Z][\w.'-]*[ \t]?){1,4}")
_DATE_PREFIX = re.compile(r"\s*date \d{4}-\d{2}-\d{2}\s*")


def is_debris(line: str) -> bool:
    """True if this one line, on its own, is page debris rather than prose."""
    if len(line) > _MAX_DEBRIS_LINE:
        return False
    text = " ".join(line.lower().replace("|", " ").split()).strip(" .:;,-*•·>")
    if not any(c.isalnum() for c in text) or text in _LABELS:
        return True  # a separator, or a button label
    if text.startswith(_LABEL_PREFIXES) or _BYLINE.match(text):
        return True
    if any(marker in text for marker in _CREDIT_MARKERS) or _AGENCY_CREDIT.search(text):
        return True
    return _BARE_DATE.fullmatch(text) is not None


def strip_debris(text: str) -> str:
    """Drop debris lines and cut inline credits; keep line breaks between the rest."""
    if "/" in text:
        text = _INLINE_CREDIT.sub("", text)
    if text[:40].lstrip().startswith("date "):
        text = _DATE_PREFIX.sub("", text, count=1)
    if "\n" not in text:
        return text
    return "\n".join(line for line in text.splitlines() if not is_debris(line))
