"""Redis layouts for wirecopy's LSH index: bytes per article, load rate, query time, recall.

    python bench/bench_redis_layout.py --redis redis://127.0.0.1:6379/15 --articles 20000
    python bench/bench_redis_layout.py --data /tmp/wirecopy-bench/corpus-20000.jsonl

Fingerprints `--articles` texts (`fingerprint_texts(..., processes=None)`) and loads them
into Redis once per layout, reading `INFO memory` used_memory after each part
(signatures, metadata, buckets), with `FLUSHDB` between layouts. The database must be
empty at the start: the script refuses to run otherwise, and leaves it empty. A layout
that tries other encoding thresholds sets them with CONFIG SET and restores them after.

Articles come from `--data` (default: the 2,225 BBC News articles). Past the end of the
file they are cycled with a suffix on their id, so at 20,000 articles every BBC
signature appears about 9 times: each bucket holds 9 copies and each per-(band, value)
key is shared by 9 articles, which makes such keys look far cheaper, and buckets
bigger, than on real news. A bench/make_corpus.py corpus of distinct texts as `--data`
gives the figures to plan with.

Each bucket key holds a mixed 32-bit value of its band (the band's row times an odd
constant, or its rows folded by `wirecopy.lsh.band_keys`, then mixed): MinHash values
are minima, their top bits mostly zero, and grouping by top bits needs them spread.

- signatures: `str32`, one string per article (1,024 bytes, little-endian uint32);
  `str16`, the low 16 bits of each value (b-bit MinHash, 512 bytes); `slab32` and
  `slab16`, the same records packed into 512 KiB strings (SETRANGE, GETRANGE);
- metadata: `hash`, one hash per article (external id, shingle count, published) and
  one hash from external id to internal id; `grouped`, the same in listpack hashes of
  about 256 articles each;
- buckets: `set-b36` and `set-int`, one SET per (band, value) whose members are base-36
  or decimal ids (only decimal members make an intset); `zset-band`, one ZSET per band,
  score = value (a query is ZRANGEBYSCORE v v); `zset-grp`, ZSETs per (band, top bits
  of the value) scored by the other bits, small enough for a listpack; `set-grp`, SETs
  per (band, top bits) whose members carry 7 more value bits above a 24-bit id, small
  enough for an intset (a query reads whole groups and keeps the members whose bits
  match); `set-scan`, the same groups with two decimal digits of the value at the end
  of each member, (id + 1) * 100 + tag, so that `SSCAN key 0 MATCH *tag` returns from
  a whole intset only the members with that tag (Redis returns a small encoded set
  in one SSCAN call; a reply whose cursor is not 0 is counted as a wrong answer).

Loading packs each part's commands into batches and sends them over a plain socket, as
`redis-cli --pipe` does, counting the replies (redis-py's parser reads about 350,000
replies/s and its Pipeline object builds about 160,000 commands/s, and either would set
the pace). A query reads one article's buckets in one redis-py pipeline (pure-Python
parser) and counts the bands each other article shares, skipping buckets over 200
members as the engine does; "with signatures" adds the second round trip, which fetches
the candidates' stored signatures and keeps those that really share the bands. Redis
µs/query is the server's own time (INFO commandstats) for both round trips. The
first 200 queries are checked against the answer computed in memory.

Recall (in memory, no Redis): the share of (wire, rewrite) pairs of `--corpus`, a
bench/make_corpus.py file, that `wirecopy.lsh.candidate_pairs` proposes under each
banding (>= 2 shared one-row bands, >= 1 for wider bands), against the engine's 256x1.
"""

import argparse
import json
import math
import socket
import statistics
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np
import numpy.typing as npt

from wirecopy.fingerprint import fingerprint_texts
from wirecopy.lsh import MAX_BUCKET, band_keys, candidate_pairs
from wirecopy.params import FingerprintParams

U32 = npt.NDArray[np.uint32]
MIX32 = np.uint32(0x9E3779B1)
MIX64 = np.uint64(0x9E3779B97F4A7C15)
ID_BITS = 24  # set-grp members: 7 value bits above a 24-bit id, an int32 for the intset
TAG_BITS = 7
SLAB = 2**19 - 16  # bytes of records per slab string: header and all fit jemalloc's 512 KiB
META_GROUP = 256  # articles per grouped metadata hash
BATCH = 40_000  # commands per packed write
CHECKED = 200  # queries checked against the in-memory answer (all are timed)
THRESHOLDS = (
    "set-max-intset-entries",
    "set-max-listpack-entries",
    "zset-max-listpack-entries",
    "zset-max-listpack-value",
    "hash-max-listpack-entries",
    "hash-max-listpack-value",
)


