"""The live index: articles, signatures, LSH buckets and stories in Redis, for any process.

    index = LiveIndex(redis.Redis(), tenant="acme")
    index.add([Article("ap-1", text)])          # -> [Outcome("ap-1", "indexed", story=1)]
    index.query(fingerprint(other, index.params))  # -> [Match(...), ...]

An article's record, signature and id go in first, in atomic script calls of
RECORDS_PER_CALL articles, which also mark it pending; then its bucket entries, with the
batch's others, in calls of 25,000 buckets (a batch of 5,000 shares each bucket among
several articles, so it rewrites far fewer buckets an article than one of 500); then it
leaves the pending set. A worker killed mid-batch leaves each article absent, or written
and pending, which the next writer of it (the worker that claims its message) completes
by appending the entries its buckets miss. External ids map to internal ones, so an article seen
again is not indexed twice, even by two writers at once: a record write refuses when an
id map no longer says what its writer saw, and the writer looks again (and linking an
article already linked keeps its story). After a batch is written, each new article is
queried and linked to the stories of what it rewrites in one atomic script; because the
whole batch is written first, of two rewrites written at once by two workers, the later
one always sees the earlier.
"""

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import redis
import xxhash
from redis.cluster import RedisCluster

from wirecopy.articles import Article
from wirecopy.errors import InputError, ParameterError
from wirecopy.fingerprint import Fingerprint, FingerprintBatch, fingerprint_texts
from wirecopy.live.keys import (
    SLAB_ARTICLES,
    Keyspace,
    bucket_suffix,
    ids_suffix,
    metadata_suffix,
    signatures_suffix,
    text_suffix,
)
from wirecopy.live.layout import (
    MAX_INTERNAL_ID,
    BucketLayout,
    BucketMatch,
    I64Array,
    U16Matrix,
    low_bits,
    pack_signature,
    unpack_signatures,
)
from wirecopy.live.namespace import Located, Settings, namespace_node
from wirecopy.live.ranking import Fetched, rank, rewrite_pairs
from wirecopy.live.records import Match, Outcome, Record, Story
from wirecopy.live.rerouting import rerouted
from wirecopy.live.scripts import (
    APPEND_ENTRIES,
    FETCH_CANDIDATES,
    REMOVE_ENTRIES,
    WRITE_RECORDS,
)
from wirecopy.live.stories import StoryBook
from wirecopy.live.texts import pack_text, unpack_text
from wirecopy.params import FingerprintParams
from wirecopy.relation import DEFAULT_THRESHOLDS, Thresholds

MAX_CANDIDATES = 1_000
"""Candidates scored per query at most, those sharing the most bands first."""
MGET_KEYS = 2_000
"""Bucket keys read per MGET: a batch's queries read each bucket they touch once, which is
every bucket for a few thousand articles, so the reads are split to let others in."""
READ_BUCKETS = 8_192
"""Buckets a batch's queries read per round trip, and match before reading more: a worker
holds some 13 MB of buckets at 100,000 articles a slice, not the whole slice's 100 MB."""
RECORDS_PER_CALL = 2_000
"""Articles whose records one atomic script call writes: some 20 ms of Redis."""
PENDING_PER_CALL = 10_000
"""Internal ids taken off a pending set per SREM."""
WRITE_ATTEMPTS = 3
"""Looks at the index per batch: another writer of the same articles costs one more."""


def _by_slice(slice_of: dict[int, int]) -> dict[int, list[int]]:
    """Rows grouped by the slice each goes to, in their order."""
    grouped: dict[int, list[int]] = {}
    for row, slice_no in slice_of.items():
        grouped.setdefault(slice_no, []).append(row)
    return grouped


def _round_trips(
    pieces: list[tuple[BucketMatch, list[bytes]]], most: int
) -> list[list[tuple[BucketMatch, list[bytes]]]]:
    """The bucket reads in round trips of at most `most` keys (one read, whatever its
    size, makes a trip of its own when it is larger)."""
    trips: list[list[tuple[BucketMatch, list[bytes]]]] = []
    size = most
    for piece in pieces:
        if size + len(piece[1]) > most:
            trips.append([])
            size = 0
        trips[-1].append(piece)
        size += len(piece[1])
    return trips


