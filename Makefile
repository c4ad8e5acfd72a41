# Yangguang — `make run` serves the platform on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
YG     := $(BIN)/yangguang
HOST   ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: install install-dev run serve test test-unit test-browser lint bench messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Serving needs only the runtime dependencies; the test, browser and lint tooling comes with `make test`.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.dev-installed

run: install
	$(YG) bootstrap --address $(HOST)
	$(YG) runserver $(HOST)

serve: install
	$(YG) migrate --noinput
	$(BIN)/gunicorn yangguang.wsgi -b $(HOST) -w 4

lint: install-dev
	$(BIN)/ruff check yangguang tests bench
	$(BIN)/ruff format --check yangguang tests bench
	$(BIN)/lint-imports

test: install-dev lint
	$(BIN)/pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	$(MAKE) test-browser

# axe-core (accessibility checks) is a test asset from the npm registry, pinned in tests/browser/assets.
AXE := tests/browser/assets/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/assets/package.json
	npm install --prefix tests/browser/assets --no-audit --no-fund --no-package-lock
	touch $@

test-browser: install-dev
	@if [ -x /usr/bin/chromium ]; then $(MAKE) --no-print-directory $(AXE) && $(BIN)/pytest -m browser $(PYTEST_ARGS); \
	else echo "browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)"; fi

# One JSON line per figure (also in bench/out/bench-<time>.jsonl); fails when any benchmark errors.
# BENCH_ONLY=services,disclosure picks files; BENCH_SMOKE=1 runs small data sets and short rounds.
bench: install-dev
	@mkdir -p bench/out
	$(BIN)/python bench/run.py

messages:
	cd yangguang && ../$(YG) makemessages -l zh_Hans -l en --no-obsolete && ../$(YG) compilemessages

clean:
	rm -rf $(VENV) var/*.sqlite3* var/demo-loaded
