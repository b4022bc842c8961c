"""The live index in Redis: articles arrive one by one or in bulk, any process asks.

:class:`LiveIndex` adds, queries, gets and deletes articles and keeps story
clusters; :func:`connect` finds Redis (or starts an embedded one). The key layout is
in :mod:`wirecopy.live.keys` and :mod:`wirecopy.live.layout`; docs/live-index.md
explains it and its measurements.
"""

from wirecopy.live.connection import connect
from wirecopy.live.index import LiveIndex
from wirecopy.live.namespace import Settings
from wirecopy.live.records import Match, Outcome, Record, Story
from wirecopy.live.retention import Retention

__all__ = ["LiveIndex", "Match", "Outcome", "Record", "Retention", "Settings", "Story", "connect"]