def _where(slice_no: Any, internal_id: Any) -> Any:
    """One number for a (slice, internal id) pair, for numpy look-ups (ids are 24 bits)."""
    return slice_no * (MAX_INTERNAL_ID + 1) + internal_id


def _own_ids(own: Sequence[Located], slice_no: int) -> I64Array:
    """Each row's internal id in slice `slice_no`, or -1 where it is stored in another."""
    return np.array([loc.internal_id if loc.slice_no == slice_no else -1 for loc in own], np.int64)


class _OvertakenError(Exception):
    """An id map changed between looking and writing: another writer was quicker."""


class LiveIndex:
    """One tenant's index under one set of fingerprint parameters, in Redis."""

    def __init__(
        self,
        client: redis.Redis,
        tenant: str = "default",
        params: FingerprintParams | None = None,
        settings: Settings | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.params = params or FingerprintParams()
        self.keys = Keyspace(tenant, self.params.id)
        self.redis = namespace_node(client, self.keys)
        self._cluster = client if isinstance(client, RedisCluster) else None
        self.thresholds = thresholds
        self.clock = clock
        self.settings = self._settle(settings)
        self.layout = BucketLayout(
            self.settings.group_bits, self.settings.indexed_bands or self.params.bands
        )
        self.stories = StoryBook(self.redis, self.keys, self.settings.retention)
        self._write_records = client.register_script(WRITE_RECORDS)
        self._append = client.register_script(APPEND_ENTRIES)
        self._fetch_script = client.register_script(FETCH_CANDIDATES)
        self._bands_of_slice: tuple[int, list[bytes]] = (-1, [])
        self._groups: list[bytes] = []
        self._remove = client.register_script(REMOVE_ENTRIES)

    def reroute(self) -> bool:
        """The namespace's slot moved to another cluster node: find it (see rerouting.py)."""
        if self._cluster is None:
            return False
        old = self.redis
        self._cluster.nodes_manager.initialize()
        self.redis = namespace_node(self._cluster, self.keys)
        if self.redis is not old:  # the map may have dropped the old node's client: close it
            old.connection_pool.disconnect()
        self.stories = StoryBook(self.redis, self.keys, self.settings.retention)
        return True

    def _settle(self, wanted: Settings | None) -> Settings:
        """Adopt the namespace's stored settings; create them if it is new."""
        key = self.keys.config()
        stored: dict[bytes, bytes] = self.redis.hgetall(key)  # type: ignore[assignment]
        if not stored:
            chosen = wanted or Settings()
            self.redis.hsetnx(key, "group_bits", chosen.as_hash()["group_bits"])
            self.redis.hsetnx(key, "retention", chosen.as_hash()["retention"])
            self.redis.hsetnx(key, "keep_text", chosen.as_hash()["keep_text"])
            self.redis.hsetnx(key, "indexed_bands", chosen.as_hash()["indexed_bands"])
            stored = self.redis.hgetall(key)  # type: ignore[assignment]
        found = Settings.from_hash(stored)
        if wanted is not None and wanted != found:
            raise ParameterError(
                f"index {self.keys.tag} was created with {found}, not {wanted}: open it "
                "without settings, or use another tenant for other settings"
            )
        return found

    # --- writing ---------------------------------------------------------------------

    def add(self, articles: Sequence[Article], *, processes: int | None = 1) -> list[Outcome]:
        """Index articles (new, changed, or already there); one outcome per article."""
        batch = fingerprint_texts([a.text for a in articles], self.params, processes=processes)
        return self.add_fingerprinted(articles, batch)

    @rerouted
    def add_fingerprinted(
        self, articles: Sequence[Article], batch: FingerprintBatch
    ) -> list[Outcome]:
        """Index articles whose fingerprints are already made (row i for article i).

        Another writer of the same articles at once (a worker whose slow batch was claimed
        by another) makes the write refuse; the index is then looked at again, where the
        articles are found written, so they are never written twice."""
        self.params.require_same(batch.params_id)
        for _ in range(WRITE_ATTEMPTS - 1):
            try:
                return self._add_once(articles, batch)
            except _OvertakenError:
                continue
        return self._add_once(articles, batch)

    def _add_once(self, articles: Sequence[Article], batch: FingerprintBatch) -> list[Outcome]:
        now = self.clock()
        outcomes: dict[int, Outcome] = {}
        slices: dict[int, int] = {}
        for i, article in enumerate(articles):
            if batch.shingle_counts[i] == 0:
                outcomes[i] = Outcome(article.id, "refused", reason="no words to fingerprint")
                continue
            published = article.published_at.timestamp() if article.published_at else None
            try:
                slices[i] = self.settings.retention.slice_for_article(published, now, article.id)
            except InputError as error:  # published before the retention window
                outcomes[i] = Outcome(article.id, "refused", reason=str(error))
        last = {articles[i].id: i for i in slices}  # an id repeated in the batch: the last wins
        repeats = {i: last[articles[i].id] for i in slices if last[articles[i].id] != i}
        for i in repeats:
            del slices[i]
        records = {i: self._record(articles[i], batch, i, now) for i in slices}
        existing = self._locate_many([articles[i].id for i in slices])
        old_records = self._records([loc for loc in existing if loc is not None])
        to_write: list[int] = []
        replaced: list[tuple[int, Located]] = []
        unlinked: dict[int, Located] = {}
        for i, loc in zip(list(slices), existing, strict=True):
            old = old_records.get(loc) if loc else None
            if loc is not None and old is not None and old.digest == records[i].digest:
                outcomes[i] = Outcome(articles[i].id, "unchanged")
                records[i] = old
                unlinked[i] = loc
                continue
            if loc is not None and old is not None:
                replaced.append((i, loc))
            outcomes[i] = Outcome(articles[i].id, "replaced" if old else "indexed")
            to_write.append(i)
        texts = {i: articles[i].text for i in to_write}
        seen = {i: str(loc.internal_id) for i, loc in replaced if loc.slice_no == slices[i]}
        placed = self._write(to_write, slices, records, batch, texts, seen)
        self._append_pending(self._pending(unlinked), batch)
        for i, loc in replaced:
            self._erase(loc)
            if loc.slice_no != slices[i]:  # the new version lives in another slice
                self.redis.hdel(self.keys.ids(loc.slice_no, articles[i].id), articles[i].id)
        stories = self.stories.numbers_of(unlinked)
        unlinked = {i: loc for i, loc in unlinked.items() if i not in stories}
        linking = placed | unlinked  # unlinked: written by a worker that died before linking
        stories |= self._link_all(linking, records, batch)
        for i, story in stories.items():
            outcomes[i] = Outcome(outcomes[i].id, outcomes[i].status, story)
        for i, kept in repeats.items():
            outcomes[i] = outcomes[kept]
        return [outcomes[i] for i in range(len(articles))]

    def _record(self, article: Article, batch: FingerprintBatch, i: int, now: float) -> Record:
        published = article.published_at.timestamp() if article.published_at else None
        fields = [article.text, article.title, article.source, article.url, published]
        digest = xxhash.xxh64_hexdigest(json.dumps(fields).encode("utf-8", "surrogatepass"))[:12]
        return Record(
            article.id,
            int(batch.shingle_counts[i]),
            published,
            digest,
            article.title,
            article.source,
            article.url,
            int(now),
        )

    def _write(
        self,
        rows: list[int],
        slices: dict[int, int],
        records: dict[int, Record],
        batch: FingerprintBatch,
        texts: dict[int, str],
        seen: dict[int, str],
    ) -> dict[int, Located]:
        """Give the rows internal ids and write them: their records, RECORDS_PER_CALL
        articles per atomic call, then their bucket entries. `seen`: the internal id each
        row's external id maps to in its slice (none: new). Returns where each row went."""
        if not rows:
            return {}
        by_slice = _by_slice({i: slices[i] for i in rows})
        counters = self.redis.pipeline(transaction=False)
        for slice_no, members in by_slice.items():
            counters.incrby(self.keys.counter(slice_no), len(members))
        ends = counters.execute()
        placed: dict[int, Located] = {}
        for (slice_no, members), end in zip(by_slice.items(), ends, strict=True):
            if end > MAX_INTERNAL_ID:
                raise ParameterError(
                    f"slice {slice_no} of {self.keys.tag} is full ({MAX_INTERNAL_ID:,} articles):"
                    " use a retention window, or another tenant"
                )
            ids = np.arange(int(end) - len(members) + 1, int(end) + 1, dtype=np.int64)
            placed.update(
                (i, Located(slice_no, n)) for i, n in zip(members, ids.tolist(), strict=True)
            )
            for start in range(0, len(members), RECORDS_PER_CALL):
                stop = start + RECORDS_PER_CALL
                args = self._record_args(
                    slice_no, members[start:stop], ids[start:stop], records, batch, texts, seen
                )
                keys = [self.keys.pending(slice_no), self.keys.counter(slice_no)]
                if self._write_records(keys=keys, args=args) == -1:
                    raise _OvertakenError
            self._append_entries(slice_no, low_bits(batch.signatures[members]), ids)
        return placed

    def _append_entries(
        self, slice_no: int, signatures16: U16Matrix, ids: I64Array, *, only_missing: bool = False
    ) -> None:
        """Append articles' bucket entries, BUCKETS_PER_CALL buckets a call, then take
        them off the pending set. Not atomic as a whole: an article whose writer died
        between its record and its last entry stays pending, and the next writer of it
        appends the entries it misses (:meth:`_append_pending`)."""
        expiry = self.settings.retention.expires_at(slice_no) or 0
        pending, prefix = self.keys.pending(slice_no), self.keys.bucket_prefix(slice_no)
        for heads, entries in self.layout.append_calls(signatures16, ids):
            self._append(keys=[pending], args=[prefix, expiry, heads, entries, int(only_missing)])
        for start in range(0, len(ids), PENDING_PER_CALL):
            self.redis.srem(pending, *ids[start : start + PENDING_PER_CALL].tolist())

    def _pending(self, located: dict[int, Located]) -> dict[int, Located]:
        """The rows among `located` whose articles are still pending."""
        pipe = self.redis.pipeline(transaction=False)
        for loc in located.values():
            pipe.sismember(self.keys.pending(loc.slice_no), str(loc.internal_id))
        replies = pipe.execute() if located else []
        return {i: loc for (i, loc), hit in zip(located.items(), replies, strict=True) if hit}

    def _append_pending(self, located: dict[int, Located], batch: FingerprintBatch) -> None:
        """Append the entries that articles left pending miss (row i of `batch` is the
        article at `located[i]`): their writer died after appending some, or all."""
        for slice_no, rows in _by_slice({i: loc.slice_no for i, loc in located.items()}).items():
            ids = np.array([located[i].internal_id for i in rows], np.int64)
            signatures16 = low_bits(batch.signatures[rows])
            self._append_entries(slice_no, signatures16, ids, only_missing=True)

    def _record_args(
        self,
        slice_no: int,
        rows: list[int],
        ids: npt.NDArray[np.int64],
        records: dict[int, Record],
        batch: FingerprintBatch,
        texts: dict[int, str],
        seen: dict[int, str],
    ) -> list[bytes | str | int]:
        """WRITE_RECORDS's arguments for the rows, given internal ids `ids`."""
        expiry = self.settings.retention.expires_at(slice_no) or 0
        args: list[bytes | str | int] = [
            self.keys.slice_prefix(slice_no),
            expiry,
            self._slab_bytes,
            len(rows),
        ]
        sig16 = low_bits(batch.signatures[rows])
        for i, internal_id, signature in zip(rows, ids.tolist(), sig16, strict=True):
            record = records[i]
            args += [
                internal_id,
                signatures_suffix(internal_id),
                self._slot(internal_id),
                pack_signature(signature),
                metadata_suffix(internal_id),
                record.dumps(),
                ids_suffix(record.id),
                record.id,
                text_suffix(internal_id) if self.settings.keep_text else "",
                pack_text(texts[i]) if self.settings.keep_text else b"",
                seen.get(i, ""),
            ]
        return args

    @property
    def _slab_bytes(self) -> int:
        return SLAB_ARTICLES * 2 * self.params.num_perm + 1  # one spare byte, always 0

    def _slot(self, internal_id: int) -> int:
        return (internal_id % SLAB_ARTICLES) * 2 * self.params.num_perm

    # --- stories ---------------------------------------------------------------------

    def _link_all(
        self,
        placed: dict[int, Located],
        records: dict[int, Record],
        batch: FingerprintBatch,
    ) -> dict[int, int]:
        """Find what each new article rewrites and join it to their stories. Only the
        relation matters here, so the candidates are scored all at once, not ranked. The
        buckets are read after the whole batch is in them: of two rewrites written at once
        by two writers, the later reader sees the earlier. A candidate of the same batch
        is scored from the batch, not fetched: rewrites arrive close together (96% of the
        benchmark's story pairs fall in one batch of 5,000), and LINK_STORY finds its
        story, linked earlier in the same call."""
        if not placed:
            return {}
        rows = list(placed)
        signatures16 = low_bits(batch.signatures[rows])
        counts = batch.shingle_counts[rows]
        own = [placed[i] for i in rows]
        found_rows, found_slices, found_ids = self._candidate_arrays(signatures16, own)
        batch_keys = np.array([_where(loc.slice_no, loc.internal_id) for loc in own], np.int64)
        by_key = np.argsort(batch_keys)
        sorted_keys, keys = batch_keys[by_key], _where(found_slices, found_ids)
        at = np.minimum(np.searchsorted(sorted_keys, keys), len(rows) - 1)
        inside = sorted_keys[at] == keys
        near = by_key[at[inside]]  # the batch row of each candidate written with the batch
        away = [
            (r, Located(s, i))
            for r, s, i in zip(
                found_rows[~inside].tolist(),
                found_slices[~inside].tolist(),
                found_ids[~inside].tolist(),
                strict=True,
            )
        ]
        fetched = self._fetch({loc for _, loc in away})
        outside = [(r, loc) for r, loc in away if loc in fetched]
        rewrites: list[list[Located]] = [[] for _ in rows]
        pairs = np.concatenate([found_rows[inside], np.array([r for r, _ in outside], np.int64)])
        if len(pairs):
            others = np.concatenate(
                [signatures16[near]] + [fetched[other][1][None, :] for _, other in outside]
            )
            sizes = np.concatenate(
                [counts[near], np.array([fetched[o][0].shingles for _, o in outside], np.int64)]
            )
            verdicts = rewrite_pairs(
                signatures16[pairs], counts[pairs], others, sizes, self.thresholds
            )
            named = [own[k] for k in near.tolist()] + [other for _, other in outside]
            for r, is_rewrite, other in zip(pairs.tolist(), verdicts.tolist(), named, strict=True):
                if is_rewrite:
                    rewrites[r].append(other)
        links = [(placed[i], records[i], rewrites[r]) for r, i in enumerate(rows)]
        return dict(zip(rows, self.stories.link(links), strict=True))

    @rerouted
    def story(self, number: int) -> Story | None:
        """A story by number (a merged-away number leads to the story it joined)."""
        return self.stories.story(
            number, lambda ids: [loc is not None for loc in self._locate_many(ids)]
        )

    @rerouted
    def story_original(self, number: int) -> tuple[int, str | None]:
        """A story's surviving number and its original's id (None if it has no members)."""
        return self.stories.original(number)

    # --- reading ---------------------------------------------------------------------

    @rerouted
    def query(self, fp: Fingerprint, top: int = 10) -> list[Match]:
        """Stored articles that share copy with `fp`, most copied first (at most `top`)."""
        self.params.require_same(fp.params_id)
        found = self._query_many(low_bits(fp.signature[None, :]), np.array([fp.shingle_count]))
        return [match for _, match in found[0][:top]]

    def matches_of(self, external_id: str, top: int = 10) -> list[Match] | None:
        """What a stored article shares copy with (itself left out); None if unknown."""
        return self.matches_of_many([external_id], top)[0]

    @rerouted
    def matches_of_many(
        self, external_ids: Sequence[str], top: int = 10
    ) -> list[list[Match] | None]:
        """:meth:`matches_of` for many stored articles, in four round trips in all."""
        located = self._locate_many(external_ids)
        fetched = self._fetch({loc for loc in located if loc is not None})
        known = list(dict.fromkeys(loc for loc in located if loc is not None and loc in fetched))
        found: dict[Located, list[tuple[Located, Match]]] = {}
        if known:
            signatures = np.stack([fetched[loc][1] for loc in known])
            counts = np.array([fetched[loc][0].shingles for loc in known], dtype=np.int64)
            found = dict(zip(known, self._query_many(signatures, counts), strict=True))
        return [
            [match for other, match in found[loc] if other != loc][:top] if loc in found else None
            for loc in located
        ]

    @rerouted
    def query_many(self, batch: FingerprintBatch, top: int = 10) -> list[list[Match]]:
        """:meth:`query` for every fingerprint of a batch, in two round trips in all."""
        self.params.require_same(batch.params_id)
        found = self._query_many(low_bits(batch.signatures), batch.shingle_counts)
        return [[match for _, match in row[:top]] for row in found]

    def _query_many(
        self, signatures16: U16Matrix, counts: npt.NDArray[np.int64]
    ) -> list[list[tuple[Located, Match]]]:
        """Matches for each row: round trip 1 reads buckets, round trip 2 candidates."""
        candidates = self._candidates(signatures16)
        fetched = self._fetch({loc for found in candidates for loc in found})
        return [
            rank(row, int(count), found, fetched, self.thresholds)
            for row, count, found in zip(signatures16, counts, candidates, strict=True)
        ]

    def _candidates(self, signatures16: U16Matrix) -> list[list[Located]]:
        """Each row's candidates, as :meth:`_candidate_arrays` finds them, as lists."""
        rows, slices, ids = self._candidate_arrays(signatures16)
        found: list[list[Located]] = [[] for _ in signatures16]
        for r, slice_no, i in zip(rows.tolist(), slices.tolist(), ids.tolist(), strict=True):
            found[r].append(Located(slice_no, i))
        return found

    def _candidate_arrays(
        self, signatures16: U16Matrix, own: Sequence[Located] | None = None
    ) -> tuple[I64Array, I64Array, I64Array]:
        """(row, slice, internal id) of each row's candidates, the stored articles sharing 2
        bands or more with it, by row, most shared first (at most MAX_CANDIDATES a row):
        each bucket read once, READ_BUCKETS a round trip (one trip for a single query,
        whatever the slices). `own[row]`: where the row's article itself is stored, left
        out of its candidates."""
        live = self.settings.retention.live_slices(self.clock())
        groups, _ = self.layout.place(signatures16, np.zeros(len(signatures16), np.int64))
        if len(groups) == 1:  # one query: its buckets are distinct already
            bands = np.arange(groups.shape[1])
            cells, picked = None, groups[0]
        else:
            bands, picked, cells = self.layout.distinct_buckets(groups)
        matches: list[tuple[int, BucketMatch]] = []
        pieces: list[tuple[BucketMatch, list[bytes]]] = []  # MGETs, in each slice's order
        for slice_no in live:
            keys = self._bucket_keys(slice_no, bands, picked)
            own_ids = None if own is None else _own_ids(own, slice_no)
            match = BucketMatch(self.layout, signatures16, len(keys), cells, own_ids)
            matches.append((slice_no, match))
            pieces += [(match, keys[at : at + MGET_KEYS]) for at in range(0, len(keys), MGET_KEYS)]
        for trip in _round_trips(pieces, READ_BUCKETS):
            pipe = self.redis.pipeline(transaction=False)
            for _, keys in trip:
                pipe.mget(keys)
            for (match, _), values in zip(trip, pipe.execute(), strict=True):
                match.feed(values)
        results = [match.result(least=2) for _, match in matches]
        rows, ids, shared = (np.concatenate(part) for part in zip(*results, strict=True))
        slices = np.concatenate(
            [
                np.full(len(r), s, np.int64)
                for (s, _), (r, _, _) in zip(matches, results, strict=True)
            ]
        )
        order = np.lexsort((-shared, rows))  # stable: ties keep slice, then first-found, order
        rows, slices, ids = rows[order], slices[order], ids[order]
        starts = np.searchsorted(rows, rows)  # where each row's run begins
        kept = np.arange(len(rows)) - starts < MAX_CANDIDATES
        return rows[kept], slices[kept], ids[kept]

    def _bucket_keys(self, slice_no: int, bands: I64Array, groups: I64Array) -> list[bytes]:
        """The names of the buckets (band, group) of one slice."""
        prefixes, names = self._band_prefixes(slice_no), self._group_names()
        return [
            prefixes[b] + names[g] for b, g in zip(bands.tolist(), groups.tolist(), strict=True)
        ]

    def _band_prefixes(self, slice_no: int) -> list[bytes]:
        """Each band's bucket key up to its group number, for one slice."""
        if self._bands_of_slice[0] != slice_no:
            prefix = self.keys.slice_prefix(slice_no)
            names = [bucket_suffix(b, 0)[:-1] for b in range(self.layout.bands)]
            self._bands_of_slice = (slice_no, [f"{prefix}{n}".encode() for n in names])
        return self._bands_of_slice[1]

    def _group_names(self) -> list[bytes]:
        if not self._groups:
            self._groups = [str(g).encode() for g in range(1 << self.layout.group_bits)]
        return self._groups

    def _fetch(self, located: set[Located]) -> Fetched:
        """Record, signature, story number and story original of each candidate, in one
        round trip."""
        order = list(located)
        width = 2 * self.params.num_perm
        keys: list[str] = []
        args: list[int | str] = [width, self.keys.story_prefix()]
        for loc in order:
            keys += [
                self.keys.signatures(loc.slice_no, loc.internal_id),
                self.keys.metadata(loc.slice_no, loc.internal_id),
                self.keys.story_of(loc.slice_no, loc.internal_id),
            ]
            args += [self._slot(loc.internal_id), loc.internal_id]
        replies = self._fetch_script(keys=keys, args=args) if order else []
        fetched = {}
        for n, loc in enumerate(order):
            packed, raw, story, original = replies[4 * n : 4 * n + 4]
            if raw is None or len(packed) != width:  # deleted, expired, or half-written
                continue
            signature = unpack_signatures(packed, self.params.num_perm)[0]
            fetched[loc] = (
                Record.loads(raw),
                signature,
                None if story is None else int(story),
                None if original is None else original.decode(),
            )
        return fetched

    @rerouted
    def get(self, external_id: str) -> tuple[Record, int | None] | None:
        """The stored record of an article and its story number, or None if unknown."""
        loc = self._locate_many([external_id])[0]
        if loc is None:
            return None
        record = self._records([loc]).get(loc)
        if record is None:
            return None
        story = self.redis.hget(self.keys.story_of(loc.slice_no, loc.internal_id), loc.internal_id)
        return record, None if story is None else self.stories.resolve(int(story))

    @rerouted
    def text(self, external_id: str) -> str | None:
        """The stored text of an article, or None if it is unknown or its text is not kept."""
        loc = self._locate_many([external_id])[0]
        if loc is None:
            return None
        packed = self.redis.hget(self.keys.text(loc.slice_no, loc.internal_id), loc.internal_id)
        return None if packed is None else unpack_text(packed)  # type: ignore[arg-type]

    def _locate_many(self, external_ids: Sequence[str]) -> list[Located | None]:
        """Where each external id lives (the newest slice first), or None: one HMGET per
        id-map hash a slice's ids fall in (a batch of 10,000 reads some 1,000 hashes, not
        10,000 fields one by one)."""
        live = self.settings.retention.live_slices(self.clock())[::-1]
        shards: dict[str, list[str]] = {}
        for external_id in dict.fromkeys(external_ids):
            shards.setdefault(ids_suffix(external_id), []).append(external_id)
        pipe = self.redis.pipeline(transaction=False)
        asked: list[tuple[int, list[str]]] = []
        for slice_no in live:
            prefix = self.keys.slice_prefix(slice_no)
            for suffix, members in shards.items():
                pipe.hmget(prefix + suffix, members)
                asked.append((slice_no, members))
        replies = pipe.execute() if shards else []
        found: dict[str, Located] = {}
        for (slice_no, members), values in zip(asked, replies, strict=True):
            for external_id, value in zip(members, values, strict=True):
                if value is not None and external_id not in found:  # the newest slice wins
                    found[external_id] = Located(slice_no, int(value))
        return [found.get(external_id) for external_id in external_ids]

    def _records(self, located: Sequence[Located]) -> dict[Located, Record]:
        pipe = self.redis.pipeline(transaction=False)
        for loc in located:
            pipe.hget(self.keys.metadata(loc.slice_no, loc.internal_id), str(loc.internal_id))
        replies = pipe.execute() if located else []
        return {loc: Record.loads(raw) for loc, raw in zip(located, replies, strict=True) if raw}

    # --- deleting --------------------------------------------------------------------

    @rerouted
    def delete(self, external_id: str) -> bool:
        """Remove every trace of an article; False if it was not indexed."""
        loc = self._locate_many([external_id])[0]
        if loc is None:
            return False
        record = self._records([loc]).get(loc)
        self._erase(loc)
        self.redis.hdel(self.keys.ids(loc.slice_no, external_id), external_id)
        return record is not None

    def _erase(self, loc: Located) -> None:
        """Remove one stored version: bucket entries, signature, record, story place."""
        width = 2 * self.params.num_perm
        slab = self.keys.signatures(loc.slice_no, loc.internal_id)
        slot = self._slot(loc.internal_id)
        packed: bytes = self.redis.getrange(slab, slot, slot + width - 1)  # type: ignore[assignment]
        record = self._records([loc]).get(loc)
        story = self.redis.hget(self.keys.story_of(loc.slice_no, loc.internal_id), loc.internal_id)
        if len(packed) == width:
            sig16 = unpack_signatures(packed, self.params.num_perm)
            groups, entries = self.layout.place(sig16, np.array([loc.internal_id], np.int64))
            keys = [self.keys.bucket(loc.slice_no, b, int(g)) for b, g in enumerate(groups[0])]
            self._remove(keys=keys, args=[int(e).to_bytes(4, "big") for e in entries[0]])
        pipe = self.redis.pipeline(transaction=True)
        pipe.setrange(slab, slot, b"\0" * width)
        pipe.hdel(self.keys.metadata(loc.slice_no, loc.internal_id), loc.internal_id)
        pipe.hdel(self.keys.story_of(loc.slice_no, loc.internal_id), loc.internal_id)
        pipe.hdel(self.keys.text(loc.slice_no, loc.internal_id), loc.internal_id)
        pipe.srem(self.keys.pending(loc.slice_no), loc.internal_id)
        if story is not None and record is not None:
            pipe.zrem(self.keys.story(self.stories.resolve(int(story))), record.id)
        pipe.execute()
