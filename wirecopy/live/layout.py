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

import numpy as np
import numpy.typing as npt
from numba import njit

from wirecopy.errors import ParameterError
from wirecopy.sets import unique, unique_counts

U16Matrix = npt.NDArray[np.uint16]
I64Array = npt.NDArray[np.int64]
SIGNATURE_DTYPE = np.dtype("<u2")
ENTRY_DTYPE = np.dtype(">u4")
MAX_INTERNAL_ID = 2**24 - 1
"""Internal ids are 24 bits: 16.7 million articles per slice."""
MAX_MATCHES_PER_BAND = 200
"""A band value shared by more articles than this is a stock phrase: skipped, as in batch."""
CHANCE = 2.0**-16


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
    """Estimated Jaccard of the query (one row) with each row of `others`, bias removed."""
    agree: npt.NDArray[np.float64] = (others == query).mean(axis=1)
    return np.clip((agree - CHANCE) / (1.0 - CHANCE), 0.0, 1.0)


@dataclass(frozen=True)
class BucketLayout:
    """Groups per band (2**group_bits); fixed when a namespace is created."""

    group_bits: int = 10
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
                f"group_bits is {self.group_bits}: use 8 to 14 (about log2 of the articles "
                "per slice divided by 100; 10 suits 100,000)"
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
        group and entry count, and all the entries packed in that order."""
        groups, entries = self.place(signatures16, internal_ids)
        bands = np.broadcast_to(np.arange(groups.shape[1]), groups.shape)
        flat_key = (bands.astype(np.int64) << 16 | groups).ravel()
        order = np.argsort(flat_key, kind="stable")
        keys, packed = flat_key[order], entries.ravel()[order].astype(ENTRY_DTYPE)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        counts = np.diff(np.r_[starts, len(keys)])
        return keys[starts] >> 16, keys[starts] & 0xFFFF, counts, packed.tobytes()

    def matches(
        self, signature16: npt.NDArray[np.uint16], buckets: list[bytes | None]
    ) -> tuple[I64Array, I64Array]:
        """Internal ids found in one query's 256 buckets, and how many bands each shares."""
        _, ids, shared = self.matches_many(signature16[None, :], buckets)
        return ids, shared

    def matches_many(
        self, signatures16: U16Matrix, buckets: list[bytes | None]
    ) -> tuple[I64Array, I64Array, I64Array]:
        """For queries (rows) whose buckets come row after row, one per bucketed band:
        (row, internal id, bands shared) of every id found, sorted by row then id."""
        signatures16 = signatures16[:, : self.bands]
        rows, bands = signatures16.shape
        lengths = np.fromiter((len(b) if b else 0 for b in buckets), np.int64, rows * bands)
        data = np.frombuffer(b"".join(b for b in buckets if b), np.uint8)
        tags = (signatures16.ravel() >> self.group_bits).astype(np.uint8)
        cell, ids = _hits(data, lengths, tags, MAX_MATCHES_PER_BAND)
        distinct = unique(cell << 24 | ids)  # an entry written twice counts once
        row = (distinct >> 24) // bands
        found, shared = unique_counts(row << 24 | (distinct & MAX_INTERNAL_ID))
        return found >> 24, found & MAX_INTERNAL_ID, shared


@njit(cache=True)
def _hits(
    data: npt.NDArray[np.uint8], lengths: I64Array, tags: npt.NDArray[np.uint8], most: int
) -> tuple[I64Array, I64Array]:
    """(cell, internal id) of every entry whose tag is its cell's; `data` holds each
    cell's entries back to back, `lengths[c]` bytes for cell c. A cell with more than
    `most` hits is a stock phrase and gives none."""
    cells, ids = np.empty(len(data) // 4, np.int64), np.empty(len(data) // 4, np.int64)
    found, at = 0, 0
    for c in range(len(lengths)):
        first = found
        for _ in range(lengths[c] // 4):
            if data[at] == tags[c]:
                cells[found] = c
                ids[found] = (
                    (np.int64(data[at + 1]) << 16) | (np.int64(data[at + 2]) << 8) | data[at + 3]
                )
                found += 1
            at += 4
        if found - first > most:
            found = first
    return cells[:found], ids[:found]
