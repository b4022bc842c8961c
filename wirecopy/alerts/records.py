"""The alert: a watched article, the new article that copies it, and how much.

:func:`assemble` is the one place an alert is put together, so that what it carries
(copied passages, say) is added there and nowhere else.

>>> watched = Record("ap-1", 120, None, "d", title="Storm", source="AP")
>>> match = Match(watched, 0.4, 0.9, 0.8, Relation.REWRITE, 1)
>>> alert = assemble(watch_id="w_1", copying=Article("x-9", "..."), match=match, now=0.0)
>>> alert.containment_of_watched, alert.copying.id, alert.passages
(0.8, 'x-9', None)
>>> Alert.loads(alert.dumps()) == alert
True
"""

import json
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from wirecopy.articles import Article
from wirecopy.live.records import Match, Record
from wirecopy.passages import align
from wirecopy.relation import Relation


@dataclass(frozen=True)
class CopiedPassage:
    """A passage of the watched article found in the copying one: character offsets into
    each text as it was received (end exclusive), and how faithfully it was copied."""

    watched_start: int
    watched_end: int
    copying_start: int
    copying_end: int
    faithfulness: str
    similarity: float


def copied_passages(watched_text: str, copying_text: str) -> list[CopiedPassage]:
    """The passages the two share, in the watched article's order."""
    return [
        CopiedPassage(p.a_start, p.a_end, p.b_start, p.b_end, p.faithfulness, p.similarity)
        for p in align(watched_text, copying_text).passages
    ]


@dataclass(frozen=True)
class ArticleRef:
    """An article as an alert names it."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published_at: str | None

    @classmethod
    def of_record(cls, record: Record) -> "ArticleRef":
        when = record.published_at
        return cls(record.id, record.title, record.source, record.url,
                   when.isoformat() if when else None)  # fmt: skip

    @classmethod
    def of_article(cls, article: Article) -> "ArticleRef":
        when = article.published_at
        return cls(article.id, article.title, article.source, article.url,
                   when.isoformat() if when else None)  # fmt: skip


@dataclass(frozen=True)
class Alert:
    """`containment_of_watched`: share of the watched article found in the copying one
    (what a watch's `min_share` is compared with); `containment_in_watched`: share of
    the copying article found in the watched one. `id` is the alert log's entry id."""

    watch: str
    watched: ArticleRef
    copying: ArticleRef
    jaccard: float
    containment_of_watched: float
    containment_in_watched: float
    relation: str
    created_at: str
    id: str | None = None
    passages: list[CopiedPassage] | None = None  # None: the watched article's text is not kept

    def with_id(self, alert_id: str) -> "Alert":
        return replace(self, id=alert_id)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def dumps(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, raw: bytes | str) -> "Alert":
        data = json.loads(raw)
        data["watched"], data["copying"] = (
            ArticleRef(**data["watched"]),
            ArticleRef(**data["copying"]),
        )
        if data.get("passages") is not None:
            data["passages"] = [CopiedPassage(**p) for p in data["passages"]]
        return cls(**data)


def assemble(
    watch_id: str, copying: Article, match: Match, now: float, watched_text: str | None = None
) -> Alert:
    """The alert for `copying`, which copies the watched article `match.record`, with the
    passages copied when the watched article's text is at hand.

    `match` comes from querying with the copying article, so its `containment_of_match`
    is the share of the watched article found in the copying one."""
    passages = None if watched_text is None else copied_passages(watched_text, copying.text)
    return Alert(
        watch=watch_id,
        watched=ArticleRef.of_record(match.record),
        copying=ArticleRef.of_article(copying),
        jaccard=round(match.jaccard, 4),
        containment_of_watched=round(match.containment_of_match, 4),
        containment_in_watched=round(match.containment_in_match, 4),
        relation="rewrite" if match.relation == Relation.REWRITE else "partial",
        created_at=datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds"),
        passages=passages,
    )
