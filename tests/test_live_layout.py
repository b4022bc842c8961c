import numpy as np
import pytest

from wirecopy.errors import ParameterError
from wirecopy.live.layout import (
    APPEND_HEAD,
    BUCKETS_PER_CALL,
    MAX_MATCHES_PER_BAND,
    BucketLayout,
    BucketMatch,
    jaccard_16bit,
    low_bits,
    pack_signature,
    unpack_signatures,
)

RNG = np.random.default_rng(7)


def random_signatures(n: int) -> np.ndarray:
    return RNG.integers(0, 2**32, (n, 256), dtype=np.uint64).astype(np.uint32)


def held_buckets(layout: BucketLayout, stored16: np.ndarray) -> dict[tuple[int, int], bytes]:
    """What Redis would hold in each (band, group) bucket after appending `stored16`
    (internal ids 1, 2, ...)."""
    held: dict[tuple[int, int], bytes] = {}
    bands, groups, counts, packed = layout.appends(stored16, np.arange(1, len(stored16) + 1))
    at = 0
    for band, group, n in zip(bands.tolist(), groups.tolist(), counts.tolist(), strict=True):
        held[band, group] = held.get((band, group), b"") + packed[at : at + 4 * n]
        at += 4 * n
    return held


def buckets_of(
    layout: BucketLayout, stored16: np.ndarray, query16: np.ndarray
) -> list[bytes | None]:
    """What Redis would hold in the query's 256 groups after appending `stored16`."""
    held = held_buckets(layout, stored16)
    groups, _ = layout.place(query16[None, :], np.zeros(1, np.int64))
    return [held.get((band, int(g))) for band, g in enumerate(groups[0])]


def test_signature_packs_to_512_little_endian_bytes_and_back() -> None:
    sig16 = low_bits(random_signatures(3))
    packed = b"".join(pack_signature(row) for row in sig16)
    assert len(packed) == 3 * 512
    assert packed[:2] == int(sig16[0, 0]).to_bytes(2, "little")
    assert np.array_equal(unpack_signatures(packed, 256), sig16)


def test_a_query_finds_exactly_the_stored_articles_sharing_two_bands() -> None:
    layout = BucketLayout(group_bits=8)
    stored = low_bits(random_signatures(50))
    query = stored[9].copy()  # internal id 10: shares every band
    stored[20, [5, 6, 7]] = query[[5, 6, 7]]  # internal id 21: three of the query's values
    ids, shared = layout.matches(query, buckets_of(layout, stored, query))
    found = dict(zip(ids.tolist(), shared.tolist(), strict=True))
    assert found[10] == 256
    assert found[21] >= 3
    assert all(n < 2 for i, n in found.items() if i not in (10, 21))


def test_an_entry_written_twice_counts_once() -> None:
    layout = BucketLayout(group_bits=9)
    stored = low_bits(random_signatures(1))
    query = stored[0].copy()
    query[2:] = (query[2:] + 1) & 0xFFFF  # shares only bands 0 and 1
    doubled = [b * 2 if b else b for b in buckets_of(layout, stored, query)]
    ids, shared = layout.matches(query, doubled)
    assert ids.tolist() == [1]
    assert shared.tolist() == [2]


def test_a_band_value_shared_by_too_many_articles_is_skipped() -> None:
    layout = BucketLayout(group_bits=10)
    n = MAX_MATCHES_PER_BAND + 1
    stored = low_bits(random_signatures(n))
    stored[:, 0] = 1234  # a stock phrase: every article has it in band 0
    stored[:, 1] = 99
    query = low_bits(random_signatures(1))[0]
    query[0], query[1] = 1234, 99
    _, shared = layout.matches(query, buckets_of(layout, stored, query))
    assert shared.max(initial=0) < 2  # only chance agreements on the other bands are left


