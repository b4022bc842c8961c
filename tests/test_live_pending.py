"""A writer that dies between an article's record and its last bucket entry: the article is
left pending, and the next writer of it (the worker that claims its message) appends the
entries it misses, so it is found, and held once, like any other."""

from typing import Any

import pytest
import redis
from factories import make_article, make_brief, rewrite

from wirecopy.fingerprint import fingerprint
from wirecopy.live import LiveIndex
from wirecopy.live import layout as layout_module


class WorkerDiedError(Exception):
    """Stands in for SIGKILL: the writer stops where it is."""


def bucket_bytes(client: redis.Redis, index: LiveIndex) -> int:
    keys = [k for k in client.scan_iter(match=index.keys.pattern(), count=1000) if b":g" in k]
    return sum(client.strlen(k) for k in keys)


def dying_after(index: LiveIndex, calls: int) -> None:
    """Make `index` die after `calls` entry-appending script calls."""
    append, made = index._append, [0]

    def append_then_die(*args: Any, **kwargs: Any) -> Any:
        if made[0] == calls:
            raise WorkerDiedError
        made[0] += 1
        return append(*args, **kwargs)

    index._append = append_then_die  # type: ignore[assignment]


@pytest.mark.parametrize("calls_before_death", [0, 2])
def test_an_article_left_pending_is_completed_by_its_next_writer(
    redis_client: redis.Redis,
    tenant: str,
    calls_before_death: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(layout_module, "BUCKETS_PER_CALL", 300)  # several calls a batch
    wire = make_article(940_000)
    batch = [wire, *(make_brief(940_000 + n) for n in range(4))]
    first = LiveIndex(redis_client, tenant)
    dying_after(first, calls_before_death)
    with pytest.raises(WorkerDiedError):
        first.add(batch)
    pending = first.keys.pending(0)
    assert redis_client.scard(pending) == len(batch)  # records written, entries not all
    if calls_before_death == 0:  # no entry in any bucket: not found yet
        assert first.query(fingerprint(wire.text, first.params)) == []

    again = LiveIndex(redis_client, tenant)
    outcomes = again.add(batch)
    assert [o.status for o in outcomes] == ["unchanged"] * len(batch)
    assert all(o.story is not None for o in outcomes)
    assert redis_client.scard(pending) == 0
    copy = rewrite(wire, "light", 1)
    [linked] = again.add([copy])
    assert linked.story == outcomes[0].story  # the wire is found through its buckets
    assert [m.id for m in again.query(fingerprint(wire.text, again.params))][:2] == [
        wire.id,
        copy.id,
    ]
    assert bucket_bytes(redis_client, again) == (len(batch) + 1) * 256 * 4  # none twice
    for article in [*batch, copy]:
        assert again.delete(article.id)
    assert bucket_bytes(redis_client, again) == 0


def test_an_article_written_whole_leaves_nothing_pending(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant)
    batch = [make_brief(941_000 + n) for n in range(3)]
    index.add(batch)
    assert not redis_client.exists(index.keys.pending(0))
    assert [o.status for o in index.add(batch)] == ["unchanged"] * 3
    assert bucket_bytes(redis_client, index) == 3 * 256 * 4  # nothing appended again
