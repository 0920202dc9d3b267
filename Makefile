# The two commands of a fresh machine (see README.md):
#   make example   install what brief needs, then build the example briefing into output/
#   make test      install what the tests need, then run linters, type checks and the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: example test lint bench fuzz clean

$(BIN)/brief: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

example: $(BIN)/brief
	scripts/install-system-deps
	$(BIN)/brief build briefings/belarus-2022.yaml

lint: $(BIN)/brief
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

test: $(BIN)/brief
	scripts/install-system-deps --tests
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest

bench: $(BIN)/brief
	scripts/install-system-deps --bench
	$(BIN)/python bench/build_speed.py
	$(BIN)/python bench/rebuild_speed.py
	$(BIN)/python bench/resolve_speed.py
	$(BIN)/python bench/bombs.py
	$(BIN)/python bench/corpus.py

# Ten thousand mutated specs: prints how many end in an internal error (the aim is none).
fuzz: $(BIN)/brief
	scripts/install-system-deps
	$(BIN)/python bench/fuzz.py --runs 10000

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
