"""Errors as RFC 9457 problem details, each saying what to fix; never a bare 500.

Every error response has the media type `application/problem+json` and the members
`type`, `title`, `status` and `detail` (what to fix), and `errors` for field checks.
"""

import logging
from typing import Any

import redis
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from wirecopy.errors import InputError, WirecopyError

log = logging.getLogger("wirecopy.service")
MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Missing or unknown API key",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid request",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self, status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers, self.extra = status, detail, headers, extra


REDIS_AWAY = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError)
"""Errors that mean Redis is unreachable or starting: 503, try again shortly."""
RETRY_AFTER_SECONDS = 1


def problem(
    status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {
        "type": f"https://wirecopy.example/problems/{status}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _field_errors(error: RequestValidationError) -> tuple[int, str, list[dict[str, Any]]]:
    """400 for a body that is not JSON, 422 for JSON that does not make an article."""
    errors = [
        {"field": ".".join(str(p) for p in e["loc"][1:]) or "body", "message": e["msg"]}
        for e in error.errors()
    ]
    if any(e.get("type") == "json_invalid" for e in error.errors()):
        return 400, "the body is not valid JSON (or not UTF-8): send one JSON object", errors
    fields = ", ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return 422, f"fix these fields: {fields}", errors


def install(app: FastAPI) -> None:
    """Route every error through `problem`."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, error: ProblemError) -> JSONResponse:
        return problem(error.status, error.detail, error.headers, **error.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        status, detail, errors = _field_errors(error)
        return problem(status, detail, errors=errors)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, str) else TITLES.get(error.status_code)
        if error.status_code == 404 and detail == "Not Found":
            detail = f"no such path {request.url.path}: the API lives under /v1 (see /docs)"
        if error.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}: see /docs"
        return problem(error.status_code, str(detail))

    @app.exception_handler(InputError)
    async def _input(request: Request, error: InputError) -> JSONResponse:
        return problem(422, str(error))

    @app.exception_handler(WirecopyError)
    async def _wirecopy(request: Request, error: WirecopyError) -> JSONResponse:
        log.warning("request %s failed: %s", request.url.path, error)
        return problem(503, f"{error}")

    @app.exception_handler(redis.RedisError)
    async def _redis(request: Request, error: redis.RedisError) -> JSONResponse:
        if str(error).startswith("OOM"):
            log.error("Redis is out of memory on %s: %s", request.url.path, error)
            return problem(
                503, "the index (Redis) is out of memory: nothing was stored; ask the "
                "operator to raise Redis's maxmemory or shorten the retention window",
            )  # fmt: skip
        if not isinstance(error, REDIS_AWAY):
            log.exception("Redis refused a command on %s", request.url.path)
            return problem(500, "the index refused a command; it has been logged")
        log.warning("Redis is away on %s: %s", request.url.path, error)
        return problem(
            503, f"the index (Redis) is unreachable or starting ({type(error).__name__}): "
            f"nothing was stored; send the request again in {RETRY_AFTER_SECONDS} s",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )  # fmt: skip

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return problem(500, "an unexpected error occurred; it has been logged")
