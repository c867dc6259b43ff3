# The README's commands. `make run` and `make test` do every set-up step on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
APT := $(shell command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo) apt-get

.PHONY: run test test-postgres bench lint setup system-deps browser-deps assets migrate clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

network/static/build/main.css: node_modules/.package-lock.json network/assets/main.scss build-assets.mjs
	npm run --silent build

## Debian's Chromium for the browser tests (no browser download).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium"; $(APT) update -qq && $(APT) install -y -qq chromium >/dev/null; fi

## Pango for WeasyPrint (agenda packs, minutes as PDF), installed only when missing.
system-deps:
	@if ! ldconfig -p | grep -q libpango-1.0; then \
	  echo "Installing Pango for WeasyPrint"; $(APT) update -qq && \
	  $(APT) install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; fi

assets: network/static/build/main.css

setup: system-deps $(STAMP) assets

migrate: setup
	$(BIN)/network db upgrade

## Serve the demo network at http://127.0.0.1:5000 (demo data loaded on first run only), with
## the scheduler beside it: web requests only queue email, and the scheduler writes it to this
## log in development (every 5 seconds). Ctrl-C stops both.
# Links in emails and feeds (the demo's too) use the address being served.
run: export NETWORK_SERVER_NAME_FOR_EMAIL := $(or $(NETWORK_SERVER_NAME_FOR_EMAIL),http://$(HOST):$(PORT))
run: migrate
	@if [ ! -f instance/.demo-loaded ]; then $(BIN)/network demo && touch instance/.demo-loaded; \
	else $(BIN)/network demo --sign-ins-only; fi
	$(BIN)/network scheduler & scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/network run --host $(HOST) --port $(PORT)

## The whole suite: unit, integration, email (aiosmtpd) and browser (Chromium + axe) tests.
## Set TEST_DATABASE_URL=postgresql://... to run it on PostgreSQL (a throwaway database);
## PYTEST_ARGS passes options to pytest (e.g. PYTEST_ARGS='-m "not e2e"').
test: setup browser-deps
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup browser-deps
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} $(BIN)/pytest

## Every benchmark (docs/performance.md): query counts at N=0.1 and N=1, latency against the bare
## route and load against gunicorn at N=$(BENCH_SCALE), on SQLite and on PostgreSQL
## ($(BENCH_DATABASE_URL), a throwaway database each); JSON in bench/results/, then the table in
## docs/performance.md. About 10 minutes on 2 cores.
BENCH_SCALE ?= 1
BENCH_LOAD_SECONDS ?= 60
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: export BENCH_DATABASE_URL := $(BENCH_DATABASE_URL)
bench: setup $(BENCH_STAMP)
	$(BIN)/python bench/count_glasgow.py
	$(BIN)/python bench/digest.py
	$(BIN)/python bench/queries.py --scales 0.1 $(BENCH_SCALE)
	$(BIN)/python bench/latency.py --scale $(BENCH_SCALE)
	$(BIN)/python bench/load.py --scale $(BENCH_SCALE) --seconds $(BENCH_LOAD_SECONDS)
	$(BIN)/python bench/report.py

## ruff, and the import layers of docs/architecture.md (import-linter contracts in pyproject.toml)
lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules network/static/build .pytest_cache
