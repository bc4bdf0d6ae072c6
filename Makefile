# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= .vnkg/store
HOST ?= 127.0.0.1
PORT ?= 5000
TEXTS ?= ../shared/seeds

.PHONY: install run build test lint check-sources bench clean

$(BIN)/vnkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/vnkg

install: $(BIN)/vnkg

build: install
	$(BIN)/vnkg build --store $(STORE)

run: build
	$(BIN)/vnkg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -q
	$(BIN)/ruff check .

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every annotated figure in its article, every number of the articles annotated or excluded.
check-sources: install
	$(BIN)/vnkg check-sources --texts $(TEXTS)

clean:
	rm -rf .vnkg build dist *.egg-info
