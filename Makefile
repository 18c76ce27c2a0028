# Setu - the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
CORPUS ?= corpus/sample
INDEX  ?= var/index
HOST   ?= 127.0.0.1
PORT   ?= 8000
# `make bench`: scripts/bench.py on these corpus sizes (comma-separated);
# `make bench BENCH_SIZES=2000` is a quick run.  BENCH_N (one size) still works.
BENCH_SIZES ?= 10000,100000
ifdef BENCH_N
BENCH_SIZES := $(BENCH_N)
endif
BENCH_OUT ?= var/bench
BENCH_ARGS ?=
LOAD_INDEX ?= $(INDEX)
LOAD_SECONDS ?= 60

.PHONY: install browser run index test lint bench bench-load clean

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

# Headless Chromium for tests/browser: Debian's packages, installed when
# missing (CI runs as root), plus the Noto fonts the screenshots need.
# Without apt-get or root this only says so, and the browser tests skip
# (outside CI; in CI they fail rather than pass untested).
BROWSER_PACKAGES = chromium chromium-driver fonts-noto-core

browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list 2>/dev/null | grep -q "Noto Sans Bengali"; then \
		:; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
		echo "make browser: no apt-get here: install $(BROWSER_PACKAGES) by hand, or the browser tests skip"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "make browser: not root: run 'sudo make browser' to install $(BROWSER_PACKAGES), or the browser tests skip"; \
	else \
		echo "make browser: installing $(BROWSER_PACKAGES)"; \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 $(BROWSER_PACKAGES); } \
			|| echo "make browser: apt-get could not install $(BROWSER_PACKAGES)"; \
	fi

test: install browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/python -m ruff check index search webui tests scripts
	$(BIN)/python -m ruff format --check index search webui tests scripts
	$(BIN)/python -m mypy index search webui scripts tests

# Build, update, cold start, search latency and 8-client load at each size,
# beside Lucene 8; report in $(BENCH_OUT)/report.json and report.md.
bench: install
	$(BIN)/python scripts/bench.py --sizes $(BENCH_SIZES) --out $(BENCH_OUT) $(BENCH_ARGS)

# Loopback load test of `setu serve` on an existing index (1 to 16 clients).
bench-load: install
	$(BIN)/python scripts/bench_load.py --index $(LOAD_INDEX) --seconds $(LOAD_SECONDS)

clean:
	rm -rf var .pytest_cache .hypothesis build *.egg-info scripts/lucene/build
