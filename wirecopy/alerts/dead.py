"""Deliveries: what is sent for one alert, and the dead letters of those given up on.

A delivery leaves the outbox or the retry set only in the same transaction that records
what became of it (sent, rescheduled, or parked here), so a deliverer killed mid-send
loses nothing. A dead letter stays in the tenant's dead-letter stream until it is
replayed, which queues it again as a fresh delivery.

>>> d = Delivery("acme", "w_1", "1767603600000-0", "{}")
>>> d.id, Delivery.loads(d.failed("HTTP 500").dumps()).attempts
('acme/1767603600000-0', 1)
"""

import json
import re
import time
from dataclasses import asdict, dataclass, replace

import redis

from wirecopy.live.alert_keys import AlertKeys

Entries = list[tuple[bytes, dict[bytes, bytes]]]
"""Stream entries as redis-py returns them."""
STREAM_ID = re.compile(r"(\d{1,20})-(\d{1,20})")
LAST_ID = 2**64 - 1


def is_stream_id(value: str) -> bool:
    """True if `value` is a stream entry id that can start an exclusive range."""
    found = STREAM_ID.fullmatch(value)
    return found is not None and int(found[1]) < LAST_ID and int(found[2]) < LAST_ID


REPLAY = """
-- KEYS: 1 the tenant's dead letters, 2 the outbox; ARGV: 1 the dead letter's id
-- returns 1 if it was queued again, 0 if there is no such dead letter
local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #found == 0 then return 0 end
local d = cjson.decode(found[1][2][2])
redis.call('XADD', KEYS[2], '*', 'tenant', d.tenant, 'watch', d.watch, 'alert', d.alert,
           'body', d.body)
redis.call('XDEL', KEYS[1], ARGV[1])
return 1
"""


@dataclass(frozen=True)
class Delivery:
    """One alert to send to its watch's webhook; `body` is the alert's JSON."""

    tenant: str
    watch: str
    alert: str
    body: str
    attempts: int = 0
    last_error: str | None = None
    parked_at: float | None = None

    @property
    def id(self) -> str:
        return f"{self.tenant}/{self.alert}"

    def failed(self, error: str) -> "Delivery":
        return replace(self, attempts=self.attempts + 1, last_error=error[:500])

    def dumps(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def loads(cls, raw: bytes | str) -> "Delivery":
        return cls(**json.loads(raw))

    @classmethod
    def of_message(cls, fields: dict[bytes, bytes]) -> "Delivery":
        text = {k.decode(): v.decode() for k, v in fields.items()}
        return cls(text["tenant"], text["watch"], text["alert"], text["body"])


@dataclass(frozen=True)
class DeadLetter:
    id: str
    delivery: Delivery


class DeadLetters:
    """A tenant's deliveries given up on: park, list, replay."""

    def __init__(self, client: redis.Redis, keys: AlertKeys | None = None) -> None:
        self.redis = client
        self.keys = keys or AlertKeys()
        self._replay = client.register_script(REPLAY)

    def park(self, pipe: "redis.client.Pipeline", delivery: Delivery) -> None:
        """Add `delivery` to its tenant's dead letters, inside the caller's transaction."""
        parked = replace(delivery, parked_at=round(time.time(), 3))
        pipe.xadd(self.keys.dead(delivery.tenant), {"delivery": parked.dumps()})

    def list(self, tenant: str, after: str | None = None, limit: int = 100) -> list[DeadLetter]:
        """Dead letters oldest first, after the id `after`."""
        start = f"({after}" if after else "-"
        entries: Entries = self.redis.xrange(self.keys.dead(tenant), start, "+", count=limit)  # type: ignore[assignment]
        return [DeadLetter(i.decode(), Delivery.loads(f[b"delivery"])) for i, f in entries]

    def replay(self, tenant: str, dead_id: str) -> bool:
        """Queue a dead letter again, as a new delivery; False if there is no such one."""
        if not is_stream_id(dead_id):
            return False
        keys = [self.keys.dead(tenant), self.keys.outbox]
        return bool(self._replay(keys=keys, args=[dead_id]))