@dataclass(frozen=True)
class Layout:
    """One way to hold the index in Redis."""

    name: str
    sig: str  # str32, str16, slab32, slab16
    meta: str  # hash, grouped, none
    buckets: str  # set-b36, set-int, zset-band, zset-grp, set-grp, set-scan, none
    bands: int = 256
    rows: int = 1
    group: int = 0  # grouped buckets: members per group key, on average
    config: tuple[tuple[str, str], ...] = ()  # CONFIG SET for this layout only

    @property
    def min_shared(self) -> int:
        return 2 if self.rows == 1 else 1

    @property
    def banding(self) -> str:
        return f"{self.bands}x{self.rows}" if self.buckets != "none" else "-"


INTSET_128 = (("set-max-intset-entries", "128"),)
LAYOUTS = (
    Layout("A", "str32", "hash", "set-b36"),
    Layout("A-int", "str32", "hash", "set-int"),
    Layout("B-zband", "str32", "hash", "zset-band"),
    Layout("B-zgrp", "str32", "hash", "zset-grp", group=32),
    Layout("B-sgrp", "str32", "hash", "set-grp", group=48),
    Layout("B-sscan", "str32", "hash", "set-scan", group=192),
    Layout("C-64x2", "str32", "hash", "set-int", 64, 2),
    Layout("C-128x2", "str32", "hash", "set-int", 128, 2),
    Layout("C-128x1", "str32", "hash", "set-int", 128, 1),
    Layout("D-str32", "str32", "none", "none"),
    Layout("D-str16", "str16", "none", "none"),
    Layout("D-slab32", "slab32", "none", "none"),
    Layout("D-slab16", "slab16", "none", "none"),
    Layout("K-256-s16", "slab16", "grouped", "set-scan", group=192),
    Layout("K-256-s16-i128", "slab16", "grouped", "set-scan", group=192, config=INTSET_128),
    Layout("K-256-s32", "slab32", "grouped", "set-scan", group=192),
    Layout("K-128-s32", "slab32", "grouped", "set-scan", 128, 1, group=192),
)
GROUPED = ("zset-grp", "set-grp", "set-scan")
LIMITS = {  # the setting past which a group leaves its compact encoding
    "zset-grp": "zset-max-listpack-entries",
    "set-grp": "set-max-intset-entries",
    "set-scan": "set-max-intset-entries",
}
RECALL_BANDINGS = ((256, 1), (192, 1), (128, 1), (96, 1), (64, 1), (128, 2), (64, 2))


@dataclass
class Result:
    """What one layout measured."""

    layout: Layout
    sig_bytes: float = 0.0
    meta_bytes: float = 0.0
    bucket_bytes: float = 0.0
    keys_per_article: float = 0.0
    load_per_s: float = 0.0
    encodings: str = ""
    group_bits: int = 0
    oversized: float = 0.0  # grouped: share of memberships in groups past the encoding limit
    query_ms: list[float] = field(default_factory=list)
    full_ms: list[float] = field(default_factory=list)
    candidates: float = 0.0
    server_us: float = 0.0  # Redis time per query, both round trips
    wrong: int = 0  # queries whose checked candidates differ from the in-memory answer


@dataclass(frozen=True)
class Articles:
    """External ids, publication times and fingerprints of the loaded articles."""

    ids: list[bytes]
    published: npt.NDArray[np.uint32]
    signatures: U32
    counts: npt.NDArray[np.int64]


def base36(n: int) -> bytes:
    digits = b"0123456789abcdefghijklmnopqrstuvwxyz"
    out = bytearray()
    while True:
        n, d = divmod(n, 36)
        out.append(digits[d])
        if n == 0:
            return bytes(reversed(out))


