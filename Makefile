# The commands the README shows. Everything is installed into .venv and node_modules of this folder.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= 1

.PHONY: demo install install-dev assets db serve test test-sqlite test-postgres test-api-schema lint bench bench-portal bench-postgres messages schema clean

demo: install db  ## install everything, prepare the SQLite demo database and serve it
	@PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py load_demo
	@echo "Kinerja runs on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python assets  ## runtime dependencies (pinned)
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python assets
	$(BIN)/pip install --quiet -r requirements-dev.txt

assets:  ## front-end packages, exactly as package-lock.json pins them
	npm ci --no-audit --no-fund --loglevel=error

db:
	$(BIN)/python manage.py migrate --noinput

serve:
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev  ## all tests on SQLite, and on PostgreSQL when DATABASE_URL points at it
	$(MAKE) test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) test-postgres; else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

test-sqlite:
	env -u DATABASE_URL $(BIN)/python -m pytest

test-postgres:
	$(BIN)/python -m pytest -p no:cacheprovider

test-api-schema:  ## only the schemathesis run over every API operation (part of make test), on SQLite
	env -u DATABASE_URL $(BIN)/python -m pytest kinerja/tests/test_api_schema.py -q

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install-dev  ## performance at 1x and 10x the demo province, on generated data
	env -u DATABASE_URL $(BIN)/python -m bench.run

# The same on PostgreSQL: one database per scale (created when missing), bench_1 and bench_10 by default.
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432/bench_{scale}
bench-postgres: install-dev  ## the same measurements on PostgreSQL (BENCH_POSTGRES names the databases)
	env -u DATABASE_URL BENCH_DATABASE_URL='$(BENCH_POSTGRES)' $(BIN)/python -m bench.run

messages:  ## recompile the translations after editing kinerja/locale/*/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

bench-portal: install-dev  ## the public portal's pages alone, at 1x and 10x
	env -u DATABASE_URL BENCH_ONLY=portal BENCH_PROJECTS=0 BENCH_INTEGRITY=0 BENCH_SURVEY=0 $(BIN)/python -m bench.run

schema:  ## regenerate the committed OpenAPI schema
	$(BIN)/python manage.py spectacular --lang en --file docs/openapi.yaml --validate

clean:
	rm -rf var staticfiles .pytest_cache
