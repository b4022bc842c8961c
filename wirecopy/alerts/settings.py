"""How alerts are kept and delivered, from the environment (the README's table lists them).

>>> AlertSettings.from_env({"WIRECOPY_WEBHOOK_ALLOW": "127.0.0.1, hooks.internal"}).webhook_allow
('127.0.0.1', 'hooks.internal')
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass

from wirecopy.errors import ParameterError


@dataclass(frozen=True)
class AlertSettings:
    """Limits of watches, the log's length, and the webhook delivery's timing."""

    namespace: str = "wc:alerts"
    """What every alert key is named under (:class:`wirecopy.live.alert_keys.AlertKeys`)."""
    webhook_allow: tuple[str, ...] = ()
    """Hosts or CIDRs a webhook may reach although they are not public (tests: 127.0.0.1)."""
    log_length: int = 100_000
    """Alerts kept per tenant (approximately: the stream is trimmed with MAXLEN ~)."""
    mark_days: float = 30.0
    """How long the once-per rule remembers a (watch, copying article) pair it alerted on."""
    max_watches: int = 100
    max_url_chars: int = 2_000
    timeout_seconds: float = 5.0
    max_attempts: int = 8
    backoff_seconds: float = 2.0
    """First retry within this many seconds; doubling each time (full jitter)."""
    backoff_cap_seconds: float = 600.0
    concurrency: int = 16
    """Webhooks sent at once by one deliverer."""
    claim_after_ms: int = 30_000
    """A delivery a dead deliverer held is taken over after this long."""
    heartbeat_seconds: float = 15.0
    """An SSE stream sends a comment line this often while no alert comes."""

    def __post_init__(self) -> None:
        if self.mark_days <= 0:
            raise ParameterError(
                f"WIRECOPY_ALERT_MARK_DAYS must be positive (got {self.mark_days}): it is how "
                "many days an alerted pair is remembered, 30 by default"
            )
        if self.max_attempts < 1 or self.timeout_seconds <= 0 or self.concurrency < 1:
            raise ParameterError(
                "webhook attempts, timeout and concurrency must be positive: fix "
                "WIRECOPY_WEBHOOK_ATTEMPTS, WIRECOPY_WEBHOOK_TIMEOUT or "
                "WIRECOPY_DELIVERY_CONCURRENCY"
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "AlertSettings":
        env = os.environ if env is None else env
        defaults = cls()
        try:
            return cls(
                namespace=env.get("WIRECOPY_ALERT_NAMESPACE", defaults.namespace),
                webhook_allow=tuple(
                    part.strip() for part in env.get("WIRECOPY_WEBHOOK_ALLOW", "").split(",")
                    if part.strip()
                ),
                log_length=int(env.get("WIRECOPY_ALERT_LOG_LENGTH", defaults.log_length)),
                mark_days=float(env.get("WIRECOPY_ALERT_MARK_DAYS", defaults.mark_days)),
                timeout_seconds=float(
                    env.get("WIRECOPY_WEBHOOK_TIMEOUT", defaults.timeout_seconds)
                ),
                max_attempts=int(env.get("WIRECOPY_WEBHOOK_ATTEMPTS", defaults.max_attempts)),
                backoff_seconds=float(
                    env.get("WIRECOPY_WEBHOOK_BACKOFF", defaults.backoff_seconds)
                ),
                concurrency=int(
                    env.get("WIRECOPY_DELIVERY_CONCURRENCY", defaults.concurrency)
                ),
            )  # fmt: skip
        except ValueError as error:
            raise ParameterError(
                f"an alert setting is not a number ({error}): fix the WIRECOPY_WEBHOOK_* or "
                "WIRECOPY_ALERT_* variable"
            ) from None
