# The two commands of a fresh machine: `make run` and `make test`. Each bootstraps what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-packages run demo test lint test-core test-sqlite test-postgres bench clean lock

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock scripts/system-packages
	bash scripts/system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

system-packages:
	bash scripts/system-packages

# The main job: the web system on SQLite (var/gongkai.sqlite3) with the demo agency, staff and cases.
# Prints the URL and the demo logins, then serves until Ctrl+C.
run: install
	$(BIN)/gongkai web serve --demo --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# The whole suite on SQLite, then the web tests again on PostgreSQL (127.0.0.1:5432, user postgres, db test).
test: install lint test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest

test-postgres: install
	bash scripts/ensure-postgres
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(BIN)/pytest tests/web tests/cli/test_web_cli.py

bench: install
	$(BIN)/python -m benchmarks

# Regenerate requirements.lock from the pins in pyproject.toml (needs the network to PyPI).
lock:
	rm -rf /tmp/gongkai-lock && $(PYTHON) -m venv /tmp/gongkai-lock
	/tmp/gongkai-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/gongkai-lock/bin/pip freeze --exclude-editable | sort > requirements.lock

clean:
	rm -rf $(VENV) build dist src/*.egg-info
