"""Watches: which of a tenant's articles to watch, how much copy counts, where to tell.

A watch covers the tenant's articles from the given `sources`, or with the given
`articles` ids (either one, when both are given), or every article when neither is.
A newly indexed article copies a covered one when at least `min_share` of the covered
article is found in it; articles from `ignore_sources` (the publisher's own site, its
partners) never count as copies.

>>> watch = Watch("w_1", "https://example.com/hook", "whsec_x", 0.5, sources=("AP",))
>>> watch.covers(Record("ap-1", 100, None, "d", source="AP")), watch.ignores("AP")
(True, False)
>>> Watch.loads(watch.dumps()) == watch
True
"""

import json
import secrets
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import redis

from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.urls import Resolver, check_url, resolve_host
from wirecopy.errors import InputError
from wirecopy.live.alert_keys import AlertKeys
from wirecopy.live.records import Record

MAX_LIST = 1_000
"""Sources, article ids or ignored sources one watch may name."""


@dataclass(frozen=True)
class Watch:
    """One watch; `secret` signs its webhooks and is shown only when it is made."""

    id: str
    url: str
    secret: str
    min_share: float
    sources: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    ignore_sources: tuple[str, ...] = ()
    created: float = field(default=0.0)

    def covers(self, record: Record) -> bool:
        """True if `record` is one of the articles this watch watches."""
        return self.covers_article(record.id, record.source)

    def covers_article(self, article_id: str, source: str | None) -> bool:
        """True if the article `article_id` from `source` is one this watch watches."""
        if not self.sources and not self.articles:
            return True
        return source in self.sources or article_id in self.articles

    def ignores(self, source: str | None) -> bool:
        return source is not None and source in self.ignore_sources

    def dumps(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def loads(cls, raw: bytes | str) -> "Watch":
        data = json.loads(raw)
        for name in ("sources", "articles", "ignore_sources"):
            data[name] = tuple(data[name])
        return cls(**data)


class WatchStore:
    """A tenant's watches in Redis: make, list, get, delete."""

    def __init__(
        self,
        client: redis.Redis,
        settings: AlertSettings | None = None,
        keys: AlertKeys | None = None,
        resolve: Resolver = resolve_host,
    ) -> None:
        self.redis = client
        self.settings = settings or AlertSettings()
        self.keys = keys or AlertKeys(self.settings.namespace)
        self.resolve = resolve

    def create(
        self,
        tenant: str,
        url: str,
        min_share: float = 0.5,
        sources: Sequence[str] = (),
        articles: Sequence[str] = (),
        ignore_sources: Sequence[str] = (),
    ) -> Watch:
        """Check and store a new watch; InputError says what to fix."""
        if not 0 < min_share <= 1:
            raise InputError(f"min_share {min_share} is not in (0, 1]: give the smallest share "
                             "of the watched article that counts, e.g. 0.5")  # fmt: skip
        for name, values in (("sources", sources), ("articles", articles),
                             ("ignore_sources", ignore_sources)):  # fmt: skip
            if len(values) > MAX_LIST or any(not v or len(v) > 512 for v in values):
                raise InputError(f"`{name}` must hold at most {MAX_LIST:,} non-empty names of "
                                 "at most 512 characters: shorten it")  # fmt: skip
        check_url(url, self.settings.webhook_allow, self.resolve, self.settings.max_url_chars)
        if self.redis.hlen(self.keys.watches(tenant)) >= self.settings.max_watches:
            raise InputError(f"this tenant has {self.settings.max_watches} watches, the limit: "
                             "delete one first")  # fmt: skip
        watch = Watch(
            id="w_" + secrets.token_hex(8), url=url, secret="whsec_" + secrets.token_hex(24),
            min_share=float(min_share), sources=tuple(sources), articles=tuple(articles),
            ignore_sources=tuple(ignore_sources), created=round(time.time(), 3),
        )  # fmt: skip
        self.redis.hset(self.keys.watches(tenant), watch.id, watch.dumps())
        return watch

    def all(self, tenant: str) -> list[Watch]:
        """The tenant's watches, oldest first (one HGETALL: cheap when there are none)."""
        stored: dict[bytes, bytes] = self.redis.hgetall(self.keys.watches(tenant))  # type: ignore[assignment]
        return sorted((Watch.loads(raw) for raw in stored.values()), key=lambda w: w.created)

    def get(self, tenant: str, watch_id: str) -> Watch | None:
        raw = self.redis.hget(self.keys.watches(tenant), watch_id)
        return None if raw is None else Watch.loads(raw)

    def delete(self, tenant: str, watch_id: str) -> bool:
        """Remove a watch and its once-per marks; False if there was none."""
        if not self.redis.hdel(self.keys.watches(tenant), watch_id):
            return False
        key = self.keys.marks(tenant)
        marks = [m for m, _ in self.redis.zscan_iter(key, match=f"{watch_id} *", count=1000)]
        for start in range(0, len(marks), 1000):
            self.redis.zrem(key, *marks[start : start + 1000])
        return True
