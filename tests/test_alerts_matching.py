"""Watches against indexed articles, through a real worker and Redis: once per copy."""

from dataclasses import replace
from datetime import timedelta

import pytest
import redis
from conftest import delete_namespace
from factories import make_article, rewrite

from wirecopy.alerts.log import AlertLog
from wirecopy.alerts.matching import AlertMatcher, best_copy, earlier_copies
from wirecopy.alerts.records import Alert
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.watches import Watch, WatchStore
from wirecopy.articles import Article
from wirecopy.live import LiveIndex, Match, Record
from wirecopy.live.alert_keys import AlertKeys
from wirecopy.relation import Relation
from workers.stream import StreamNames, enqueue
from workers.worker import Worker, WorkerSettings

SETTINGS = AlertSettings(webhook_allow=("127.0.0.1",))
HOOK = "http://127.0.0.1:9/hook"


@pytest.fixture
def names(alert_keys: AlertKeys) -> StreamNames:
    return StreamNames(f"{alert_keys.namespace}:ingest")  # deleted with the alert keys


@pytest.fixture
def watches(redis_client: redis.Redis, alert_keys: AlertKeys) -> WatchStore:
    return WatchStore(redis_client, SETTINGS, alert_keys)


@pytest.fixture
def ingest(redis_client: redis.Redis, names: StreamNames, alert_keys: AlertKeys) -> "Ingest":
    return Ingest(redis_client, names, alert_keys)


class Ingest:
    """Queue articles for a tenant and run a worker until the stream is empty."""

    def __init__(self, client: redis.Redis, names: StreamNames, keys: AlertKeys) -> None:
        self.client, self.names = client, names
        matcher = AlertMatcher(client, SETTINGS, keys)
        self.worker = Worker(client, names, WorkerSettings(batch=20, block_ms=20), "t", matcher)

    def __call__(self, tenant: str, *articles: Article) -> None:
        enqueue(self.client, tenant, articles, self.names)
        self.worker.run(until_idle=True, handle_signals=False)


def logged(client: redis.Redis, keys: AlertKeys, tenant: str) -> list[Alert]:
    return AlertLog(client, keys).page(tenant, limit=1_000).alerts


def test_a_copy_of_a_watched_article_makes_one_alert_with_both_articles_and_scores(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, watches: WatchStore,
    ingest: Ingest,
) -> None:  # fmt: skip
    wire = make_article()
    watch = watches.create(tenant, HOOK, min_share=0.5, sources=[wire.source or ""])
    ingest(tenant, wire)
    light, heavy = rewrite(wire, "light", 1), rewrite(wire, "heavy", 2)
    ingest(tenant, light, heavy, make_article())
    (alert,) = logged(redis_client, alert_keys, tenant)
    assert (alert.watch, alert.watched.id, alert.copying.id) == (watch.id, wire.id, light.id)
    assert alert.watched.title == wire.title
    assert alert.passages  # what was copied: offsets into both texts as received
    for passage in alert.passages:
        assert 0 <= passage.watched_start < passage.watched_end <= len(wire.text)
        assert 0 <= passage.copying_start < passage.copying_end <= len(light.text)
    assert {p.faithfulness for p in alert.passages} & {"verbatim", "lightly edited"}
    assert alert.copying.url == light.url
    assert alert.copying.source == light.source
    assert alert.relation == "rewrite"
    assert alert.containment_of_watched >= 0.5
    assert alert.jaccard > 0
    assert 0 < alert.containment_in_watched <= 1
    assert alert.id is not None
    assert redis_client.xlen(alert_keys.outbox) == 1  # one delivery queued for it


def test_re_ingest_and_re_delivery_do_not_alert_twice(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, watches: WatchStore,
    ingest: Ingest,
) -> None:  # fmt: skip
    wire = make_article()
    watches.create(tenant, HOOK, min_share=0.5)
    ingest(tenant, wire)
    light = rewrite(wire, "light", 1)
    LiveIndex(redis_client, tenant).add([light])  # a worker wrote it, then died before alerts
    ingest(tenant, light)  # the message delivered again: unchanged, and the alert is made
    assert len(logged(redis_client, alert_keys, tenant)) == 1
    ingest(tenant, light)
    ingest(tenant, light, light)
    assert len(logged(redis_client, alert_keys, tenant)) == 1
    assert redis_client.xlen(alert_keys.outbox) == 1


def test_the_once_per_rule_holds_when_the_same_batch_is_matched_twice(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, watches: WatchStore
) -> None:
    wire = make_article()
    watches.create(tenant, HOOK, min_share=0.5)
    index = LiveIndex(redis_client, tenant)
    index.add([wire])
    copies = [rewrite(wire, "light", 1), rewrite(wire, "verbatim")]
    outcomes = index.add(copies)
    matcher = AlertMatcher(redis_client, SETTINGS, alert_keys)
    assert len(matcher.after_batch(index, copies, outcomes)) == 2
    assert matcher.after_batch(index, copies, outcomes) == []