def test_16_bit_jaccard_removes_the_chance_agreement() -> None:
    query = low_bits(random_signatures(1))
    same = jaccard_16bit(query[0], query)
    unrelated = jaccard_16bit(query[0], low_bits(random_signatures(2000)))
    assert same[0] == 1.0
    assert abs(unrelated.mean()) < 0.001
    assert unrelated.min() >= 0.0


@pytest.mark.parametrize("bits", [7, 15])
def test_group_bits_out_of_range_are_refused(bits: int) -> None:
    with pytest.raises(ParameterError, match="group_bits"):
        BucketLayout(bits)


def test_queries_sharing_buckets_find_what_each_finds_alone() -> None:
    """A batch's queries read each bucket once (`distinct_buckets`); each still finds
    exactly what it finds on its own, with the same bands shared."""
    layout = BucketLayout(group_bits=8)
    stored = low_bits(random_signatures(400))
    queries = stored[[3, 50, 51, 200]].copy()
    queries[1, 100:] = low_bits(random_signatures(1))[0, 100:]  # shares 100 bands with id 51
    queries[2] = queries[1]  # two queries with the same buckets
    held = held_buckets(layout, stored)
    placed, _ = layout.place(queries, np.zeros(len(queries), np.int64))
    read_bands, read_groups, cells = layout.distinct_buckets(placed)
    pairs = set(zip(read_bands.tolist(), read_groups.tolist(), strict=True))
    assert len(pairs) == len(read_bands) < placed.size  # each bucket once, and some shared
    buckets = [
        held.get(pair) for pair in zip(read_bands.tolist(), read_groups.tolist(), strict=True)
    ]
    rows, ids, shared = layout.matches_many(queries, buckets, cells)
    for r, query in enumerate(queries):
        alone_ids, alone_shared = layout.matches(query, buckets_of(layout, stored, query))
        mine = rows == r
        assert ids[mine].tolist() == alone_ids.tolist()
        assert shared[mine].tolist() == alone_shared.tolist()
    found = {
        (r, i): n for r, i, n in zip(rows.tolist(), ids.tolist(), shared.tolist(), strict=True)
    }
    assert found[0, 4] == 256
    assert found[1, 51] >= 100
    assert found[2, 51] == found[1, 51]


def test_a_stored_query_leaves_itself_out_and_keeps_the_others() -> None:
    """Rows written and then queried (a worker's batch) name their own internal ids: each
    finds the others it shares bands with, never itself; a row whose id is -1 (stored in
    another slice) finds everything; the result is what it was, less the own ids."""
    layout = BucketLayout(group_bits=8)
    stored = low_bits(random_signatures(300))
    stored[11, :128] = stored[10, :128]  # ids 11 and 12 share 128 bands
    held = held_buckets(layout, stored)
    queries = stored[[10, 11, 40]]
    placed, _ = layout.place(queries, np.zeros(len(queries), np.int64))
    read_bands, read_groups, cells = layout.distinct_buckets(placed)
    pairs = zip(read_bands.tolist(), read_groups.tolist(), strict=True)
    buckets = [held.get(pair) for pair in pairs]
    every = layout.matches_many(queries, buckets, cells)
    own = np.array([11, 12, -1], np.int64)  # ids start at 1; the third: another slice
    rows, ids, shared = layout.matches_many(queries, buckets, cells, own)
    kept = every[1] != own[every[0]]
    assert rows.tolist() == every[0][kept].tolist()
    assert ids.tolist() == every[1][kept].tolist()
    assert shared.tolist() == every[2][kept].tolist()
    found = {
        (r, i): n for r, i, n in zip(rows.tolist(), ids.tolist(), shared.tolist(), strict=True)
    }
    assert (0, 11) not in found
    assert (1, 12) not in found
    assert found[0, 12] == found[1, 11] == 128
    assert found[2, 41] == 256


