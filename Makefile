# The two commands of a fresh machine (see README.md):
#   make example   install what building needs, then build the example briefing into output/
#   make test      install what the tests need besides, then run linters, type checks and tests
# `make example` installs the pins of requirements/run.txt (brief's own dependencies, and the
# setuptools that installs brief); `make test` and the other targets add the rest of
# requirements/dev.txt (the test tools, linters, pip-tools). `make upgrade` moves the pins.
# While editing, `make test-fast` runs the tests not marked slow (in under a minute).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# How requirements/*.txt are compiled from pyproject.toml's ranges (`make lock`, `make upgrade`).
COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	--allow-unsafe

.PHONY: example test test-fast lint bench fuzz lock upgrade clean

# The pinned setuptools that installs brief (pyproject.toml's build-system), from dev.txt.
SETUPTOOLS := $(shell grep -E '^setuptools==' requirements/dev.txt)
# What building needs, and no more: brief's pinned dependencies, and brief itself.
$(BIN)/brief: pyproject.toml requirements/run.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements/run.txt $(SETUPTOOLS)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check --quiet
	touch $@

# What the tests, linters, benchmarks and `make lock` need besides: the whole pinned set.
DEV := $(VENV)/.dev-installed
$(DEV): $(BIN)/brief requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip-sync --quiet requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check --quiet
	touch $@

example: $(BIN)/brief
	scripts/install-system-deps
	$(BIN)/brief build briefings/belarus-2022.yaml

lint: $(DEV)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# Two test processes (pytest-xdist): most tests wait on LibreOffice, chromium, WeasyPrint's
# worker or a server, so two keep both cores busy (about 4.5 minutes instead of 8).
test: $(DEV)
	scripts/install-system-deps --tests
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest --numprocesses 2

# The edit loop: the tests not marked slow (under a minute; `make test` runs them all).
test-fast: $(DEV)
	scripts/install-system-deps --tests
	$(BIN)/pytest -m "not slow"

bench: $(DEV)
	scripts/install-system-deps --bench
	$(BIN)/python bench/build_speed.py
	$(BIN)/python bench/rebuild_speed.py
	$(BIN)/python bench/preview_speed.py
	$(BIN)/python bench/long_memo.py
	$(BIN)/python bench/resolve_speed.py
	$(BIN)/python bench/bombs.py
	$(BIN)/python bench/corpus.py
	$(BIN)/python bench/review_edit.py
	$(BIN)/python bench/review_speed.py

# Ten thousand mutated specs: prints how many end in an internal error (the aim is none).
fuzz: $(DEV)
	scripts/install-system-deps
	$(BIN)/python bench/fuzz.py --runs 10000

# Pin what pyproject.toml asks for that is not pinned yet (a new dependency), keeping the
# other pins, and install the pinned set.
lock: $(DEV)
	$(COMPILE) $(LOCK_FLAGS) --output-file requirements/run.txt pyproject.toml
	$(COMPILE) $(LOCK_FLAGS) --extra dev --all-build-deps --constraint requirements/run.txt \
		--output-file requirements/dev.txt pyproject.toml
	$(BIN)/pip-sync --quiet requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(BIN)/brief $(DEV)

# Move every pin to the newest release pyproject.toml's ranges allow, install them, and
# run the whole suite: dependency updates come in this way, as a commit of requirements/.
upgrade:
	$(MAKE) --no-print-directory lock LOCK_FLAGS=--upgrade
	$(MAKE) --no-print-directory test

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
