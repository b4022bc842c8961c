"""Two writers of the same articles at once (a worker still busy with a batch another has
claimed as stale): the articles are written once, each in one story."""

from collections.abc import Sequence

import pytest
import redis
from factories import make_article, make_brief, rewrite

from wirecopy.live import LiveIndex
from wirecopy.live.namespace import Located


def bucket_bytes(client: redis.Redis, index: LiveIndex) -> int:
    keys = [k for k in client.scan_iter(match=index.keys.pattern(), count=1000) if b":g" in k]
    return sum(client.strlen(k) for k in keys)


def story_memberships(client: redis.Redis, index: LiveIndex) -> int:
    keys = client.scan_iter(match=f"{index.keys.pattern()[:-1]}story:*", count=1000)
    return sum(client.zcard(k) for k in keys if k.rsplit(b":", 1)[1].isdigit())


@pytest.mark.parametrize("second", ["writes", "links"])
def test_a_batch_written_by_another_worker_meanwhile_is_not_written_twice(
    redis_client: redis.Redis, tenant: str, second: str
) -> None:
    wire = make_article(930_000)
    articles = [wire, rewrite(wire, "light", 1), *(make_brief(930_000 + n) for n in range(5))]
    slow, fast = LiveIndex(redis_client, tenant), LiveIndex(redis_client, tenant)
    locate = slow._locate_many

    def located_then_overtaken(ids: Sequence[str]) -> list[Located | None]:
        found = locate(ids)
        slow._locate_many = locate  # type: ignore[method-assign]
        if second == "writes":  # the other worker writes and links the batch in between
            fast.add(articles)
        return found

    if second == "links":  # the slow one writes; the other links before it does
        link_all = slow._link_all

        def overtaken_before_linking(*args, **kwargs):  # type: ignore[no-untyped-def]
            slow._link_all = link_all  # type: ignore[method-assign]
            fast.add(articles)
            return link_all(*args, **kwargs)

        slow._link_all = overtaken_before_linking  # type: ignore[method-assign]
    else:
        slow._locate_many = located_then_overtaken  # type: ignore[method-assign]
    outcomes = slow.add(articles)
    assert bucket_bytes(redis_client, slow) == len(articles) * 256 * 4  # each once
    assert story_memberships(redis_client, slow) == len(articles)  # each in one story
    number = slow.get(wire.id)[1]  # type: ignore[index]
    assert slow.get(articles[1].id)[1] == number  # type: ignore[index]
    assert {o.story for o in outcomes[:2]} == {number}
