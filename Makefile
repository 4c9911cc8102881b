# Every target creates .venv on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Prefect runs in ephemeral mode (no server needed); keep its state out of $HOME and quiet.
export PREFECT_HOME ?= $(CURDIR)/data/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_LEVEL ?= WARNING

.PHONY: demo run test test-fast lint format docs dashboard clean bench fuzz busy-demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Prefect does not create a missing parent folder for its home.
$(PREFECT_HOME):
	mkdir -p $@

demo: $(STAMP) | $(PREFECT_HOME)  ## the whole job against the local emulator and bundled real records
	$(BIN)/trials demo

run: $(STAMP) | $(PREFECT_HOME)  ## the whole job against the live ClinicalTrials.gov API
	$(BIN)/trials refresh

prefect-demo: $(STAMP) | $(PREFECT_HOME)  ## the deployment on a real Prefect server with a process worker, on 127.0.0.1
	$(BIN)/python -m flows.server_demo

# axe-core (npm, package.json) for the browser tests' accessibility checks (tests/axe_page.py).
node_modules/.installed: package.json
	npm install --no-audit --no-fund --no-package-lock
	touch $@

test: $(STAMP) node_modules/.installed | $(PREFECT_HOME)
	$(BIN)/pytest -q

# The quick loop: no whole runs through Prefect, no browser, no long property test.
test-fast: $(STAMP) | $(PREFECT_HOME)
	$(BIN)/pytest -q -x -m "not e2e and not browser and not fuzz"

# The property-based test of hostile records at length: FUZZ_EXAMPLES x FUZZ_BATCH records
# (make test runs 6 x 50); FUZZ_SEED picks another fixed sequence.
FUZZ_EXAMPLES ?= 80
fuzz: $(STAMP) | $(PREFECT_HOME)  ## thousands of hostile variants of real records through refresh and import
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -s tests/test_fuzz.py

busy-demo: $(STAMP)  ## make demo while 4 CPU-bound processes load the cores; prints wall times
	$(BIN)/python -m benchmarks.busy_demo $(ARGS)

docs: $(STAMP)  ## regenerate docs/schema.md from the descriptions in sql/comments/
	$(BIN)/python -m pipeline.schema_doc

dashboard: $(STAMP) | $(PREFECT_HOME)  ## render data/site/dashboard.html from the published database
	$(BIN)/trials dashboard

bench: $(STAMP)  ## load benchmark on synthetic copies of corpus/ (10k + 50k studies; ARGS=--full adds 580k)
	$(BIN)/python -m benchmarks.bench $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