def test_an_edited_copy_alerts_again_only_after_falling_below_and_passing_again(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, watches: WatchStore,
    ingest: Ingest,
) -> None:  # fmt: skip
    wire = make_article()
    watches.create(tenant, HOOK, min_share=0.5, articles=[wire.id])
    ingest(tenant, wire)
    light = rewrite(wire, "light", 1)
    ingest(tenant, light)
    ingest(tenant, replace(light, text=light.text + "\n\nAn editor's note was added."))
    assert len(logged(redis_client, alert_keys, tenant)) == 1  # still above: no new alert
    ingest(tenant, replace(light, text=rewrite(wire, "heavy", 3).text))  # fell below
    assert len(logged(redis_client, alert_keys, tenant)) == 1
    ingest(tenant, light)  # and passed the threshold again
    alerts = logged(redis_client, alert_keys, tenant)
    assert [a.copying.id for a in alerts] == [light.id, light.id]


def test_ignored_sources_other_articles_and_small_shares_do_not_alert(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, watches: WatchStore,
    ingest: Ingest,
) -> None:  # fmt: skip
    wire, other = make_article(), make_article()
    ignoring = watches.create(tenant, HOOK, min_share=0.5, ignore_sources=["Light Example"])
    watches.create(tenant, HOOK, min_share=0.5, articles=[other.id])
    strict = watches.create(tenant, HOOK, min_share=0.99, sources=[wire.source or ""])
    ingest(tenant, wire, other)
    ingest(tenant, rewrite(wire, "light", 1), rewrite(wire, "heavy", 2))
    assert logged(redis_client, alert_keys, tenant) == []
    ingest(tenant, rewrite(wire, "verbatim"))
    alerts = logged(redis_client, alert_keys, tenant)
    verbatim = f"{wire.id}-verbatim"
    assert {(a.watch, a.copying.id) for a in alerts} == {
        (ignoring.id, verbatim),
        (strict.id, verbatim),
    }


def test_watches_and_alerts_belong_to_their_tenant(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, watches: WatchStore,
    ingest: Ingest,
) -> None:  # fmt: skip
    other = f"{tenant}-b"
    try:
        watches.create(tenant, HOOK, min_share=0.5)
        wire = make_article()
        ingest(other, wire)
        ingest(other, rewrite(wire, "verbatim"))
        assert watches.all(other) == []
        assert logged(redis_client, alert_keys, tenant) == []
        assert logged(redis_client, alert_keys, other) == []
    finally:
        delete_namespace(redis_client, other)


def test_an_article_published_before_the_watched_one_did_not_copy_it() -> None:
    wire = make_article()
    assert wire.published_at is not None
    record = Record(wire.id, 300, wire.published_at.timestamp(), "d", source=wire.source)
    match = Match(record, 0.5, 0.7, 0.7, Relation.REWRITE, 1)
    watch = Watch("w_1", HOOK, "s", 0.5)
    copy = replace(rewrite(wire, "light", 1), published_at=wire.published_at)
    assert best_copy(watch, copy, [match]) is match  # the same time: it may be a copy
    earlier = replace(copy, published_at=wire.published_at - timedelta(minutes=1))
    assert best_copy(watch, earlier, [match]) is None


def test_copies_indexed_before_the_watched_article_alert_once_it_is_indexed(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, watches: WatchStore,
    ingest: Ingest,
) -> None:  # fmt: skip
    """The wire's batch was taken up again after its worker died, and its copies were
    written first: the alerts come when the wire is written, once each, with the passages."""
    wire = make_article(301)
    watch = watches.create(tenant, HOOK, min_share=0.5, articles=[wire.id])
    light = rewrite(wire, "light", 1)
    other_light = replace(rewrite(wire, "light", 2), id=f"{wire.id}-another")
    ingest(tenant, light, other_light, make_article(302))
    assert logged(redis_client, alert_keys, tenant) == []  # nothing watched was indexed yet
    ingest(tenant, wire)
    alerts = logged(redis_client, alert_keys, tenant)
    assert sorted(a.copying.id for a in alerts) == sorted([light.id, other_light.id])
    for alert in alerts:
        assert (alert.watch, alert.watched.id, alert.watched.title) == (
            watch.id,
            wire.id,
            wire.title,
        )
        assert alert.copying.source == light.source
        assert alert.containment_of_watched >= 0.5  # the share of the wire found in the copy
        assert alert.passages
        for passage in alert.passages:
            assert 0 <= passage.watched_start < passage.watched_end <= len(wire.text)
    ingest(tenant, wire)  # delivered again: unchanged, and no second alert
    ingest(tenant, replace(light, title="Edited title"))  # the copy replaced: still once
    assert len(logged(redis_client, alert_keys, tenant)) == 2


def test_an_earlier_copy_without_publication_times_is_not_taken_for_a_copy() -> None:
    wire = make_article(303)
    assert wire.published_at is not None
    later = wire.published_at.timestamp() + 3600
    copy = Record("c-1", 300, later, "d", source="Daily")
    match = Match(copy, 0.5, 0.7, 0.6, Relation.REWRITE, 1)  # 70% of the wire is in the copy
    watch = Watch("w_1", HOOK, "s", 0.5)
    assert earlier_copies(watch, wire, [match]) == [match]
    assert earlier_copies(watch, replace(wire, published_at=None), [match]) == []
    undated = Match(replace(copy, published=None), 0.5, 0.7, 0.6, Relation.REWRITE, 1)
    assert earlier_copies(watch, wire, [undated]) == []
    before = Match(replace(copy, published=later - 7200), 0.5, 0.7, 0.6, Relation.REWRITE, 1)
    assert earlier_copies(watch, wire, [before]) == []  # it came out first: not a copy
    assert earlier_copies(replace(watch, min_share=0.8), wire, [match]) == []
    assert earlier_copies(replace(watch, articles=("another",)), wire, [match]) == []
