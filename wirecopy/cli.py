"""The `wirecopy` command: the composition root (nothing imports it).

wirecopy dedup articles.jsonl -o clusters.jsonl
wirecopy dedup --example --stories
wirecopy eval all --data ../shared/data --seeds ../shared/seeds
wirecopy ingest articles.jsonl --tenant acme      (then: wirecopy worker)
wirecopy compare wire.txt outlet.txt
wirecopy index create --tenant acme --retention-days 30
"""

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from wirecopy import __version__
from wirecopy.compare_command import add_command as add_compare
from wirecopy.dedup import DedupResult, dedup
from wirecopy.dedup_passages import PairPassages, related_passages
from wirecopy.errors import InputFormatError, WirecopyError
from wirecopy.index_command import add_command as add_index
from wirecopy.readers import FORMATS, Corpus, read_corpus
from wirecopy.relation import Thresholds
from wirecopy.writers import OUTPUT_FORMATS, write_reports, write_stories

SHOWN_SKIPS = 20  # skipped records listed one by one before the rest are counted


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirecopy",
        description="Find which news articles are rewrites of the same wire copy.",
    )
    parser.add_argument("--version", action="version", version=f"wirecopy {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "dedup",
        help="cluster a corpus into stories: the original of each, and what copies what",
        description="Cluster a corpus into stories. Writes one JSON record per article "
        "(id, cluster, relation, scores against the original, related articles) and "
        "prints a summary on standard error.",
    )
    run.add_argument(
        "input", nargs="?", type=Path, help=".jsonl, .csv, .parquet, or a folder of .txt"
    )
    run.add_argument(
        "--example", action="store_true", help="use the example corpus shipped with wirecopy"
    )
    run.add_argument(
        "-f", "--format", choices=FORMATS, help="input format (default: from the name)"
    )
    run.add_argument(
        "-o", "--output", type=Path, help="write records here (default: standard output)"
    )
    run.add_argument(
        "--output-format",
        choices=OUTPUT_FORMATS,
        help="jsonl or csv (default: from -o's name, else jsonl)",
    )
    run.add_argument(
        "--stories", action="store_true", help="print the stories, readably, on standard output"
    )
    run.add_argument(
        "--processes", type=int, default=None, help="processes to use (default: every core)"
    )
    defaults = Thresholds()
    run.add_argument(
        "--rewrite-threshold",
        type=float,
        default=defaults.rewrite_containment,
        help=f"containment from which a pair is a rewrite (default {defaults.rewrite_containment})",
    )
    run.add_argument(
        "--partial-threshold",
        type=float,
        default=defaults.partial_containment,
        help=f"containment from which a pair shares copy (default {defaults.partial_containment})",
    )
    run.add_argument(
        "--redis",
        nargs="?",
        const="",
        metavar="URL",
        help="dedup against the live index in Redis (and add the corpus to it); "
        "URL defaults to $WIRECOPY_REDIS_URL, else an embedded Redis",
    )
    run.add_argument("--tenant", default="default", help="the live index to use with --redis")
    run.add_argument(
        "--passages",
        action="store_true",
        help="add to each related article the passages the two share (offsets, faithfulness), "
        "and align the pairs too reworded for shingles to decide (slower)",
    )
    run.set_defaults(handler=_dedup)
    _add_eval(commands)
    add_compare(commands)
    add_index(commands)
    from service.cli import add_commands as add_service
    from wirecopy.alerts.cli import add_commands as add_alerts
    from workers.cli import add_commands as add_workers  # the composition root wires them in

    add_workers(commands)
    add_service(commands)
    add_alerts(commands)
    return parser  # fmt: skip


