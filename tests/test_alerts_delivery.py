"""Webhook delivery to a real HTTP receiver on loopback: signed, once, retried, parked."""

import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import redis
from factories import make_article, rewrite
from receiver import Receiver

from wirecopy.alerts.dead import DeadLetters
from wirecopy.alerts.delivery import Deliverer
from wirecopy.alerts.log import AlertLog
from wirecopy.alerts.matching import AlertMatcher
from wirecopy.alerts.records import assemble
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.watches import Watch, WatchStore
from wirecopy.live import Match, Record
from wirecopy.live.alert_keys import AlertKeys
from wirecopy.relation import Relation
from workers.stream import StreamNames, enqueue
from workers.worker import Worker, WorkerSettings

QUICK = AlertSettings(
    webhook_allow=("127.0.0.1",), backoff_seconds=0.02, max_attempts=5, timeout_seconds=2.0,
    claim_after_ms=200,
)  # fmt: skip


def deliverer(client: redis.Redis, keys: AlertKeys, settings: AlertSettings = QUICK) -> Deliverer:
    return Deliverer(client, settings, keys, name="test", block_ms=20)


def deliver_until(sender: Deliverer, done: Callable[[], bool], seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        sender.step()


def queue_alert(client: redis.Redis, keys: AlertKeys, tenant: str, watch: Watch) -> str:
    """Raise one alert for `watch` straight into the log and the outbox; its id."""
    wire = make_article()
    record = Record(wire.id, 300, None, "d", wire.title, wire.source, wire.url)
    match = Match(record, 0.5, 0.7, 0.66, Relation.REWRITE, 1)
    alert = assemble(watch.id, rewrite(wire, "light", 1), match, time.time())
    (alert_id,) = AlertLog(client, keys).raise_alerts(tenant, [alert])
    return alert_id


def readme_snippet() -> Callable[[str, str, bytes], bool]:
    """The receiver's check exactly as the README shows it."""
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    code = next(b for b in readme.split("```python\n")[1:] if "def verify_wirecopy" in b)
    namespace: dict[str, Any] = {}
    exec(code.split("```")[0], namespace)
    return namespace["verify_wirecopy"]  # type: ignore[no-any-return]


def test_an_alert_arrives_once_with_a_valid_signature(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    names = StreamNames(f"{alert_keys.namespace}:ingest")
    matcher = AlertMatcher(redis_client, QUICK, alert_keys)
    worker = Worker(redis_client, names, WorkerSettings(block_ms=20), "t", matcher)
    sender = deliverer(redis_client, alert_keys)
    with Receiver() as receiver:
        watch = WatchStore(redis_client, QUICK, alert_keys).create(tenant, receiver.url)
        wire = make_article()
        enqueue(redis_client, tenant, [wire], names)
        worker.run(until_idle=True, handle_signals=False)
        enqueue(redis_client, tenant, [rewrite(wire, "light", 1)], names)
        worker.run(until_idle=True, handle_signals=False)
        deliver_until(sender, lambda: bool(receiver.requests))
        for _ in range(5):
            sender.step()
        (got,) = receiver.requests
    sender.close()
    verify, signature = readme_snippet(), got.headers["Wirecopy-Signature"]
    assert verify(watch.secret, signature, got.body)
    assert not verify("whsec_wrong", signature, got.body)
    assert not verify(watch.secret, signature, got.body + b" ")
    payload = json.loads(got.body)
    assert got.headers["Wirecopy-Event-Id"] == payload["id"]
    assert got.headers["Wirecopy-Watch-Id"] == watch.id == payload["watch"]
    assert got.headers["Content-Type"] == "application/json"
    assert (payload["watched"]["id"], payload["copying"]["id"]) == (wire.id, f"{wire.id}-light")
    assert payload["watched"]["published_at"] == wire.published_at.isoformat()  # type: ignore[union-attr]
    assert payload["containment_of_watched"] >= 0.5
    assert redis_client.xlen(alert_keys.outbox) == 0  # acknowledged and removed


def test_a_receiver_failing_three_times_gets_the_alert_once_after_retries(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    sender = deliverer(redis_client, alert_keys)
    with Receiver(statuses=[500, 503, 502]) as receiver:
        watch = WatchStore(redis_client, QUICK, alert_keys).create(tenant, receiver.url)
        alert_id = queue_alert(redis_client, alert_keys, tenant, watch)
        deliver_until(sender, lambda: sender.sent == 1)
        for _ in range(5):
            sender.step()
        got = list(receiver.requests)
    sender.close()
    assert [r.headers["Wirecopy-Delivery-Attempt"] for r in got] == ["1", "2", "3", "4"]
    assert {r.headers["Wirecopy-Event-Id"] for r in got} == {alert_id}
    assert sender.sent == 1
    assert redis_client.zcard(alert_keys.retries) == 0
    assert redis_client.hlen(alert_keys.deliveries) == 0
    assert DeadLetters(redis_client, alert_keys).list(tenant) == []


def test_a_receiver_that_never_succeeds_leaves_a_dead_letter_and_a_replay_delivers_it(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    settings = replace(QUICK, max_attempts=3)
    sender = deliverer(redis_client, alert_keys, settings)
    dead = DeadLetters(redis_client, alert_keys)
    with Receiver(always=500) as receiver:
        watch = WatchStore(redis_client, settings, alert_keys).create(tenant, receiver.url)
        alert_id = queue_alert(redis_client, alert_keys, tenant, watch)
        deliver_until(sender, lambda: bool(dead.list(tenant)))
        (letter,) = dead.list(tenant)
        assert len(receiver.requests) == 3
        assert (letter.delivery.alert, letter.delivery.attempts) == (alert_id, 3)
        assert letter.delivery.last_error == "HTTP 500 from 127.0.0.1"
        assert redis_client.zcard(alert_keys.retries) == 0
        receiver.always = None  # the receiver is mended
        assert dead.replay(tenant, letter.id)
        assert not dead.replay(tenant, letter.id)  # gone from the dead letters
        deliver_until(sender, lambda: sender.sent == 1)
        assert len(receiver.requests) == 4
        assert receiver.requests[-1].headers["Wirecopy-Event-Id"] == alert_id
    sender.close()
    assert dead.list(tenant) == []


def test_a_receiver_too_slow_to_answer_counts_as_a_failure(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    settings = replace(QUICK, max_attempts=1, timeout_seconds=0.2)
    sender = deliverer(redis_client, alert_keys, settings)
    dead = DeadLetters(redis_client, alert_keys)
    with Receiver(delay=1.0) as receiver:
        watch = WatchStore(redis_client, settings, alert_keys).create(tenant, receiver.url)
        queue_alert(redis_client, alert_keys, tenant, watch)
        deliver_until(sender, lambda: bool(dead.list(tenant)))
    sender.close()
    (letter,) = dead.list(tenant)
    assert "Timeout" in (letter.delivery.last_error or "")


def test_a_deliverer_killed_holding_an_alert_loses_nothing(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    sender = deliverer(redis_client, alert_keys)  # makes the outbox's group
    with Receiver() as receiver:
        watch = WatchStore(redis_client, QUICK, alert_keys).create(tenant, receiver.url)
        alert_id = queue_alert(redis_client, alert_keys, tenant, watch)
        taken = redis_client.xreadgroup(alert_keys.group, "victim", {alert_keys.outbox: ">"})
        assert len(taken[0][1]) == 1  # type: ignore[index]  # read, then the victim died
        deliver_until(sender, lambda: sender.sent == 1)
        assert [r.headers["Wirecopy-Event-Id"] for r in receiver.requests] == [alert_id]
    sender.close()
    assert redis_client.xpending(alert_keys.outbox, alert_keys.group)["pending"] == 0


def test_the_url_is_checked_again_at_each_delivery(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    strict = replace(QUICK, webhook_allow=(), max_attempts=2)
    sender = deliverer(redis_client, alert_keys, strict)
    dead = DeadLetters(redis_client, alert_keys)
    with Receiver() as receiver:
        watch = WatchStore(redis_client, QUICK, alert_keys).create(tenant, receiver.url)
        queue_alert(redis_client, alert_keys, tenant, watch)
        deliver_until(sender, lambda: bool(dead.list(tenant)))
        assert receiver.requests == []
    sender.close()
    (letter,) = dead.list(tenant)
    assert "loopback" in (letter.delivery.last_error or "")


def test_a_deleted_watch_s_deliveries_are_dropped(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    sender = deliverer(redis_client, alert_keys)
    with Receiver() as receiver:
        watches = WatchStore(redis_client, QUICK, alert_keys)
        watch = watches.create(tenant, receiver.url)
        queue_alert(redis_client, alert_keys, tenant, watch)
        assert watches.delete(tenant, watch.id)
        deliver_until(sender, lambda: redis_client.xlen(alert_keys.outbox) == 0)
        assert receiver.requests == []
    sender.close()
    assert DeadLetters(redis_client, alert_keys).list(tenant) == []


def test_a_deliverer_makes_the_outbox_again_when_it_is_deleted_under_it(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys
) -> None:
    sender = deliverer(redis_client, alert_keys)
    with Receiver() as receiver:
        watch = WatchStore(redis_client, QUICK, alert_keys).create(tenant, receiver.url)
        redis_client.delete(alert_keys.outbox)  # an operator's mistake: the group goes with it
        alert_id = queue_alert(redis_client, alert_keys, tenant, watch)  # a stream, no group
        assert sender.run(until_idle=True) == 1
        assert [r.headers["Wirecopy-Event-Id"] for r in receiver.requests] == [alert_id]
    sender.close()
