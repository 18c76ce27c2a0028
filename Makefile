# Setu - the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
CORPUS ?= corpus/sample
INDEX  ?= var/index
HOST   ?= 127.0.0.1
PORT   ?= 8000
BENCH_N ?= 2000

.PHONY: install run index test lint bench clean

# The virtualenv is rebuilt whenever the declared dependencies change.
$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

index: install
	$(BIN)/setu build $(CORPUS) --index $(INDEX)

run: index
	$(BIN)/setu serve --index $(INDEX) --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/python -m ruff check index search webui tests scripts
	$(BIN)/python -m ruff format --check index search webui tests scripts
	$(BIN)/python -m mypy index search webui

bench: install
	$(BIN)/python scripts/bench_index.py $(BENCH_N)

clean:
	rm -rf var .pytest_cache .hypothesis build *.egg-info
