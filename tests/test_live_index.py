"""The live index's contract, against a real Redis (see conftest.py)."""

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import redis
from factories import make_article, rewrite

from wirecopy.errors import ParameterError
from wirecopy.fingerprint import fingerprint, fingerprint_texts
from wirecopy.live import LiveIndex, Retention, Settings
from wirecopy.live import index as live_index
from wirecopy.live.keys import Keyspace
from wirecopy.params import FingerprintParams
from wirecopy.relation import Relation, classify
from wirecopy.scoring import PairScores

DAY = 86400.0


def keys_of(client: redis.Redis, index: LiveIndex) -> set[bytes]:
    return set(client.scan_iter(match=index.keys.pattern(), count=1000))


def bucket_bytes(client: redis.Redis, index: LiveIndex) -> int:
    keys = [k for k in keys_of(client, index) if b":g" in k]
    return sum(client.strlen(k) for k in keys)


def test_a_query_reports_rewrites_and_partial_copies_with_scores(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant)
    wire = make_article()
    borrowed = " ".join(wire.text.split(". ")[4:8])  # a passage of four sentences
    quoting = make_article()
    quoting = replace(quoting, text=quoting.text + "\n\n" + borrowed)
    stored = [rewrite(wire, "heavy", 1), quoting, make_article()]
    index.add(stored)
    matches = index.query(fingerprint(wire.text, index.params))
    found = {m.id: m for m in matches}
    assert set(found) == {stored[0].id, quoting.id}
    heavy, partial = found[stored[0].id], found[quoting.id]
    assert heavy.relation == Relation.REWRITE
    assert matches[0] is heavy  # most copied first
    assert 0 < partial.jaccard < heavy.jaccard < 1
    assert 0.01 < partial.containment_in_match < heavy.containment_in_match
    assert heavy.containment_in_match > 0.093
    assert heavy.containment_of_match > 0.093
    assert heavy.record.title == stored[0].title
    assert heavy.record.source == stored[0].source
    for match in matches:  # the relation is the one its scores give
        scores = PairScores(match.jaccard, match.containment_in_match, match.containment_of_match)
        assert match.relation == classify(scores)


def test_rewrites_join_one_story_whose_original_is_the_earliest(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant)
    wire = make_article()
    late = [rewrite(wire, "heavy", 1), rewrite(wire, "light", 2)]
    first = index.add(late)
    assert first[0].story == first[1].story
    (outcome,) = index.add([wire])  # the wire copy arrives last but was published first
    assert outcome.story == first[0].story
    story = index.story(outcome.story)
    assert story is not None
    assert story.original == wire.id
    assert sorted(i for i, _ in story.members) == sorted([wire.id, late[0].id, late[1].id])
    unrelated = index.add([make_article()])
    assert unrelated[0].story != outcome.story


