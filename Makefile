# The two commands the README promises: `make demo` and `make test`. Both make .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test quick bench bench-quick budgets budgets-lower valgrind lint timeline api browser timelinejs docs mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/python -m aitimeline

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts examples
	$(BIN)/ruff format --check src tests benchmarks scripts examples
	$(BIN)/mypy --strict src tests examples scripts/mkdocs_hooks.py scripts/griffe_docstrings.py scripts/mutation_score.py
	$(BIN)/lint-imports --no-cache

test: lint browser timelinejs
	AITIMELINE_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest
	@$(MAKE) --no-print-directory budgets

# The quick loop while you work: the tests not marked slow (no site build, wheel, chromium or writer processes),
# without lint or budgets. `make test` (and CI) runs everything.
quick: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow" -q $(ARGS)

# The timeline page's tests run in Debian's chromium (Playwright drives it by path; it downloads no browser).
# Installed with apt when missing (as root, or with sudo); without it those tests are skipped, except under CI.
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; } || \
	  echo "could not install chromium: the browser tests will be skipped (install it, or set CHROMIUM)"; }

# The TimelineJS test (tests/test_timelinejs.py) shows the export in TimelineJS 3 itself: the npm package
# @knight-lab/timelinejs at the version pinned in tests/timelinejs/package.json and package-lock.json, installed there
# by `npm ci` (node_modules is git-ignored; again whenever either file changes). Debian's nodejs and npm are installed
# with apt when missing (as root, or with sudo); without TimelineJS that test is skipped, except under CI.
TIMELINEJS := tests/timelinejs/node_modules/.package-lock.json
timelinejs: $(TIMELINEJS)

$(TIMELINEJS): tests/timelinejs/package.json tests/timelinejs/package-lock.json
	@command -v npm >/dev/null || { \
	  echo "installing Debian's nodejs and npm for the TimelineJS test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq nodejs npm >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm >/dev/null; } || \
	  echo "could not install nodejs and npm: the TimelineJS test will be skipped (under CI, it fails)"; }
	@command -v npm >/dev/null && cd tests/timelinejs && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || \
	  echo "could not install TimelineJS: the TimelineJS test will be skipped (under CI, it fails)"

# Instruction budgets (benchmarks/budgets.toml): valgrind counts the instructions of each workload of
# benchmarks/instructions.py (about 40 s on 2 cores), and `make test` fails when one is more than 3 % over its budget.
# `make budgets-lower` lowers the budgets of figures now below them, for the commit that earned it; raising one is a
# hand edit. valgrind is installed with apt when missing (as root, or with sudo); without it the check is skipped,
# except under CI, where it fails.
budgets: $(VENV)/.installed valgrind
	$(BIN)/python benchmarks/instructions.py $(ARGS)

budgets-lower: $(VENV)/.installed valgrind
	$(BIN)/python benchmarks/instructions.py --lower $(ARGS)

valgrind:
	@command -v valgrind >/dev/null || { \
	  echo "installing valgrind for the instruction budgets"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq valgrind >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq valgrind >/dev/null; } || \
	  echo "could not install valgrind: the instruction budgets will be skipped (under CI, they fail)"; }

# The performance table (docs/performance.md): `make bench` (about ten minutes), `make bench-quick` (under a
# minute), or `make bench ARGS="--sizes 1000 100000"`. The bench extra brings eventsourcing, the reference point.
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bench]'
	touch $@ $(VENV)/.installed

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench.py $(ARGS)

bench-quick: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench.py --quick $(ARGS)

# Mutation testing of the engine's semantic modules (knowledge, replay, index, persistent; [tool.mutmut] in
# pyproject.toml, docs/architecture.md): mutmut copies the project into mutants/ (git-ignored), makes each mutant
# of those modules and runs the tests that call the mutated function (hypothesis's "mutation" profile, in
# tests/conftest.py: ten examples a property, the same in every run); scripts/mutation_score.py then prints killed,
# survived, timeout and no tests per module, and the survivors (`.venv/bin/mutmut show NAME` shows one). Not in
# `make test` nor CI: a whole run (about 980 mutants) takes 4-5 hours on 2 cores. Without MUTANTS it starts afresh; with it, it
# runs again only the mutants named (globs of mutant names, keeping the others' results), e.g.
# `make mutation MUTANTS='aitimeline._engine.knowledge*'` or `MUTANTS='aitimeline._engine.index.xǁIndexǁset*'`.
$(VENV)/.installed-mutation: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[mutation]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

mutation: $(VENV)/.installed-mutation
	$(if $(MUTANTS),,rm -rf mutants)
	HYPOTHESIS_PROFILE=mutation $(BIN)/mutmut run $(MUTANTS)
	$(BIN)/python scripts/mutation_score.py

timeline: $(VENV)/.installed
	$(BIN)/python scripts/make_timeline.py

# docs/api.md: every public name with its signature and docstring summary (tests/test_api.py checks it is fresh).
api: $(VENV)/.installed
	$(BIN)/python scripts/make_api.py

# The documentation site into site/ (open site/index.html, or `.venv/bin/mkdocs serve`). --strict: any warning (a
# broken link or anchor, a cross-reference that resolves nowhere) fails it. `make test` builds it too
# (tests/test_site.py).
$(VENV)/.installed-docs: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[docs]'
	touch $@ $(VENV)/.installed

docs: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist site mutants tests/timelinejs/node_modules
