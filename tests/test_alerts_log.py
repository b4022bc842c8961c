"""The alert log in Redis: pages by cursor, filters by watch and time, stays capped."""

import time
from dataclasses import replace

import redis
from factories import make_article

from wirecopy.alerts.log import AlertLog
from wirecopy.alerts.records import Alert, assemble
from wirecopy.live import Match, Record
from wirecopy.live.alert_keys import AlertKeys
from wirecopy.relation import Relation


def alert(watch_id: str, copying_id: str) -> Alert:
    wire = make_article()
    record = Record(wire.id, 300, None, "d", wire.title, wire.source, wire.url)
    match = Match(record, 0.5, 0.7, 0.66, Relation.REWRITE, 1)
    return assemble(watch_id, make_article(id=copying_id), match, time.time())


def test_pages_follow_the_cursor_and_the_filters(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys)
    ids = log.raise_alerts(tenant, [alert("w_a" if n % 2 else "w_b", f"c{n}") for n in range(7)])
    assert len(ids) == 7
    first = log.page(tenant, limit=3)
    assert [a.id for a in first.alerts] == ids[:3]
    rest = log.page(tenant, after=first.next_cursor, limit=10)
    assert [a.id for a in rest.alerts] == ids[3:]
    assert rest.next_cursor is None
    only_a = log.page(tenant, watch="w_a", limit=2)
    assert [a.copying.id for a in only_a.alerts] == ["c1", "c3"]
    assert [
        a.copying.id for a in log.page(tenant, after=only_a.next_cursor, watch="w_a").alerts
    ] == ["c5"]
    middle = int(ids[3].split("-")[0])
    since = log.page(tenant, since_ms=middle).alerts
    assert since
    assert all(int(a.id.split("-")[0]) >= middle for a in since)
    until = log.page(tenant, until_ms=middle - 1).alerts
    assert {a.id for a in until}.isdisjoint({a.id for a in since})
    assert log.page(f"{tenant}-other").alerts == []


def test_a_pair_already_alerted_is_left_out_and_a_cleared_one_alerts_again(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys)
    assert len(log.raise_alerts(tenant, [alert("w_a", "c1"), alert("w_b", "c1")])) == 2
    assert log.raise_alerts(tenant, [alert("w_a", "c1")]) == []
    log.raise_alerts(tenant, [], clear=["w_a c1"])
    assert len(log.raise_alerts(tenant, [alert("w_a", "c1")])) == 1
    assert redis_client.xlen(alert_keys.outbox) == 3


def test_the_log_is_capped_near_its_length(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys, length=10)
    for n in range(30):
        log.raise_alerts(tenant, [alert("w_a", f"c{n}")])
    assert redis_client.xlen(alert_keys.log(tenant)) < 30
    assert redis_client.xlen(alert_keys.outbox) == 30  # deliveries are not trimmed


def test_a_rare_watch_s_page_stops_scanning_and_hands_back_a_cursor(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    log = AlertLog(redis_client, alert_keys)
    common = alert("w_a", "c")
    log.raise_alerts(tenant, [replace(common, copying=replace(common.copying, id=f"c{n}"))
                              for n in range(1_200)])  # fmt: skip
    (rare,) = log.raise_alerts(tenant, [alert("w_b", "last")])
    pages, cursor, found = 0, None, []
    while True:
        page = log.page(tenant, after=cursor, watch="w_b", max_scanned=500)
        pages, found, cursor = pages + 1, found + page.alerts, page.next_cursor
        if cursor is None:
            break
    assert [a.id for a in found] == [rare]
    assert pages == 3  # 500 and 500 entries read, then the rest