def test_a_batch_links_its_own_rewrites_without_fetching_them(
    redis_client: redis.Redis, tenant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rewrites of one batch are scored from the batch itself; only a candidate stored
    before it is fetched from Redis. The story is the same either way."""
    index = LiveIndex(redis_client, tenant)
    wire = make_article()
    (earlier,) = index.add([rewrite(wire, "verbatim")])
    asked: list[set[object]] = []
    fetch = index._fetch
    monkeypatch.setattr(index, "_fetch", lambda located: asked.append(located) or fetch(located))
    batch = [wire, rewrite(wire, "heavy", 2), rewrite(wire, "light", 3), make_article()]
    outcomes = index.add(batch)
    assert [o.story for o in outcomes[:3]] == [earlier.story] * 3
    assert outcomes[3].story != earlier.story
    (fetched,) = asked
    located = index._locate_many([a.id for a in batch] + [earlier.id])
    assert located[-1] in fetched  # the one stored before the batch
    assert not fetched & set(located[:-1])  # none of the batch's own


def test_an_article_that_bridges_two_stories_merges_them_under_a_stable_id(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant)
    wire_a, wire_b = make_article(), make_article()
    wire_b = replace(wire_b, published_at=wire_a.published_at + timedelta(hours=1))
    (a,), (b,) = index.add([wire_a]), index.add([wire_b])
    assert a.story != b.story
    bridge = replace(
        wire_a, id="roundup", text=wire_a.text + "\n\n" + wire_b.text,
        published_at=wire_b.published_at + timedelta(hours=1),
    )  # fmt: skip
    (merged,) = index.add([bridge])
    assert merged.story == a.story  # the story with the earliest original survives
    survivor, via_old_id = index.story(a.story), index.story(b.story)
    assert survivor == via_old_id
    assert survivor is not None
    assert survivor.original == wire_a.id
    assert {i for i, _ in survivor.members} == {wire_a.id, wire_b.id, "roundup"}
    record = index.get(wire_b.id)
    assert record is not None
    assert record[1] == a.story
    # a query that finds the merged-away story's members names the surviving story
    found = {m.id: m for m in index.query(fingerprint(wire_b.text, index.params))}
    assert found[wire_b.id].story == a.story
    assert found[wire_b.id].story_original == wire_a.id


def test_one_batch_that_grows_and_bridges_stories_keeps_the_earliest_original(
    redis_client: redis.Redis, tenant: str
) -> None:
    """Linked in one script call: story A starts with a late rewrite, then its wire (the
    earliest of all) joins it; a bridge of A and B then keeps A's number, since A's first
    member is now the earlier."""
    index = LiveIndex(redis_client, tenant)
    wire_a, wire_b = make_article(), make_article()
    at = wire_a.published_at
    wire_b = replace(wire_b, published_at=at + timedelta(hours=1))
    late_a = replace(rewrite(wire_a, "light"), published_at=at + timedelta(hours=2))
    bridge = replace(
        wire_a, id="roundup", text=wire_a.text + "\n\n" + wire_b.text,
        published_at=at + timedelta(hours=3),
    )  # fmt: skip
    b, late, wire, merged = index.add([wire_b, late_a, wire_a, bridge])
    assert late.story == wire.story == merged.story != b.story
    survivor = index.story(b.story)
    assert survivor is not None
    assert survivor.number == late.story
    assert survivor.original == wire_a.id
    assert [i for i, _ in survivor.members] == [wire_a.id, wire_b.id, late_a.id, "roundup"]


def test_an_article_seen_again_is_not_indexed_twice(redis_client: redis.Redis, tenant: str) -> None:
    index = LiveIndex(redis_client, tenant)
    articles = [make_article(), make_article()]
    index.add(articles)
    before_keys, before_bytes = keys_of(redis_client, index), bucket_bytes(redis_client, index)
    again = index.add(articles)
    assert [o.status for o in again] == ["unchanged", "unchanged"]
    assert keys_of(redis_client, index) == before_keys
    assert bucket_bytes(redis_client, index) == before_bytes


def test_a_changed_text_replaces_the_old_version(redis_client: redis.Redis, tenant: str) -> None:
    index = LiveIndex(redis_client, tenant)
    old, other = make_article(), make_article()
    index.add([old])
    before = bucket_bytes(redis_client, index)
    (outcome,) = index.add([replace(old, text=other.text)])
    assert outcome.status == "replaced"
    assert bucket_bytes(redis_client, index) == before  # old entries gone, new ones in
    assert index.query(fingerprint(old.text, index.params)) == []
    assert [m.id for m in index.query(fingerprint(other.text, index.params))] == [old.id]


def test_delete_removes_every_trace(redis_client: redis.Redis, tenant: str) -> None:
    index = LiveIndex(redis_client, tenant)
    wire = make_article()
    copy = rewrite(wire, "light", 1)
    index.add([wire, copy])
    assert index.delete(wire.id) is True
    assert index.get(wire.id) is None
    assert [m.id for m in index.query(fingerprint(wire.text, index.params))] == [copy.id]
    story = index.get(copy.id)
    assert story is not None
    assert story[1] is not None
    assert [i for i, _ in index.story(story[1]).members] == [copy.id]  # type: ignore[union-attr]
    assert index.delete(copy.id) is True
    assert bucket_bytes(redis_client, index) == 0
    assert index.delete(copy.id) is False
    left = {k.split(b"}:", 1)[1] for k in keys_of(redis_client, index)}
    assert not {k for k in left if not (k in {b"config", b"story:seq", b"0:n"} or b":sig:" in k)}
    slab = next(k for k in keys_of(redis_client, index) if b":sig:" in k)
    assert set(redis_client.get(slab) or b"") == {0}  # signatures zeroed


def test_retention_expires_slices_by_themselves(redis_client: redis.Redis, tenant: str) -> None:
    now = time.time()  # Redis expires keys by its own clock
    settings = Settings(group_bits=10, retention=Retention(window_seconds=8 * DAY))
    index = LiveIndex(redis_client, tenant, settings=settings, clock=lambda: now)
    fresh = replace(make_article(), published_at=datetime.fromtimestamp(now - DAY, UTC))
    stale = replace(make_article(), published_at=datetime.fromtimestamp(now - 9 * DAY, UTC))
    outcomes = index.add([fresh, stale])
    assert outcomes[0].status == "indexed"
    assert outcomes[1].status == "refused"
    assert "retention window" in (outcomes[1].reason or "")
    expiry = settings.retention.expires_at(settings.retention.slice_of(now - DAY))
    assert expiry is not None
    assert now + 7 * DAY <= expiry <= now + 9 * DAY
    copy = replace(rewrite(fresh, "light", 1), published_at=fresh.published_at)
    assert index.add([copy])[0].story == outcomes[0].story  # rewrites buckets that exist
    for key in keys_of(redis_client, index):
        if b"config" in key or b"story:seq" in key:
            continue
        assert redis_client.expiretime(key) == expiry, key
    later = LiveIndex(redis_client, tenant, clock=lambda: now + 11 * DAY)
    assert later.query(fingerprint(fresh.text, index.params)) == []  # its slice is past
    assert later.get(fresh.id) is None


def test_an_index_keeps_the_settings_it_was_made_with(
    redis_client: redis.Redis, tenant: str
) -> None:
    LiveIndex(redis_client, tenant, settings=Settings(group_bits=9))
    assert LiveIndex(redis_client, tenant).settings.group_bits == 9
    with pytest.raises(ParameterError, match="created with"):
        LiveIndex(redis_client, tenant, settings=Settings(group_bits=11))


def test_tenants_do_not_see_each_other(redis_client: redis.Redis, tenant: str) -> None:
    article = make_article()
    LiveIndex(redis_client, tenant).add([article])
    other = LiveIndex(redis_client, tenant + "-other")
    try:
        assert other.query(fingerprint(article.text, other.params)) == []
        assert other.get(article.id) is None
    finally:
        from conftest import delete_namespace

        delete_namespace(redis_client, tenant + "-other")


def test_empty_texts_are_refused_with_a_reason(redis_client: redis.Redis, tenant: str) -> None:
    index = LiveIndex(redis_client, tenant)
    (outcome,) = index.add([replace(make_article(), text="   \n")])
    assert outcome.status == "refused"
    assert outcome.reason == "no words to fingerprint"
    assert keys_of(redis_client, index) <= {
        k for k in keys_of(redis_client, index) if b"config" in k
    }


def test_a_stored_article_s_matches_leave_itself_out(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant)
    wire = make_article()
    copy = rewrite(wire, "light", 1)
    index.add([wire, copy, make_article()])
    matches = index.matches_of(wire.id)
    assert matches is not None
    assert [m.id for m in matches] == [copy.id]
    assert matches[0].relation == Relation.REWRITE
    assert index.matches_of("nobody") is None


def test_an_id_repeated_in_one_batch_is_indexed_once(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant)
    first, second = make_article(), make_article()
    changed = replace(first, text=second.text)
    outcomes = index.add([first, changed])
    assert outcomes[0] == outcomes[1]
    assert bucket_bytes(redis_client, index) == 256 * 4
    found = index.get(first.id)
    assert found is not None
    assert [m.id for m in index.query(fingerprint(second.text, index.params))] == [first.id]


def test_an_index_of_fewer_bands_costs_fewer_entries_and_still_finds_rewrites(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant, settings=Settings(indexed_bands=128))
    wire = make_article(31)
    copy = rewrite(wire, "heavy", 1)
    index.add([wire, copy])
    assert bucket_bytes(redis_client, index) == 2 * 128 * 4  # 128 entries of 4 bytes each
    found = index.query(fingerprint(wire.text, index.params))
    assert [m.id for m in found] == [wire.id, copy.id]  # itself first, then its rewrite
    assert LiveIndex(redis_client, tenant).settings.indexed_bands == 128  # kept in its config
    assert index.delete(copy.id)
    assert index.delete(wire.id)
    assert bucket_bytes(redis_client, index) == 0


@pytest.mark.parametrize(
    ("bands", "bits", "message"),
    [(1, 10, "indexed bands"), (257, 10, "indexed bands"), (None, 7, "group_bits"),
     (None, 15, "group_bits")],
)  # fmt: skip
def test_settings_out_of_range_are_refused_before_a_namespace_is_made(
    redis_client: redis.Redis, tenant: str, bands: int | None, bits: int, message: str
) -> None:
    with pytest.raises(ParameterError, match=message):
        LiveIndex(redis_client, tenant, settings=Settings(group_bits=bits, indexed_bands=bands))
    assert not redis_client.exists(Keyspace(tenant, FingerprintParams().id).config())  # unwritten


def test_reading_buckets_in_small_round_trips_finds_the_same(
    redis_client: redis.Redis, tenant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's queries read their buckets READ_BUCKETS at a time and match each part as
    it comes: parts of 300 buckets in reads of 128 find what one read of them all finds."""
    index = LiveIndex(redis_client, tenant)
    wires = [make_article() for _ in range(20)]
    stored = [rewrite(wire, level, 1) for wire in wires for level in ("light", "heavy")]
    index.add(stored)
    batch = fingerprint_texts([w.text for w in wires], index.params)
    whole = index.query_many(batch)
    monkeypatch.setattr(live_index, "READ_BUCKETS", 300)
    monkeypatch.setattr(live_index, "MGET_KEYS", 128)
    trips: list[int] = []
    execute = redis.client.Pipeline.execute
    monkeypatch.setattr(
        redis.client.Pipeline, "execute", lambda pipe, **kw: trips.append(1) or execute(pipe, **kw)
    )
    assert index.query_many(batch) == whole
    assert len(trips) > 10  # some 5,000 buckets in parts of 300, then one fetch
    assert all(
        {m.id for m in found} == {f"{w.id}-light", f"{w.id}-heavy"}
        for w, found in zip(wires, whole, strict=True)
    )


def test_bucket_reads_are_packed_into_round_trips_of_at_most_so_many_keys() -> None:
    sizes = [2000, 2000, 2000, 2000, 2000, 256, 9000, 10]
    pieces = [(None, [b"k"] * n) for n in sizes]
    trips = live_index._round_trips(pieces, 8192)  # type: ignore[arg-type]
    assert [[len(keys) for _, keys in trip] for trip in trips] == [
        [2000, 2000, 2000, 2000],
        [2000, 256],
        [9000],
        [10],
    ]
