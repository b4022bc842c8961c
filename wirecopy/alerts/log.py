"""The alert log: one Redis Stream per tenant, and the once-per rule that feeds it.

An alert is made once per (watch, copying article). The mark ``<watch> <article>`` is
set when the alert is made and cleared when a changed version of the article falls
below the watch's share; so a re-delivered message, or the same article ingested again,
never alerts twice, and an edited article alerts again only after its share fell below
the threshold and passed it again. `RAISE_ALERTS` checks the marks, appends to the log
and queues the deliveries in one atomic script call per batch.

Marks are kept `mark_days` (a sorted set scored by when each was made, trimmed by the
same call), so the set does not grow with every alert ever made: the same article
ingested again after that long alerts again.

Log entry ids (``<unix ms>-<n>``) are the alert ids, the cursors of :meth:`AlertLog.page`
and the SSE event ids; the log keeps about `log_length` alerts (``MAXLEN ~``).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import redis

from wirecopy.alerts.dead import Entries
from wirecopy.alerts.records import Alert
from wirecopy.live.alert_keys import AlertKeys

RAISE_ALERTS = """
-- KEYS: 1 marks sorted set, 2 the tenant's log stream, 3 the outbox stream
-- ARGV: 1 log length, 2 tenant, 3 ms a mark is kept, 4 n alerts,
--       then n x (mark, alert JSON, watch id), then the marks to clear;
-- returns the ids of the alerts made
local fired, n = {}, tonumber(ARGV[4])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[3])))
for i = 0, n - 1 do
  local mark, body, watch = ARGV[5 + 3 * i], ARGV[6 + 3 * i], ARGV[7 + 3 * i]
  if not redis.call('ZSCORE', KEYS[1], mark) then
    local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '*', 'alert', body)
    redis.call('ZADD', KEYS[1], now, mark)
    redis.call('XADD', KEYS[3], '*', 'tenant', ARGV[2], 'watch', watch, 'alert', id,
               'body', body)
    fired[#fired + 1] = id
  end
end
for i = 5 + 3 * n, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) end
return fired
"""
SCAN_CHUNK = 500
MAX_SCANNED = 10_000
"""Log entries one page reads at most; a filter that matches few returns early, with a cursor."""


def mark(watch_id: str, article_id: str) -> str:
    """The once-per mark of a (watch, copying article) pair."""
    return f"{watch_id} {article_id}"


def alert_of_entry(entry_id: bytes | str, fields: dict[bytes, bytes]) -> Alert:
    """The alert a log entry holds, with its id."""
    ident = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    return Alert.loads(fields[b"alert"]).with_id(ident)


@dataclass(frozen=True)
class Page:
    """Alerts in log order and the cursor of the next page (None: the end for now)."""

    alerts: list[Alert]
    next_cursor: str | None


class AlertLog:
    """A tenant's alerts in Redis: raise them (once), and read them back in pages."""

    def __init__(
        self,
        client: redis.Redis,
        keys: AlertKeys | None = None,
        length: int = 100_000,
        mark_days: float = 30.0,
    ) -> None:
        self.redis = client
        self.keys = keys or AlertKeys()
        self.length = length
        self.mark_ms = round(mark_days * 86_400_000)
        self._raise = client.register_script(RAISE_ALERTS)

    def raise_alerts(
        self, tenant: str, alerts: Sequence[Alert], clear: Sequence[str] = ()
    ) -> list[str]:
        """Log and queue each alert whose pair has no mark yet; clear the marks `clear`.

        Returns the ids of the alerts made (those already marked are left out)."""
        if not alerts and not clear:
            return []
        args: list[str | int] = [self.length, tenant, self.mark_ms, len(alerts)]
        for alert in alerts:
            args += [mark(alert.watch, alert.copying.id), alert.dumps(), alert.watch]
        args += list(clear)
        keys = [self.keys.marks(tenant), self.keys.log(tenant), self.keys.outbox]
        fired = self._raise(keys=keys, args=args)
        return [i.decode() if isinstance(i, bytes) else str(i) for i in fired]

    def page(
        self,
        tenant: str,
        after: str | None = None,
        watch: str | None = None,
        since_ms: int | None = None,
        until_ms: int | None = None,
        limit: int = 100,
        max_scanned: int = MAX_SCANNED,
    ) -> Page:
        """Alerts after the cursor `after` (or from `since_ms`), up to `until_ms`, oldest first."""
        if until_ms is not None and until_ms < 0:  # before 1970: no alert
            return Page([], None)
        start = f"({after}" if after else (str(max(0, since_ms)) if since_ms is not None else "-")
        end = str(until_ms) if until_ms is not None else "+"
        found: list[Alert] = []
        scanned = 0
        while len(found) < limit:
            entries: Entries = self.redis.xrange(
                self.keys.log(tenant), start, end, count=SCAN_CHUNK
            )  # type: ignore[assignment]
            for entry_id, fields in entries:
                alert = alert_of_entry(entry_id, fields)
                start = f"({alert.id}"
                if watch is None or alert.watch == watch:
                    found.append(alert)
                    if len(found) == limit:
                        return Page(found, alert.id)
            if len(entries) < SCAN_CHUNK:
                return Page(found, None)
            scanned += len(entries)
            if scanned >= max_scanned:  # a rare watch: this much per request, then a cursor
                return Page(found, start[1:])
        return Page(found, None)
