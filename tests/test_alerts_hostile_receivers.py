"""A webhook receiver that hangs, or that resets every connection, does not hold up
ingestion: a worker indexes every copy and logs every alert while a deliverer is stuck
sending to it, because delivery runs apart from indexing."""

import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
import redis
from factories import make_article, rewrite

from wirecopy.alerts.delivery import Deliverer
from wirecopy.alerts.log import AlertLog
from wirecopy.alerts.matching import AlertMatcher
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.watches import WatchStore
from wirecopy.live.alert_keys import AlertKeys
from workers.stream import StreamNames, enqueue
from workers.worker import Worker, WorkerSettings

COPIES = 30


@contextmanager
def hostile_receiver(kind: str) -> Iterator[tuple[str, list[int]]]:
    """`hang`: accepts and never answers; `reset`: accepts and resets at once. Yields its
    URL and the count of connections it took."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    taken, held, stop = [0], [], threading.Event()

    def serve() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            taken[0] += 1
            if kind == "reset":  # linger 0: close sends RST, as a crashing proxy does
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.close()
            else:
                held.append(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook", taken
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


@pytest.mark.parametrize("kind", ["hang", "reset"])
def test_a_hanging_or_resetting_receiver_does_not_hold_up_ingestion(
    redis_client: redis.Redis, tenant: str, alert_keys: AlertKeys, kind: str
) -> None:
    settings = replace(
        AlertSettings(namespace=alert_keys.namespace, webhook_allow=("127.0.0.1",)),
        timeout_seconds=30.0,  # a hanging receiver holds each send for this long
    )
    names = StreamNames(f"{alert_keys.namespace}:ingest")
    matcher = AlertMatcher(redis_client, settings, alert_keys)
    worker = Worker(redis_client, names, WorkerSettings(batch=10, block_ms=20), "t", matcher)
    sender = Deliverer(redis_client, settings, alert_keys, name="stuck", block_ms=20)
    wire = make_article()
    with hostile_receiver(kind) as (url, taken):
        WatchStore(redis_client, settings, alert_keys).create(tenant, url, min_share=0.3)
        enqueue(redis_client, tenant, [wire], names)
        worker.run(until_idle=True, handle_signals=False)
        delivering = threading.Thread(target=sender.run, daemon=True)
        delivering.start()
        copies = [rewrite(wire, "light", seed) for seed in range(COPIES)]
        for start in range(0, COPIES, 10):  # three batches
            enqueue(redis_client, tenant, copies[start : start + 10], names)
            worker.run(until_idle=True, handle_signals=False)
            deadline = time.monotonic() + 10
            while taken[0] == 0 and time.monotonic() < deadline:
                time.sleep(0.01)  # the next batches go in while the deliverer is stuck
            assert taken[0] >= 1
        alerts = AlertLog(redis_client, alert_keys).page(tenant, limit=1_000).alerts
        assert worker.indexed == 1 + COPIES
        assert {a.copying.id for a in alerts} == {c.id for c in copies}
        sender.stop()
    delivering.join(timeout=60)
    sender.close()
