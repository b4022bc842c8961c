"""Request and response bodies of watches and alerts, with the examples OpenAPI shows."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from wirecopy.alerts.dead import DeadLetter
from wirecopy.alerts.records import Alert
from wirecopy.alerts.watches import Watch

Name = Annotated[str, Field(min_length=1, max_length=512)]
WATCHED: dict[str, JsonValue] = {
    "id": "ap-2026-0117", "title": "Storm shuts Calhaven port", "source": "AP",
    "url": "https://example.com/ap-2026-0117", "published_at": "2026-01-05T09:00:00Z",
}  # fmt: skip


class WatchIn(BaseModel):
    """What to watch (neither `sources` nor `articles`: every article of the tenant)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"url": "https://hooks.example.com/wirecopy", "min_share": 0.5,
                 "sources": ["AP"], "ignore_sources": ["AP News site", "Partner Daily"]}
            ]
        }
    )  # fmt: skip

    url: str = Field(..., min_length=1, max_length=2_000, description="webhook, http(s)")
    min_share: float = Field(
        0.5, gt=0, le=1, description="smallest share of a watched article copied that counts"
    )
    sources: list[Name] = Field([], max_length=1_000, description="watch articles from these")
    articles: list[Name] = Field([], max_length=1_000, description="watch these article ids")
    ignore_sources: list[Name] = Field(
        [], max_length=1_000, description="copies from these sources never count"
    )


class WatchOut(BaseModel):
    id: str
    url: str
    min_share: float
    sources: list[str]
    articles: list[str]
    ignore_sources: list[str]
    created_at: datetime

    @classmethod
    def of(cls, watch: Watch) -> "WatchOut":
        return cls(
            id=watch.id, url=watch.url, min_share=watch.min_share, sources=list(watch.sources),
            articles=list(watch.articles), ignore_sources=list(watch.ignore_sources),
            created_at=datetime.fromtimestamp(watch.created, UTC),
        )  # fmt: skip


class WatchCreated(WatchOut):
    secret: str = Field(description="signs this watch's webhooks; shown only now: keep it")


class ArticleRefOut(BaseModel):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published_at: datetime | None


class CopiedPassageOut(BaseModel):
    watched_start: int = Field(description="start offset in the watched article's text")
    watched_end: int = Field(description="end offset (exclusive) in the watched article")
    copying_start: int = Field(description="start offset in the copying article's text")
    copying_end: int = Field(description="end offset (exclusive) in the copying article")
    faithfulness: Literal["verbatim", "lightly edited", "reworded"]
    similarity: float


class AlertOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"id": "1767604500123-0", "watch": "w_3f9c2a1b7d4e5f60", "watched": WATCHED,
                 "copying": {**WATCHED, "id": "daily-881", "source": "Daily Example"},
                 "jaccard": 0.52, "containment_of_watched": 0.65, "containment_in_watched": 0.73,
                 "relation": "rewrite", "created_at": "2026-01-05T09:15:00.123+00:00"}
            ]
        }
    )  # fmt: skip

    id: str = Field(description="the log entry id: a cursor, and the SSE event id")
    watch: str
    watched: ArticleRefOut
    copying: ArticleRefOut
    jaccard: float
    containment_of_watched: float = Field(description="share of the watched article copied")
    containment_in_watched: float = Field(description="share of the copy from the watched one")
    relation: Literal["rewrite", "partial"]
    created_at: datetime
    passages: list[CopiedPassageOut] | None = Field(
        None, description="what was copied, offsets into both texts; null: text not kept"
    )

    @classmethod
    def of(cls, alert: Alert) -> "AlertOut":
        return cls.model_validate(alert.as_dict())


class AlertPage(BaseModel):
    alerts: list[AlertOut]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null: none")


class DeadLetterOut(BaseModel):
    id: str = Field(description="replay with POST /v1/alerts/dead/{id}/replay")
    alert: str
    watch: str
    attempts: int
    last_error: str | None
    parked_at: datetime | None

    @classmethod
    def of(cls, letter: DeadLetter) -> "DeadLetterOut":
        d = letter.delivery
        parked = datetime.fromtimestamp(d.parked_at, UTC) if d.parked_at else None
        return cls(id=letter.id, alert=d.alert, watch=d.watch, attempts=d.attempts,
                   last_error=d.last_error, parked_at=parked)  # fmt: skip


class DeadPage(BaseModel):
    dead_letters: list[DeadLetterOut]
    next_cursor: str | None


class Replayed(BaseModel):
    replayed: str
