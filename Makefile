# eurasia — every set-up step lives here, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
WEB_ASSETS := src/eurasia/web/assets/.built

.PHONY: run test lint format typecheck bench clean assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(DEV_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(STAMP)

## run: install, migrate and load the embedded database, then serve on http://127.0.0.1:8000
run: $(STAMP) assets
	$(BIN)/eurasia db load
	$(BIN)/eurasia serve

assets:
	@if [ -f web/package.json ]; then $(MAKE) --no-print-directory $(WEB_ASSETS); fi

$(WEB_ASSETS): $(wildcard web/package.json web/package-lock.json web/build.mjs web/src/*)
	cd web && npm ci --no-audit --no-fund && npm run build
	touch $@

## test: ruff (lint + format check), mypy on src/, then pytest
test: $(DEV_STAMP) assets lint typecheck
	$(BIN)/pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEV_STAMP)
	$(BIN)/mypy src

format: $(DEV_STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## bench: run every benchmark in benchmarks/ and rewrite benchmarks/README.md
bench: $(DEV_STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) src/eurasia/web/assets .pytest_cache .mypy_cache .ruff_cache
