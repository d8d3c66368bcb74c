# The two commands of the README: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-test lint migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# axe-core for the browser tests (tests/browser); again only when the lock file changes.
node_modules/.installed: package-lock.json
	npm ci --silent
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test node_modules/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The demo goes only into an empty database (load_demo leaves existing data as it is) and
# the demo accounts only with DEBUG on: never into production; the demo's signatures
# likewise (SIGNATURE_TRUST_DEMO, on only with DEBUG: docs/signing.md).
demo: migrate
	$(BIN)/python manage.py load_demo --con-alertas
	$(BIN)/python manage.py create_demo_users --solo-en-desarrollo
	$(BIN)/python manage.py sign_demo_acts --solo-en-desarrollo

# The web server in the foreground and, beside it, a worker of the report render queue
# (long reports); the worker stops when the server stops (Ctrl-C).
run: demo
	$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) node_modules db.sqlite3 .pytest_cache
