"""The compare routes: two stored ids, two posted texts, and the page, on a real Redis."""

import re
import uuid
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
import redis
from factories import make_article, rewrite
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import ServiceSettings, new_key
from wirecopy.articles import Article
from wirecopy.live import LiveIndex, Settings
from workers.stream import StreamNames


@pytest.fixture
def key_and_app(redis_client: redis.Redis, tenant: str) -> Iterator[tuple[str, TestClient]]:
    key, line = new_key(tenant)
    tenant_name, digest = line.split(":")
    settings = ServiceSettings(keys={digest: tenant_name}, max_text_chars=20_000)
    app = create_app(settings, redis_client, StreamNames(f"test-{uuid.uuid4().hex[:12]}:ingest"))
    with TestClient(app) as client:
        yield key, client


@pytest.fixture
def stored(redis_client: redis.Redis, tenant: str) -> tuple[Article, Article]:
    wire = make_article(7)  # a fixed story: the drawn one must not hang on the test order
    copy = rewrite(wire, "quotes_only", seed=3)
    LiveIndex(redis_client, tenant).add([wire, copy])
    return wire, copy


def ok(client: TestClient, key: str, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    """The JSON body of a request made with the key, which must answer 200."""
    answer = client.request(method, path, headers={"Authorization": f"Bearer {key}"}, **kwargs)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def bigrams(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"\w+", text.casefold())
    return set(pairwise(words))


def test_two_stored_ids_give_scores_and_passages_at_their_offsets(
    key_and_app: tuple[str, TestClient], stored: tuple[Article, Article]
) -> None:
    key, client = key_and_app
    wire, copy = stored
    body = ok(client, key, "GET", "/v1/compare", params={"a": wire.id, "b": copy.id})
    assert (body["a"], body["b"], body["relation"]) == (wire.id, copy.id, "partial")
    assert body["passages"]
    for p in body["passages"]:
        a_pairs = bigrams(wire.text[p["a_start"] : p["a_end"]])
        b_pairs = bigrams(copy.text[p["b_start"] : p["b_end"]])
        assert a_pairs & b_pairs  # the offsets point at text the two share
    assert 0 < body["coverage_a"] < 0.5


def test_two_posted_texts_are_compared_and_not_stored(
    key_and_app: tuple[str, TestClient], redis_client: redis.Redis, tenant: str
) -> None:
    key, client = key_and_app
    wire = make_article()
    copy = rewrite(wire, "light", seed=1)
    body = ok(client, key, "POST", "/v1/compare", json={"text_a": wire.text, "text_b": copy.text})
    assert body["relation"] == "rewrite"
    assert body["a"] is None
    assert body["coverage_b"] > 0.9
    assert LiveIndex(redis_client, tenant).get(wire.id) is None


@pytest.mark.parametrize(
    ("request_args", "status", "detail"),
    [
        (("get", "/v1/compare", {"params": {"a": "ghost", "b": "ghost"}}), 404, "no article"),
        (("get", "/v1/compare", {"params": {"a": "x"}}), 422, "fix these fields"),
        (
            ("post", "/v1/compare", {"json": {"text_a": " ", "text_b": "x"}}),
            422,
            "`text_a` is empty",
        ),
        (("post", "/v1/compare", {"json": {"text_a": "x" * 20_001, "text_b": "x"}}), 413, "limit"),
        (("get", "/compare", {"params": {"a": "ghost", "b": "ghost"}}), 404, "no article"),
        (("get", "/compare", {"params": {"a": "ghost"}}), 422, "give both articles"),
    ],
)
def test_bad_requests_are_problems_that_say_what_to_fix(
    key_and_app: tuple[str, TestClient],
    request_args: tuple[str, str, dict[str, object]],
    status: int,
    detail: str,
) -> None:
    key, client = key_and_app
    method, path, kwargs = request_args
    answer = client.request(method.upper(), path, headers={"Authorization": f"Bearer {key}"},
                            **kwargs)  # type: ignore[arg-type]  # fmt: skip
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    assert detail in answer.json()["detail"]


def test_an_article_indexed_without_its_text_cannot_be_compared_by_id(
    key_and_app: tuple[str, TestClient], redis_client: redis.Redis, tenant: str
) -> None:
    key, client = key_and_app
    article = make_article()
    LiveIndex(redis_client, tenant, settings=Settings(keep_text=False)).add([article])
    answer = client.get(
        "/v1/compare", params={"a": article.id, "b": article.id},
        headers={"Authorization": f"Bearer {key}"},
    )  # fmt: skip
    assert answer.status_code == 404
    assert "indexed without its text" in answer.json()["detail"]


def test_the_page_takes_the_key_in_the_query_or_the_header(
    key_and_app: tuple[str, TestClient], stored: tuple[Article, Article]
) -> None:
    key, client = key_and_app
    wire, copy = stored
    ids = {"a": wire.id, "b": copy.id}
    by_query = client.get("/compare", params={**ids, "key": key})
    by_header = client.get("/compare", params=ids, headers={"Authorization": f"Bearer {key}"})
    assert by_query.status_code == by_header.status_code == 200
    assert by_query.headers["content-type"].startswith("text/html")
    assert by_query.text == by_header.text
    assert '<mark class="p0"' in by_query.text
    assert client.get("/compare", params=ids).status_code == 401
    assert client.get("/compare", params={**ids, "key": "wck_wrong"}).status_code == 401


def test_the_page_is_not_in_the_api_schema(key_and_app: tuple[str, TestClient]) -> None:
    _, client = key_and_app
    paths = client.get("/openapi.json").json()["paths"]
    assert "/v1/compare" in paths
    assert "/compare" not in paths
