# eurasia — every set-up step lives here, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
WEB_ASSETS := src/eurasia/web/assets/.built

.PHONY: run test lint format typecheck bench clean assets i18n

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

## i18n: extract the strings of web, CLI and vocabularies into the template and merge it into
## every catalogue (new strings arrive empty, changed ones fuzzy: translate them; see docs/i18n.md)
I18N := src/eurasia/i18n
i18n: $(DEV_STAMP)
	cd src/eurasia && ../../$(BIN)/pybabel -q extract -F i18n/babel.cfg -k N_ --sort-output \
		--omit-header --no-location -w 100 -o i18n/locale/messages.pot .
	$(BIN)/pybabel -q update -i $(I18N)/locale/messages.pot -d $(I18N)/locale -w 100 \
		--ignore-obsolete --ignore-pot-creation-date

## bench: run every benchmark in benchmarks/ and rewrite benchmarks/README.md
bench: $(DEV_STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) src/eurasia/web/assets .pytest_cache .mypy_cache .ruff_cache
