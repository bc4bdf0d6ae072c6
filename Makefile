# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= .vnkg/store
HOST ?= 127.0.0.1
PORT ?= 5000
TEXTS ?= ../shared/seeds

.PHONY: install run build test test-fast golden translations lint check-sources check-install suggest-report bench clean virtuoso-test typecheck

# The package and what serving needs (make run); the test and lint tools on top (make install).
$(BIN)/vnkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(BIN)/vnkg

$(VENV)/.test-tools: $(BIN)/vnkg
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.test-tools

# The store is rebuilt only when what it is built from changed: the annotations, the ontology,
# the code of graph/ (a stamp file beside the store records the last build).
BUILT := $(STORE).built
BUILD_INPUTS := $(shell find seeds ontology graph -type f \( -name '*.yaml' -o -name '*.ttl' -o -name '*.rq' -o -name '*.py' -o -name '*.csv' \) 2>/dev/null)

$(BUILT): $(BIN)/vnkg $(BUILD_INPUTS)
	$(BIN)/vnkg build --store $(STORE)
	touch $@

build: $(BUILT)

run: $(BUILT)
	$(BIN)/vnkg serve --store $(STORE) --host $(HOST) --port $(PORT)

# `pip install -e .` in a fresh venv prints no warning from the project's packaging: the only
# one allowed is setuptools' notice that every editable install of a package-dir layout gets.
check-install:
	rm -rf .vnkg/check-install && $(PYTHON) -m venv .vnkg/check-install
	.vnkg/check-install/bin/pip install --quiet --upgrade pip
	.vnkg/check-install/bin/pip install -e . > .vnkg/check-install.log 2>&1
	! grep -i "warning" .vnkg/check-install.log | grep -v -e "BuildBackendWarning: Editable installation." -e "^WARNING: Location "
	rm -rf .vnkg/check-install .vnkg/check-install.log

test: install
	$(BIN)/pytest -q
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory typecheck

# mypy --strict on the packages as installed (vnkg.graph, vnkg.server), through links to the
# folders: mypy cannot follow setuptools' editable-install hook (pyproject.toml [tool.mypy]).
typecheck: install
	mkdir -p .vnkg/mypy/vnkg
	ln -sfn ../../../graph .vnkg/mypy/vnkg/graph
	ln -sfn ../../../server .vnkg/mypy/vnkg/server
	$(BIN)/mypy

# The inner loop: everything but the tests marked slow (tests/conftest.py says which), ~1 min.
test-fast: install
	$(BIN)/pytest -q -m "not slow"

# Regenerate tests/data/golden.nq, the emitter's output on tests/data/seeds (never automatic).
golden: install
	$(BIN)/python -m tests.golden

# The interface's messages: extract them from templates and code, merge into each language's
# catalogue (server/translations/*.po); then translate the new empty msgstr lines.
TRANSLATIONS := server/translations
translations: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location \
		--sort-output --project vnkg -o $(TRANSLATIONS)/messages.pot .
	for lang in vi fr; do $(BIN)/pybabel -q update -i $(TRANSLATIONS)/messages.pot \
		-o $(TRANSLATIONS)/$$lang.po -l $$lang --no-wrap --ignore-obsolete; done

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory typecheck

# Every annotated figure in its article, every number of the articles annotated or excluded.
check-sources: install
	$(BIN)/vnkg check-sources --texts $(TEXTS)

# `vnkg suggest` on each bundled article against its curated annotations: a report, and the
# table of README.md ("How close the drafts come"), rewritten between its markers.
suggest-report: install
	$(BIN)/python benchmarks/suggest_report.py --texts $(TEXTS) --readme README.md

# vnkg over Virtuoso (Debian virtuoso-opensource, installed if missing; needs root): start a
# throw-away instance on 127.0.0.1, push the bundled build, run tests/test_remote.py (push,
# pages, competency queries) against it, stop it. Not part of `make test`.
VIRTUOSO_DIR ?= .vnkg/virtuoso
VIRTUOSO_HTTP ?= 18890
VIRTUOSO_SQL ?= 11111
VIRTUOSO := http://127.0.0.1:$(VIRTUOSO_HTTP)

virtuoso-test: build
	command -v virtuoso-t >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virtuoso-opensource; }
	scripts/virtuoso.sh stop $(VIRTUOSO_DIR); rm -rf $(VIRTUOSO_DIR)
	scripts/virtuoso.sh start $(VIRTUOSO_DIR) $(VIRTUOSO_HTTP) $(VIRTUOSO_SQL)
	status=0; \
	$(BIN)/vnkg push --store $(STORE) --endpoint $(VIRTUOSO)/sparql --auth dba:dba \
	  --gsp $(VIRTUOSO)/sparql-graph-crud-auth --update $(VIRTUOSO)/sparql-auth || status=$$?; \
	[ $$status -ne 0 ] || VNKG_TEST_QUERY=$(VIRTUOSO)/sparql VNKG_TEST_AUTH=dba:dba \
	  VNKG_TEST_GSP=$(VIRTUOSO)/sparql-graph-crud-auth VNKG_TEST_UPDATE=$(VIRTUOSO)/sparql-auth \
	  $(BIN)/pytest -q -p no:cacheprovider tests/test_remote.py || status=$$?; \
	scripts/virtuoso.sh stop $(VIRTUOSO_DIR); exit $$status

# Benchmarks, not tests: build, export and endpoints at 10k..10m triples (~1 h on 2 cores);
# writes benchmarks/RESULTS.md. Smaller: make bench BENCH_ARGS="--sizes 10k,100k".
BENCH_ARGS ?=
bench: install
	$(BIN)/pip install --quiet -e '.[test,bench]'
	cd benchmarks && ../$(BIN)/python bench.py $(BENCH_ARGS)

clean:
	rm -rf .vnkg build dist *.egg-info
