"""Routes of watches and alerts: `/v1/watches`, `/v1/alerts`, its stream and dead letters.

Plain functions (run in the thread pool) except the SSE stream, which is async so that
a connection waiting for alerts holds no request thread.
"""

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import FastAPI, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BeforeValidator

from service.alerts_models import (
    AlertOut,
    AlertPage,
    DeadLetterOut,
    DeadPage,
    Replayed,
    WatchCreated,
    WatchIn,
    WatchOut,
)
from service.alerts_stream import alert_events
from service.links import link, to_watch
from service.models import problem_responses
from service.problems import ProblemError
from wirecopy.alerts.dead import DeadLetters, is_stream_id
from wirecopy.alerts.log import AlertLog
from wirecopy.alerts.watches import WatchStore
from wirecopy.errors import InputError
from wirecopy.live.alert_keys import AlertKeys

if TYPE_CHECKING:
    from service.runtime import Runtime


def _date_time_only(value: object) -> object:
    """Refuse a number where a date-time is asked for: pydantic would read it as unix
    seconds, which the schema does not offer."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError(
            f"{value!r} is a number: give an ISO 8601 date-time, such as 2026-12-03T09:00:00Z"
        )
    return value


_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")
Moment = Annotated[datetime, BeforeValidator(_date_time_only)]
"""A query's date-time: ISO 8601, as the schema says (a date alone is midnight UTC)."""

CURSOR = "an alert id such as 1767604500123-0, as `next_cursor` gave it"


