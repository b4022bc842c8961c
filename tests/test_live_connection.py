from pathlib import Path

import pytest
from factories import make_article

from wirecopy.fingerprint import fingerprint
from wirecopy.live import LiveIndex, connect
from wirecopy.live.connection import RedisUnavailableError, embedded_url


def test_with_no_url_an_embedded_redis_serves_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WIRECOPY_REDIS_URL", raising=False)
    client = connect(None, data_dir=tmp_path)
    assert embedded_url(client).startswith("unix://")
    index = LiveIndex(client, "quickstart")
    article = make_article()
    index.add([article])
    assert [m.id for m in index.query(fingerprint(article.text, index.params))] == [article.id]
    assert connect(None, data_dir=tmp_path) is client  # one server per folder


def test_an_unreachable_url_says_what_to_fix() -> None:
    with pytest.raises(RedisUnavailableError, match="WIRECOPY_REDIS_URL"):
        connect("redis://127.0.0.1:1/0")
