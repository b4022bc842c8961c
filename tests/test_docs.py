"""The docs tell the truth: every module's examples run, and the README shows each command."""

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import service
import wirecopy
import workers

MODULES = sorted(
    m.name
    for package in (wirecopy, workers, service)
    for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
)
README = (Path(__file__).parent.parent / "README.md").read_text()


@pytest.mark.parametrize("name", ["wirecopy", "workers", "service", *MODULES])
def test_module_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no docstring"
    result = doctest.testmod(module)
    assert result.failed == 0


@pytest.mark.parametrize(
    "command",
    [
        "wirecopy dedup",
        "wirecopy eval",
        "wirecopy compare",
        "wirecopy ingest",
        "wirecopy worker",
        "make demo",
        "make test",
    ],
)
def test_readme_shows_each_command(command: str) -> None:
    assert command in README
