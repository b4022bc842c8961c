"""Bodies of the compare routes, with the examples the OpenAPI schema shows."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from service.models import EXAMPLE_TEXT
from wirecopy.comparison import Comparison

EXAMPLE_COPY = (
    "Harbour officials said on Monday that the port of Calhaven will stay closed until the "
    "storm passes, as ships waited offshore and ferry services were cancelled."
)


class CompareIn(BaseModel):
    """Two texts to compare; offsets in the answer are into them exactly as sent."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text_a": EXAMPLE_TEXT, "text_b": EXAMPLE_COPY}]}
    )

    text_a: str = Field(..., min_length=1)
    text_b: str = Field(..., min_length=1)


class PassageOut(BaseModel):
    """A shared passage: [start, end) character offsets in each text, and its faithfulness."""

    a_start: int = Field(ge=0)
    a_end: int = Field(ge=0)
    b_start: int = Field(ge=0)
    b_end: int = Field(ge=0)
    faithfulness: Literal["verbatim", "lightly edited", "reworded"]
    similarity: float = Field(
        ge=0, le=1, description="Dice coefficient of the two spans' word-bigram sets"
    )


class ComparisonOut(BaseModel):
    """The scores of A against B, their relation, and the passages they share."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "a": "ap-2026-0117", "b": "outlet-77", "jaccard": 0.31,
                    "containment_a_in_b": 0.48, "containment_b_in_a": 0.46,
                    "relation": "rewrite", "coverage_a": 0.62, "coverage_b": 0.6,
                    "passages": [
                        {"a_start": 0, "a_end": 96, "b_start": 37, "b_end": 126,
                         "faithfulness": "lightly edited", "similarity": 0.71}
                    ],
                }
            ]
        }
    )  # fmt: skip

    a: str | None = Field(description="the id of A, when compared by id")
    b: str | None = Field(description="the id of B, when compared by id")
    jaccard: float
    containment_a_in_b: float = Field(description="share of A's shingles found in B")
    containment_b_in_a: float = Field(description="share of B's shingles found in A")
    relation: Literal["rewrite", "partial", "unrelated"]
    coverage_a: float = Field(description="share of A's characters inside passages")
    coverage_b: float = Field(description="share of B's characters inside passages")
    passages: list[PassageOut]

    @classmethod
    def of(cls, found: Comparison, a: str | None = None, b: str | None = None) -> "ComparisonOut":
        return cls.model_validate({"a": a, "b": b, **found.as_record()})
