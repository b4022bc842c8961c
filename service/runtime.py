"""What every request shares: the Redis client, the settings, the stream, the indexes."""

from dataclasses import dataclass, field

import redis

from service.key_store import KeyChecker
from service.settings import ServiceSettings
from wirecopy.live import LiveIndex
from workers.stream import StreamNames


@dataclass
class Runtime:
    """What every request shares: Redis, the settings, the stream, one index per tenant."""

    client: redis.Redis
    settings: ServiceSettings
    names: StreamNames = field(default_factory=StreamNames)
    indexes: dict[str, LiveIndex] = field(default_factory=dict)
    keys: KeyChecker | None = None  # made in the lifespan: its client lives on the event loop

    def index(self, tenant: str) -> LiveIndex:
        if tenant not in self.indexes:
            self.indexes[tenant] = LiveIndex(self.client, tenant)
        return self.indexes[tenant]
