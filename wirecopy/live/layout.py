"""How signatures and LSH buckets are packed into Redis values (pure numpy, no Redis).

**Signatures** keep the low 16 bits of each of the 256 MinHash values (b-bit MinHash),
512 bytes, little-endian. Two unrelated values agree on 16 bits with chance 2**-16,
so the share P of equal positions overestimates Jaccard J a little:
P = J + (1 - J) 2**-16, and :func:`jaccard_16bit` inverts it.

**Buckets** are the engine's 256 one-row bands, keyed on the same 16 bits. A bucket
key holds the articles whose band value falls in one of 2**group_bits groups; each
is one 4-byte entry, big-endian ``tag << 24 | internal id``, where the tag is the
value's remaining 16 - group_bits bits. A query reads its 256 groups in one MGET and
keeps the entries whose tag is its own. `bands` below 256 buckets only the first that
many bands: less memory and time per article, a little less recall of heavy rewrites.
Every membership costs 4 bytes and a group key is shared by hundreds of articles:
docs/live-index.md has the measurements.

>>> layout = BucketLayout(group_bits=10)
>>> sig = np.arange(256, dtype=np.uint32) * 1000
>>> groups, entries = layout.place(sig[None, :] & 0xFFFF, np.array([7]))
>>> int(groups[0, 3]), hex(int(entries[0, 3]))
(952, '0x2000007')
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

from wirecopy.errors import ParameterError

U16Matrix = npt.NDArray[np.uint16]
I64Array = npt.NDArray[np.int64]
I32Array = npt.NDArray[np.int32]
SIGNATURE_DTYPE = np.dtype("<u2")
ENTRY_DTYPE = np.dtype(">u4")
MAX_INTERNAL_ID = 2**24 - 1
"""Internal ids are 24 bits: 16.7 million articles per slice."""
MAX_MATCHES_PER_BAND = 200
"""A band value shared by more articles than this is a stock phrase: skipped, as in batch."""
CHANCE = 2.0**-16
BUCKETS_PER_CALL = 25_000
"""Buckets one entry-appending script call rewrites at most: about 0.1 s of Redis (Lua
costs some 5 µs a bucket), during which Redis serves no one else."""
APPEND_HEAD = np.dtype([("band", ">u2"), ("group", ">u2"), ("count", ">u4")])
"""How APPEND_ENTRIES reads each bucket it appends to: band, group and entry count."""


def low_bits(signatures: npt.NDArray[np.uint32]) -> U16Matrix:
    """The 16-bit signatures stored in Redis: the low half of each MinHash value."""
    return (signatures & 0xFFFF).astype(np.uint16)


def pack_signature(signature16: npt.NDArray[np.uint16]) -> bytes:
    """One 16-bit signature as 512 little-endian bytes."""
    return signature16.astype(SIGNATURE_DTYPE).tobytes()


def unpack_signatures(packed: bytes, num_perm: int) -> U16Matrix:
    """Signatures packed back to back, one row each."""
    return np.frombuffer(packed, SIGNATURE_DTYPE).reshape(-1, num_perm).astype(np.uint16)


def jaccard_16bit(query: U16Matrix, others: U16Matrix) -> npt.NDArray[np.float64]:
    """Estimated Jaccard of the query (one row, or one row for each row of `others`) with
    each row of `others`, bias removed."""
    agree: npt.NDArray[np.float64] = (others == query).mean(axis=1)
    return np.clip((agree - CHANCE) / (1.0 - CHANCE), 0.0, 1.0)


@dataclass(frozen=True)
class BucketLayout:
    """Groups per band (2**group_bits); fixed when a namespace is created."""

    group_bits: int = 8
    bands: int = 256
    """Bands bucketed: the first this many of the signature's (one-row) bands."""

    def __post_init__(self) -> None:
        if not 2 <= self.bands <= 256:
            raise ParameterError(
                f"indexed bands is {self.bands}: use 2 to 256 (a candidate shares 2 bands; "
                "fewer bands cost less memory and time, and find fewer heavy rewrites)"
            )
        if not 8 <= self.group_bits <= 14:
            raise ParameterError(
                f"group_bits is {self.group_bits}: use 8 to 14 (about log2(articles "
                "per slice / 400); 8 suits up to about 150,000)"
            )

    def place(
        self, signatures16: U16Matrix, internal_ids: I64Array
    ) -> tuple[I64Array, npt.NDArray[np.uint32]]:
        """For each (article, bucketed band): the group its value falls in, and its entry."""
        values = signatures16[:, : self.bands].astype(np.uint32)
        groups = (values & ((1 << self.group_bits) - 1)).astype(np.int64)
        tags = values >> self.group_bits
        entries = (tags << 24) | internal_ids.astype(np.uint32)[:, None]
        return groups, entries.astype(np.uint32)

    def appends(
        self, signatures16: U16Matrix, internal_ids: I64Array
    ) -> tuple[I64Array, I64Array, I64Array, bytes]:
        """What the articles append to their buckets: for each bucket touched, its band,
        group and entry count, and all the entries packed in that order (within a bucket,
        in row order)."""
        values = np.ascontiguousarray(signatures16[:, : self.bands], dtype=np.uint16)
        counts, packed = _bucket_entries(values, internal_ids.astype(np.int64), self.group_bits)
        touched = np.flatnonzero(counts)
        mask = (1 << self.group_bits) - 1
        return touched >> self.group_bits, touched & mask, counts[touched], packed.tobytes()

    def append_calls(
        self, signatures16: U16Matrix, internal_ids: I64Array
    ) -> list[tuple[bytes, bytes]]:
        """The articles' bucket appends as APPEND_ENTRIES arguments, BUCKETS_PER_CALL
        buckets a call: each bucket's band, group and count (APPEND_HEAD), and the entries.
        A batch's articles share buckets (5,000 at 1,024 groups touch each bucket about
        five times), so a bigger batch rewrites fewer buckets an article."""
        bands, groups, counts, packed = self.appends(signatures16, internal_ids)
        heads = np.empty(len(bands), APPEND_HEAD)
        heads["band"], heads["group"], heads["count"] = bands, groups, counts
        ends = [0, *(4 * np.cumsum(counts)).tolist()]
        return [
            (heads[start:stop].tobytes(), packed[ends[start] : ends[stop]])
            for start, stop in (
                (start, min(start + BUCKETS_PER_CALL, len(bands)))
                for start in range(0, len(bands), BUCKETS_PER_CALL)
            )
        ]

    def matches(
        self, signature16: npt.NDArray[np.uint16], buckets: list[bytes | None]
    ) -> tuple[I64Array, I64Array]:
        """Internal ids found in one query's 256 buckets, and how many bands each shares."""
        _, ids, shared = self.matches_many(signature16[None, :], buckets)
        return ids, shared

    def distinct_buckets(
        self, groups: I64Array
    ) -> tuple[I64Array, I64Array, npt.NDArray[np.int32]]:
        """The buckets that queries' groups (one row each, from :meth:`place`) fall in, each
        once: their bands, their groups, and for each (row, band) cell the position of its
        bucket among them. Queries of one batch share buckets: 5,000 articles touch each of
        256 x 1,024 buckets about five times, so reading each once cuts the bytes fivefold."""
        bands = groups.shape[1]
        codes = (np.arange(bands, dtype=np.int64) << self.group_bits) + groups
        present = np.zeros(bands << self.group_bits, np.bool_)
        present[codes.ravel()] = True
        distinct = np.flatnonzero(present)
        position = np.cumsum(present, dtype=np.int32) - 1
        return (
            distinct >> self.group_bits,
            distinct & ((1 << self.group_bits) - 1),
            position[codes.ravel()],
        )

    def matches_many(
        self,
        signatures16: U16Matrix,
        buckets: list[bytes | None],
        cell_bucket: npt.NDArray[np.int32] | None = None,
        own_ids: I64Array | None = None,
    ) -> tuple[I64Array, I64Array, I64Array]:
        """For queries (rows), whose bucket of each bucketed band is `buckets[cell_bucket[c]]`
        for cell c = row x bands + band (by default the buckets come row after row, one per
        cell): (row, internal id, bands shared) of every id found, by row, each row's ids
        in the order first found.

        `own_ids[row]` is the internal id a query row is stored under in these buckets
        (-1: none), left out of its hits: a batch written then queried finds itself in
        every band, which made most of the hits of its queries."""
        match = BucketMatch(self, signatures16, len(buckets), cell_bucket, own_ids)
        match.feed(buckets)
        return match.result()


