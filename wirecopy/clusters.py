"""Story clusters: connected components over rewrite relations, each with its original.

The original of a story is its earliest `published_at`, then the first in input
order (articles without a time come after those with one). Components and originals
depend only on the edges and the articles, never on the order edges arrive in.

>>> stories([(0, 1), (2, 3), (1, 2)], 5)
[0, 0, 0, 0, 4]
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np


def stories(edges: Iterable[tuple[int, int]], count: int) -> list[int]:
    """For each of `count` items, the smallest index of its connected component."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = root(int(a)), root(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(i) for i in range(count)]


def originals(members_of: Sequence[int], published: Sequence[datetime | None]) -> list[int]:
    """For each item, the index of its story's original (earliest, then first in input)."""
    best: dict[int, int] = {}
    for i, story in enumerate(members_of):
        current = best.get(story)
        if current is None or _sort_key(i, published) < _sort_key(current, published):
            best[story] = i
    return [best[story] for story in members_of]


def _sort_key(i: int, published: Sequence[datetime | None]) -> tuple[bool, float, int]:
    moment = published[i]
    return (moment is None, moment.timestamp() if moment else 0.0, i)


def component_sizes(members_of: Sequence[int]) -> dict[int, int]:
    """How many items each story holds, keyed by the story's smallest index."""
    values, counts = np.unique(np.asarray(members_of, np.int64), return_counts=True)
    return dict(zip(values.tolist(), counts.tolist(), strict=True))
