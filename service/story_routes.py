"""Stories: `GET /v1/stories/{id}`, members in time order with their scores against the original."""

from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI

from service.links import to_article
from service.models import (
    MemberOut,
    StoryOut,
    problem_responses,
)
from service.problems import ProblemError
from service.runtime import Runtime


def add_story_routes(app: FastAPI, runtime: Runtime, tenant_dependency: Any) -> None:
    @app.get(
        "/v1/stories/{story_id}", response_model=StoryOut, tags=["stories"],
        responses={200: {"links": {"GetOriginal": to_article(
                       "$response.body#/original", "the story's original")["GetArticle"]}},
                   **problem_responses(401, 404, 422, 503)},
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
                    published_at=_as_datetime(moment),
                    relation="original" if member_id == original else "rewrite",
                    jaccard=match.jaccard if match else None,
                    containment_in_original=match.containment_in_match if match else None,
                    containment_of_original=match.containment_of_match if match else None,
                )
            )
        return StoryOut(id=story.number, original=original, members=members)


def _as_datetime(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, UTC)
