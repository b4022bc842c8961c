"""`wirecopy watch` and `wirecopy deliver`: watches and webhook delivery on the command line.

wirecopy watch add https://hooks.example.com/in --source AP --ignore-source "AP News site"
wirecopy watch list | delete ID | dead | replay DEAD_ID      (all take --tenant)
wirecopy deliver                                            (send the webhooks; run one or more)
"""

import argparse
import logging
import signal
import sys
from dataclasses import replace
from datetime import UTC, datetime

from wirecopy.alerts.dead import DeadLetters
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.watches import WatchStore
from wirecopy.errors import InputError
from wirecopy.live.alert_keys import AlertKeys
from wirecopy.live.connection import add_redis_option, connect, connect_patiently


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `watch` and `deliver` to the `wirecopy` command line."""
    watch = commands.add_parser(
        "watch", help="watch articles for copies: add, list, delete; dead letters, replay",
        description="Manage a tenant's watches: a webhook is called when a newly indexed "
        "article copies at least --min-share of a watched article.",
    )  # fmt: skip
    actions = watch.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="make a watch; prints its id and webhook secret")
    add.add_argument("url", help="the webhook: http(s), a public address or one allowed")
    add.add_argument("--min-share", type=float, default=0.5,
                     help="smallest share of a watched article copied that counts")  # fmt: skip
    add.add_argument("--source", action="append", default=[], help="watch this source's articles")
    add.add_argument("--article", action="append", default=[], help="watch this article id")
    add.add_argument("--ignore-source", action="append", default=[],
                     help="copies from this source never count (your own site)")  # fmt: skip
    actions.add_parser("list", help="list the tenant's watches")
    delete = actions.add_parser("delete", help="delete a watch")
    delete.add_argument("id", help="the watch id (see `wirecopy watch list`)")
    actions.add_parser("dead", help="list deliveries given up on, with their last error")
    replay = actions.add_parser("replay", help="queue a dead letter for delivery again")
    replay.add_argument("id", help="the dead letter id (see `wirecopy watch dead`)")
    for parser in actions.choices.values():
        add_redis_option(parser)
        parser.add_argument("--tenant", default="default", help="the tenant (default: default)")
    watch.set_defaults(handler=_watch)

    deliver = commands.add_parser(
        "deliver", help="send alert webhooks until stopped (retries, dead letters)",
        description="Read the alert outbox through its consumer group and call each watch's "
        "webhook, signed; retry with back-off, then park in the dead letters.",
    )  # fmt: skip
    add_redis_option(deliver)
    deliver.add_argument("--name", help="consumer name (default: host-pid)")
    deliver.add_argument("--until-idle", action="store_true",
                         help="stop once nothing waits, retries included")  # fmt: skip
    deliver.add_argument("--check", action="store_true",
                         help="health probe: 0 if a deliverer (or --name) beats")  # fmt: skip
    deliver.add_argument(
        "--claim-after", type=float, default=AlertSettings.claim_after_ms / 1000,
        help="seconds after which a dead deliverer's alerts are taken over (default 30)",
    )  # fmt: skip
    deliver.set_defaults(handler=_deliver)


def _watch(args: argparse.Namespace) -> int:
    client, settings = connect(args.redis), AlertSettings.from_env()
    store = WatchStore(client, settings)
    out = sys.stdout
    if args.action == "add":
        made = store.create(args.tenant, args.url, args.min_share, args.source, args.article,
                            args.ignore_source)  # fmt: skip
        out.write(f"watch {made.id} made for tenant {args.tenant!r}\n")
        out.write(f"webhook secret (shown once; verify signatures with it): {made.secret}\n")
    elif args.action == "list":
        for w in store.all(args.tenant):
            scope = ", ".join([*w.sources, *w.articles]) or "every article"
            out.write(f"{w.id}  {w.url}  share >= {w.min_share:g}  watching: {scope}"
                      + (f"  ignoring: {', '.join(w.ignore_sources)}" if w.ignore_sources else "")
                      + "\n")  # fmt: skip
    elif args.action == "delete":
        if not store.delete(args.tenant, args.id):
            raise InputError(f"no watch {args.id!r} for tenant {args.tenant!r}: see `watch list`")
        out.write(f"watch {args.id} deleted\n")
    elif args.action == "dead":
        for letter in DeadLetters(client, store.keys).list(args.tenant, limit=10_000):
            d = letter.delivery
            when = datetime.fromtimestamp(d.parked_at or 0, UTC).isoformat(timespec="seconds")
            out.write(f"{letter.id}  alert {d.alert}  watch {d.watch}  {d.attempts} attempts, "
                      f"parked {when}: {d.last_error}\n")  # fmt: skip
    elif not DeadLetters(client, store.keys).replay(args.tenant, args.id):
        raise InputError(f"no dead letter {args.id!r} for tenant {args.tenant!r}: see `watch dead`")
    else:
        out.write(f"dead letter {args.id} queued for delivery again\n")
    return 0


def _deliver(args: argparse.Namespace) -> int:
    from wirecopy.alerts.delivery import Deliverer, beating

    settings = AlertSettings.from_env()
    settings = replace(settings, claim_after_ms=int(args.claim_after * 1000))
    if args.check:
        return 0 if beating(connect(args.redis), AlertKeys(settings.namespace), args.name) else 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    client = connect_patiently(args.redis, logging.getLogger("wirecopy.deliverer"))
    deliverer = Deliverer(client, settings, name=args.name)
    signal.signal(signal.SIGTERM, deliverer.stop)
    signal.signal(signal.SIGINT, deliverer.stop)
    try:
        sent = deliverer.run(until_idle=args.until_idle)
    finally:
        deliverer.close()
    logging.getLogger("wirecopy.deliverer").info(
        "deliverer %s stopped: %d sent", deliverer.name, sent
    )
    return 0