def add_alerts_routes(app: FastAPI, runtime: "Runtime", tenant_dependency: Any) -> None:
    """Add the watch and alert routes to `app`."""
    settings = runtime.settings.alerts
    keys = AlertKeys(settings.namespace)
    watches = WatchStore(runtime.client, settings, keys)
    log = AlertLog(runtime.client, keys, settings.log_length, settings.mark_days)
    dead = DeadLetters(runtime.client, keys)

    @app.post(
        "/v1/watches", status_code=201, response_model=WatchCreated, tags=["alerts"],
        responses={201: {"links": to_watch("$response.body#/id")},
                   **problem_responses(400, 401, 413, 415, 422, 503)},
    )  # fmt: skip
    def create_watch(body: WatchIn, tenant: str = tenant_dependency) -> WatchCreated:
        """Watch articles for copies; the answer holds the webhook secret, shown once."""
        try:
            watch = watches.create(tenant, body.url, body.min_share, body.sources,
                                   body.articles, body.ignore_sources)  # fmt: skip
        except InputError as error:
            raise ProblemError(422, str(error), title="Invalid watch") from None
        return WatchCreated(**WatchOut.of(watch).model_dump(), secret=watch.secret)

    @app.get(
        "/v1/watches", response_model=list[WatchOut], tags=["alerts"],
        responses={200: {"links": to_watch("$response.body#/0/id")},
                   **problem_responses(401, 503)},
    )  # fmt: skip
    def list_watches(tenant: str = tenant_dependency) -> list[WatchOut]:
        """The tenant's watches, oldest first (secrets left out)."""
        return [WatchOut.of(w) for w in watches.all(tenant)]

    @app.get(
        "/v1/watches/{watch_id}", response_model=WatchOut, tags=["alerts"],
        responses=problem_responses(401, 404, 503),
    )  # fmt: skip
    def get_watch(watch_id: str, tenant: str = tenant_dependency) -> WatchOut:
        """One watch (its secret left out)."""
        watch = watches.get(tenant, watch_id)
        if watch is None:
            raise ProblemError(404, f"no watch {watch_id!r}: GET /v1/watches lists them")
        return WatchOut.of(watch)

    @app.delete(
        "/v1/watches/{watch_id}", status_code=204, tags=["alerts"],
        responses=problem_responses(401, 404, 503),
    )  # fmt: skip
    def delete_watch(watch_id: str, tenant: str = tenant_dependency) -> Response:
        """Stop watching; deliveries still queued for it are dropped."""
        if not watches.delete(tenant, watch_id):
            raise ProblemError(404, f"no watch {watch_id!r}: GET /v1/watches lists them")
        return Response(status_code=204)

    @app.get(
        "/v1/alerts", response_model=AlertPage, tags=["alerts"],
        responses=problem_responses(401, 422, 503),
    )  # fmt: skip
    def list_alerts(
        tenant: str = tenant_dependency,
        watch: str | None = Query(None, max_length=64, description="only this watch's"),
        since: Annotated[Moment | None, Query(description="made at or after")] = None,
        until: Annotated[Moment | None, Query(description="made at or before")] = None,
        cursor: str | None = Query(None, max_length=41, description=CURSOR),
        limit: int = Query(100, ge=1, le=1_000),
    ) -> AlertPage:
        """The alert log, oldest first, a page at a time."""
        page = log.page(tenant, _cursor(cursor), watch, _ms(since), _ms(until), limit)
        return AlertPage(alerts=[AlertOut.of(a) for a in page.alerts], next_cursor=page.next_cursor)

    @app.get(
        "/v1/alerts/stream", tags=["alerts"], response_class=StreamingResponse,
        responses={200: {"content": {"text/event-stream": {}},
                         "description": "server-sent events, one `alert` event per alert"},
                   **problem_responses(401, 422, 503)},
    )  # fmt: skip
    async def stream_alerts(
        request: Request,
        tenant: str = tenant_dependency,
        watch: str | None = Query(None, max_length=64, description="only this watch's"),
        after: str | None = Query(None, max_length=41, description=CURSOR),
        last_event_id: str | None = Header(None, max_length=41, description="resume after it"),
    ) -> StreamingResponse:
        """New alerts as server-sent events; reconnect with Last-Event-ID to resume."""
        start = _cursor(last_event_id or after)
        events = alert_events(runtime.client, keys, tenant, start, watch,
                              settings.heartbeat_seconds, request.is_disconnected)  # fmt: skip
        return StreamingResponse(
            events, media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )  # fmt: skip

    @app.get(
        "/v1/alerts/dead", response_model=DeadPage, tags=["alerts"],
        responses={200: {"links": {"ReplayDeadLetter": link(
                       "/v1/alerts/dead/{dead_id}/replay", "post", "deliver the first again",
                       dead_id="$response.body#/dead_letters/0/id")}},
                   **problem_responses(401, 422, 503)},
    )  # fmt: skip
    def list_dead_letters(
        tenant: str = tenant_dependency,
        cursor: str | None = Query(None, max_length=41, description="a dead letter id"),
        limit: int = Query(100, ge=1, le=1_000),
    ) -> DeadPage:
        """Deliveries given up on, oldest first, with their last error."""
        letters = dead.list(tenant, _cursor(cursor), limit)
        more = letters[-1].id if len(letters) == limit else None
        return DeadPage(dead_letters=[DeadLetterOut.of(d) for d in letters], next_cursor=more)

    @app.post(
        "/v1/alerts/dead/{dead_id}/replay", status_code=202, response_model=Replayed,
        tags=["alerts"], responses=problem_responses(401, 404, 503),
    )  # fmt: skip
    def replay_dead_letter(dead_id: str, tenant: str = tenant_dependency) -> Replayed:
        """Queue a dead letter for delivery again (a fresh set of attempts)."""
        if not dead.replay(tenant, dead_id):
            raise ProblemError(404, f"no dead letter {dead_id!r}: GET /v1/alerts/dead lists them")
        return Replayed(replayed=dead_id)


def _cursor(value: str | None) -> str | None:
    if value is not None and not is_stream_id(value):
        raise ProblemError(422, f"cursor {value[:41]!r} is not {CURSOR}", title="Invalid cursor")
    return value


def _ms(moment: datetime | None) -> int | None:
    """A time as the alert ids count it (unix ms); a time without zone is UTC."""
    if moment is None:
        return None
    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp() * 1000)