class BucketMatch:
    """:meth:`BucketLayout.matches_many`, fed its buckets in order, in parts: a worker
    reads a batch's buckets (every bucket of a slice, some 100 MB at 100,000 articles) a
    few thousand at a time, so its memory does not grow with the index."""

    def __init__(
        self,
        layout: BucketLayout,
        signatures16: U16Matrix,
        buckets: int,
        cell_bucket: npt.NDArray[np.int32] | None = None,
        own_ids: I64Array | None = None,
    ) -> None:
        signatures16 = signatures16[:, : layout.bands]
        self.rows, self.bands = signatures16.shape
        if cell_bucket is None:
            cell_bucket = np.arange(self.rows * self.bands, dtype=np.int32)
        if own_ids is None:
            own_ids = np.full(self.rows, -1, np.int64)
        self.tags = (signatures16.ravel() >> layout.group_bits).astype(np.uint8)
        self.own = np.repeat(own_ids, self.bands)  # each cell's row's own id
        self.first_cell, self.by_bucket = _grouped(cell_bucket, buckets)
        self.fed = 0
        self._cells: list[I32Array] = []
        self._ids: list[I32Array] = []

    def feed(self, buckets: list[bytes | None]) -> None:
        """The next buckets, in order (None: an empty bucket)."""
        lengths = np.fromiter((len(b) if b else 0 for b in buckets), np.int64, len(buckets))
        starts = np.concatenate((np.zeros(1, np.int64), np.cumsum(lengths)))
        data = np.frombuffer(b"".join(b for b in buckets if b), np.uint8)
        readers = self.first_cell[self.fed : self.fed + len(buckets) + 1]
        cells, ids = _hits(
            data, starts, readers, self.by_bucket, self.tags, self.own, MAX_MATCHES_PER_BAND
        )
        self._cells.append(cells)
        self._ids.append(ids)
        self.fed += len(buckets)

    def result(self, least: int = 1) -> tuple[I64Array, I64Array, I64Array]:
        """(row, internal id, bands shared) of the ids sharing `least` bands or more, as
        :meth:`BucketLayout.matches_many` says (a batch's candidates share 2: the few
        hundred ids a row meets by chance in one band each are never put out)."""
        cells = np.concatenate(self._cells) if self._cells else np.empty(0, np.int32)
        ids = np.concatenate(self._ids) if self._ids else np.empty(0, np.int32)
        self._cells, self._ids = [], []
        return _shared_bands(cells, ids, self.bands, self.rows, least)


