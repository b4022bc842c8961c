"""The FastAPI application: versioned routes under /v1, health, readiness and metrics.

Endpoints are plain functions (FastAPI runs them in its thread pool), since Redis and the
fingerprint kernels block. Each request's tenant comes from its API key.
"""

import hmac
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import anyio
import redis
from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.responses import PlainTextResponse
from prometheus_client import generate_latest
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from service import problems
from service.alerts_routes import add_alerts_routes
from service.body_guard import body_guard
from service.compare_routes import add_compare_routes
from service.key_store import KeyChecker
from service.metrics import Metrics
from service.models import (
    ArticleIn,
    ArticleOut,
    BatchIn,
    MatchOut,
    MemberOut,
    Queued,
    SimilarityReport,
    StoryOut,
    StoryRef,
    problem_responses,
)
from service.problems import ProblemError
from service.settings import ServiceSettings, digest
from wirecopy import __version__
from wirecopy.articles import Article, parse_time
from wirecopy.errors import EmptyTextError, InputError
from wirecopy.fingerprint import Fingerprint, fingerprint
from wirecopy.live import LiveIndex, Match, connect
from wirecopy.live.connection import async_twin
from wirecopy.params import FingerprintParams
from wirecopy.relation import Relation
from workers.stream import StreamNames, enqueue
from workers.worker import healthy

DEV_TENANT = "default"


@dataclass
class Runtime:
    """What every request shares: Redis, the settings, the stream, one index per tenant."""

    client: redis.Redis
    settings: ServiceSettings
    names: StreamNames = field(default_factory=StreamNames)
    indexes: dict[str, LiveIndex] = field(default_factory=dict)
    keys: KeyChecker | None = None  # made in the lifespan: its client lives on the event loop

    def index(self, tenant: str) -> LiveIndex:
        if tenant not in self.indexes:
            self.indexes[tenant] = LiveIndex(self.client, tenant)
        return self.indexes[tenant]


