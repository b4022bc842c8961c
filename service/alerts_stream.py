"""`GET /v1/alerts/stream`: a tenant's alerts as server-sent events, resumable.

The stream never holds one of the request threads: it is an async generator reading
the alert log with its own asyncio Redis connection (a blocking XREAD holds a
connection while it waits, so each stream has one, closed when the stream ends). Each
event's id is the alert id; a client reconnecting with ``Last-Event-ID`` gets what it
missed, as long as the log still holds it. A comment line goes out while no alert comes,
so proxies keep the connection, and the stream ends when the client goes away.
"""

import time
from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
import redis
import redis.asyncio

from wirecopy.alerts.dead import Entries
from wirecopy.alerts.log import alert_of_entry
from wirecopy.live.alert_keys import AlertKeys

ASYNC_CONNECTIONS = {
    "Connection": redis.asyncio.Connection,
    "SSLConnection": redis.asyncio.SSLConnection,
    "UnixDomainSocketConnection": redis.asyncio.UnixDomainSocketConnection,
}
SHARED_KWARGS = ("host", "port", "db", "username", "password", "path")


def async_twin(client: redis.Redis) -> redis.asyncio.Redis:
    """An asyncio client for the server `client` talks to (TCP, TLS or a unix socket)."""
    pool = client.connection_pool
    kwargs = {
        k: v for k, v in pool.connection_kwargs.items()
        if k in SHARED_KWARGS or k.startswith("ssl_")
    }  # fmt: skip
    kind = ASYNC_CONNECTIONS.get(pool.connection_class.__name__, redis.asyncio.Connection)
    # from_pool: closing the client disconnects the pool too (a pool passed in stays open)
    return redis.asyncio.Redis.from_pool(
        redis.asyncio.ConnectionPool(connection_class=kind, **kwargs)
    )


async def start_id(conn: redis.asyncio.Redis, key: str, after: str | None) -> str:
    """Where to read from: after the id given, else after the newest alert now."""
    if after:
        return after
    newest: Entries = await conn.xrevrange(key, count=1)  # type: ignore[assignment]
    return newest[0][0].decode() if newest else "0-0"


async def alert_events(
    client: redis.Redis,
    keys: AlertKeys,
    tenant: str,
    after: str | None,
    watch: str | None,
    heartbeat_seconds: float,
    disconnected: Callable[[], Awaitable[bool]],
) -> AsyncIterator[str]:
    """The SSE lines of the tenant's alerts after `after` (None: from now on)."""
    conn = async_twin(client)
    key = keys.log(tenant)
    try:
        last = await start_id(conn, key, after)
        yield "retry: 3000\n: connected\n\n"
        quiet_since = time.monotonic()
        block = max(1, int(min(1.0, heartbeat_seconds) * 1000))
        while not await disconnected():
            reply: list[tuple[bytes, Entries]] = await conn.xread(  # type: ignore[assignment]
                {key: last}, count=100, block=block
            )
            for entry_id, fields in reply[0][1] if reply else []:
                alert = alert_of_entry(entry_id, fields)
                last = alert.id or last
                if watch is None or alert.watch == watch:
                    quiet_since = time.monotonic()
                    yield f"id: {alert.id}\nevent: alert\ndata: {alert.dumps()}\n\n"
            if time.monotonic() - quiet_since >= heartbeat_seconds:
                quiet_since = time.monotonic()
                yield ": keep-alive\n\n"
    finally:
        with anyio.CancelScope(shield=True):  # the client left: the stream's task is cancelled
            await conn.aclose()