@njit(cache=True)
def _hits(
    data: npt.NDArray[np.uint8],
    starts: I64Array,
    first_cell: I64Array,
    by_bucket: I64Array,
    tags: npt.NDArray[np.uint8],
    own: I64Array,
    most: int,
) -> tuple[I32Array, I32Array]:
    """(cell, internal id) of every entry whose tag is its cell's, but the cell's own id
    `own[c]`; bucket b's entries are `data[starts[b]:starts[b + 1]]`, and the cells that
    read it are `by_bucket[first_cell[b]:first_cell[b + 1]]` (:func:`_grouped`). A cell
    with more than `most` hits (its own included) is a stock phrase and gives none.

    Each bucket is scanned once for all the cells that read it: its cells are chained by
    tag, so an entry costs one look-up however many queries share the bucket. One pass,
    into arrays that double when full (a batch of 5,000 at 100,000 articles walks 100 MB:
    a counting pass first doubled that)."""
    cells = np.empty(max(1024, first_cell[-1] - first_cell[0]), np.int32)
    ids = np.empty(len(cells), np.int32)
    readers = np.max(np.diff(first_cell)) if len(starts) > 1 else 0
    head, chained = np.full(256, -1, np.int64), np.empty(readers, np.int64)
    reader_cell, reader_own = np.empty(readers, np.int64), np.empty(readers, np.int64)
    reader_hits, stock = np.empty(readers, np.int64), np.empty(readers, np.int64)
    found = 0
    for b in range(len(starts) - 1):
        first, readers_here, bucket_found = first_cell[b], first_cell[b + 1] - first_cell[b], found
        for j in range(readers_here):  # the bucket's readers, side by side
            c = by_bucket[first + j]
            reader_cell[j], reader_own[j], reader_hits[j] = c, own[c], 0
            chained[j], head[tags[c]] = head[tags[c]], j
        at = starts[b]
        while True:  # the scan stops where `cells` may run out of room, and goes on
            found, at = _scan_bucket(
                data, at, starts[b + 1], head, chained, reader_own, reader_hits, cells, ids,
                found, len(cells) - readers_here,
            )  # fmt: skip
            if at == starts[b + 1]:
                break
            cells, ids = _doubled(cells, found), _doubled(ids, found)
        for h in range(bucket_found, found):  # readers' numbers to cells, and their counts
            reader_hits[cells[h]] += 1
            cells[h] = reader_cell[cells[h]]
        stocks = 0  # a cell reads one bucket: its count is whole, so judge it here
        for j in range(readers_here):
            head[tags[reader_cell[j]]] = -1
            if reader_hits[j] > most:
                stock[stocks] = reader_cell[j]
                stocks += 1
        if stocks:
            found = _without_cells(cells, ids, bucket_found, found, stock[:stocks])
    return cells[:found], ids[:found]


