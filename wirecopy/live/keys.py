"""Every Redis key name of the live index, built here and nowhere else.

A namespace is one tenant's index under one set of fingerprint parameters. All its
keys share one hash tag, ``{wc:<tenant>:<params id>}``, so on Redis Cluster a
namespace lives in one slot: a query's one MGET and an insert's one MULTI/EXEC stay
legal there, and different namespaces spread over the nodes. Inside a namespace,
articles live in time slices (see :mod:`wirecopy.live.retention`), and each slice's
keys expire together.

>>> keys = Keyspace("acme", "w5-p256-s1-xxh64w-b256r1")
>>> keys.bucket(0, 17, 3)
'{wc:acme:w5-p256-s1-xxh64w-b256r1}:0:g17:3'
>>> keys.signatures(0, 5000)
'{wc:acme:w5-p256-s1-xxh64w-b256r1}:0:sig:4'
"""

import re
from dataclasses import dataclass
from functools import cached_property

import xxhash

from wirecopy.errors import InputError

TENANT_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,64}")
SLAB_ARTICLES = 1023
"""Signatures packed into one string key: 1,023 articles of 512 bytes and a spare byte,
which with Redis's header fill jemalloc's 512 KiB size class (1,024 would take 640 KiB)."""
SHARD_ARTICLES = 512
"""Articles per metadata and story-map hash (small hashes are compact in Redis)."""
ID_SHARDS = 1024
"""Hashes per slice that map external ids to internal ones."""


def check_tenant(tenant: str) -> str:
    """Return `tenant` if it can name a namespace, else raise InputError."""
    if not isinstance(tenant, str) or not TENANT_PATTERN.fullmatch(tenant):
        raise InputError(
            f"tenant {tenant!r} cannot name an index: use 1 to 64 letters, digits, '_', '.' or '-'"
        )
    return tenant


API_KEYS_TAG = "{wc:auth}"
"""The hash tag of the API key store: its keys share one Redis Cluster slot."""


def api_keys() -> str:
    """Hash: SHA-256 (hex) of an API key -> JSON {tenant, id, created} (`wirecopy keys`)."""
    return f"{API_KEYS_TAG}:keys"


def api_key_rate(key_digest: str) -> str:
    """String: when the key may next be used at its full burst (its rate limiter, in ms)."""
    return f"{API_KEYS_TAG}:rate:{key_digest}"


BUCKETS = "g"
"""What a bucket key's suffix starts with: ``g<band>:<group>``."""


def bucket_suffix(band: int, group: int) -> str:
    return f"{BUCKETS}{band}:{group}"


def signatures_suffix(internal_id: int) -> str:
    return f"sig:{internal_id // SLAB_ARTICLES}"


def metadata_suffix(internal_id: int) -> str:
    return f"m:{internal_id // SHARD_ARTICLES}"


def text_suffix(internal_id: int) -> str:
    return f"tx:{internal_id // SHARD_ARTICLES}"


def ids_suffix(external_id: str) -> str:
    shard = xxhash.xxh32_intdigest(external_id.encode("utf-8", "surrogatepass")) % ID_SHARDS
    return f"id:{shard}"


@dataclass(frozen=True)
class Keyspace:
    """The key names of one namespace: a tenant's index under one parameter id."""

    tenant: str
    params_id: str

    def __post_init__(self) -> None:
        check_tenant(self.tenant)

    @cached_property
    def tag(self) -> str:
        """The hash tag every key of the namespace carries (one Redis Cluster slot)."""
        return f"{{wc:{self.tenant}:{self.params_id}}}"

    def config(self) -> str:
        """Hash: the settings the namespace was made with (group bits, retention)."""
        return f"{self.tag}:config"

    def counter(self, slice_no: int) -> str:
        """Integer: the last internal id given out in a slice."""
        return f"{self.tag}:{slice_no}:n"

    def slice_prefix(self, slice_no: int) -> str:
        """What every key of one slice starts with."""
        return f"{self.tag}:{slice_no}:"

    def bucket(self, slice_no: int, band: int, group: int) -> str:
        """String of packed entries: the slice's articles whose band value is in `group`."""
        return f"{self.tag}:{slice_no}:{bucket_suffix(band, group)}"

    def bucket_prefix(self, slice_no: int) -> str:
        """A slice's bucket keys up to the band: the APPEND_ENTRIES script adds
        ``<band>:<group>`` to it, as :func:`bucket_suffix` does."""
        return f"{self.tag}:{slice_no}:{BUCKETS}"

    def pending(self, slice_no: int) -> str:
        """Set: internal ids whose records are written but whose bucket entries may not all
        be yet (a writer is appending them, or died doing so: the next writer of the
        article appends them again)."""
        return f"{self.tag}:{slice_no}:pending"

    def signatures(self, slice_no: int, internal_id: int) -> str:
        """String: the slab holding this article's packed 16-bit signature."""
        return f"{self.tag}:{slice_no}:{signatures_suffix(internal_id)}"

    def metadata(self, slice_no: int, internal_id: int) -> str:
        """Hash internal id -> JSON record (external id, counts, times, title...)."""
        return f"{self.tag}:{slice_no}:{metadata_suffix(internal_id)}"

    def text(self, slice_no: int, internal_id: int) -> str:
        """Hash internal id -> the article's text, UTF-8 compressed with zlib."""
        return f"{self.tag}:{slice_no}:{text_suffix(internal_id)}"

    def story_of(self, slice_no: int, internal_id: int) -> str:
        """Hash internal id -> story number."""
        return f"{self.tag}:{slice_no}:st:{internal_id // SHARD_ARTICLES}"

    def ids(self, slice_no: int, external_id: str) -> str:
        """Hash external id -> internal id, one of ID_SHARDS per slice."""
        return f"{self.tag}:{slice_no}:{ids_suffix(external_id)}"

    def story(self, story_no: int) -> str:
        """Sorted set: a story's members (external ids) scored by publication time."""
        return f"{self.story_prefix()}{story_no}"

    def story_prefix(self) -> str:
        """What every story key starts with (scripts build story keys from it)."""
        return f"{self.tag}:story:"

    def story_sequence(self) -> str:
        """Integer: the last story number given out."""
        return f"{self.tag}:story:seq"

    def story_redirects(self) -> str:
        """Hash: story number merged away -> the number it was merged into."""
        return f"{self.tag}:story:redirect"

    def pattern(self) -> str:
        """A SCAN pattern matching every key of the namespace (for tests and tools)."""
        escaped = re.sub(r"([\[\]*?\\{}])", r"\\\1", self.tag)
        return f"{escaped}:*"
