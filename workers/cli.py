"""`wirecopy ingest` and `wirecopy worker`: the stream's two ends on the command line."""

import argparse
import logging
import sys
from pathlib import Path

from wirecopy.alerts.matching import AlertMatcher
from wirecopy.alerts.settings import AlertSettings
from wirecopy.live.connection import add_redis_option, connect, connect_patiently
from wirecopy.readers import FORMATS, read_corpus
from workers.stream import StreamNames, enqueue
from workers.worker import Worker, WorkerSettings, healthy


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `ingest` and `worker` to the `wirecopy` command line."""
    ingest = commands.add_parser(
        "ingest",
        help="queue a corpus on the ingest stream for the workers to index",
        description="Queue every article of a file on the Redis ingest stream; the "
        "workers fingerprint and index them. Bad records are reported and skipped.",
    )
    ingest.add_argument("input", type=Path, help=".jsonl, .csv, .parquet, or a folder of .txt")
    ingest.add_argument(
        "-f", "--format", choices=FORMATS, help="input format (default: from the name)"
    )
    ingest.add_argument("--tenant", default="default", help="the index to fill (default: default)")
    _add_redis(ingest)
    ingest.set_defaults(handler=_ingest)

    worker = commands.add_parser(
        "worker",
        help="index articles from the ingest stream until stopped (SIGTERM finishes the batch)",
        description="Read the ingest stream through its consumer group, fingerprint and "
        "index each batch, acknowledge it once indexed. Run as many as you like.",
    )
    _add_redis(worker)
    worker.add_argument("--batch", type=int, default=WorkerSettings.batch, help="articles per read")
    worker.add_argument("--name", help="consumer name (default: host-pid)")
    worker.add_argument(
        "--claim-after",
        type=float,
        default=WorkerSettings.claim_after_ms / 1000,
        help="seconds after which a dead worker's messages are taken over (default 30)",
    )
    worker.add_argument(
        "--until-idle", action="store_true", help="stop once the stream has nothing waiting"
    )
    worker.add_argument(
        "--check",
        action="store_true",
        help="health probe: exit 0 if a worker (--name: that one) has a fresh heartbeat, else 1",
    )
    worker.set_defaults(handler=_worker)


def _add_redis(parser: argparse.ArgumentParser) -> None:
    add_redis_option(parser)
    parser.add_argument(
        "--stream",
        default=StreamNames.prefix,
        help="the stream's name: its keys are '{NAME}', '{NAME}:dead'... (one Cluster slot)",
    )


def _ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from wirecopy.cli import _report_skipped

    corpus = read_corpus(args.input, args.format)
    _report_skipped(corpus, sys.stderr)
    client = connect(args.redis)
    names = StreamNames(args.stream)
    total = len(corpus.articles)
    with tqdm(total=total, unit=" articles", disable=None if total >= 5_000 else True) as bar:
        added = enqueue(client, args.tenant, corpus.articles, names, progress=bar.update)
    sys.stderr.write(
        f"wirecopy: {added} articles queued on {names.stream} for tenant {args.tenant!r}, "
        f"{len(corpus.skipped)} skipped; start `wirecopy worker` to index them\n"
    )
    return 0


def _worker(args: argparse.Namespace) -> int:
    names = StreamNames(args.stream)
    if args.check:
        return 0 if healthy(connect(args.redis), names, args.name) else 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    client = connect_patiently(args.redis, logging.getLogger("wirecopy.worker"))
    worker = Worker(
        client,
        names,
        WorkerSettings(batch=args.batch, claim_after_ms=int(args.claim_after * 1000)),
        args.name,
        AlertMatcher(client, AlertSettings.from_env()),
    )
    log = logging.getLogger("wirecopy.worker")
    log.info("worker %s reading %s", worker.name, names.stream)
    indexed = worker.run(until_idle=args.until_idle)
    log.info("worker %s stopped: %d indexed", worker.name, indexed)
    return 0