@njit(cache=True)
def _scan_bucket(
    data: npt.NDArray[np.uint8],
    at: int,
    stop: int,
    head: I64Array,
    chained: I64Array,
    reader_own: I64Array,
    reader_hits: I64Array,
    cells: I32Array,
    ids: I32Array,
    found: int,
    room: int,
) -> tuple[int, int]:
    """A bucket's entries `data[at:stop]` against its readers, chained by tag from `head`:
    store (reader, id) of each hit that is not the reader's own id (counted apart, in
    `reader_hits`) from `found` on. Stops before an entry once `found` passes `room`;
    returns where the hits end and where the scan stopped. The loop touches only the
    readers' few slots (a count per hit there cost a third of the time)."""
    while at < stop and found <= room:  # faster in numba than a range with a step
        j = head[data[at]]
        while j >= 0:
            internal_id = _internal_id(data, at)
            if internal_id != reader_own[j]:
                cells[found], ids[found] = j, internal_id
                found += 1
            else:
                reader_hits[j] += 1
            j = chained[j]
        at += 4
    return found, at


@njit(cache=True)
def _without_cells(cells: I32Array, ids: I32Array, start: int, stop: int, dropped: I64Array) -> int:
    """Drop the hits of cells `dropped` from `cells[start:stop]` (and `ids`), in place;
    return where the kept ones end."""
    kept = start
    for h in range(start, stop):
        if not np.any(dropped == cells[h]):
            cells[kept], ids[kept] = cells[h], ids[h]
            kept += 1
    return kept


@njit(cache=True)
def _doubled(values: npt.NDArray[Any], used: int, more: int = 0) -> npt.NDArray[Any]:
    """`values` in an array twice as long (or `more` longer, if that is longer), its
    first `used` kept."""
    grown = np.empty(max(2 * len(values), len(values) + more), values.dtype)
    grown[:used] = values[:used]
    return grown


@njit(cache=True)
def _bucket_entries(
    signatures16: U16Matrix, internal_ids: I64Array, group_bits: int
) -> tuple[I64Array, npt.NDArray[np.uint8]]:
    """Each bucket's entry count (bucket band << group_bits | group) and every entry,
    big-endian, bucket after bucket, each bucket's in row order: a counting sort straight
    into the bytes Redis gets (by way of int64 codes and an argsort it took four times as
    long, most of it in the memory those arrays took)."""
    rows, bands = signatures16.shape
    mask = (1 << group_bits) - 1
    counts = np.zeros(bands << group_bits, np.int64)
    for r in range(rows):
        for b in range(bands):
            counts[(b << group_bits) | (signatures16[r, b] & mask)] += 1
    filled = np.cumsum(counts) - counts  # where each bucket's entries start
    packed = np.empty(4 * rows * bands, np.uint8)
    for r in range(rows):
        internal_id = internal_ids[r]
        for b in range(bands):
            value = np.int64(signatures16[r, b])
            bucket = (b << group_bits) | (value & mask)
            at = 4 * filled[bucket]
            filled[bucket] += 1
            packed[at] = value >> group_bits  # the tag: the value's other bits
            packed[at + 1] = (internal_id >> 16) & 0xFF
            packed[at + 2] = (internal_id >> 8) & 0xFF
            packed[at + 3] = internal_id & 0xFF
    return counts, packed