def epoch(value: Any) -> int:
    if not isinstance(value, str):
        return 0
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def read_articles(path: Path, count: int) -> tuple[list[bytes], list[str], list[int]]:
    """`count` articles of `path` (id, text, published), cycled with `~cN` ids past its end."""
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    ids, texts, published = [], [], []
    for i in range(count):
        row = rows[i % len(rows)]
        cycle = i // len(rows)
        ids.append((row["id"] + (f"~c{cycle}" if cycle else "")).encode())
        texts.append(row["text"])
        published.append(epoch(row.get("published_at")))
    return ids, texts, published


def bucket_values(signatures: U32, bands: int, rows: int) -> U32:
    """One mixed 32-bit value per (article, band); equal bands give equal values.

    MinHash values are minima, so their top bits are mostly zero: mixing spreads them,
    which grouping by top bits needs.
    """
    if rows == 1:
        return signatures[:, :bands] * MIX32  # a bijection on 32 bits
    keys = band_keys(signatures, FingerprintParams(bands=bands, rows=rows)).view(np.uint64)
    return ((keys * MIX64) >> np.uint64(32)).astype(np.uint32)


def group_bits(articles: int, mean: int) -> int:
    """Top bits of the value in a group key for about `mean` members per group; a live
    index would fix them for the size it plans for."""
    return max(0, math.ceil(math.log2(articles / mean)))


def oversized(values: U32, bits: int, limit: int) -> float:
    """The share of memberships that sit in a group of more than `limit` members."""
    tops = (values >> np.uint32(32 - bits)) if bits else np.zeros_like(values)
    over = 0
    for band in range(values.shape[1]):
        sizes = np.bincount(tops[:, band])
        over += int(sizes[sizes > limit].sum())
    return over / values.size


def pack(*args: bytes) -> bytes:
    """One command in RESP."""
    return b"".join([b"*%d\r\n" % len(args), *[b"$%d\r\n%s\r\n" % (len(a), a) for a in args]])


def sadd(key: bytes, member: bytes) -> bytes:
    """pack(b"SADD", key, member), faster: the bucket writes are most of the commands."""
    return b"*3\r\n$4\r\nSADD\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(key), key, len(member), member)


