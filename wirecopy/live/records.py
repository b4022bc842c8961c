"""What the live index keeps and returns about an article, and the JSON it stores.

>>> r = Record("ap-1", shingles=120, published=1767603600.0, digest="ab12", title="Storm")
>>> Record.loads(r.dumps()) == r
True
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from wirecopy.relation import Relation


@dataclass(frozen=True)
class Record:
    """One stored article's metadata: external id, shingle count, times, text digest."""

    id: str
    shingles: int
    published: float | None
    digest: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    indexed: float | None = None

    def dumps(self) -> str:
        """Compact JSON: the fields in order, without their names."""
        fields = [self.id, self.shingles, self.published, self.digest, self.title, self.source]
        fields += [self.url, self.indexed]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, raw: bytes | str) -> "Record":
        return cls(*json.loads(raw))

    @property
    def published_at(self) -> datetime | None:
        return None if self.published is None else datetime.fromtimestamp(self.published, UTC)


@dataclass(frozen=True)
class Match:
    """A stored article that shares copy with the query, and how much.

    `containment_in_match`: share of the query's shingles found in the match;
    `containment_of_match`: share of the match's shingles found in the query.
    """

    record: Record
    jaccard: float
    containment_in_match: float
    containment_of_match: float
    relation: Relation
    story: int | None
    story_original: str | None = None
    """The id of the match's story's original (its earliest member), where known."""

    @property
    def id(self) -> str:
        return self.record.id


@dataclass(frozen=True)
class Story:
    """A story's members (external id, time), earliest first; the first is the original."""

    number: int
    members: list[tuple[str, float]]

    @property
    def original(self) -> str | None:
        return self.members[0][0] if self.members else None


@dataclass(frozen=True)
class Outcome:
    """What `LiveIndex.add` did with one article.

    status: ``indexed`` (new), ``replaced`` (its text or metadata changed),
    ``unchanged`` (already indexed as it is), ``refused`` (see `reason`).
    """

    id: str
    status: str
    story: int | None = None
    reason: str | None = None
