"""The article: what every part of wirecopy takes in.

>>> when = parse_time("2026-01-05T09:00:00Z")
>>> a = Article(id="ap-1", text="The council met on Monday.", published_at=when)
>>> a.published_at.isoformat()
'2026-01-05T09:00:00+00:00'
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from wirecopy.errors import InputError

MAX_TEXT_CHARS = 2_000_000
"""Longest text accepted: about 300,000 words, far beyond any article."""


@dataclass(frozen=True)
class Article:
    """One article. Only `id` and `text` are required; times are timezone-aware (UTC)."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InputError(f"article id {self.id!r} is empty: give every article a non-empty id")
        if not isinstance(self.text, str):
            raise InputError(
                f"article {self.id!r}: text is {type(self.text).__name__}, not a string"
            )
        for name in ("id", "text", "title", "source", "url"):
            _require_valid_unicode(self.id, name, getattr(self, name))
        if len(self.text) > MAX_TEXT_CHARS:
            raise InputError(
                f"article {self.id!r}: text has {len(self.text):,} characters, over the limit of "
                f"{MAX_TEXT_CHARS:,}: split the document or send only the article body"
            )


def _require_valid_unicode(article_id: str, name: str, value: str | None) -> None:
    """Refuse a lone surrogate (a broken JSON escape such as "\\ud800"): it is not text."""
    if value is None or value.isascii():
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(  # repr() escapes the surrogate, so the message itself prints
            f"article {article_id!r}: `{name}` holds {value[error.start]!r} at position "
            f"{error.start}, half of a character (a broken escape): fix the source text"
        ) from None


def parse_time(value: str | datetime | None) -> datetime | None:
    """Read an ISO 8601 time (a date alone means midnight UTC; no zone means UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise InputError(
                f"published_at {value!r} is not an ISO 8601 time: write it like "
                "2026-01-05T14:30:00Z or 2026-01-05"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
