"""Time slices: how articles older than the retention window leave the index by themselves.

Each article lives in the slice of its publication time (or its arrival, if it has
none). A slice's keys all carry the same expiry time: the end of the slice plus the
window. Redis removes them then, without any sweep. A slice spans a quarter of the
window, so an article stays between one window and a window and a quarter. With no
window, every article lives in slice 0 forever.

>>> days = Retention(window_seconds=8 * 86400)
>>> days.slice_of(3 * 86400.0), days.expires_at(1)
(1, 1036800)
>>> Retention().live_slices(now=1e9)
[0]
"""

import math
from dataclasses import dataclass

from wirecopy.errors import InputError, ParameterError

SLICES_PER_WINDOW = 4


@dataclass(frozen=True)
class Retention:
    """How long articles stay; `window_seconds=None` keeps them until deleted."""

    window_seconds: float | None = None

    def __post_init__(self) -> None:
        if self.window_seconds is not None and not self.window_seconds >= 3600:
            raise ParameterError(
                f"retention window is {self.window_seconds} s: use at least one hour "
                "(3600 s), or none to keep articles until they are deleted"
            )

    @property
    def slice_seconds(self) -> float | None:
        """The span of one slice, a quarter of the window."""
        if self.window_seconds is None:
            return None
        return self.window_seconds / SLICES_PER_WINDOW

    def slice_of(self, timestamp: float) -> int:
        """The slice an article published at `timestamp` (Unix seconds) lives in."""
        span = self.slice_seconds
        return 0 if span is None else math.floor(timestamp / span)

    def expires_at(self, slice_no: int) -> int | None:
        """When the slice's keys expire (Unix seconds), or None for never."""
        span = self.slice_seconds
        if span is None or self.window_seconds is None:
            return None
        return math.ceil((slice_no + 1) * span + self.window_seconds)

    def live_slices(self, now: float) -> list[int]:
        """Slices that may still hold articles at `now`, oldest first."""
        if self.window_seconds is None:
            return [0]
        return list(range(self.slice_of(now - self.window_seconds), self.slice_of(now) + 1))

    def slice_for_article(self, published: float | None, now: float, article_id: str) -> int:
        """The slice for an article, or InputError if it is already past the window."""
        moment = now if published is None else min(published, now)
        if self.window_seconds is not None and moment < now - self.window_seconds:
            raise InputError(
                f"article {article_id!r} was published more than "
                f"{self.window_seconds / 86400:g} days ago, outside the retention window: "
                "it would expire at once; widen the window to index older articles"
            )
        return self.slice_of(moment)
