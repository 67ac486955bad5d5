# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_DOCUMENTS ?= 2000
DEMO_PDFS ?= 30

.PHONY: run test lint serve demo postgres-test smoke bench-seed mutation

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

## make run: install, migrate, load the demo once, serve on http://127.0.0.1:$(PORT)
run: demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

demo: $(VENV)/.installed-run
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --if-empty --documents $(DEMO_DOCUMENTS) --pdfs $(DEMO_PDFS)
	$(PY) manage.py search_index rebuild --if-empty
	$(PY) manage.py refresh_figures -v0
	$(PY) manage.py demo_admin

## make test: lint, then the whole suite (DATABASE_URL=postgres://… runs it on PostgreSQL).
## It starts a real Elasticsearch node (scripts/elasticsearch.sh) for the search suite's second
## half; where that cannot start, those tests are skipped loudly, or fail under
## REQUIRE_ELASTICSEARCH=1 (as in CI). Browser tests use Debian's chromium (scripts/debian-package.sh
## installs it when run as root); without it they are skipped loudly, or fail under
## REQUIRE_BROWSER=1. The OCR tests need Debian's tesseract-ocr and its Vietnamese model
## tesseract-ocr-vie, obtained the same way; without them they are skipped loudly, or fail
## under REQUIRE_OCR=1.
test: $(VENV)/.installed-dev lint
	@ES_URL=$$(scripts/elasticsearch.sh start) || { \
	  echo "!!! Elasticsearch could not start: its half of the search suite will be SKIPPED"; \
	  ES_URL=""; }; \
	CHROMIUM=$$(scripts/debian-package.sh chromium) || { \
	  echo "!!! Chromium is missing: the browser tests will be SKIPPED"; CHROMIUM=""; }; \
	TESSERACT=$$(scripts/debian-package.sh tesseract tesseract-ocr tesseract-ocr-vie) || { \
	  echo "!!! Tesseract (Vietnamese) is missing: the OCR tests will be SKIPPED"; TESSERACT=""; }; \
	TEST_ELASTICSEARCH_URL=$$ES_URL CHROMIUM=$$CHROMIUM TESSERACT=$$TESSERACT $(PY) -m pytest

## make lint: style, the architecture's contracts (pyproject.toml [tool.importlinter]) and types
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy library harvest search portal deploy conftest.py

## make mutation: mutmut's mutants of the pure layers (harvest/oai, search/query.py and
## analysis.py), each run against their fast tests in a copy under mutants/; lists the survivors.
## Minutes, not seconds: not part of `make test`. Configured in pyproject.toml's [tool.mutmut].
mutation: $(VENV)/.installed-dev
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children $$(nproc)
	$(VENV)/bin/mutmut results

## make postgres-test: start a throw-away PostgreSQL and run the suite on it
postgres-test: $(VENV)/.installed-dev
	DATABASE_URL=$$(scripts/postgres.sh start) $(PY) -m pytest

## make smoke: the production stack on loopback (PostgreSQL, Elasticsearch, gunicorn, nginx),
## checked through nginx, then stopped (deploy/smoke.py)
smoke: $(VENV)/.installed-dev
	scripts/debian-package.sh nginx nginx-light >/dev/null
	DATABASE_URL=$$(scripts/postgres.sh start) ELASTICSEARCH_URL=$$(scripts/elasticsearch.sh start) \
	  $(PY) deploy/smoke.py

## make bench-seed: time seed_demo at 229,000 documents in a scratch directory
bench-seed: $(VENV)/.installed-run
	$(PY) benchmarks/seed_demo.py