class Keys:
    """Every key name the layouts use, built here only."""

    def __init__(self, prefix: bytes) -> None:
        self.prefix = prefix

    def sig(self, i: int) -> bytes:
        return self.prefix + b"s:" + base36(i)

    def slab(self, n: int) -> bytes:
        return self.prefix + b"S" + b"%d" % n

    def meta(self, i: int) -> bytes:
        return self.prefix + b"m:" + base36(i)

    def meta_group(self, i: int) -> bytes:
        return self.prefix + b"M" + b"%d" % (i // META_GROUP)

    def id_map(self) -> bytes:
        return self.prefix + b"x"

    def id_group(self, external: bytes, groups: int) -> bytes:
        return self.prefix + b"X" + b"%d" % (zlib.crc32(external) % groups)

    def bucket(self, band: int, value: int) -> bytes:
        return self.prefix + b"b" + bytes((band,)) + value.to_bytes(4, "little")

    def band(self, band: int) -> bytes:
        return self.prefix + b"z" + bytes((band,))

    def group(self, band: int, top: int) -> bytes:
        return self.prefix + b"g" + bytes((band,)) + top.to_bytes(3, "little")


class Plan:
    """The commands that store, and the ones that query, one layout's articles."""

    def __init__(self, layout: Layout, keys: Keys, articles: Articles, bits: int) -> None:
        self.layout, self.keys, self.articles, self.bits = layout, keys, articles, bits
        self.values = bucket_values(articles.signatures, layout.bands, layout.rows)
        self.width = 2 if layout.sig.endswith("16") else 4
        self.record = articles.signatures.shape[1] * self.width
        self.per_slab = SLAB // self.record
        self.id_groups = max(1, len(articles.ids) // META_GROUP)
        self.partial_scans = 0  # SSCAN replies that did not hold the whole set

    def stored_signature(self, i: int) -> bytes:
        sig = self.articles.signatures[i]
        return bytes((sig.astype("<u2") if self.width == 2 else sig.astype("<u4")).tobytes())

    def sig_commands(self) -> Iterator[bytes]:
        slabs: set[int] = set()
        for i in range(len(self.articles.ids)):
            if self.layout.sig.startswith("str"):
                yield pack(b"SET", self.keys.sig(i), self.stored_signature(i))
                continue
            n, slot = divmod(i, self.per_slab)
            if n not in slabs:  # created at full length: a grown string keeps spare room
                slabs.add(n)
                end = b"%d" % (self.per_slab * self.record - 1)
                yield pack(b"SETRANGE", self.keys.slab(n), end, b"\0")
            offset = b"%d" % (slot * self.record)
            yield pack(b"SETRANGE", self.keys.slab(n), offset, self.stored_signature(i))

    def meta_commands(self) -> Iterator[bytes]:
        a = self.articles
        for i, external in enumerate(a.ids):
            count, published = int(a.counts[i]), int(a.published[i])
            if self.layout.meta == "hash":
                yield pack(
                    b"HSET", self.keys.meta(i), b"x", external,
                    b"n", b"%d" % count, b"t", b"%d" % published,
                )  # fmt: skip
                yield pack(b"HSET", self.keys.id_map(), external, base36(i))
            elif self.layout.meta == "grouped":
                record = count.to_bytes(4, "little") + published.to_bytes(4, "little") + external
                yield pack(b"HSET", self.keys.meta_group(i), b"%d" % i, record)
                yield pack(
                    b"HSET", self.keys.id_group(external, self.id_groups), external, b"%d" % i
                )

    def tag(self, value: int) -> int:
        """set-grp: the 7 value bits below the group's; set-scan: two decimal digits."""
        if self.layout.buckets == "set-grp":
            return (value >> (32 - self.bits - TAG_BITS)) & ((1 << TAG_BITS) - 1)
        return (value & ((1 << (32 - self.bits)) - 1)) % 100

    def member(self, i: int, value: int) -> bytes:
        kind = self.layout.buckets
        if kind == "set-b36":
            return base36(i)
        if kind == "set-grp":
            return b"%d" % (self.tag(value) << ID_BITS | i)
        if kind == "set-scan":  # the tag in the last two digits, for SSCAN MATCH *tag
            return b"%d" % ((i + 1) * 100 + self.tag(value))
        return b"%d" % i

    def bucket_command(self, band: int, value: int, i: int) -> bytes:
        kind, member = self.layout.buckets, self.member(i, value)
        if kind in ("set-b36", "set-int"):
            return sadd(self.keys.bucket(band, value), member)
        if kind == "zset-band":
            return pack(b"ZADD", self.keys.band(band), b"%d" % value, member)
        top, low = (
            value >> (32 - self.bits) if self.bits else 0,
            value & (2 ** (32 - self.bits) - 1),
        )
        if kind == "zset-grp":
            return pack(b"ZADD", self.keys.group(band, top), b"%d" % low, member)
        return sadd(self.keys.group(band, top), member)

    def bucket_commands(self) -> Iterator[bytes]:
        if self.layout.buckets == "none":
            return
        for i, row in enumerate(self.values.tolist()):
            for band, value in enumerate(row):
                yield self.bucket_command(band, value, i)

    def bucket_key(self, i: int, band: int) -> bytes:
        value = int(self.values[i, band])
        kind = self.layout.buckets
        if kind in ("set-b36", "set-int"):
            return self.keys.bucket(band, value)
        if kind == "zset-band":
            return self.keys.band(band)
        return self.keys.group(band, value >> (32 - self.bits) if self.bits else 0)

    def query(self, pipe: Any, q: int) -> dict[int, int]:
        """Bands shared with article `q`, per other article, from one round trip."""
        kind, row = self.layout.buckets, self.values[q].tolist()
        for band, value in enumerate(row):
            key = self.bucket_key(q, band)
            if kind in ("set-b36", "set-int", "set-grp"):
                pipe.smembers(key)
            elif kind == "set-scan":  # a small set comes back whole, filtered by the server
                pipe.sscan(key, 0, match=b"*%02d" % self.tag(value), count=1000)
            elif kind == "zset-band":
                pipe.zrangebyscore(key, value, value)
            else:
                low = value & (2 ** (32 - self.bits) - 1)
                pipe.zrangebyscore(key, low, low)
        shared: Counter[int] = Counter()
        for band, reply in enumerate(pipe.execute()):
            if kind == "set-b36":
                ids = [int(m, 36) for m in reply]
            elif kind == "set-grp":
                tag = self.tag(row[band])
                ids = [m & (2**ID_BITS - 1) for m in map(int, reply) if m >> ID_BITS == tag]
            elif kind == "set-scan":
                cursor, members = reply
                self.partial_scans += cursor != 0
                ids = [int(m) // 100 - 1 for m in members]
            else:
                ids = [int(m) for m in reply]
            if len(ids) <= MAX_BUCKET:
                shared.update(ids)
        shared.pop(q, None)
        return {i: n for i, n in shared.items() if n >= self.layout.min_shared}

    def check(self, pipe: Any, q: int, candidates: dict[int, int]) -> set[int]:
        """The candidates whose stored signatures really share the bands (second round trip)."""
        order = sorted(candidates)
        for i in order:
            if self.layout.sig.startswith("str"):
                pipe.get(self.keys.sig(i))
            else:
                n, slot = divmod(i, self.per_slab)
                pipe.getrange(self.keys.slab(n), slot * self.record, (slot + 1) * self.record - 1)
        dtype = "<u2" if self.width == 2 else "<u4"
        mine = self.articles.signatures[q].astype(dtype)
        bands, rows = self.layout.bands, self.layout.rows
        kept = set()
        for i, raw in zip(order, pipe.execute(), strict=True):
            theirs = np.frombuffer(raw, dtype)
            same = (theirs == mine)[: bands * rows].reshape(bands, rows).all(axis=1)
            if same.sum() >= self.layout.min_shared:
                kept.add(i)
        return kept


def expected(values: U32, sizes: npt.NDArray[np.int64], q: int, min_shared: int) -> set[int]:
    """Articles sharing at least `min_shared` bands with `q` outside oversized buckets."""
    usable = sizes[q] <= MAX_BUCKET
    shared = (values[:, usable] == values[q, usable]).sum(axis=1)
    shared[q] = 0
    return set(np.flatnonzero(shared >= min_shared).tolist())


def bucket_sizes(values: U32) -> npt.NDArray[np.int64]:
    sizes = np.empty(values.shape, np.int64)
    for band in range(values.shape[1]):
        _, inverse, counts = np.unique(values[:, band], return_inverse=True, return_counts=True)
        sizes[:, band] = counts[inverse]
    return sizes


def server_usec(client: Any) -> int:
    """Microseconds the server has spent in commands, INFO aside (all clients)."""
    stats = client.info("commandstats")
    return sum(int(v["usec"]) for k, v in stats.items() if k != "cmdstat_info")


def text(reply: Any) -> str:
    return reply.decode() if isinstance(reply, bytes) else str(reply)


def used_memory(client: Any) -> int:
    """used_memory once it holds still (a dict rehash or a freed buffer can lag)."""
    last = int(client.info("memory")["used_memory"])
    for _ in range(20):
        time.sleep(0.25)
        now = int(client.info("memory")["used_memory"])
        if now == last:
            return now
        last = now
    return last


class Pipe:
    """A plain socket for bulk loads, as `redis-cli --pipe` does it: packed commands out,
    their one-line replies counted back (an error reply stops the run)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme != "redis" or not parts.hostname:
            raise SystemExit(f"--redis {url}: use redis://HOST:PORT/DB")
        self.sock = socket.create_connection((parts.hostname, parts.port or 6379))
        hello = []
        if parts.password:
            user = unquote(parts.username or "default").encode()
            hello.append(pack(b"AUTH", user, unquote(parts.password).encode()))
        hello.append(pack(b"SELECT", (parts.path.strip("/") or "0").encode()))
        self.send(hello)

    def send(self, batch: list[bytes]) -> None:
        self.sock.sendall(b"".join(batch))
        seen, last = 0, b"\n"
        while seen < len(batch):
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("Redis closed the connection")
            if (last + chunk).find(b"\n-") >= 0:
                start = (last + chunk).find(b"\n-")
                raise SystemExit(f"Redis refused a command: {(last + chunk)[start + 1 :][:200]!r}")
            seen += chunk.count(b"\n")
            last = chunk[-1:]

    def close(self) -> None:
        self.sock.close()


def send(url: str, commands: Iterator[bytes]) -> float:
    """Send `commands` in batches on a fresh connection, closed after (its buffers leave
    the next measurement); seconds taken."""
    pipe = Pipe(url)
    started = time.perf_counter()
    batch: list[bytes] = []
    for command in commands:
        batch.append(command)
        if len(batch) == BATCH:
            pipe.send(batch)
            batch = []
    if batch:
        pipe.send(batch)
    seconds = time.perf_counter() - started
    pipe.close()
    return seconds


def load(plan: Plan, client: Any, url: str, result: Result) -> None:
    """Load the layout part by part, each part's bytes per article measured after it."""
    layout, n = plan.layout, len(plan.articles.ids)
    original = {name: client.config_get(name)[name] for name, _ in layout.config}
    try:
        for name, value in layout.config:
            client.config_set(name, value)
        client.execute_command("FLUSHDB", "SYNC")
        base = used_memory(client)
        seconds = send(url, plan.sig_commands())
        after_sig = used_memory(client)
        seconds += send(url, plan.meta_commands())
        after_meta = used_memory(client)
        seconds += send(url, plan.bucket_commands())
        after = used_memory(client)
    finally:
        for name, value in original.items():
            client.config_set(name, value)
    result.sig_bytes = (after_sig - base) / n
    result.meta_bytes = (after_meta - after_sig) / n
    result.bucket_bytes = (after - after_meta) / n
    result.keys_per_article = client.dbsize() / n
    result.load_per_s = n / seconds


def time_queries(plan: Plan, client: Any, queries: list[int], result: Result) -> None:
    """Time every query; check the first CHECKED against the in-memory answer."""
    sizes = bucket_sizes(plan.values)
    pipe = client.pipeline(transaction=False)
    found = 0
    before = server_usec(client)
    for q in queries:
        started = time.perf_counter()
        candidates = plan.query(pipe, q)
        middle = time.perf_counter()
        kept = plan.check(pipe, q, candidates)
        ended = time.perf_counter()
        result.query_ms.append((middle - started) * 1000)
        result.full_ms.append((ended - started) * 1000)
        found += len(kept)
        if len(result.query_ms) <= CHECKED:
            result.wrong += kept != expected(plan.values, sizes, q, plan.layout.min_shared)
    result.server_us = (server_usec(client) - before) / len(queries)
    result.candidates = found / len(queries)
    result.wrong += plan.partial_scans


def run_layout(
    layout: Layout,
    client: Any,
    url: str,
    articles: Articles,
    keys: Keys,
    queries: list[int],
    fixed_bits: int | None = None,
) -> Result:
    n = len(articles.ids)
    bits = 0
    if layout.buckets in GROUPED:
        bits = group_bits(n, layout.group) if fixed_bits is None else fixed_bits
    plan = Plan(layout, keys, articles, bits)
    result = Result(layout, group_bits=bits)
    if layout.buckets in GROUPED:
        setting = LIMITS[layout.buckets]
        limit = dict(layout.config).get(setting) or client.config_get(setting)[setting]
        result.oversized = oversized(plan.values, bits, int(limit))
    load(plan, client, url, result)
    if layout.buckets == "none":
        first = keys.sig(0) if layout.sig.startswith("str") else keys.slab(0)
        result.encodings = text(client.object("encoding", first))
        return result
    rng = np.random.default_rng(1)
    sample = Counter(
        text(client.object("encoding", plan.bucket_key(int(i), int(b))))
        for i, b in zip(rng.integers(0, n, 200), rng.integers(0, layout.bands, 200), strict=True)
    )
    result.encodings = "/".join(e for e, _ in sample.most_common())
    time_queries(plan, client, queries, result)
    return result


@dataclass(frozen=True)
class Corpus:
    """A bench/make_corpus.py file: each rewrite's wire, by level, and every signature."""

    signatures: U32
    pairs: dict[str, npt.NDArray[np.int64]]  # level: (wire row, rewrite row) per rewrite


def read_corpus(path: Path) -> Corpus:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    batch = fingerprint_texts([r["text"] for r in rows], FingerprintParams(), processes=None)
    index = {r["id"]: i for i, r in enumerate(rows)}
    pairs = {
        level: np.array(
            [(index[r["story"]], i) for i, r in enumerate(rows) if r["level"] == level], np.int64
        ).reshape(-1, 2)
        for level in ("light", "medium", "heavy")
    }
    return Corpus(batch.signatures, pairs)


def recall(corpus: Corpus) -> dict[tuple[int, int], dict[str, float]]:
    """Per banding: the share of (wire, rewrite) pairs proposed, per level, and the pairs."""
    truth = {
        level: np.minimum(p[:, 0], p[:, 1]) << 32 | np.maximum(p[:, 0], p[:, 1])
        for level, p in corpus.pairs.items()
    }
    found: dict[tuple[int, int], dict[str, float]] = {}
    for bands, rows in RECALL_BANDINGS:
        params = FingerprintParams(bands=bands, rows=rows)
        pairs = candidate_pairs(corpus.signatures, params, min_shared=2 if rows == 1 else 1)
        encoded = pairs[:, 0] << 32 | pairs[:, 1]
        figures = {level: float(np.isin(t, encoded).mean()) for level, t in truth.items()}
        figures["missed_heavy"] = float((~np.isin(truth["heavy"], encoded)).sum())
        figures["pairs"] = float(len(pairs))
        found[(bands, rows)] = figures
    return found


def bbit_bias(corpus: Corpus) -> tuple[int, int, float, int, int]:
    """b-bit (16) signatures against full ones: positions of random pairs compared, those
    that agree on the low 16 bits only, 2**-16 of the positions, and (wire, rewrite)
    pairs compared and whose count of equal positions moves."""
    sigs, rng = corpus.signatures, np.random.default_rng(2)
    a, b = rng.integers(0, len(sigs), 50_000), rng.integers(0, len(sigs), 50_000)
    a, b = a[a != b], b[a != b]
    full = sigs[a] == sigs[b]
    low = (sigs[a] & 0xFFFF) == (sigs[b] & 0xFFFF)
    pairs = np.concatenate(list(corpus.pairs.values()))
    left, right = sigs[pairs[:, 0]], sigs[pairs[:, 1]]
    moved = (left == right).sum(1) != ((left & 0xFFFF) == (right & 0xFFFF)).sum(1)
    return full.size, int((low & ~full).sum()), full.size * 2**-16, len(pairs), int(moved.sum())


def table(results: list[Result], recalls: dict[tuple[int, int], dict[str, float]]) -> str:
    lines = [
        "| layout | bands | buckets: encoding | bytes/article | signature | metadata | buckets "
        "| keys/article | load art/s | query p50 / p99 ms | with signatures p50 / p99 ms "
        "| Redis µs/query | heavy recall |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        total = r.sig_bytes + r.meta_bytes + r.bucket_bytes
        key = (r.layout.bands, r.layout.rows)
        heavy = f"{recalls[key]['heavy']:.4f}" if key in recalls and r.query_ms else "-"
        kind = f"{r.layout.buckets}: {r.encodings}"
        if r.layout.buckets in GROUPED:
            kind = f"{r.layout.buckets}, {r.group_bits} bits: {r.encodings}"
            kind += f" ({r.oversized:.1%} past the limit)"
        kind += "".join(f", {k} {v}" for k, v in r.layout.config)
        query = full = server = "-"
        if r.query_ms:
            q50, q99 = statistics.median(r.query_ms), np.percentile(r.query_ms, 99)
            f50, f99 = statistics.median(r.full_ms), np.percentile(r.full_ms, 99)
            query, full = f"{q50:.1f} / {q99:.1f}", f"{f50:.1f} / {f99:.1f}"
            server = f"{r.server_us:,.0f}"
        lines.append(
            f"| {r.layout.name} | {r.layout.banding} | {kind} | {total:,.0f} | "
            f"{r.sig_bytes:,.0f} {r.layout.sig} | {r.meta_bytes:,.0f} {r.layout.meta} | "
            f"{r.bucket_bytes:,.0f} | {r.keys_per_article:,.1f} | {r.load_per_s:,.0f} | "
            f"{query} | {full} | {server} | {heavy} |"
        )
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15", help="an EMPTY database")
    parser.add_argument("--articles", type=int, default=20_000, help="articles (default 20000)")
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/data/bbc_news/bbc_news.jsonl"),
        help="articles to load, JSON lines with id and text (cycled past the end)",
    )  # fmt: skip
    parser.add_argument(
        "--corpus", type=Path, default=Path("/tmp/wirecopy-bench/corpus-20000.jsonl"),
        help="bench/make_corpus.py output, for recall (skipped when missing)",
    )  # fmt: skip
    parser.add_argument("--queries", type=int, default=1000, help="queries per layout")
    parser.add_argument("--prefix", default="spike:", help="key prefix (default spike:)")
    parser.add_argument(
        "--group-bits", type=int, help="grouped layouts: the value bits in a group key, as an "
        "index planned for more articles would fix them (default: for about 32 members per "
        "zset-grp group, 48 per set-grp group, 192 per set-scan group)",
    )  # fmt: skip
    parser.add_argument(
        "--layouts", default="", help="comma-separated names (default: all): "
        + ",".join(layout.name for layout in LAYOUTS),
    )  # fmt: skip
    args = parser.parse_args()
    unknown = set(filter(None, args.layouts.split(","))) - {x.name for x in LAYOUTS}
    if unknown:
        parser.error(f"unknown layouts {sorted(unknown)}: pick from the list in --help")
    if not 0 < args.articles < 2**ID_BITS:
        parser.error(f"--articles must be from 1 to {2**ID_BITS - 1} (ids are {ID_BITS} bits)")
    return args


def print_recall(
    recalls: dict[tuple[int, int], dict[str, float]], corpus: Corpus, path: Path
) -> None:
    print(f"\nrecall of (wire, rewrite) pairs of {path}, in memory (wirecopy.lsh.candidate_pairs):")
    print("| banding | shared bands | light | medium | heavy | heavy missed | candidate pairs |")
    print("|---|---|---|---|---|---|---|")
    for (bands, rows), fig in recalls.items():
        print(
            f"| {bands}x{rows} | >= {2 if rows == 1 else 1} | {fig['light']:.4f} | "
            f"{fig['medium']:.4f} | {fig['heavy']:.4f} | {fig['missed_heavy']:.0f} | "
            f"{fig['pairs']:,.0f} |"
        )
    compared, false_low, predicted, rewrites, moved = bbit_bias(corpus)
    print(
        f"\nb-bit (16) signatures: {false_low} of {compared:,} positions of random pairs agree "
        f"on the low 16 bits only ({predicted:.0f} expected at 2^-16); {moved} of "
        f"{rewrites:,} (wire, rewrite) pairs change their count of equal positions"
    )


def main() -> None:
    import redis  # not yet a dependency of wirecopy: only this script needs it

    args = parse_args()
    chosen = [x for x in LAYOUTS if not args.layouts or x.name in args.layouts.split(",")]
    client = redis.Redis.from_url(args.redis, socket_timeout=300)  # FLUSHDB of millions of keys
    if client.dbsize():
        sys.exit(
            f"{args.redis} holds {client.dbsize()} keys: this benchmark flushes its database, "
            "so point --redis at an empty one"
        )
    server = client.info("server")
    thresholds = {
        name: client.config_get(name).get(name, "(not in this version)") for name in THRESHOLDS
    }
    corpus = read_corpus(args.corpus) if args.corpus.exists() else None
    recalls = recall(corpus) if corpus else {}

    ids, texts, published = read_articles(args.data, args.articles)
    batch = fingerprint_texts(texts, FingerprintParams(), processes=None)
    articles = Articles(ids, np.array(published, np.uint32), batch.signatures, batch.shingle_counts)
    rng = np.random.default_rng(0)
    queries = rng.choice(len(ids), min(args.queries, len(ids)), replace=False).tolist()
    keys = Keys(args.prefix.encode())
    results = []
    try:
        for layout in chosen:
            started = time.perf_counter()
            results.append(
                run_layout(layout, client, args.redis, articles, keys, queries, args.group_bits)
            )
            client.execute_command("FLUSHDB", "SYNC")
            print(f"{layout.name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        client.execute_command("FLUSHDB", "SYNC")
    print(
        f"Redis {server['redis_version']} ({client.info('memory')['mem_allocator']}), "
        f"{len(ids):,} articles ({len(set(texts)):,} distinct texts) from {args.data}, "
        f"{len(queries)} queries; keys left in the database: {client.dbsize()}"
    )
    print("encoding thresholds: " + ", ".join(f"{k} {v}" for k, v in thresholds.items()))
    print(table(results, recalls))
    for r in results:
        if r.wrong:
            print(f"{r.layout.name}: {r.wrong} queries disagree with the in-memory answer")
    if corpus:
        print_recall(recalls, corpus, args.corpus)
    else:
        print(f"no {args.corpus}: recall skipped (make it with bench/make_corpus.py)")


if __name__ == "__main__":
    main()
