"""`wirecopy index create` and `wirecopy index show`: a live index's storage settings.

A live index takes its settings (group bits, retention, bands bucketed, whether texts
are kept) when its first article arrives, and keeps them: workers and the service open
it with whatever it was made with. Made here first, it has the settings a newsroom
chose for it.

    wirecopy index create --tenant acme --retention-days 30 --redis redis://host:6379/0
    wirecopy index show --tenant acme --redis redis://host:6379/0
"""

import argparse
import sys

from wirecopy.errors import InputFormatError
from wirecopy.live import LiveIndex, Retention, Settings
from wirecopy.live.connection import add_redis_option, connect
from wirecopy.live.keys import Keyspace
from wirecopy.live.namespace import namespace_node
from wirecopy.params import FingerprintParams

DAY = 86_400


def add_command(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `index create` and `index show` to the command line."""
    index = commands.add_parser(
        "index",
        help="make a live index with chosen settings, or show an index's settings",
        description="A live index keeps the settings it was made with. `create` makes "
        "one before its first article arrives; `show` prints an index's settings.",
    )
    actions = index.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="make a tenant's live index with these settings",
        description="Make a tenant's live index with these settings (an index that "
        "exists already with the same settings is left as it is).",
    )
    defaults = Settings()
    create.add_argument(
        "--group-bits",
        type=int,
        default=defaults.group_bits,
        help=f"bucket groups per band, as a power of two (default {defaults.group_bits}; "
        "about log2(articles a slice holds / 400), at least 8)",
    )
    create.add_argument(
        "--retention-days",
        type=float,
        default=None,
        help="articles older than this leave the index by themselves (default: kept until deleted)",
    )
    create.add_argument(
        "--indexed-bands",
        type=int,
        default=None,
        help="bucket only the first N of the 256 bands: less memory, a little less recall",
    )
    create.add_argument(
        "--no-text", action="store_true", help="keep no article texts (no passage comparison)"
    )
    create.set_defaults(handler=_create)
    show = actions.add_parser("show", help="print a tenant's live index settings")
    show.set_defaults(handler=_show)
    for action in (create, show):
        action.add_argument("--tenant", default="default", help="the index (default: default)")
        add_redis_option(action)


def _create(args: argparse.Namespace) -> int:
    window = None if args.retention_days is None else args.retention_days * DAY
    settings = Settings(
        group_bits=args.group_bits,
        retention=Retention(window),
        keep_text=not args.no_text,
        indexed_bands=args.indexed_bands,
    )
    index = LiveIndex(connect(args.redis), args.tenant, settings=settings)
    sys.stdout.write(_describe(args.tenant, index.settings))
    return 0


def _show(args: argparse.Namespace) -> int:
    keys = Keyspace(args.tenant, FingerprintParams().id)
    node = namespace_node(connect(args.redis), keys)
    stored: dict[bytes, bytes] = node.hgetall(keys.config())  # type: ignore[assignment]
    if not stored:
        raise InputFormatError(
            f"tenant {args.tenant!r} has no live index yet: `wirecopy index create --tenant "
            f"{args.tenant}` makes one, or its first article does (with the default settings)"
        )
    sys.stdout.write(_describe(args.tenant, Settings.from_hash(stored)))
    return 0


def _describe(tenant: str, settings: Settings) -> str:
    window = settings.retention.window_seconds
    kept = "none (kept until deleted)" if window is None else f"{window / DAY:g} days"
    bands = settings.indexed_bands or FingerprintParams().bands
    return (
        f"tenant:        {tenant}\n"
        f"group bits:    {settings.group_bits}\n"
        f"retention:     {kept}\n"
        f"bands indexed: {bands}\n"
        f"texts kept:    {'yes' if settings.keep_text else 'no'}\n"
    )
