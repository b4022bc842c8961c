from dataclasses import replace
from pathlib import Path

import pytest
from factories import make_article

from wirecopy.fingerprint import fingerprint
from wirecopy.live import LiveIndex, Retention, Settings, connect
from wirecopy.live.connection import RedisUnavailableError, embedded_url


def test_with_no_url_an_embedded_redis_serves_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WIRECOPY_REDIS_URL", raising=False)
    client = connect(None, data_dir=tmp_path)
    assert embedded_url(client).startswith("unix://")
    settings = Settings(retention=Retention(window_seconds=30 * 86400))
    index = LiveIndex(client, "quickstart", settings=settings)
    wire_a, wire_b = make_article(published_at=None), make_article(published_at=None)
    index.add([wire_a, wire_b])
    bridge = replace(wire_a, id="roundup", text=wire_a.text + "\n\n" + wire_b.text)
    (merged,) = index.add([bridge])  # merging stories runs every script path
    story = index.story(merged.story)  # type: ignore[arg-type]
    assert story is not None
    assert {i for i, _ in story.members} == {wire_a.id, wire_b.id, "roundup"}
    found = [m.id for m in index.query(fingerprint(wire_a.text, index.params))]
    assert found[0] == wire_a.id
    assert index.delete("roundup") is True
    assert connect(None, data_dir=tmp_path) is client  # one server per folder


def test_an_unreachable_url_says_what_to_fix() -> None:
    with pytest.raises(RedisUnavailableError, match="WIRECOPY_REDIS_URL"):
        connect("redis://127.0.0.1:1/0")
