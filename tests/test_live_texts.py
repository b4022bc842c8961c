"""Article texts in the live index: stored compressed with the article, gone with it."""

import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime

import redis
import zstandard
from factories import make_article
from hypothesis import given
from hypothesis import strategies as st

from wirecopy.live import LiveIndex, Retention, Settings
from wirecopy.live.texts import pack_text, unpack_text

DAY = 86400.0


def text_keys(client: redis.Redis, index: LiveIndex) -> list[bytes]:
    return [k for k in client.scan_iter(match=index.keys.pattern(), count=1000) if b":tx:" in k]


@given(st.text())
def test_any_text_survives_packing(text: str) -> None:
    assert unpack_text(pack_text(text)) == text


def test_packed_text_is_zstandard_compressed_utf8() -> None:
    text = make_article().text
    packed = pack_text(text)
    assert zstandard.ZstdDecompressor().decompress(packed) == text.encode("utf-8")
    assert len(packed) < len(text.encode("utf-8"))


def test_texts_stored_zlib_compressed_by_earlier_versions_are_still_read() -> None:
    text = make_article().text + " Ça va…"
    assert unpack_text(zlib.compress(text.encode("utf-8"), 6)) == text


def test_threads_packing_at_once_each_get_their_own_text_back() -> None:
    texts = [make_article(n).text for n in range(8)]

    def round_trip(text: str) -> bool:
        return all(unpack_text(pack_text(text)) == text for _ in range(50))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(round_trip, texts * 4))


def test_an_indexed_article_gives_back_its_text_exactly(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant)
    article = replace(make_article(), text=make_article().text.replace("\n", "\r\n") + " Ça va…")
    index.add([article, make_article()])
    assert index.text(article.id) == article.text
    assert index.text("never-indexed") is None
    assert len(text_keys(redis_client, index)) == 1  # one hash shard holds both


def test_a_replaced_article_keeps_only_its_new_text_and_delete_removes_it(
    redis_client: redis.Redis, tenant: str
) -> None:
    index = LiveIndex(redis_client, tenant)
    article = make_article()
    index.add([article])
    changed = replace(article, text=article.text + "\n\nA correction was added.")
    assert index.add([changed])[0].status == "replaced"
    assert index.text(article.id) == changed.text
    shard = text_keys(redis_client, index)[0]
    assert redis_client.hlen(shard) == 1
    assert index.delete(article.id)
    assert index.text(article.id) is None
    assert text_keys(redis_client, index) == []


def test_text_keeping_can_be_turned_off(redis_client: redis.Redis, tenant: str) -> None:
    index = LiveIndex(redis_client, tenant, settings=Settings(keep_text=False))
    article = make_article()
    index.add([article])
    assert index.get(article.id) is not None
    assert index.text(article.id) is None
    assert text_keys(redis_client, index) == []
    assert LiveIndex(redis_client, tenant).settings.keep_text is False  # stored with the index


def test_texts_expire_with_their_retention_slice(redis_client: redis.Redis, tenant: str) -> None:
    now = time.time()
    settings = Settings(retention=Retention(window_seconds=8 * DAY))
    index = LiveIndex(redis_client, tenant, settings=settings, clock=lambda: now)
    article = replace(make_article(), published_at=datetime.fromtimestamp(now - DAY, UTC))
    index.add([article])
    (shard,) = text_keys(redis_client, index)
    expiry = settings.retention.expires_at(settings.retention.slice_of(now - DAY))
    assert redis_client.expiretime(shard) == expiry
