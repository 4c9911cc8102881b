# Every target creates .venv on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Prefect runs in ephemeral mode (no server needed); keep its state out of $HOME and quiet.
export PREFECT_HOME ?= $(CURDIR)/data/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_LEVEL ?= WARNING

.PHONY: demo run test test-fast test-matrix install-check lint format docs dashboard clean bench fuzz busy-demo conformance fleet-demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# axe-core for the browser tests' accessibility checks (tests/axe.py), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Prefect does not create a missing parent folder for its home.
$(PREFECT_HOME):
	mkdir -p $@

demo: $(STAMP) | $(PREFECT_HOME)  ## the whole job against the local emulator and bundled real records
	$(BIN)/trials demo

run: $(STAMP) | $(PREFECT_HOME)  ## the whole job against the live ClinicalTrials.gov API
	$(BIN)/trials refresh

prefect-demo: $(STAMP) | $(PREFECT_HOME)  ## the deployment on a real Prefect server with a process worker, on 127.0.0.1
	$(BIN)/python -m flows.server_demo

fleet-demo: $(STAMP) | $(PREFECT_HOME)  ## one deployment per topic, two workers, one API rate limit, on 127.0.0.1
	$(BIN)/python -m flows.fleet_demo $(ARGS)

# Every layer (unit, integration, e2e, browser: see tests/conftest.py) on WORKERS processes
# (pytest-xdist; a file's tests stay on one worker, so module fixtures are built once).
WORKERS ?= 3
test: $(STAMP) $(NODE_STAMP) | $(PREFECT_HOME)
	$(BIN)/pytest -q -n $(WORKERS) --dist loadfile --no-loadscope-reorder

# The quick loop: the unit layer only (no chart rendering, CLI child processes, Prefect runs,
# browser or long property tests).
test-fast: $(STAMP) | $(PREFECT_HOME)
	$(BIN)/pytest -q -x -n $(WORKERS) --dist loadfile --no-loadscope-reorder -m unit

# The suite at the lowest supported versions (constraints/lowest.txt, every other package as of
# LOWEST_DATE, the release date of the newest of those pins: duckdb 1.3.0) and at the newest ones.
# uv resolves both (pip cannot resolve "as of a date"); venvs .venv-lowest and .venv-newest.
LOWEST_DATE ?= 2025-05-22
MATRIX_TESTS ?= -m "not browser"
UV := $(BIN)/uv
.venv-lowest/.installed: pyproject.toml constraints/lowest.txt $(STAMP)
	rm -rf .venv-lowest && $(UV) venv -q -p $(PYTHON) .venv-lowest
	$(UV) pip install -q --python .venv-lowest/bin/python -e ".[dev]" -c constraints/lowest.txt \
		--exclude-newer $(LOWEST_DATE) --exclude-newer-package ctgov=2030-01-01 \
		--exclude-newer-package pytrials=2030-01-01 --exclude-newer-package pytest-xdist=2030-01-01
	touch $@
.venv-newest/.installed: pyproject.toml $(STAMP)
	rm -rf .venv-newest && $(UV) venv -q -p $(PYTHON) .venv-newest
	$(UV) pip install -q --python .venv-newest/bin/python --upgrade -e ".[dev]"
	touch $@
test-matrix: .venv-lowest/.installed .venv-newest/.installed | $(PREFECT_HOME)  ## the suite at the lowest and the newest supported versions
	@for v in .venv-lowest .venv-newest; do \
		echo "== $$v: $$($$v/bin/python -c 'import duckdb, pandas, prefect; print("duckdb", duckdb.__version__, "pandas", pandas.__version__, "prefect", prefect.__version__)')"; \
		$$v/bin/pytest -q -p no:cacheprovider -n $(WORKERS) --dist loadfile --no-loadscope-reorder $(MATRIX_TESTS) || exit 1; \
	done

# A wheel installed (not editable) into a fresh venv runs `trials demo` from an empty directory.
install-check:
	.ci/install-check

# The property-based test of hostile records at length: FUZZ_EXAMPLES x FUZZ_BATCH records
# (make test runs 3 x 50); FUZZ_SEED picks another fixed sequence.
FUZZ_EXAMPLES ?= 80
fuzz: $(STAMP) | $(PREFECT_HOME)  ## thousands of hostile variants of real records through refresh and import
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -s tests/test_fuzz.py

# Schemathesis (its own extra, so `make test` stays lean) against the emulator with the official
# spec, seeded; SEED and EXAMPLES (cases per operation) pick another run.
SEED ?= 14
EXAMPLES ?= 100
$(VENV)/.conformance: $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev,conformance]"
	touch $@

conformance: $(VENV)/.conformance  ## Schemathesis against the emulator: schema, status, content type, positive data
	$(BIN)/python -m pipeline.emulator.conformance --seed $(SEED) --max-examples $(EXAMPLES)

busy-demo: $(STAMP)  ## make demo while 4 CPU-bound processes load the cores; prints wall times
	$(BIN)/python -m benchmarks.busy_demo $(ARGS)

docs: $(STAMP)  ## regenerate docs/schema.md from the descriptions in sql/comments/
	$(BIN)/python -m tools.schema_doc

dashboard: $(STAMP) | $(PREFECT_HOME)  ## render data/site/dashboard.html from the published database
	$(BIN)/trials dashboard

bench: $(STAMP)  ## load benchmark on synthetic copies of corpus/ (10k + 50k studies; ARGS=--full adds 580k)
	$(BIN)/python -m benchmarks.bench $(ARGS)

lint: $(STAMP)  ## ruff, and mypy over pipeline/, flows/, trials/ ([tool.mypy] in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .venv-lowest .venv-newest data .pytest_cache .ruff_cache
