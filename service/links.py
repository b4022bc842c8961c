"""OpenAPI links: which value of an answer feeds which later request.

They document the API's flow in /docs (a queued article's id is what `GET
/v1/articles/{article_id}` takes) and let schemathesis chain calls in its stateful run
(tests/test_service_schema.py). A link names its target by `operationRef`, a JSON pointer
to the path and method, so FastAPI's generated operation ids stay as they are.
"""

from typing import Any

ARTICLE = "/v1/articles/{article_id}"
STORY = "/v1/stories/{story_id}"
WATCH = "/v1/watches/{watch_id}"


def link(path: str, method: str, description: str, **parameters: str) -> dict[str, Any]:
    """One link to `method path`, each parameter a runtime expression such as
    ``$response.body#/id``."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {
        "operationRef": f"#/paths/{pointer}/{method}",
        "parameters": parameters,
        "description": description,
    }


def to_article(expression: str, what: str) -> dict[str, dict[str, Any]]:
    """Links to the article an answer names: its status, and its removal."""
    return {
        "GetArticle": link(ARTICLE, "get", f"the report on {what}", article_id=expression),
        "DeleteArticle": link(ARTICLE, "delete", f"remove {what}", article_id=expression),
    }


def to_story(expression: str) -> dict[str, dict[str, Any]]:
    """The link to the story an answer names (absent when it joined none)."""
    return {"GetStory": link(STORY, "get", "the story it joined", story_id=expression)}


def to_watch(expression: str) -> dict[str, dict[str, Any]]:
    """Links to the watch an answer names: it, its alerts, its removal."""
    return {
        "GetWatch": link(WATCH, "get", "the watch", watch_id=expression),
        "ListWatchAlerts": link("/v1/alerts", "get", "the watch's alerts", watch=expression),
        "DeleteWatch": link(WATCH, "delete", "stop watching", watch_id=expression),
    }
