"""Refuse a request body over the size limit (413) or not sent as JSON (415), before parsing.

A plain ASGI wrapper (Starlette's BaseHTTPMiddleware costs about a millisecond of CPU per
request). The body is read here, bounded, whether or not it says its length, and handed on
to the route in one piece: a chunked body past the limit is refused as soon as it passes
it, never buffered whole.
"""

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import problems

BODY_METHODS = ("POST", "PUT", "PATCH")


def body_guard(max_bytes: int) -> Callable[[ASGIApp], ASGIApp]:
    """The wrapper for `app`, refusing bodies over `max_bytes`."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
                await app(scope, receive, send)
                return
            headers = dict(scope["headers"])
            length = headers.get(b"content-length", b"")
            if length in (b"", b"0") and b"transfer-encoding" not in headers:
                await app(scope, receive, send)  # no body (a replay, say): no Content-Type due
                return
            kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            if kind != b"application/json":
                detail = (
                    f"the body is sent as {kind.decode('latin-1') or 'nothing'!r}: send JSON "
                    "with Content-Type: application/json"
                )
                await problems.problem(415, detail)(scope, receive, send)
                return
            body = (
                None
                if length.isdigit() and int(length) > max_bytes
                else await _read(receive, max_bytes)
            )
            if body is None:
                await problems.problem(413, too_large(max_bytes))(scope, receive, send)
                return
            await app(scope, _replay(body, receive), send)

        return guarded

    return wrap


def too_large(max_bytes: int) -> str:
    return (
        f"the body is over {max_bytes:,} bytes: send fewer articles per request, or only "
        "each article's body text"
    )


async def _read(receive: Receive, max_bytes: int) -> bytes | None:
    """The whole body, or None as soon as it passes `max_bytes`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body read once, then waits on the client as before."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed
