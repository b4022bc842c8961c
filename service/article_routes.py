"""Articles: `POST /v1/similarity`, `POST /v1/articles` (one or a batch), `GET` and `DELETE`
`/v1/articles/{id}`. Plain functions (FastAPI runs them in its thread pool), except the
similarity report, which runs on the event loop.
"""

import time
from typing import Any

from fastapi import FastAPI, Query, Response
from starlette.concurrency import run_in_threadpool

from service.links import ARTICLE, link, to_article, to_story
from service.metrics import Metrics
from service.models import (
    ArticleIn,
    ArticleOut,
    BatchIn,
    MatchOut,
    Queued,
    SimilarityReport,
    StoryRef,
    problem_responses,
)
from service.problems import ProblemError
from service.runtime import Runtime
from service.settings import ServiceSettings
from wirecopy.articles import Article, parse_time
from wirecopy.errors import EmptyTextError, InputError
from wirecopy.fingerprint import Fingerprint, fingerprint
from wirecopy.live import LiveIndex, Match
from wirecopy.relation import Relation
from workers.stream import enqueue


def add_article_routes(
    app: FastAPI, runtime: Runtime, metrics: Metrics, tenant_dependency: Any
) -> None:
    """The article and similarity routes."""
    settings = runtime.settings

    @app.post(
        "/v1/similarity", response_model=SimilarityReport, tags=["similarity"],
        responses={200: {"links": {
                       **to_article("$response.body#/id", "the article, if stored (`store=true`)"),
                       **to_story("$response.body#/story/id")}},
                   **problem_responses(400, 401, 413, 415, 422, 503)},
    )  # fmt: skip
    async def similarity(
        body: ArticleIn,
        tenant: str = tenant_dependency,
        store: bool = Query(False, description="also index it"),
    ) -> Response:
        """The report on an article, at once: what it copies and from which story."""
        # On the event loop, not in the thread pool: a report is about 1.5 ms of CPU and
        # two sub-millisecond Redis round trips, and the hop to a thread and back cost
        # about 0.5 ms of CPU more than the waits it would overlap (docs/benchmarks.md).
        # Storing writes in atomic scripts, which take longer: that keeps the thread.
        if store:
            report = await run_in_threadpool(_report, runtime, metrics, tenant, body, True)
        else:
            report = _report(runtime, metrics, tenant, body, False)
        # serialised here: returning the model would have FastAPI validate it again
        return Response(report.model_dump_json(), media_type="application/json")

    @app.post(
        "/v1/articles", status_code=202, response_model=Queued | ArticleOut, tags=["articles"],
        responses={202: {"links": to_article("$response.body#/ids/0", "the queued article")},
                   200: {"model": ArticleOut, "description": "indexed while waiting",
                         "links": {**to_article("$response.body#/id", "the article"),
                                   **to_story("$response.body#/story/id")}},
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
        responses={202: {"links": to_article("$response.body#/ids/0", "the first queued article")},
                   200: {"model": list[ArticleOut], "description": "indexed while waiting",
                         "links": {**to_article("$response.body#/0/id", "the first article"),
                                   **to_story("$response.body#/0/story/id")}},
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
        responses={200: {"links": {**to_story("$response.body#/story/id"),
                                   "DeleteArticle": link(ARTICLE, "delete", "remove it",
                                                         article_id="$request.path.article_id")}},
                   **problem_responses(401, 404, 422, 503)},
    )  # fmt: skip
    def get_article(article_id: str, tenant: str = tenant_dependency) -> ArticleOut:
        """An article's status, metadata, story and matches."""
        return _article_out(runtime, tenant, article_id)

    @app.delete(
        "/v1/articles/{article_id}", status_code=204, tags=["articles"],
        responses=problem_responses(401, 404, 409, 422, 503),
    )  # fmt: skip
    def delete_article(article_id: str, tenant: str = tenant_dependency) -> Response:
        """Remove an article and every trace of it from the index (once it is indexed:
        one with a version still queued gets 409, since a worker would index that version
        after the delete)."""
        if runtime.client.hexists(runtime.names.queued(tenant), article_id):
            raise ProblemError(
                409, f"article {article_id!r} has a version still queued, not indexed yet: "
                f"delete it once GET /v1/articles/{article_id} says `indexed`",
            )  # fmt: skip
        if runtime.index(tenant).delete(article_id):
            return Response(status_code=204)
        raise ProblemError(404, f"no article {article_id!r} in this index: check the id")


def _report(
    runtime: Runtime, metrics: Metrics, tenant: str, body: ArticleIn, store: bool
) -> SimilarityReport:
    index = runtime.index(tenant)
    article = _article(body, runtime.settings, need_id=store)
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