@pytest.mark.parametrize("bits", [8, 10])
def test_append_calls_split_a_batch_s_buckets_and_hold_every_entry_once(bits: int) -> None:
    layout = BucketLayout(bits)
    stored16 = low_bits(random_signatures(1_500))
    calls = layout.append_calls(stored16, np.arange(1, len(stored16) + 1))
    rebuilt: dict[tuple[int, int], bytes] = {}
    for heads, entries in calls:
        buckets = np.frombuffer(heads, APPEND_HEAD)
        assert 0 < len(buckets) <= BUCKETS_PER_CALL
        assert len(entries) == 4 * int(buckets["count"].sum())
        at = 0
        for band, group, n in buckets.tolist():
            assert (band, group) not in rebuilt  # a bucket in one call only
            rebuilt[band, group] = entries[at : at + 4 * n]
            at += 4 * n
    assert rebuilt == held_buckets(layout, stored16)
    assert len(calls) == -(-len(rebuilt) // BUCKETS_PER_CALL)


def test_hits_past_the_first_room_are_all_kept_and_a_stock_phrase_still_drops() -> None:
    """Four queries each stored 150 times over (under the stock-phrase limit) make 150 hits
    in each of their 1,024 cells, far past the room the match starts with; one band value
    held by more than MAX_MATCHES_PER_BAND articles is dropped as a stock phrase."""
    layout = BucketLayout(group_bits=8)
    queries = low_bits(random_signatures(4))
    stored = np.repeat(queries, 150, axis=0)
    crowd = low_bits(random_signatures(MAX_MATCHES_PER_BAND))
    crowd[:, 7] = queries[0, 7]  # with query 0's 150 copies: past the limit in band 7
    stored = np.concatenate([stored, crowd])
    held = held_buckets(layout, stored)
    placed, _ = layout.place(queries, np.zeros(len(queries), np.int64))
    read_bands, read_groups, cells = layout.distinct_buckets(placed)
    pairs = zip(read_bands.tolist(), read_groups.tolist(), strict=True)
    rows, ids, shared = layout.matches_many(queries, [held.get(p) for p in pairs], cells)
    copies = shared[ids <= 600]
    assert len(copies) == 600  # every copy of every query, once
    assert rows[ids <= 600].tolist() == np.repeat(np.arange(4), 150).tolist()
    assert copies[:150].tolist() == [255] * 150  # query 0 lost band 7 to the stock phrase
    assert copies[150:].tolist() == [256] * 450
    assert shared[ids > 600].max(initial=0) < 2  # the crowd shares only band 7, dropped


def test_a_match_fed_in_parts_keeps_only_ids_sharing_the_least_bands_asked() -> None:
    """BucketMatch fed its buckets in three parts, asked for ids sharing 2 bands or more,
    gives exactly what matches_many gives in one go, less the ids met in one band only."""
    layout = BucketLayout(group_bits=8)
    stored = low_bits(random_signatures(500))
    queries = stored[[3, 77, 300]].copy()
    queries[1, 40:] = low_bits(random_signatures(1))[0, 40:]  # shares 40 bands with id 78
    held = held_buckets(layout, stored)
    placed, _ = layout.place(queries, np.zeros(len(queries), np.int64))
    read_bands, read_groups, cells = layout.distinct_buckets(placed)
    pairs = zip(read_bands.tolist(), read_groups.tolist(), strict=True)
    buckets = [held.get(pair) for pair in pairs]
    rows, ids, shared = layout.matches_many(queries, buckets, cells)
    assert (shared == 1).any()  # chance meetings in one band, to be left out below
    match = BucketMatch(layout, queries, len(buckets), cells)
    for part in np.array_split(np.arange(len(buckets)), 3):
        match.feed(buckets[part[0] : part[-1] + 1])
    kept = shared >= 2
    assert [a.tolist() for a in match.result(least=2)] == [
        rows[kept].tolist(),
        ids[kept].tolist(),
        shared[kept].tolist(),
    ]
    assert dict(zip(ids[kept].tolist(), shared[kept].tolist(), strict=True))[78] >= 40
