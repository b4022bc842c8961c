"""Following a namespace when Redis Cluster moves its slot to another node.

A live index sends its commands straight to the node that holds its namespace's slot
(`namespace_node`). After a resharding that node answers MOVED (or ASK, or TRYAGAIN
while the slot's keys are on their way); a method marked `@rerouted` then asks the
cluster where the slot is now and runs again. Nothing ran on the node that refused:
a node executes no command, pipeline step or script for a slot it no longer serves.
"""

import functools
import time
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from redis.exceptions import AskError, TryAgainError

ATTEMPTS = 5
"""Runs of a method across a moving slot; the waits between them add up to 0.2 s."""


class Reroutable(Protocol):
    def reroute(self) -> bool:
        """Look up the namespace's node again; False where there is no cluster to ask."""
        ...


Self = TypeVar("Self", bound=Reroutable)
P = ParamSpec("P")
R = TypeVar("R")


def rerouted(method: Callable[Concatenate[Self, P], R]) -> Callable[Concatenate[Self, P], R]:
    """Run `method` again on the slot's new node when the old one sends it away."""

    def run(self: Self, /, *args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, ATTEMPTS):
            try:
                return method(self, *args, **kwargs)
            except (AskError, TryAgainError):  # MovedError is an AskError
                if not self.reroute():
                    raise
                time.sleep(0.02 * attempt)
        return method(self, *args, **kwargs)

    functools.update_wrapper(run, method)  # its name and docstring (wraps() would hide its type)
    return run
