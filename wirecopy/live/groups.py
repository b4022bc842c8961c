"""Redis Stream consumer groups, made once by whichever process comes first.

The ingest stream's workers and the alert outbox's deliverers both read through a
consumer group that must exist before the first read, and again after an operator
deleted the stream (a read then fails with NOGROUP).
"""

import redis


def ensure_group(client: redis.Redis, stream: str, group: str) -> None:
    """Create `stream` and its consumer `group` reading from the start, unless they exist."""
    try:
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
