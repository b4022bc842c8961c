"""The live index's contract on a real 3-node Redis Cluster, started on loopback ports."""

import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from factories import make_article, rewrite
from redis.cluster import RedisCluster

from wirecopy.fingerprint import fingerprint
from wirecopy.live import LiveIndex, Retention, Settings, connect
from wirecopy.relation import Relation
from workers.stream import StreamNames, enqueue
from workers.worker import Worker, WorkerSettings

NODES = 3


def free_ports(count: int) -> list[int]:
    """Ports free now whose cluster bus ports (+10000) are free too."""
    ports: list[int] = []
    while len(ports) < count:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + 10000 < 65536 and port not in ports:
            ports.append(port)
    return ports


@pytest.fixture(scope="module")
def cluster_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server")
    assert server, "redis-server is needed for the cluster test (.ci/run installs it)"
    folder: Path = tmp_path_factory.mktemp("cluster")
    ports = free_ports(NODES)
    processes = [
        subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                f"nodes-{port}.conf",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_for(lambda p=port: ask(p, lambda node: node.ping()))
        addresses = [f"127.0.0.1:{p}" for p in ports]
        subprocess.run(
            ["redis-cli", "--cluster", "create", *addresses, "--cluster-replicas", "0",
             "--cluster-yes"],
            check=True, capture_output=True,
        )  # fmt: skip
        wait_for(lambda: ask(ports[0], lambda node: node.cluster("info")["cluster_state"] == "ok"))
        yield f"redis://127.0.0.1:{ports[0]}"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def ask(port: int, question: Callable[[redis.Redis], object]) -> object:
    """One question to one node, on a connection closed after it."""
    with redis.Redis(port=port) as node:
        return question(node)


@pytest.fixture
def cluster_client(cluster_url: str) -> Iterator[RedisCluster]:
    client = connect(cluster_url)
    assert isinstance(client, RedisCluster)
    yield client
    client.close()


def wait_for(ready: object, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if ready():  # type: ignore[operator]
                return
        except redis.RedisError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("the Redis cluster did not come up")
        time.sleep(0.05)


def test_connect_finds_the_cluster_from_one_node(cluster_client: RedisCluster) -> None:
    assert cluster_client.get_primaries()  # `connect` gave a cluster client, it knows the nodes


def test_the_index_contract_holds_on_a_cluster(cluster_client: RedisCluster) -> None:
    client = cluster_client
    settings = Settings(retention=Retention(window_seconds=30 * 86400))
    now = time.time()
    index = LiveIndex(client, "cluster-a", settings=settings)
    other = LiveIndex(client, "cluster-b")  # another tenant: another slot, maybe another node
    wire = make_article(published_at=None)
    copies = [rewrite(wire, "heavy", 1), rewrite(wire, "light", 2)]
    copies = [replace(c, published_at=None) for c in copies]
    outcomes = index.add([wire, *copies, make_article(published_at=None)])
    assert [o.status for o in outcomes] == ["indexed"] * 4
    assert len({o.story for o in outcomes[:3]}) == 1
    assert index.add([wire])[0].status == "unchanged"
    matches = index.query(fingerprint(wire.text, index.params))
    assert {m.id for m in matches if m.relation == Relation.REWRITE} >= {c.id for c in copies}
    assert other.query(fingerprint(wire.text, other.params)) == []
    other.add([wire])
    assert [m.id for m in other.query(fingerprint(wire.text, other.params))] == [wire.id]
    assert index.delete(wire.id) is True
    assert index.get(wire.id) is None
    story = index.story(outcomes[1].story)  # type: ignore[arg-type]
    assert story is not None
    assert {i for i, _ in story.members} == {c.id for c in copies}
    assert now <= time.time()


def move_slot(client: RedisCluster, key: str) -> None:
    """Move the slot of `key`, with its keys, to another primary, as a resharding does."""
    slot = client.keyslot(key)
    source = client.get_node_from_key(key)
    target = next(n for n in client.get_primaries() if n.name != source.name)
    nodes = {n.name: redis.Redis(host=n.host, port=n.port) for n in client.get_primaries()}
    try:
        old, new = nodes[source.name], nodes[target.name]
        old_id, new_id = (n.execute_command("CLUSTER MYID") for n in (old, new))
        new.execute_command("CLUSTER SETSLOT", slot, "IMPORTING", old_id)
        old.execute_command("CLUSTER SETSLOT", slot, "MIGRATING", new_id)
        while keys := old.execute_command("CLUSTER GETKEYSINSLOT", slot, 100):
            old.execute_command("MIGRATE", target.host, target.port, "", 0, 5000, "KEYS", *keys)
        for node in nodes.values():
            node.execute_command("CLUSTER SETSLOT", slot, "NODE", new_id)
    finally:
        for node in nodes.values():
            node.close()


def test_an_index_follows_its_slot_to_another_node(cluster_client: RedisCluster) -> None:
    client = cluster_client
    index = LiveIndex(client, "cluster-moving")
    wire = make_article(41, published_at=None)
    copy = replace(rewrite(wire, "heavy", 1), published_at=None)
    story = index.add([wire])[0].story
    first_port = index.redis.connection_pool.connection_kwargs["port"]
    move_slot(client, index.keys.config())
    outcome = index.add([copy])[0]  # the old node answers MOVED: the index finds the new one
    assert index.redis.connection_pool.connection_kwargs["port"] != first_port
    assert outcome.status == "indexed"
    assert outcome.story == story  # linked to the wire, whose keys moved with the slot
    assert copy.id in {m.id for m in index.query(fingerprint(wire.text, index.params))}
    assert index.get(wire.id) is not None
    assert index.delete(wire.id) is True
    assert index.delete(copy.id) is True


def test_articles_ingested_on_a_cluster_are_indexed_by_a_worker(
    cluster_client: RedisCluster,
) -> None:
    """The ingest stream's keys share one slot, so the feeder's and the worker's
    transactions are legal on a cluster: queued, indexed, acknowledged, marks cleared."""
    names = StreamNames("cluster-test:ingest")
    wire = make_article()
    articles = [wire, rewrite(wire, "heavy", 1), make_article()]
    assert enqueue(cluster_client, "acme", articles, names) == 3
    worker = Worker(cluster_client, names, WorkerSettings(batch=10, block_ms=10))
    assert worker.run(until_idle=True, handle_signals=False) == 3
    index = LiveIndex(cluster_client, "acme")
    stories = [index.get(a.id)[1] for a in articles]  # type: ignore[index]
    assert stories[0] == stories[1] != stories[2]
    assert cluster_client.xlen(names.stream) == 0
    assert cluster_client.hlen(names.queued("acme")) == 0
