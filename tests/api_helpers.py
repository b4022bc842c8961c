"""Helpers of the API tests: request bodies, and an in-process worker as `wirecopy serve` runs."""

from wirecopy.articles import Article
from workers.stream import StreamNames
from workers.worker import Worker, WorkerSettings


def drain_in_background(names: StreamNames):  # type: ignore[no-untyped-def]
    """An in-process worker, as `wirecopy serve` runs with the embedded Redis."""
    import threading

    def start(runtime):  # type: ignore[no-untyped-def]
        worker = Worker(runtime.client, names, WorkerSettings(batch=50, block_ms=20), "test")
        thread = threading.Thread(target=worker.run, kwargs={"handle_signals": False})
        thread.start()

        def stop() -> None:
            worker.stop()
            thread.join()

        return stop

    return start


def body(article: Article) -> dict[str, object]:
    fields = {"id": article.id, "text": article.text, "title": article.title}
    fields["published_at"] = article.published_at.isoformat() if article.published_at else None
    return fields
