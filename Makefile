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

# The main job: the report engine demonstrated on the real corpus.
run: install
	$(BIN)/gongkai demo

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install lint
	$(BIN)/pytest

bench: install
	$(BIN)/python -m benchmarks

# Regenerate requirements.lock from the pins in pyproject.toml (needs the network to PyPI).
lock:
	rm -rf /tmp/gongkai-lock && $(PYTHON) -m venv /tmp/gongkai-lock
	/tmp/gongkai-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/gongkai-lock/bin/pip freeze --exclude-editable | sort > requirements.lock

clean:
	rm -rf $(VENV) build dist src/*.egg-info
