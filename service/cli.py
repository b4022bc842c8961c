"""`wirecopy serve` and `wirecopy keys new`: the service on the command line."""

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from service.settings import ServiceSettings, SettingsError, new_key
from wirecopy.live.connection import add_redis_option

WORKER_START_SECONDS = 60
"""How long uvicorn's supervisor waits for a server process to answer its health ping.
A new process answers only once it has imported the app (numba, datasketch, scipy: some
seconds when the cores are busy); with uvicorn's default of 5 s, a busy machine had
processes killed and started again in a loop, each restart costing seconds of CPU."""


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `serve` and `keys` to the `wirecopy` command line."""
    serve = commands.add_parser(
        "serve",
        help="run the HTTP API (with no Redis URL: an embedded Redis, a worker in-process)",
        description="Run the HTTP API. Settings come from the environment (README). With no "
        "WIRECOPY_REDIS_URL, an embedded Redis starts, and a worker and an alert deliverer "
        "run in this process.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000)
    add_redis_option(serve)
    serve.add_argument(
        "--load-example", action="store_true", help="index the example corpus before serving"
    )
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes (more than 1 needs a Redis URL)"
    )
    serve.set_defaults(handler=_serve)
    keys = commands.add_parser(
        "keys",
        help="make, list and revoke API keys",
        description="API keys, stored hashed in Redis (--redis, else $WIRECOPY_REDIS_URL, else "
        "the embedded one): `new TENANT`, `list [TENANT]`, `revoke ID`. A revoked key is refused "
        "by the next request. `new TENANT --env` stores nothing and prints a line for "
        "WIRECOPY_API_KEYS instead.",
    )
    keys.add_argument("action", choices=["new", "list", "revoke"])
    keys.add_argument("name", nargs="?", help="new: the tenant; list: a tenant; revoke: the key id")
    add_redis_option(keys)
    keys.add_argument("--env", action="store_true", help="new: print a WIRECOPY_API_KEYS line")
    keys.set_defaults(handler=_keys)


def _keys(args: argparse.Namespace) -> int:
    from service.key_store import KeyStore
    from wirecopy.live import connect

    if args.action in ("new", "revoke") and not args.name:
        what = "the tenant" if args.action == "new" else "the id of the key (`wirecopy keys list`)"
        raise SettingsError(f"`wirecopy keys {args.action}` needs {what}")
    if args.action == "new" and args.env:
        key, line = new_key(args.name)
        sys.stdout.write(f"API key (give it to the client; it is shown once): {key}\n")
        sys.stdout.write(f"add to WIRECOPY_API_KEYS (comma-separated): {line}\n")
        return 0
    store = KeyStore(connect(args.redis))
    if args.action == "new":
        key, stored = store.add(args.name)
        sys.stdout.write(f"API key (give it to the client; it is shown once): {key}\n")
        sys.stdout.write(f"stored for tenant {stored.tenant!r} as id {stored.id}\n")
    elif args.action == "list":
        for stored in store.list(args.name):
            when = time.strftime("%Y-%m-%d %H:%M", time.gmtime(stored.created))
            sys.stdout.write(f"{stored.id}  {stored.tenant}  made {when} UTC\n")
    elif (revoked := store.revoke(args.name)) is None:
        raise SettingsError(f"no stored key has the id {args.name!r}: see `wirecopy keys list`")
    else:
        sys.stdout.write(f"revoked key {revoked.id} of tenant {revoked.tenant!r}\n")
    return 0


def in_process_worker(runtime: object) -> Callable[[], None]:
    """Start a worker and an alert deliverer in threads on the runtime's Redis; return the
    function that stops them."""
    from service.runtime import Runtime
    from wirecopy.alerts.delivery import Deliverer
    from wirecopy.alerts.matching import AlertMatcher
    from wirecopy.live.connection import shutdown_embedded
    from workers.worker import Worker

    assert isinstance(runtime, Runtime)
    alerts = AlertMatcher(runtime.client, runtime.settings.alerts)
    worker = Worker(runtime.client, runtime.names, name="in-process", alerts=alerts)
    deliverer = Deliverer(runtime.client, runtime.settings.alerts, name="in-process")
    threads = [
        threading.Thread(
            target=worker.run, kwargs={"handle_signals": False}, name="worker", daemon=True
        ),
        threading.Thread(target=deliverer.run, name="deliverer", daemon=True),
    ]
    for thread in threads:
        thread.start()

    def stop() -> None:
        worker.stop()
        deliverer.stop()
        for thread in threads:
            thread.join(timeout=30)
        deliverer.close()
        # uvicorn ends on SIGTERM by raising the signal again, so atexit never runs: stop
        # the embedded Redis here, on the application's way out
        shutdown_embedded()

    return stop


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app
    from service.key_store import KeyStore
    from wirecopy.live import LiveIndex, connect
    from wirecopy.readers import read_corpus

    settings = ServiceSettings.from_env()
    if args.redis:
        settings = ServiceSettings(**{**settings.__dict__, "redis_url": args.redis})
    embedded = settings.redis_url is None
    client = connect(settings.redis_url, fail_fast=True)
    stored_keys = KeyStore(client).count()
    if embedded and not settings.keys and not stored_keys:
        settings = ServiceSettings(**{**settings.__dict__, "open_for_development": True})
    settings.check(args.host, stored_keys)
    if args.load_example:
        example = Path(str(resources.files("wirecopy") / "examples" / "wire_stories.jsonl"))
        articles = read_corpus(example).articles
        LiveIndex(client, "default").add(articles)
        base = f"http://{args.host}:{args.port}"
        sample = json.dumps({"text": articles[2].text[:600]}).replace("'", "'\\''")
        sys.stderr.write(
            f"wirecopy: indexed {len(articles)} example articles for tenant 'default'\n"
            f"wirecopy: OpenAPI docs at {base}/docs\n"
            f"wirecopy: a stored article's report: curl -s {base}/v1/articles/{articles[0].id}\n"
            f"wirecopy: a report on new text: curl -s -X POST {base}/v1/similarity "
            f"-H 'Content-Type: application/json' -d '{sample}'\n"
        )
    if args.workers > 1:
        if embedded:
            raise SettingsError(
                "--workers needs a Redis URL (WIRECOPY_REDIS_URL or --redis): the embedded "
                "Redis lives in one process"
            )
        os.environ["WIRECOPY_REDIS_URL"] = settings.redis_url or ""
        uvicorn.run(
            "service.app:app_from_env", factory=True, workers=args.workers,
            host=args.host, port=args.port, log_level="warning",
            timeout_worker_healthcheck=WORKER_START_SECONDS,
        )  # fmt: skip
        return 0
    app = create_app(settings, client, background=in_process_worker if embedded else None)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
