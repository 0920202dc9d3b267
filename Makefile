# The two commands of a fresh machine (see README.md):
#   make example   install what brief needs, then build the example briefing into output/
#   make test      install what the tests need, then run linters, type checks and the tests
# Both install the pinned set in requirements/dev.txt; `make upgrade` moves the pins.
# While editing, `make test-fast` runs the tests not marked slow (in under a minute).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# How requirements/*.txt are compiled from pyproject.toml's ranges (`make lock`, `make upgrade`).
COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	--allow-unsafe

.PHONY: example test test-fast lint bench fuzz lock upgrade clean

$(BIN)/brief: pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip-sync --quiet requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check --quiet
	touch $@

example: $(BIN)/brief
	scripts/install-system-deps
	$(BIN)/brief build briefings/belarus-2022.yaml

lint: $(BIN)/brief
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(BIN)/brief
	scripts/install-system-deps --tests
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest

# The edit loop: the tests not marked slow (under a minute; `make test` runs them all).
test-fast: $(BIN)/brief
	scripts/install-system-deps --tests
	$(BIN)/pytest -m "not slow"

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

# Pin what pyproject.toml asks for that is not pinned yet (a new dependency), keeping the
# other pins, and install the pinned set.
lock: $(BIN)/brief
	$(COMPILE) $(LOCK_FLAGS) --output-file requirements/run.txt pyproject.toml
	$(COMPILE) $(LOCK_FLAGS) --extra dev --all-build-deps --constraint requirements/run.txt \
		--output-file requirements/dev.txt pyproject.toml
	$(BIN)/pip-sync --quiet requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(BIN)/brief

# Move every pin to the newest release pyproject.toml's ranges allow, install them, and
# run the whole suite: dependency updates come in this way, as a commit of requirements/.
upgrade:
	$(MAKE) --no-print-directory lock LOCK_FLAGS=--upgrade
	$(MAKE) --no-print-directory test

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
