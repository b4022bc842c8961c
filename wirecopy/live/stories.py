"""Story clusters kept online: link new articles, merge stories, read them back.

A story is a sorted set of external ids scored by publication time, so its first member
is its original. Linking runs in one script per batch (:data:`scripts.LINK_STORY`): a
rewrite joins the story of what it copies, an article that bridges stories merges them
(the one with the earliest original keeps its number, the others redirect to it).
"""

import time
from collections.abc import Callable, Sequence

import redis

from wirecopy.live.keys import Keyspace
from wirecopy.live.namespace import Located
from wirecopy.live.records import Record, Story
from wirecopy.live.retention import Retention
from wirecopy.live.scripts import LINK_STORY


class StoryBook:
    """The stories of one namespace."""

    def __init__(self, client: redis.Redis, keys: Keyspace, retention: Retention) -> None:
        self.redis, self.keys, self.retention = client, keys, retention
        self._link = client.register_script(LINK_STORY)

    def link(self, articles: Sequence[tuple[Located, Record, list[Located]]]) -> list[int]:
        """Link each (article, its record, what it rewrites), in order; their story numbers."""
        args: list[str | int | float] = [self.keys.tag, int(time.time()), len(articles)]
        for loc, record, rewrites in articles:
            moment = record.published if record.published is not None else record.indexed or 0.0
            args += [
                self.keys.story_of(loc.slice_no, loc.internal_id),
                loc.internal_id,
                record.id,
                moment,
                self.retention.expires_at(loc.slice_no) or 0,
                len(rewrites),
            ]
            for other in rewrites:
                args += [self.keys.story_of(other.slice_no, other.internal_id), other.internal_id]
        numbers = self._link(keys=[self.keys.story_sequence()], args=args)
        return [int(n) for n in numbers]

    def numbers_of(self, located: dict[int, Located]) -> dict[int, int]:
        """The story number of each located article that has one."""
        pipe = self.redis.pipeline(transaction=False)
        for loc in located.values():
            pipe.hget(self.keys.story_of(loc.slice_no, loc.internal_id), loc.internal_id)
        replies = pipe.execute() if located else []
        return {i: self.resolve(int(n)) for i, n in zip(located, replies, strict=True) if n}

    def story(self, number: int, alive: Callable[[list[str]], list[bool]]) -> Story | None:
        """A story's members still indexed (`alive` tells which ids are), earliest first."""
        number = self.resolve(number)
        members: list[tuple[bytes, float]] = self.redis.zrange(  # type: ignore[assignment]
            self.keys.story(number), 0, -1, withscores=True
        )
        if not members:
            return None
        ids = [member.decode() for member, _ in members]
        kept = alive(ids)
        return Story(number, [(i, t) for i, (_, t), k in zip(ids, members, kept, strict=True) if k])

    def original(self, number: int) -> tuple[int, str | None]:
        """A story's surviving number and its original's id, without listing the members."""
        number = self.resolve(number)
        head: list[bytes] = self.redis.zrange(self.keys.story(number), 0, 0)  # type: ignore[assignment]
        return number, head[0].decode() if head else None

    def resolve(self, number: int) -> int:
        """The number a story goes by now (it may have been merged into another)."""
        seen = {number}
        while (nxt := self.redis.hget(self.keys.story_redirects(), number)) is not None:
            number = int(nxt)
            if number in seen:  # pragma: no cover - the link script never makes a cycle
                break
            seen.add(number)
        return number
