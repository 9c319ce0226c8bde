# Two commands on a fresh machine: `make run` and `make test`. Both build .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fmt bench bench-production clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cdsbot run --init

# Two test processes (pytest-xdist): the suite waits on subprocesses and servers as much as it
# computes. Tests marked `alone` (stopping PostgreSQL) run afterwards, by themselves.
TEST_WORKERS ?= 2

test: $(STAMP)
	$(BIN)/pytest -q -n $(TEST_WORKERS) -m "not alone"
	$(BIN)/pytest -q -m alone

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extra arguments for the fan-out bench, e.g. `make bench FANOUT_ARGS="--recipients 200"`.
FANOUT_ARGS ?=

bench: $(STAMP)
	$(BIN)/python tests/bench/qa.py
	$(BIN)/python tests/bench/fanout.py $(FANOUT_ARGS)

# Production capacity (#14): webhook throughput vs a bare PTB echo bot (SQLite, and
# PostgreSQL when TEST_DATABASE_URL is set), then planning/export//tiendo at 96, 3,321 and
# 33,210 units on PostgreSQL. Takes several minutes; kept out of `make bench`.
bench-production: $(STAMP)
	PYTHONPATH=. $(BIN)/python tests/bench/throughput.py
	PYTHONPATH=. $(BIN)/python tests/bench/scale.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