def create_app(
    settings: ServiceSettings,
    client: redis.Redis | None = None,
    names: StreamNames | None = None,
    background: Callable[[Runtime], Callable[[], None]] | None = None,
) -> FastAPI:
    """The application; `background`, if given, starts work (an in-process worker) and
    returns the function that stops it."""
    runtime = Runtime(
        client or connect(settings.redis_url, fail_fast=True), settings, names or StreamNames()
    )
    metrics = Metrics(runtime.client, runtime.names)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Requests are CPU-bound Python: two threads per process keep Redis round trips
        # overlapped without a GIL convoy (40 threads made p99 ten times p50).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        fingerprint("Load the compiled kernels now, not on the first request.", FingerprintParams())
        on_loop = async_twin(runtime.client)
        runtime.keys = KeyChecker(on_loop, settings.rate_limit, settings.rate_burst)
        stop = background(runtime) if background else None
        yield
        if stop:
            stop()
        await on_loop.aclose()

    app = FastAPI(
        title="wirecopy",
        version=__version__,
        description="Which stored stories are rewrites of the same wire copy, how much of "
        "each was copied, and which article is the original.",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    problems.install(app)
    app.add_middleware(_Wrapped, wrap=body_guard(settings.max_body_bytes))
    app.add_middleware(_Wrapped, wrap=metrics.middleware)

    async def tenant_of(request: Request) -> str:
        # async: FastAPI runs a plain function dependency in the thread pool, a hop that
        # costs about 0.4 ms of CPU on every request
        header = request.headers.get("authorization", "")
        scheme, _, key = header.partition(" ")
        if not settings.keys and settings.open_for_development:
            return DEV_TENANT
        if scheme.lower() != "bearer" or not key:
            raise ProblemError(401, "send your API key as `Authorization: Bearer <key>`")
        wanted = digest(key.strip())
        configured = next(
            (t for known, t in settings.keys.items() if hmac.compare_digest(known, wanted)), None
        )
        assert runtime.keys is not None, "the lifespan makes the key checker"
        check = await runtime.keys.check(wanted, configured)
        if check.tenant is None:
            raise ProblemError(
                401, "this API key is unknown or revoked: check it, or ask for a new one"
            )
        if check.wait_ms:
            seconds = max(1, math.ceil(check.wait_ms / 1000))
            raise ProblemError(
                429, f"this key is over its rate of {settings.rate_limit:g} requests a second "
                f"(bursts of {settings.rate_burst}): wait {seconds} s, then send fewer at once",
                headers={"Retry-After": str(seconds)},
            )  # fmt: skip
        return check.tenant

    tenant_dependency = Depends(tenant_of)
    _add_article_routes(app, runtime, metrics, tenant_dependency)
    _add_story_routes(app, runtime, tenant_dependency)
    _add_operations_routes(app, runtime, metrics)
    add_compare_routes(app, runtime, tenant_dependency)
    add_alerts_routes(app, runtime, tenant_dependency)
    return app


def _add_article_routes(
    app: FastAPI, runtime: Runtime, metrics: Metrics, tenant_dependency: Any
) -> None:
    settings = runtime.settings

    @app.post(
        "/v1/similarity", response_model=SimilarityReport, tags=["similarity"],
        responses=problem_responses(400, 401, 413, 415, 422, 503),
    )  # fmt: skip
    def similarity(
        body: ArticleIn,
        tenant: str = tenant_dependency,
        store: bool = Query(False, description="also index it"),
    ) -> SimilarityReport:
        """The report on an article, at once: what it copies and from which story."""
        index = runtime.index(tenant)
        article = _article(body, settings, need_id=store)
        fp = _fingerprint(article, index)
        if store:
            (outcome,) = index.add([article])
            metrics.articles.labels(tenant).inc()
            matches = index.matches_of(article.id) or []
            story = _story_ref(index, outcome.story)
        else:
            matches = index.query(fp)
            story = _joined_story(matches)
        return SimilarityReport(
            id=body.id, stored=store, matches=[MatchOut.of(m) for m in matches], story=story
        )

    @app.post(
        "/v1/articles", status_code=202, response_model=Queued | ArticleOut, tags=["articles"],
        responses={200: {"model": ArticleOut, "description": "indexed while waiting"},
                   **problem_responses(400, 401, 413, 415, 422, 503)},
    )  # fmt: skip
    def add_article(
        body: ArticleIn, response: Response, tenant: str = tenant_dependency,
        wait: bool = Query(False, description="wait (a bounded time) for the report"),
    ) -> Queued | ArticleOut:  # fmt: skip
        """Queue one article for the workers to index."""
        article = _article(body, settings, need_id=True)
        queued = _queue(runtime, tenant, [article])
        if wait and _wait(runtime, tenant, [article.id]):
            response.status_code = 200
            return _article_out(runtime, tenant, article.id)
        return queued

    @app.post(
        "/v1/articles/batch", status_code=202, response_model=Queued | list[ArticleOut],
        tags=["articles"],
        responses={200: {"model": list[ArticleOut], "description": "indexed while waiting"},
                   **problem_responses(400, 401, 413, 415, 422, 503)},
    )  # fmt: skip
    def add_articles(
        body: BatchIn, response: Response, tenant: str = tenant_dependency,
        wait: bool = Query(False, description="wait (a bounded time) for the reports"),
    ) -> Queued | list[ArticleOut]:  # fmt: skip
        """Queue many articles (up to the batch limit) for the workers to index."""
        if len(body.articles) > settings.max_batch:
            raise ProblemError(
                413, f"{len(body.articles)} articles in one batch, over the limit of "
                f"{settings.max_batch}: split it",
            )  # fmt: skip
        articles = [_article(a, settings, need_id=True) for a in body.articles]
        ids = [a.id for a in articles]
        if len(set(ids)) != len(ids):
            raise ProblemError(422, "the batch repeats an id: give each article its own id")
        queued = _queue(runtime, tenant, articles)
        if wait and _wait(runtime, tenant, ids):
            response.status_code = 200
            return [_article_out(runtime, tenant, i) for i in ids]
        return queued

    @app.get(
        "/v1/articles/{article_id}", response_model=ArticleOut, tags=["articles"],
        responses=problem_responses(401, 404, 422, 503),
    )  # fmt: skip
    def get_article(article_id: str, tenant: str = tenant_dependency) -> ArticleOut:
        """An article's status, metadata, story and matches."""
        return _article_out(runtime, tenant, article_id)

    @app.delete(
        "/v1/articles/{article_id}", status_code=204, tags=["articles"],
        responses=problem_responses(401, 404, 422, 503),
    )  # fmt: skip
    def delete_article(article_id: str, tenant: str = tenant_dependency) -> Response:
        """Remove an article and every trace of it from the index."""
        if not runtime.index(tenant).delete(article_id):
            raise ProblemError(404, f"no article {article_id!r} in this index: check the id")
        return Response(status_code=204)


def _add_story_routes(app: FastAPI, runtime: Runtime, tenant_dependency: Any) -> None:
    @app.get(
        "/v1/stories/{story_id}", response_model=StoryOut, tags=["stories"],
        responses=problem_responses(401, 404, 422, 503),
    )  # fmt: skip
    def get_story(story_id: int, tenant: str = tenant_dependency) -> StoryOut:
        """A story's members in time order, its original, and each member's scores."""
        index = runtime.index(tenant)
        story = index.story(story_id)
        if story is None:
            raise ProblemError(404, f"no story {story_id} in this index: check the number")
        original = story.original
        direct = {
            m.id: m for m in (index.matches_of(original, top=1_000) if original else []) or []
        }
        members = []
        for member_id, moment in story.members:
            match = direct.get(member_id)
            members.append(
                MemberOut(
                    id=member_id,
                    published_at=_time(moment),
                    relation="original" if member_id == original else "rewrite",
                    jaccard=match.jaccard if match else None,
                    containment_in_original=match.containment_in_match if match else None,
                    containment_of_original=match.containment_of_match if match else None,
                )
            )
        return StoryOut(id=story.number, original=original, members=members)


def _add_operations_routes(app: FastAPI, runtime: Runtime, metrics: Metrics) -> None:
    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """The process answers."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], responses=problem_responses(503))
    def readyz() -> JSONResponse:
        """Redis answers and a worker's heartbeat is fresh."""
        try:
            runtime.client.ping()
        except redis.RedisError as error:
            raise ProblemError(
                503, f"Redis does not answer ({error}): check WIRECOPY_REDIS_URL"
            ) from None
        if not healthy(runtime.client, runtime.names):
            raise ProblemError(503, "no worker has a fresh heartbeat: start `wirecopy worker`")
        return JSONResponse({"status": "ready"})

    @app.get("/metrics", response_class=PlainTextResponse, tags=["operations"])
    def prometheus() -> PlainTextResponse:
        """Prometheus metrics."""
        return PlainTextResponse(generate_latest(metrics.registry))


def app_from_env() -> FastAPI:
    """The application from the environment alone (for `uvicorn --factory` and workers)."""
    return create_app(ServiceSettings.from_env())


class _Wrapped:
    """Lets `app.add_middleware` take a function that wraps an ASGI app."""

    def __init__(self, app: ASGIApp, wrap: Callable[[ASGIApp], ASGIApp]) -> None:
        self.wrapped = wrap(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.wrapped(scope, receive, send)


def _article(body: ArticleIn, settings: ServiceSettings, *, need_id: bool) -> Article:
    if need_id and body.id is None:
        raise ProblemError(422, "an article to store needs an `id`: give it your own id")
    if not body.text.strip():
        raise ProblemError(422, "`text` is empty or only whitespace: send the article's body text")
    if len(body.text) > settings.max_text_chars:
        raise ProblemError(
            413, f"`text` has {len(body.text):,} characters, over the limit of "
            f"{settings.max_text_chars:,}: send only the article's body",
        )  # fmt: skip
    try:
        return Article(
            body.id or "query", body.text, body.title, body.source,
            parse_time(body.published_at), body.url,
        )  # fmt: skip
    except InputError as error:
        raise ProblemError(422, str(error)) from None


def _fingerprint(article: Article, index: LiveIndex) -> Fingerprint:
    try:
        return fingerprint(article.text, index.params)
    except EmptyTextError:
        raise ProblemError(
            422, "`text` has no words left after removing page debris: send the article body"
        ) from None


def _joined_story(matches: list[Match]) -> StoryRef | None:
    """The story an article would join: that of its most copied rewrite match."""
    joined = next((m for m in matches if m.relation == Relation.REWRITE), None)
    if joined is None or joined.story is None or joined.story_original is None:
        return None
    number = joined.story
    return StoryRef(id=number, original=joined.story_original, url=f"/v1/stories/{number}")


def _story_ref(index: LiveIndex, number: int | None) -> StoryRef | None:
    if number is None:
        return None
    number, original = index.story_original(number)
    if original is None:
        return None
    return StoryRef(id=number, original=original, url=f"/v1/stories/{number}")


def _queue(runtime: Runtime, tenant: str, articles: list[Article]) -> Queued:
    enqueue(runtime.client, tenant, articles, runtime.names)
    ids = [a.id for a in articles]
    return Queued(ids=ids, status_urls=[f"/v1/articles/{i}" for i in ids])


def _wait(runtime: Runtime, tenant: str, ids: list[str]) -> bool:
    """Wait until no id is queued any more, at most `wait_seconds`; True if so."""
    deadline = time.monotonic() + runtime.settings.wait_seconds
    key = runtime.names.queued(tenant)
    while time.monotonic() < deadline:
        if not any(runtime.client.hmget(key, ids)):
            return True
        time.sleep(0.02)
    return False


def _article_out(runtime: Runtime, tenant: str, article_id: str) -> ArticleOut:
    index = runtime.index(tenant)
    found = index.get(article_id)
    if found is not None:
        record, number = found
        matches = index.matches_of(article_id) or []
        return ArticleOut.indexed(record, _story_ref(index, number), matches)
    if runtime.client.hexists(runtime.names.queued(tenant), article_id):
        return ArticleOut(id=article_id, status="queued")
    error = runtime.client.hget(runtime.names.failed(tenant), article_id)
    if error is not None:
        reason = error.decode() if isinstance(error, bytes) else str(error)
        return ArticleOut(id=article_id, status="failed", error=reason)
    raise ProblemError(404, f"no article {article_id!r} in this index: check the id, or POST it")


def _time(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, UTC)
