"""Request and response bodies, with the examples the OpenAPI schema shows."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wirecopy.live.records import Match, Record
from wirecopy.relation import Relation

EXAMPLE_TEXT = (
    "The port of Calhaven will stay closed until the storm passes, harbour officials said "
    "on Monday, as ships waited offshore and ferry services were cancelled."
)


class ArticleIn(BaseModel):
    """An article. `text` is required; `id` is required when it is stored."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "ap-2026-0117",
                    "text": EXAMPLE_TEXT,
                    "title": "Storm shuts Calhaven port",
                    "source": "AP",
                    "published_at": "2026-01-05T09:00:00Z",
                    "url": "https://example.com/ap-2026-0117",
                }
            ]
        }
    )

    id: str | None = Field(None, min_length=1, max_length=512)
    text: str = Field(..., min_length=1)
    title: str | None = Field(None, max_length=2_000)
    source: str | None = Field(None, max_length=512)
    published_at: datetime | None = None
    url: str | None = Field(None, max_length=4_000)


class BatchIn(BaseModel):
    articles: list[ArticleIn] = Field(..., min_length=1)


class MatchOut(BaseModel):
    id: str
    title: str | None
    source: str | None
    published_at: datetime | None
    url: str | None
    jaccard: float
    containment_in_match: float = Field(description="share of this article found in the match")
    containment_of_match: float = Field(description="share of the match found in this article")
    relation: Literal["rewrite", "partial"]
    story: int | None

    @classmethod
    def of(cls, match: Match) -> "MatchOut":
        r = match.record
        return cls(
            id=r.id, title=r.title, source=r.source, published_at=r.published_at, url=r.url,
            jaccard=match.jaccard, containment_in_match=match.containment_in_match,
            containment_of_match=match.containment_of_match,
            relation="rewrite" if match.relation == Relation.REWRITE else "partial",
            story=match.story,
        )  # fmt: skip


class StoryRef(BaseModel):
    id: int
    original: str | None
    url: str


class SimilarityReport(BaseModel):
    id: str | None
    stored: bool
    matches: list[MatchOut]
    story: StoryRef | None = Field(
        description="the story this article belongs (or would belong) to"
    )


class Queued(BaseModel):
    ids: list[str]
    status_urls: list[str]


class ArticleOut(BaseModel):
    id: str
    status: Literal["indexed", "queued", "failed"]
    error: str | None = None
    title: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    story: StoryRef | None = None
    matches: list[MatchOut] = []

    @classmethod
    def indexed(cls, record: Record, story: StoryRef | None, matches: list[Match]) -> "ArticleOut":
        return cls(
            id=record.id, status="indexed", title=record.title, source=record.source,
            published_at=record.published_at, url=record.url, story=story,
            matches=[MatchOut.of(m) for m in matches],
        )  # fmt: skip


class MemberOut(BaseModel):
    id: str
    published_at: datetime | None
    relation: Literal["original", "rewrite"]
    jaccard: float | None = Field(None, description="against the original, where compared")
    containment_in_original: float | None = None
    containment_of_original: float | None = None


class StoryOut(BaseModel):
    id: int
    original: str | None
    members: list[MemberOut]


class ProblemOut(BaseModel):
    """An error, as RFC 9457 problem details; `detail` says what to fix."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """The OpenAPI entries for the problems a route may answer with (a route that takes
    an API key, 401, may also answer 429: the key is over its rate)."""
    if 401 in statuses:
        statuses = (*statuses, 429)
    schema = ProblemOut.model_json_schema()
    return {
        status: {
            "description": "a problem: `detail` says what to fix",
            "content": {"application/problem+json": {"schema": schema}},
        }
        for status in statuses
    }