def _add_eval(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from wirecopy.evaluation.runs import CHOICES

    run = commands.add_parser(
        "eval",
        help="measure wirecopy on the seed articles and labelled corpora",
        description="Measure wirecopy on the five seed articles and on labelled corpora "
        "(Clough & Stevenson, PAN 2013, BBC News), and the copied passages (PAN's "
        "text-alignment measures; the quotes seeds 002 and 001 share); print tables, or "
        "JSON with --json. "
        "Exit status 1 when a floor is not met. docs/evaluation.md has the figures.",
    )
    run.add_argument("set", choices=CHOICES, help="which evaluation to run")
    run.add_argument(
        "--data",
        type=Path,
        default=Path("../shared/data"),
        help="folder holding clough_stevenson/, pan13/, bbc_news/ (default ../shared/data)",
    )
    run.add_argument(
        "--seeds",
        type=Path,
        default=Path("../shared/seeds"),
        help="folder holding the seed articles 000.txt to 004.txt (default ../shared/seeds)",
    )
    run.add_argument("--json", action="store_true", help="print the figures as JSON")
    run.set_defaults(handler=_eval)


def _example_corpus() -> Path:
    return Path(str(resources.files("wirecopy") / "examples" / "wire_stories.jsonl"))


def _report_skipped(corpus: Corpus, err: TextIO) -> None:
    for skipped in corpus.skipped[:SHOWN_SKIPS]:
        where = f"line {skipped.line}" if isinstance(skipped.line, int) else skipped.line
        err.write(f"wirecopy: skipped {where}: {skipped.reason}\n")
    if len(corpus.skipped) > SHOWN_SKIPS:
        err.write(f"wirecopy: ... and {len(corpus.skipped) - SHOWN_SKIPS} more skipped\n")


def _summary(corpus: Corpus, result: DedupResult) -> str:
    read = len(corpus.articles) + len(corpus.skipped)
    skipped = len(corpus.skipped) + len(result.empty)
    rate = len(corpus.articles) / result.seconds if result.seconds > 0 else 0.0
    return (
        f"{read} articles read, {skipped} skipped; {result.stories} stories, "
        f"{result.count('rewrite')} rewrites, {result.count('partial')} partial copies; "
        f"{result.seconds:.2f} s, {rate:,.0f} articles/s"
    )


def _dedup(args: argparse.Namespace) -> int:
    if args.example == (args.input is not None):
        raise InputFormatError("give either an input file or --example (not both, not neither)")
    path = _example_corpus() if args.example else args.input
    corpus = read_corpus(path, args.format)
    _report_skipped(corpus, sys.stderr)
    thresholds = Thresholds(args.partial_threshold, args.rewrite_threshold)
    if args.redis is None:
        result = _run_with_progress(corpus, thresholds, args.processes, args.passages)
    else:
        result = _run_live(corpus, thresholds, args)
    for article_id in result.empty:
        reason = (
            "refused by the live index (no words, or older than its retention window)"
            if args.redis is not None
            else "no words left after normalisation"
        )
        sys.stderr.write(f"wirecopy: skipped {article_id!r}: {reason}\n")
    out_format = args.output_format or (
        "csv" if args.output and args.output.suffix.lower() == ".csv" else "jsonl"
    )
    passages = _passages(result, corpus, args) if args.passages else None
    if args.output:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            write_reports(result.reports, out, out_format, passages)
    elif not args.stories:
        write_reports(result.reports, sys.stdout, out_format, passages)
    if args.stories:
        titles = {a.id: a.title or a.text.strip().split("\n", 1)[0] for a in corpus.articles}
        write_stories(result, sys.stdout, titles)
    sys.stderr.write(f"wirecopy: {_summary(corpus, result)}\n")
    return 0


def _passages(result: DedupResult, corpus: Corpus, args: argparse.Namespace) -> PairPassages:
    texts = {a.id: a.text for a in corpus.articles}
    if args.redis is None:
        return related_passages(result, texts.get)
    from wirecopy.live import LiveIndex, connect

    index = LiveIndex(connect(args.redis or None), args.tenant)
    return related_passages(result, lambda i: texts[i] if i in texts else index.text(i))


def _eval(args: argparse.Namespace) -> int:
    from wirecopy.evaluation.runs import evaluate

    return evaluate(args.set, args.data, args.seeds, sys.stdout, as_json=args.json)


def _run_with_progress(
    corpus: Corpus, thresholds: Thresholds, processes: int | None, passages: bool
) -> DedupResult:
    from tqdm import tqdm

    total = len(corpus.articles)
    with tqdm(
        total=total, unit=" articles", disable=None if total >= 5_000 else True, file=sys.stderr
    ) as bar:
        return dedup(
            corpus.articles, thresholds=thresholds, processes=processes, progress=bar.update,
            passages=passages,
        )  # fmt: skip


def _run_live(corpus: Corpus, thresholds: Thresholds, args: argparse.Namespace) -> DedupResult:
    from tqdm import tqdm

    from wirecopy.live import LiveIndex, connect
    from wirecopy.live.batch import dedup_live

    index = LiveIndex(connect(args.redis or None), args.tenant, thresholds=thresholds)
    total = len(corpus.articles)
    with tqdm(
        total=total, unit=" articles", disable=None if total >= 5_000 else True, file=sys.stderr
    ) as bar:
        return dedup_live(index, corpus.articles, processes=args.processes, progress=bar.update)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (2 for input the user must fix)."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except WirecopyError as error:
        sys.stderr.write(f"wirecopy: error: {error}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`wirecopy dedup x.jsonl | head`): fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return status


if __name__ == "__main__":
    sys.exit(main())
