"""Prometheus metrics: requests, latencies, queue depth, index size, articles per second."""

import time
from collections.abc import Iterator

import redis
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workers.stream import StreamNames


class QueueCollector(Collector):
    """Read at scrape time: messages waiting on the ingest stream, and dead letters."""

    def __init__(self, client: redis.Redis, names: StreamNames) -> None:
        self.client, self.names = client, names

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            waiting = int(self.client.xlen(self.names.stream))
            dead = int(self.client.xlen(self.names.dead_letters))
        except redis.RedisError:
            return
        yield GaugeMetricFamily("wirecopy_queue_depth", "Articles waiting to be indexed", waiting)
        yield GaugeMetricFamily("wirecopy_dead_letters", "Messages given up on", dead)


class Metrics:
    """The service's metrics, in a registry of its own."""

    def __init__(self, client: redis.Redis, names: StreamNames) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "wirecopy_requests", "HTTP requests", ["method", "route", "status"],
            registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "wirecopy_request_seconds", "HTTP request latency", ["route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=self.registry,
        )  # fmt: skip
        self.articles = Counter(
            "wirecopy_articles_indexed", "Articles indexed through the API", ["tenant"],
            registry=self.registry,
        )  # fmt: skip
        self.registry.register(QueueCollector(client, names))

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Count and time every HTTP request, by route (a plain ASGI wrapper: Starlette's
        BaseHTTPMiddleware costs about a millisecond of CPU per request)."""

        async def measured(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started, status = time.perf_counter(), 500

            async def sending(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await app(scope, receive, sending)
            finally:
                path = getattr(scope.get("route"), "path", "unmatched")
                self.requests.labels(scope["method"], path, str(status)).inc()
                self.latency.labels(path).observe(time.perf_counter() - started)

        return measured