@njit(cache=True)
def _run_starts(keys: npt.NDArray[np.integer], groups: int) -> I64Array:
    """Where each group's run starts once `keys` (each in 0 to groups - 1) are put in group
    order by a counting sort, and where the last ends: group g's at `first[g]:first[g + 1]`."""
    first = np.zeros(groups + 1, np.int64)
    for key in keys:
        first[key + 1] += 1
    return np.cumsum(first)


@njit(cache=True)
def _grouped(keys: npt.NDArray[np.integer], groups: int) -> tuple[I64Array, I64Array]:
    """A counting sort of `keys` (each in 0 to groups - 1): `order` holds their positions
    group by group, in their first order within a group; group g's are
    `order[first[g]:first[g + 1]]`."""
    first = _run_starts(keys, groups)
    filled, order = first[:-1].copy(), np.empty(len(keys), np.int64)
    for position in range(len(keys)):
        order[filled[keys[position]]] = position
        filled[keys[position]] += 1
    return first, order


@njit(cache=True, inline="always")
def _internal_id(data: npt.NDArray[np.uint8], at: int) -> np.int64:
    """The internal id of the entry at byte `at` (its last 3 bytes, big-endian)."""
    return np.int64((np.int64(data[at + 1]) << 16) | (np.int64(data[at + 2]) << 8) | data[at + 3])


@njit(cache=True)
def _shared_bands(
    cells: I32Array, ids: I32Array, bands: int, rows: int, least: int
) -> tuple[I64Array, I64Array, I64Array]:
    """(row, internal id, bands shared) of the ids sharing `least` bands or more, from the
    hits of cells row x bands + band, by row, each row's ids in the order first found; an
    entry written twice in one bucket counts once. The hits are put in row order by a
    counting sort, as id << 8 | band, then each row's ids are counted in a small
    open-addressing table (a sort of each row's few hundred hits took four times as long)."""
    row_of = cells // bands
    first = _run_starts(row_of, rows)
    filled, keys = first[:-1].copy(), np.empty(len(cells), np.uint32)
    for h in range(len(cells)):  # each row's hits side by side
        row = row_of[h]
        keys[filled[row]] = (ids[h] << 8) | (cells[h] - row * bands)
        filled[row] += 1
    most = np.max(np.diff(first)) if rows else 0
    size = 64
    while size < 2 * most:
        size *= 2
    mask = size - 1
    slot_id, slot_band = np.full(size, -1, np.int64), np.empty(size, np.int64)
    slot_count, used = np.empty(size, np.int64), np.empty(size, np.int64)
    out_rows = np.empty(max(64, rows), np.int64)
    out_ids, shared, found = np.empty(len(out_rows), np.int64), np.empty(len(out_rows), np.int64), 0
    for row in range(rows):
        n_used = 0
        for k in range(first[row], first[row + 1]):
            internal_id, band = np.int64(keys[k] >> 8), np.int64(keys[k] & 0xFF)
            s = (internal_id * 0x9E3779B1) & mask
            while slot_id[s] != -1 and slot_id[s] != internal_id:
                s = (s + 1) & mask
            if slot_id[s] == -1:
                slot_id[s], slot_band[s], slot_count[s] = internal_id, band, 1
                used[n_used] = s
                n_used += 1
            elif slot_band[s] != band:  # a bucket's hits come together: a new band
                slot_band[s] = band
                slot_count[s] += 1
        if found + n_used > len(out_rows):
            out_rows, out_ids = _doubled(out_rows, found, n_used), _doubled(out_ids, found, n_used)
            shared = _doubled(shared, found, n_used)
        for u in range(n_used):
            s = used[u]
            if slot_count[s] >= least:
                out_rows[found], out_ids[found], shared[found] = row, slot_id[s], slot_count[s]
                found += 1
            slot_id[s] = -1
    return out_rows[:found], out_ids[:found], shared[:found]
