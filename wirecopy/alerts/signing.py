"""Webhook signatures: HMAC-SHA256 over ``<timestamp>.<body>`` with the watch's secret.

The header is ``Wirecopy-Signature: t=<unix seconds>,v1=<hex digest>``. A receiver
recomputes the digest over the raw body it got, compares in constant time, and refuses
a timestamp too far from its clock (a replayed request). README has the same check.

>>> header = signature_header("whsec_abc", 1767603600, b'{"id":"1-0"}')
>>> header[:14]
't=1767603600,v'
>>> verify("whsec_abc", header, b'{"id":"1-0"}', now=1767603650)
True
>>> verify("whsec_abc", header, b'{"id":"1-1"}', now=1767603650)
False
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Wirecopy-Signature"
EVENT_HEADER = "Wirecopy-Event-Id"
TOLERANCE_SECONDS = 300


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the Wirecopy-Signature header for `body` sent at `timestamp`."""
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """True if `header` signs `body` with `secret` and its time is within `tolerance`."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature_header(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
