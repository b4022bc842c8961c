"""Match a worker's newly written batch against the tenant's watches, and raise alerts.

Called right after a batch is written. A tenant with no watches costs one HGETALL per
batch. Both ways are matched: a new article that copies a watched one, and a new watched
article that stored articles, published after it, copy (they were indexed first: a batch
taken up again after its worker died, or a late feed). Otherwise the batch's articles
are matched in four round trips, each is compared with every watch, and the alerts go
to :meth:`AlertLog.raise_alerts`, which keeps the once-per rule. Articles indexed,
replaced and unchanged are all checked: a worker that died between writing a batch and
raising its alerts leaves the message pending, and its second delivery finds the articles
unchanged; the marks keep that from alerting twice.

>>> from wirecopy.relation import Relation
>>> watch = Watch("w_1", "https://example.com/hook", "s", 0.5, sources=("AP",))
>>> wire = Record("ap-1", 100, None, "d", source="AP")
>>> copy = Article("x-1", "...", source="Daily")
>>> best_copy(watch, copy, [Match(wire, 0.3, 0.4, 0.6, Relation.REWRITE, 1)]).id
'ap-1'
>>> best_copy(watch, copy, [Match(wire, 0.3, 0.9, 0.4, Relation.PARTIAL, 1)]) is None
True
"""

import time
from collections.abc import Callable, Sequence

import redis

from wirecopy.alerts.log import AlertLog, mark
from wirecopy.alerts.records import Alert, assemble
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.watches import Watch, WatchStore
from wirecopy.articles import Article
from wirecopy.live.alert_keys import AlertKeys
from wirecopy.live.index import LiveIndex
from wirecopy.live.records import Match, Outcome, Record

MATCHES_PER_ARTICLE = 100
"""Matches of one new article compared with the watches (the most copied first)."""


def best_copy(watch: Watch, copying: Article, matches: Sequence[Match]) -> Match | None:
    """The watched article `copying` copies most, if it copies enough of it to count."""
    if watch.ignores(copying.source):
        return None
    counted = [
        m for m in matches
        if m.id != copying.id and watch.covers(m.record)
        and m.containment_of_match >= watch.min_share and not _published_before(copying, m.record)
    ]  # fmt: skip
    return max(counted, key=lambda m: (m.containment_of_match, m.jaccard), default=None)


def earlier_copies(watch: Watch, watched: Article, matches: Sequence[Match]) -> list[Match]:
    """Stored articles that copy `watched`, an article just written that `watch` covers,
    and came out after it. They were indexed before it (a batch taken up again after its
    worker died, a late feed), so when they were written there was nothing to alert on.
    Both publication times must be known: without them, which copied which is unknown.

    `matches` come from querying with the watched article, so `containment_in_match` is
    the share of it found in the match."""
    if not watch.covers_article(watched.id, watched.source) or watched.published_at is None:
        return []
    since = watched.published_at.timestamp()
    return [
        m for m in matches
        if m.id != watched.id and not watch.ignores(m.record.source)
        and m.containment_in_match >= watch.min_share
        and m.record.published is not None and m.record.published > since
    ]  # fmt: skip


def _as_copying(watched: Record, copy: Match, text: str | None) -> tuple[Article, Match]:
    """An earlier copy as the copying article, and the watched one (its stored record)
    as its match."""
    record = copy.record
    article = Article(
        record.id, text or "", record.title, record.source, record.published_at, record.url
    )
    seen_from_copy = Match(
        watched, copy.jaccard, copy.containment_of_match, copy.containment_in_match,
        copy.relation, copy.story, copy.story_original,
    )  # fmt: skip
    return article, seen_from_copy


def _published_before(article: Article, record: Record) -> bool:
    """True if `article` came out before `record`: it cannot have copied it."""
    published = article.published_at.timestamp() if article.published_at else None
    return published is not None and record.published is not None and published < record.published


class AlertMatcher:
    """What a worker calls after each batch it writes."""

    def __init__(
        self,
        client: redis.Redis,
        settings: AlertSettings | None = None,
        keys: AlertKeys | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        settings = settings or AlertSettings()
        keys = keys or AlertKeys(settings.namespace)
        self.watches = WatchStore(client, settings, keys)
        self.log = AlertLog(client, keys, settings.log_length, settings.mark_days)
        self.clock = clock

    def after_batch(
        self, index: LiveIndex, articles: Sequence[Article], outcomes: Sequence[Outcome]
    ) -> list[str]:
        """Raise the alerts a written batch makes; return their ids."""
        tenant = index.keys.tenant
        watches = self.watches.all(tenant)
        if not watches:
            return []
        latest = {  # an id repeated in the batch: the last version is the one indexed
            a.id: (a, o) for a, o in zip(articles, outcomes, strict=True)
            if o.status != "refused" and not all(w.ignores(a.source) for w in watches)
        }  # fmt: skip
        found = index.matches_of_many(list(latest), top=MATCHES_PER_ARTICLE)
        alerts: list[Alert] = []
        clear: list[str] = []
        now = self.clock()
        for (article, outcome), matches in zip(latest.values(), found, strict=True):
            for watch in watches:
                best = best_copy(watch, article, matches or [])
                if best is not None:
                    alerts.append(assemble(watch.id, article, best, now, index.text(best.id)))
                elif outcome.status == "replaced":  # fell below: the next pass alerts again
                    clear.append(mark(watch.id, article.id))
                alerts += self._earlier_copies(index, watch, article, matches or [], now)
        return self.log.raise_alerts(tenant, alerts, clear)

    def _earlier_copies(
        self, index: LiveIndex, watch: Watch, watched: Article, matches: list[Match], now: float
    ) -> list[Alert]:
        """The alerts for stored copies of `watched`, written before it (`earlier_copies`)."""
        copies = earlier_copies(watch, watched, matches)
        stored = index.get(watched.id) if copies else None  # the watched one as indexed
        if stored is None:
            return []
        alerts = []
        for copy in copies:
            copying, seen = _as_copying(stored[0], copy, index.text(copy.id))
            alerts.append(assemble(watch.id, copying, seen, now, watched.text))
        return alerts
