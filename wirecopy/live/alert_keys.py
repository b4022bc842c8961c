"""Every Redis key name of watches, alerts and their delivery, built here and nowhere else.

All of them carry one hash tag, ``{wc:alerts}`` by default, so on Redis Cluster they
live in one slot: the script that makes an alert checks the once-per rule, appends to
the tenant's log and queues the delivery in one atomic call. Alerts are few next to
articles, so one slot carries them easily. Tests give each run a namespace of its own.

>>> keys = AlertKeys()
>>> keys.log("acme")
'{wc:alerts}:log:acme'
>>> keys.outbox, keys.group
('{wc:alerts}:outbox', 'deliverers')
"""

from dataclasses import dataclass
from functools import cached_property

from wirecopy.live.keys import check_tenant


@dataclass(frozen=True)
class AlertKeys:
    """Key names of one alert namespace (``wc:alerts`` in production)."""

    namespace: str = "wc:alerts"
    group: str = "deliverers"

    @cached_property
    def tag(self) -> str:
        return f"{{{self.namespace}}}"

    def watches(self, tenant: str) -> str:
        """Hash: watch id -> watch JSON (its secret included)."""
        return f"{self.tag}:watches:{check_tenant(tenant)}"

    def marks(self, tenant: str) -> str:
        """Sorted set: ``<watch id> <copying article id>`` scored by when (unix ms) its
        alert was made; kept for `AlertSettings.mark_days`."""
        return f"{self.tag}:marks:{check_tenant(tenant)}"

    def log(self, tenant: str) -> str:
        """Stream: the tenant's alerts; entry ids are alert ids, cursors and SSE event ids."""
        return f"{self.tag}:log:{check_tenant(tenant)}"

    def dead(self, tenant: str) -> str:
        """Stream: deliveries given up on, with their last error, until replayed."""
        return f"{self.tag}:dead:{check_tenant(tenant)}"

    @property
    def outbox(self) -> str:
        """Stream: deliveries to make now, read by the deliverers' consumer group."""
        return f"{self.tag}:outbox"

    @property
    def retries(self) -> str:
        """Sorted set: delivery id -> when (unix ms) its next attempt is due."""
        return f"{self.tag}:retries"

    @property
    def deliveries(self) -> str:
        """Hash: delivery id -> delivery JSON, for deliveries waiting in `retries`."""
        return f"{self.tag}:deliveries"

    def heartbeat(self, deliverer: str) -> str:
        return f"{self.tag}:deliverer:{deliverer}"

    def heartbeats(self) -> str:
        """A SCAN pattern for every deliverer's heartbeat."""
        return f"\\{{{self.namespace}\\}}:deliverer:*"

    def pattern(self) -> str:
        """A SCAN pattern for every key of the namespace (tests and tools)."""
        return f"\\{{{self.namespace}\\}}:*"
