# The README's commands. `make run`: set up and start the app on the sample reports. `make test`: set up and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The offline environment (no hub, no telemetry) is set by the `studietur` command and by the tests themselves:
# studietur/core/environment.py is its one home.

.PHONY: run setup setup-test test test-slow lint

run: setup
	$(BIN)/studietur ui --ingest

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	$(BIN)/studietur model
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,compare]'
	bash scripts/install-browser.sh
	touch $@

test: setup-test
	$(BIN)/ruff check studietur assistant ingest vectorstore ui evals benchmarks tests
	$(BIN)/python -m pytest -m "not slow and not live"

test-slow: setup-test
	$(BIN)/python -m pytest -m "slow"

lint: setup-test
	$(BIN)/ruff check studietur assistant ingest vectorstore ui evals benchmarks tests
