# make serve | make build | make test | make check | make schemas | make clean
# Needs only python3 (3.11) and GNU make: the first run creates .venv from the pinned requirements.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Material for MkDocs prints an end-of-life banner about MkDocs 2.0 on every run; silence it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test clean check schemas

# The stamp is newer than both requirement files once they are installed; editing either
# reinstalls. The venv itself is created only when it is missing.
$(STAMP): requirements.txt requirements-test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

$(VENV): $(STAMP)

# The test judges from npm (axe-core, the Nu Html Checker), exactly as package-lock.json pins
# them. `npm ci` needs Node 20 and npm; --ignore-scripts skips vnu-jar's postinstall, which would
# download a Java runtime: the checker runs on the machine's Java 17.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

build: $(STAMP) $(NODE_STAMP)
	$(BIN)/mkdocs build --strict --clean -d site

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# Every data file and project page checked as the build checks them, without building.
check: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m partnerskap.cli check

# The JSON Schemas under schemas/, from the same field descriptions the check uses.
schemas: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m partnerskap.cli schemas

# Measurements, not tests (neither is part of make test). bench/results.md gets the table.
.PHONY: bench lighthouse
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 100 1000 5000

# Lighthouse 12 in bench/node_modules, pinned by bench/package-lock.json (13 wants a newer Node).
LIGHTHOUSE_STAMP := bench/node_modules/.installed
$(LIGHTHOUSE_STAMP): bench/package.json bench/package-lock.json
	cd bench && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

lighthouse: $(STAMP) $(LIGHTHOUSE_STAMP)
	$(BIN)/python bench/lighthouse.py

clean:
	rm -rf site .pytest_cache .hypothesis
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +
