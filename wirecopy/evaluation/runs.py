"""Run evaluation sets, print their tables (or JSON), and check the floors of the issue.

The floors: the seeds' story (000, 001, 003 together; 002 and 004 partial),
derived-or-not F1 of at least 0.95 on Clough & Stevenson, and every BBC exact
duplicate in one story with its twin. The exit status is 0 when every floor run is
met and 1 otherwise; a missing file stops everything first (InputFormatError).

>>> import io, tempfile
>>> from wirecopy.errors import InputFormatError
>>> nowhere = Path(tempfile.mkdtemp())
>>> try:
...     evaluate("clough", nowhere, nowhere, io.StringIO())
... except InputFormatError as error:
...     print(str(error).split(": ", 1)[1])
pass --data with the folder holding clough_stevenson/, pan13/ and bbc_news/
"""

import dataclasses
import json
from pathlib import Path
from typing import Any, TextIO

from wirecopy.evaluation.alignment import PassagesResult, run_passages
from wirecopy.evaluation.bbc import BbcResult, run_bbc
from wirecopy.evaluation.clough import FLOOR_F1, CloughResult, run_clough
from wirecopy.evaluation.datasets import check_present
from wirecopy.evaluation.pairs import PairFigures
from wirecopy.evaluation.pan import run_pan
from wirecopy.evaluation.report import (
    bbc_lines,
    clough_lines,
    floor_lines,
    pan_lines,
    passages_lines,
    seed_quotes_lines,
    seeds_lines,
)
from wirecopy.evaluation.seed_quotes import SeedQuotes, run_seed_quotes
from wirecopy.evaluation.seeds import SeedsResult, run_seeds
from wirecopy.params import FingerprintParams
from wirecopy.relation import DEFAULT_THRESHOLDS

SETS = ("seeds", "seed-quotes", "clough", "pan", "bbc", "passages")
CHOICES = (*SETS, "all")
Result = SeedsResult | CloughResult | PairFigures | BbcResult | PassagesResult | SeedQuotes


def _run(name: str, data: Path, seeds: Path) -> tuple[Result, list[str]]:
    if name == "seeds":
        found_seeds = run_seeds(seeds)
        return found_seeds, seeds_lines(found_seeds)
    if name == "seed-quotes":
        quotes = run_seed_quotes(seeds)
        return quotes, seed_quotes_lines(quotes)
    if name == "clough":
        clough = run_clough(data)
        return clough, clough_lines(clough)
    if name == "pan":
        pan = run_pan(data)
        return pan, pan_lines(pan)
    if name == "passages":
        passages = run_passages(data)
        return passages, passages_lines(passages)
    bbc = run_bbc(data)
    return bbc, bbc_lines(bbc)


def floors(results: dict[str, Result]) -> list[tuple[str, bool]]:
    """The floors of the sets that were run, each with whether it is met."""
    found = []
    for result in results.values():
        if isinstance(result, SeedsResult):
            found.append(("seeds: 000, 001, 003 in one story, 002 and 004 not", result.one_story))
            found.append(("seeds: 002 and 004 partial", result.quotes_partial))
        elif isinstance(result, CloughResult):
            f1 = result.all_pairs.derived.f1
            found.append(
                (f"clough: derived-or-not F1 >= {FLOOR_F1} (all pairs: {f1:.3f})", result.floor_met)
            )
        elif isinstance(result, PassagesResult | SeedQuotes):
            found.extend(result.floors)
        elif isinstance(result, BbcResult):
            share = f"{result.with_twin}/{result.exact_duplicates}"
            found.append((f"bbc: exact duplicates with their twin ({share})", result.floor_met))
    return found


def evaluate(which: str, data: Path, seeds: Path, out: TextIO, as_json: bool = False) -> int:
    """Run set `which` (or all of them), write the figures to `out`; 1 if a floor is missed."""
    names = SETS if which == "all" else (which,)
    check_present(names, data, seeds)
    results: dict[str, Result] = {}
    for name in names:
        results[name], lines = _run(name, data, seeds)
        if not as_json:
            out.write("\n".join(lines) + "\n\n")
            out.flush()
    met = floors(results)
    if as_json:
        figures: dict[str, Any] = {
            "params": FingerprintParams().id,
            "thresholds": dataclasses.asdict(DEFAULT_THRESHOLDS),
            **{name: dataclasses.asdict(result) for name, result in results.items()},
            "floors": [{"floor": name, "met": ok} for name, ok in met],
        }
        out.write(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")
    else:
        out.write("\n".join(floor_lines(met)) + "\n")
    return 0 if all(ok for _, ok in met) else 1
