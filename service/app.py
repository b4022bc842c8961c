"""The FastAPI application: the key check, the middleware, health, readiness and metrics;
the versioned routes under /v1 live in one module per resource (`*_routes.py`).

Endpoints are plain functions (FastAPI runs them in its thread pool), since Redis and the
fingerprint kernels block. Each request's tenant comes from its API key.
"""

import hmac
import math
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio
import redis
from fastapi import Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse
from prometheus_client import generate_latest
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from service import problems
from service.alerts_routes import add_alerts_routes
from service.article_routes import add_article_routes
from service.body_guard import body_guard
from service.compare_routes import add_compare_routes
from service.key_store import KeyChecker
from service.metrics import Metrics
from service.models import (
    problem_responses,
)
from service.problems import ProblemError
from service.runtime import Runtime
from service.settings import ServiceSettings, digest
from service.story_routes import add_story_routes
from wirecopy import __version__
from wirecopy.fingerprint import fingerprint
from wirecopy.live import connect
from wirecopy.live.connection import async_twin
from wirecopy.params import FingerprintParams
from workers.stream import StreamNames
from workers.worker import healthy

DEV_TENANT = "default"


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
    add_article_routes(app, runtime, metrics, tenant_dependency)
    add_story_routes(app, runtime, tenant_dependency)
    _add_operations_routes(app, runtime, metrics)
    add_compare_routes(app, runtime, tenant_dependency)
    add_alerts_routes(app, runtime, tenant_dependency)
    return app


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
