"""Compare two articles: `GET /v1/compare?a=ID&b=ID`, `POST /v1/compare`, and the page.

The page, `GET /compare?a=ID&b=ID`, shows both articles side by side with the shared
passages highlighted. A browser cannot send a header from a link, so besides
`Authorization: Bearer <key>` the page takes the key as `?key=<key>` (it then sits in
the browser's history and the server's logs: give such links only to the key's owner).
"""

from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from service.compare_models import CompareIn, ComparisonOut
from service.compare_page import render_page
from service.models import problem_responses
from service.problems import ProblemError
from wirecopy.comparison import compare
from wirecopy.live import LiveIndex


def _stored_text(index: LiveIndex, article_id: str) -> str:
    text = index.text(article_id)
    if text is not None:
        return text
    if index.get(article_id) is not None:
        raise ProblemError(
            404, f"article {article_id!r} is indexed without its text (text keeping is off "
            "for this index): compare it by POSTing both texts",
        )  # fmt: skip
    raise ProblemError(404, f"no article {article_id!r} in this index: check the id")


def _checked(text: str, name: str, max_chars: int) -> str:
    if not text.strip():
        raise ProblemError(422, f"`{name}` is empty or only whitespace: send the article's text")
    if len(text) > max_chars:
        raise ProblemError(
            413, f"`{name}` has {len(text):,} characters, over the limit of {max_chars:,}: "
            "send only the article's body",
        )  # fmt: skip
    return text


def add_compare_routes(app: FastAPI, runtime: Any, tenant_dependency: Any) -> None:
    """The compare routes, for the tenant that `tenant_dependency` finds."""
    max_chars = runtime.settings.max_text_chars
    tenant_of = tenant_dependency.dependency

    async def page_tenant(request: Request, key: str | None = None) -> str:
        if key and "authorization" not in request.headers:
            headers = [*request.scope["headers"], (b"authorization", f"Bearer {key}".encode())]
            request = Request({**request.scope, "headers": headers})
        tenant: str = await tenant_of(request)
        return tenant

    @app.get(
        "/v1/compare", response_model=ComparisonOut, tags=["compare"],
        responses=problem_responses(401, 404, 422, 503),
    )  # fmt: skip
    def compare_stored(
        a: str = Query(..., min_length=1, description="id of article A in this index"),
        b: str = Query(..., min_length=1, description="id of article B in this index"),
        tenant: str = tenant_dependency,
    ) -> ComparisonOut:
        """Scores and shared passages of two stored articles (offsets into their texts)."""
        index = runtime.index(tenant)
        return ComparisonOut.of(compare(_stored_text(index, a), _stored_text(index, b)), a, b)

    @app.post(
        "/v1/compare", response_model=ComparisonOut, tags=["compare"],
        responses=problem_responses(400, 401, 413, 415, 422, 503),
    )  # fmt: skip
    def compare_texts(body: CompareIn, tenant: str = tenant_dependency) -> ComparisonOut:
        """Scores and shared passages of two texts sent in the body (nothing is stored)."""
        text_a = _checked(body.text_a, "text_a", max_chars)
        text_b = _checked(body.text_b, "text_b", max_chars)
        return ComparisonOut.of(compare(text_a, text_b))

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(a: str = "", b: str = "", tenant: str = Depends(page_tenant)) -> str:
        """Both articles side by side, shared passages highlighted in matching colours."""
        if not a or not b:
            raise ProblemError(422, "give both articles: /compare?a=ID&b=ID")
        index = runtime.index(tenant)
        text_a, text_b = _stored_text(index, a), _stored_text(index, b)
        return render_page(a, b, text_a, text_b, compare(text_a, text_b))
