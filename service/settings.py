"""The service's settings, from the environment (the README's table lists them).

>>> ServiceSettings.from_env({"WIRECOPY_API_KEYS": "acme:" + "ab" * 32}).keys
{'abababababababababababababababababababababababababababababababab': 'acme'}
"""

import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from wirecopy.alerts.settings import AlertSettings
from wirecopy.errors import WirecopyError
from wirecopy.live.keys import check_tenant

MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
MAX_BATCH = 1_000
RATE_LIMIT = 100.0
RATE_BURST = 200


class SettingsError(WirecopyError):
    """The service cannot start with the settings it was given."""


@dataclass(frozen=True)
class ServiceSettings:
    """Where Redis is, who may call, and how much one request may carry."""

    redis_url: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # SHA-256 of a key -> its tenant
    open_for_development: bool = False
    max_body_bytes: int = MAX_BODY_BYTES
    max_text_chars: int = MAX_TEXT_CHARS
    max_batch: int = MAX_BATCH
    wait_seconds: float = 10.0
    threads: int = 2  # request threads per server process
    rate_limit: float = RATE_LIMIT  # requests a second per API key on average (0: none)
    rate_burst: int = RATE_BURST  # requests one key may send at once
    alerts: AlertSettings = field(default_factory=AlertSettings)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "ServiceSettings":
        env = os.environ if env is None else env
        return cls(
            redis_url=env.get("WIRECOPY_REDIS_URL") or None,
            keys=parse_keys(env.get("WIRECOPY_API_KEYS", "")),
            open_for_development=env.get("WIRECOPY_OPEN_FOR_DEVELOPMENT", "") == "1",
            max_body_bytes=int(env.get("WIRECOPY_MAX_BODY_BYTES", MAX_BODY_BYTES)),
            max_text_chars=int(env.get("WIRECOPY_MAX_TEXT_CHARS", MAX_TEXT_CHARS)),
            threads=int(env.get("WIRECOPY_THREADS", 2)),
            rate_limit=float(env.get("WIRECOPY_RATE_LIMIT", RATE_LIMIT)),
            rate_burst=int(env.get("WIRECOPY_RATE_BURST", RATE_BURST)),
            alerts=AlertSettings.from_env(env),
        )

    def check(self, host: str, stored_keys: int = 0) -> None:
        """Refuse to serve with no API key (in the settings or the `stored_keys` in Redis),
        unless told to run open on loopback."""
        if self.keys or (stored_keys and not self.open_for_development):
            return
        if not self.open_for_development:
            raise SettingsError(
                "no API key is configured: `wirecopy keys new TENANT` stores one in Redis, "
                "or set WIRECOPY_API_KEYS to tenant:sha256 pairs (`wirecopy keys new TENANT "
                "--env` prints one), or WIRECOPY_OPEN_FOR_DEVELOPMENT=1 to run without keys "
                "on loopback"
            )
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise SettingsError(
                f"running without API keys is allowed on loopback only, not on {host}: "
                "bind to 127.0.0.1 or configure WIRECOPY_API_KEYS"
            )


def parse_keys(spec: str) -> dict[str, str]:
    """`tenant:sha256hex,tenant:sha256hex` -> {sha256hex: tenant}."""
    keys: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        tenant, _, digest = item.partition(":")
        digest = digest.strip().lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise SettingsError(
                f"API key entry {item[:24]!r}... is not tenant:sha256: give the SHA-256 of the "
                "key in hex (`wirecopy keys new TENANT` prints the line)"
            )
        keys[digest] = check_tenant(tenant.strip())
    return keys


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key(tenant: str) -> tuple[str, str]:
    """A fresh API key for `tenant`, and the line to add to WIRECOPY_API_KEYS."""
    key = "wck_" + secrets.token_urlsafe(32)
    return key, f"{check_tenant(tenant)}:{digest(key)}"
