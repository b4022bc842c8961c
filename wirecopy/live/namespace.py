"""A namespace's storage settings, where its keys live, and where an article is stored.

>>> Settings.from_hash({b"group_bits": b"9", b"retention": b""}).group_bits
9
"""

from dataclasses import dataclass, field
from typing import NamedTuple

import redis
from redis.cluster import RedisCluster

from wirecopy.live.keys import Keyspace
from wirecopy.live.layout import BucketLayout
from wirecopy.live.retention import Retention


@dataclass(frozen=True)
class Settings:
    """A namespace's storage settings, fixed when it is created."""

    group_bits: int = 8
    retention: Retention = field(default_factory=Retention)
    keep_text: bool = True  # store each article's text (compressed), for comparing by id
    indexed_bands: int | None = None  # bucket only the first N bands (None: all of them)

    def __post_init__(self) -> None:
        # refuses what it cannot lay out, before a namespace is made with it
        BucketLayout(self.group_bits, self.indexed_bands or BucketLayout.bands)

    def as_hash(self) -> dict[str, str]:
        window = self.retention.window_seconds
        return {
            "group_bits": str(self.group_bits),
            "retention": "" if window is None else str(window),
            "keep_text": "1" if self.keep_text else "0",
            "indexed_bands": "" if self.indexed_bands is None else str(self.indexed_bands),
        }

    @classmethod
    def from_hash(cls, stored: dict[bytes, bytes]) -> "Settings":
        window = stored.get(b"retention", b"").decode()
        return cls(
            int(stored[b"group_bits"]),
            Retention(float(window) if window else None),
            stored.get(b"keep_text", b"1") == b"1",  # namespaces made before it kept none
            int(bands) if (bands := stored.get(b"indexed_bands", b"")) else None,
        )


def namespace_node(client: redis.Redis, keys: Keyspace) -> redis.Redis:
    """The client for the one node that holds the namespace's slot (the client itself
    when it is not a cluster client): pipelines, MGET and scripts then go straight there."""
    if isinstance(client, RedisCluster):
        return client.get_redis_connection(client.get_node_from_key(keys.config()))
    return client


class Located(NamedTuple):
    """Where one stored version of an article lives: its slice and internal id. A named
    tuple, not a dataclass: a batch hashes and compares tens of thousands of them, and a
    tuple does it in C (a sixth of a worker's story-linking time went to dataclass
    __eq__ and __hash__)."""

    slice_no: int
    internal_id: int
