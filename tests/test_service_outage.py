"""The API while its Redis is stopped and started again: 503 with Retry-After, then back by
itself, and every article answered 202 indexed in the end."""

import time

from api_helpers import body, drain_in_background
from factories import make_article
from fastapi.testclient import TestClient
from redis_server import RedisServer

from service.app import create_app
from service.settings import ServiceSettings
from wirecopy.live import connect
from workers.stream import StreamNames


def status_of(api: TestClient, article_id: str, within: float = 10.0) -> str:
    deadline = time.monotonic() + within
    while True:
        status = api.get(f"/v1/articles/{article_id}").json().get("status", "?")
        if status == "indexed" or time.monotonic() > deadline:
            return str(status)
        time.sleep(0.05)


def test_a_redis_restart_answers_503_with_retry_after_and_loses_no_accepted_article(
    private_redis: RedisServer,
) -> None:
    settings = ServiceSettings(open_for_development=True, wait_seconds=5.0)
    client = connect(private_redis.url, fail_fast=True)
    names = StreamNames()
    app = create_app(settings, client, names, background=drain_in_background(names))
    before, during, after = make_article(), make_article(), make_article()
    with TestClient(app) as api:
        assert api.post("/v1/articles", json=body(before)).status_code == 202
        private_redis.stop()
        started = time.monotonic()
        away = api.post("/v1/articles", json=body(during))
        assert away.status_code == 503, away.text
        assert away.headers["retry-after"] == "1"
        assert "send the request again" in away.json()["detail"]
        assert time.monotonic() - started < 3  # refused at once, not held while Redis is away
        assert api.post("/v1/similarity", json={"text": during.text}).status_code == 503
        assert api.get("/readyz").status_code == 503
        private_redis.start()
        assert api.post("/v1/articles", json=body(after)).status_code == 202
        assert status_of(api, before.id) == "indexed"
        assert status_of(api, after.id) == "indexed"
        assert api.get(f"/v1/articles/{during.id}").status_code == 404  # refused, not half-kept
