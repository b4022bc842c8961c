"""The ingest stream: its key names and its messages, one article each.

A message holds the tenant and the article as JSON. Workers read the stream through
one consumer group; a message is acknowledged and deleted once its article is in
the index, so the stream holds only work not yet done. A message that fails
`max_attempts` times moves to the dead-letter stream with its error.

>>> names = StreamNames()
>>> names.stream, names.group, names.dead_letters
('{wc:ingest}', 'indexers', '{wc:ingest}:dead')
>>> tenant, article = decode(encode("acme", Article("ap-1", "Storm closes port.")))
>>> tenant, article.id, article.text
('acme', 'ap-1', 'Storm closes port.')
"""

import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import redis

from wirecopy.articles import Article, parse_time
from wirecopy.errors import InputError
from wirecopy.live.groups import ensure_group as create_group
from wirecopy.live.keys import check_tenant

MAX_STREAM_TEXT = 2_000_000


@dataclass(frozen=True)
class StreamNames:
    """Key names of the ingest stream, its group, dead letters, attempts and heartbeats.

    They all carry one hash tag, the prefix in braces (unless the prefix has one of its
    own), so they share one Redis Cluster slot: the feeder's and the workers' transactions
    span the stream and its hashes, which a cluster refuses across slots."""

    prefix: str = "wc:ingest"
    group: str = "indexers"

    @property
    def tag(self) -> str:
        """What every key starts with: ``{prefix}``, or the prefix if it holds a hash tag
        already (Redis's rule: the first ``{`` and the first ``}`` after it, not empty)."""
        opening = self.prefix.find("{")
        closing = self.prefix.find("}", opening + 1) if opening >= 0 else -1
        return self.prefix if closing > opening + 1 else f"{{{self.prefix}}}"

    @property
    def stream(self) -> str:
        return self.tag

    @property
    def legacy_stream(self) -> str:
        """The stream's name before 2026-12-04 (no hash tag), looked at as a worker starts."""
        return self.prefix

    @property
    def dead_letters(self) -> str:
        return f"{self.tag}:dead"

    @property
    def attempts(self) -> str:
        """Hash: message id -> how many times a worker has started on it."""
        return f"{self.tag}:attempts"

    def queued(self, tenant: str) -> str:
        """Hash: external id -> message id, for a tenant's articles not yet indexed."""
        return f"{self.tag}:queued:{tenant}"

    def failed(self, tenant: str) -> str:
        """Hash: external id -> why its message went to the dead letters."""
        return f"{self.tag}:failed:{tenant}"

    def heartbeat(self, worker: str) -> str:
        return f"{self.tag}:worker:{worker}"

    def heartbeats(self) -> str:
        return f"{self.tag}:worker:*"


def encode(tenant: str, article: Article) -> dict[str, str]:
    """A stream message for one article."""
    fields: dict[str, Any] = {"id": article.id, "text": article.text}
    for name in ("title", "source", "url"):
        if getattr(article, name) is not None:
            fields[name] = getattr(article, name)
    if article.published_at is not None:
        fields["published_at"] = article.published_at.isoformat()
    return {"tenant": tenant, "article": json.dumps(fields, ensure_ascii=False)}


def decode(fields: dict[bytes, bytes] | dict[str, str]) -> tuple[str, Article]:
    """The tenant and article of a message; InputError says what is wrong with it."""
    try:
        text = {_text(k): _text(v) for k, v in fields.items()}
        tenant = check_tenant(text["tenant"])
        raw = json.loads(text["article"])
    except KeyError as missing:
        raise InputError(
            f"message has no {missing.args[0]!r} field: send tenant and article"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"message is not UTF-8 JSON ({error}): send the article as JSON") from None
    if not isinstance(raw, dict):
        raise InputError('message article is not a JSON object: send {"id": ..., "text": ...}')
    known = {k: raw.get(k) for k in ("id", "text", "title", "source", "url")}
    return tenant, Article(**known, published_at=parse_time(raw.get("published_at")))  # type: ignore[arg-type]


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def ensure_group(client: redis.Redis, names: StreamNames) -> None:
    """Create the stream and its consumer group if they do not exist yet."""
    create_group(client, names.stream, names.group)


def enqueue(
    client: redis.Redis,
    tenant: str,
    articles: Iterable[Article],
    names: StreamNames | None = None,
    *,
    chunk: int = 1_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add articles to the stream, `chunk` at a time; return how many were added.

    Each chunk is one transaction: its ids marked queued (and cleared of any old failure),
    then its messages. A worker can so never finish a message before its id is marked,
    which would leave the mark behind, and no chunk is ever half added. One HSET and one
    HDEL a chunk, not one of each an article: the feeder's Python work fell by half."""
    check_tenant(tenant)
    names = names or StreamNames()
    ensure_group(client, names)
    added, pending = 0, iter(articles)
    while part := list(itertools.islice(pending, chunk)):
        ids = [article.id for article in part]
        pipe = client.pipeline(transaction=True)
        pipe.hset(names.queued(tenant), mapping=dict.fromkeys(ids, 1))
        pipe.hdel(names.failed(tenant), *ids)
        for article in part:
            pipe.xadd(names.stream, encode(tenant, article))  # type: ignore[arg-type]
        pipe.execute()
        added += len(part)
        if progress:
            progress(len(part))
    return added
