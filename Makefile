# One file for people and CI alike: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= ../shared/data

.PHONY: demo test lint typecheck unit bench calibrate clean

$(BIN)/wirecopy: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

demo: $(BIN)/wirecopy  ## the API on an embedded Redis, the example corpus loaded
	$(BIN)/wirecopy serve --load-example

test: lint typecheck unit  ## everything CI runs

lint: $(BIN)/wirecopy
	$(BIN)/ruff check wirecopy workers service tests bench
	$(BIN)/ruff format --check wirecopy workers service tests bench

typecheck: $(BIN)/wirecopy
	$(BIN)/mypy

unit: $(BIN)/wirecopy
	$(BIN)/python -m pytest

bench: $(BIN)/wirecopy  ## speed against datasketch and rensa (needs ../shared/data)
	$(BIN)/python bench/bench_signatures.py $(DATA)/bbc_news/bbc_news.jsonl

calibrate: $(BIN)/wirecopy  ## the relation thresholds, from labelled corpora
	$(BIN)/python bench/calibrate.py $(DATA)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
