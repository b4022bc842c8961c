"""The HTTP API over HTTP (FastAPI's TestClient), against a real Redis."""

import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
import redis
from api_helpers import body, drain_in_background
from factories import make_article, rewrite
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import ServiceSettings, SettingsError, new_key
from workers.stream import StreamNames


@pytest.fixture
def names(redis_client: redis.Redis) -> Iterator[StreamNames]:
    stream = StreamNames(f"test-{uuid.uuid4().hex[:12]}:ingest")
    yield stream
    keys = list(redis_client.scan_iter(match=f"{stream.tag}*"))
    if keys:
        redis_client.delete(*keys)


@pytest.fixture
def key_and_settings(tenant: str) -> tuple[str, ServiceSettings]:
    key, line = new_key(tenant)
    tenant_name, digest = line.split(":")
    return key, ServiceSettings(keys={digest: tenant_name}, wait_seconds=5.0)


@pytest.fixture
def api(
    redis_client: redis.Redis, names: StreamNames, key_and_settings: tuple[str, ServiceSettings]
) -> Iterator[TestClient]:
    key, settings = key_and_settings
    app = create_app(settings, redis_client, names, background=drain_in_background(names))
    with TestClient(app, headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


def test_the_seeds_scenario_rewrites_and_partial_copies(api: TestClient) -> None:
    """Three rewrites of one wire story and two same-event reports sharing a quote or two:
    the report on one rewrite lists the other two as rewrites and the rest as partial."""
    wire = make_article(9001)  # fixed stories: the estimated scores are the same every run
    light, heavy = rewrite(wire, "light", 1), rewrite(wire, "heavy", 2)
    borrowed = wire.text.split(". ")[4]  # a passage of the wire copy, some 40 words
    reports = [
        replace(a, text=a.text + "\n\n" + borrowed)
        for a in (make_article(9002), make_article(9003))
    ]
    stored = [wire, light, heavy, *reports]
    reply = api.post("/v1/articles/batch?wait=true", json={"articles": [body(a) for a in stored]})
    assert reply.status_code == 200, reply.text
    report = api.get(f"/v1/articles/{light.id}").json()
    found = {m["id"]: m["relation"] for m in report["matches"]}
    assert found == {
        wire.id: "rewrite", heavy.id: "rewrite",
        reports[0].id: "partial", reports[1].id: "partial",
    }  # fmt: skip
    assert report["story"]["original"] == wire.id
    story = api.get(report["story"]["url"]).json()
    assert [m["id"] for m in story["members"]][:1] == [wire.id]
    assert {m["id"] for m in story["members"]} == {wire.id, light.id, heavy.id}
    assert story["members"][0]["relation"] == "original"
    by_text = api.post("/v1/similarity", json={"text": light.text}).json()
    assert by_text["story"]["original"] == wire.id


def test_similarity_with_store_indexes_the_article(api: TestClient) -> None:
    wire = make_article()
    first = api.post("/v1/similarity?store=true", json=body(wire)).json()
    assert first["stored"] is True
    assert first["matches"] == []
    copy = rewrite(wire, "light", 1)
    second = api.post("/v1/similarity", json={"text": copy.text}).json()
    assert [m["id"] for m in second["matches"]] == [wire.id]
    article = api.get(f"/v1/articles/{wire.id}").json()
    assert article["status"] == "indexed"
    assert article["title"] == wire.title


def test_an_article_queued_is_indexed_then_can_be_deleted(api: TestClient) -> None:
    wire = make_article()
    queued = api.post("/v1/articles", json=body(wire))
    assert queued.status_code == 202
    assert queued.json()["status_urls"] == [f"/v1/articles/{wire.id}"]
    waited = api.post("/v1/articles?wait=true", json=body(rewrite(wire, "light", 1)))
    assert waited.status_code == 200
    assert waited.json()["matches"][0]["id"] == wire.id
    assert api.delete(f"/v1/articles/{wire.id}").status_code == 204
    assert api.get(f"/v1/articles/{wire.id}").status_code == 404
    assert api.delete(f"/v1/articles/{wire.id}").status_code == 404


def test_an_article_still_queued_is_not_deleted_behind_the_workers_back(
    redis_client: redis.Redis, names: StreamNames, key_and_settings: tuple[str, ServiceSettings]
) -> None:
    """Found by the stateful schemathesis run: DELETE of a queued article answered 404,
    "no article", and a worker indexed it afterwards all the same."""
    key, settings = key_and_settings
    app = create_app(settings, redis_client, names)  # no worker: the article stays queued
    with TestClient(app, headers={"Authorization": f"Bearer {key}"}) as client:
        wire = make_article()
        assert client.post("/v1/articles", json=body(wire)).status_code == 202
        refused = client.delete(f"/v1/articles/{wire.id}")
        assert refused.status_code == 409
        assert "still queued" in refused.json()["detail"]
        assert client.get(f"/v1/articles/{wire.id}").json()["status"] == "queued"
        assert client.delete("/v1/articles/never-sent").status_code == 404


def test_an_indexed_article_with_a_newer_version_queued_is_not_deleted(
    redis_client: redis.Redis, names: StreamNames, key_and_settings: tuple[str, ServiceSettings]
) -> None:
    """Found by the stateful schemathesis run: an article stored by /v1/similarity, then
    sent again to the queue, was deleted from the index (204) and still read `queued`, so a
    worker would have indexed it again after its delete."""
    key, settings = key_and_settings
    app = create_app(settings, redis_client, names)  # no worker: the new version stays queued
    with TestClient(app, headers={"Authorization": f"Bearer {key}"}) as client:
        wire = make_article()
        assert client.post("/v1/similarity?store=true", json=body(wire)).status_code == 200
        assert client.post("/v1/articles", json=body(wire)).status_code == 202
        refused = client.delete(f"/v1/articles/{wire.id}")
        assert refused.status_code == 409
        assert "still queued" in refused.json()["detail"]
        assert client.get(f"/v1/articles/{wire.id}").json()["status"] == "indexed"


@pytest.mark.parametrize(
    ("payload", "headers", "status", "says"),
    [
        (b'{"text": "unterminated', {}, 400, "not valid JSON"),
        (b"\xff\xfe not utf-8", {}, 400, "not valid JSON"),
        (b'{"text": "   "}', {}, 422, "empty or only whitespace"),
        (b'{"title": "no text"}', {}, 422, "text"),
        (b'{"text": "Storm.", "published_at": "yesterday"}', {}, 422, "published_at"),
        (b'{"text": "Storm."}', {"Content-Type": "text/plain"}, 415, "application/json"),
        (b"[1, 2]", {}, 422, "fix these fields"),
    ],
)
def test_bad_input_gets_a_problem_that_says_what_to_fix(
    api: TestClient, payload: bytes, headers: dict[str, str], status: int, says: str
) -> None:
    reply = api.post(
        "/v1/similarity", content=payload, headers={"Content-Type": "application/json", **headers}
    )
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"] == "application/problem+json"
    problem = reply.json()
    assert problem["status"] == status
    assert says in problem["detail"]


def test_text_over_the_limit_and_bodies_over_the_limit_are_refused(
    redis_client: redis.Redis, names: StreamNames, key_and_settings: tuple[str, ServiceSettings]
) -> None:
    key, settings = key_and_settings
    small = replace(settings, max_text_chars=100, max_body_bytes=2_000)
    with TestClient(create_app(small, redis_client, names)) as client:
        auth = {"Authorization": f"Bearer {key}"}
        text = client.post("/v1/similarity", json={"text": "word " * 50}, headers=auth)
        assert text.status_code == 413
        assert "100" in text.json()["detail"]
        huge = client.post("/v1/similarity", json={"text": "w" * 5_000}, headers=auth)
        assert huge.status_code == 413
        assert "2,000 bytes" in huge.json()["detail"]
        chunked = client.post(  # no Content-Length: the body is counted as it arrives
            "/v1/similarity",
            content=(b'{"text": "' + b"w" * 500 for _ in range(10)),
            headers={**auth, "Content-Type": "application/json"},
        )
        assert chunked.status_code == 413
        assert "2,000 bytes" in chunked.json()["detail"]
        fits = client.post(
            "/v1/similarity",
            content=(part for part in (b'{"text": "Harbour ', b'cranes idle."}')),
            headers={**auth, "Content-Type": "application/json"},
        )
        assert fits.status_code == 200, fits.text


def test_a_request_without_a_known_key_is_refused(api: TestClient) -> None:
    bare = api.post("/v1/similarity", json={"text": "Storm."}, headers={"Authorization": ""})
    assert bare.status_code == 401
    assert "Bearer" in bare.json()["detail"]
    wrong = api.post(
        "/v1/similarity", json={"text": "Storm."}, headers={"Authorization": "Bearer x"}
    )
    assert wrong.status_code == 401
    assert "unknown" in wrong.json()["detail"]


def test_tenants_see_only_their_own_articles(
    api: TestClient, redis_client: redis.Redis, names: StreamNames, tenant: str
) -> None:
    article = make_article()
    api.post("/v1/similarity?store=true", json=body(article))
    other_key, line = new_key(tenant + "-b")
    other_tenant, digest = line.split(":")
    settings = ServiceSettings(keys={digest: other_tenant})
    try:
        with TestClient(create_app(settings, redis_client, names)) as other:
            auth = {"Authorization": f"Bearer {other_key}"}
            report = other.post("/v1/similarity", json={"text": article.text}, headers=auth)
            assert report.json()["matches"] == []
            assert other.get(f"/v1/articles/{article.id}", headers=auth).status_code == 404
    finally:
        from conftest import delete_namespace

        delete_namespace(redis_client, other_tenant)


def test_unknown_ids_and_paths_are_404_problems(api: TestClient) -> None:
    assert api.get("/v1/stories/999999").json()["status"] == 404
    missing = api.get("/v2/nothing")
    assert missing.status_code == 404
    assert "/v1" in missing.json()["detail"]


def test_health_readiness_and_metrics(api: TestClient) -> None:
    assert api.get("/healthz").json() == {"status": "ok"}
    assert api.get("/readyz").status_code == 200  # the in-process worker beats
    api.post("/v1/similarity", json={"text": make_article().text})
    metrics = api.get("/metrics").text
    assert 'wirecopy_requests_total{method="POST",route="/v1/similarity",status="200"}' in metrics
    assert "wirecopy_queue_depth" in metrics


def test_the_service_refuses_to_start_open_except_on_loopback() -> None:
    with pytest.raises(SettingsError, match="WIRECOPY_API_KEYS"):
        ServiceSettings().check("0.0.0.0")
    with pytest.raises(SettingsError, match="loopback"):
        ServiceSettings(open_for_development=True).check("0.0.0.0")
    ServiceSettings(open_for_development=True).check("127.0.0.1")
