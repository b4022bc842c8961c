"""`wirecopy eval seed-quotes`: the quotes two articles share, each inside one passage."""

from pathlib import Path

import pytest
from evaluation_factories import write_seeds

from wirecopy.cli import main
from wirecopy.evaluation.seed_quotes import quotations, run_seed_quotes, shared_quotes

QUOTE = "We will not load a single ship until the cranes are safe"


def test_quotations_of_every_kind_of_mark() -> None:
    text = f'A “{QUOTE}” B "short one" C «troisième»'
    assert [text[s:e] for s, e in quotations(text)] == [QUOTE, "short one", "troisième"]


def test_a_quote_both_report_is_held_by_a_passage_on_both_sides() -> None:
    a = f"Dockers walked out at dawn. “{QUOTE},” said Marta Velez of the union."
    b = f"Ships queued in the bay. Velez was blunt: “{QUOTE}.” Talks resume on Friday."
    (found,) = shared_quotes(a, b)
    assert a[found.a_start : found.a_end] == QUOTE + ","
    assert b[found.b_start : found.b_end] == QUOTE + "."
    assert found.passage is not None
    assert a[found.passage.a_start : found.passage.a_end] == QUOTE
    assert b[found.passage.b_start : found.passage.b_end] == QUOTE


def test_unshared_quotes_are_not_listed() -> None:
    assert shared_quotes(f"“{QUOTE}”", "“Nothing like it, said nobody at all today”") == []


def test_the_invented_seeds_quotes_are_all_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = write_seeds(tmp_path)
    found = run_seed_quotes(seeds)
    assert found.quotes
    assert all(q.found for q in found.quotes)
    assert main(["eval", "seed-quotes", "--seeds", str(seeds)]) == 0
    assert "met      seed-quotes: every quote 002 and 001 share" in capsys.readouterr().out
