# The two commands a newcomer needs: `make demo` and `make test`. Everything installs from here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: demo serve test lint format bench load reliability chromium clean help

help:
	@echo "make demo   install, build the demo catalog and serve it at http://$(HOST):$(PORT)"
	@echo "make test   run the whole test suite (PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL say so)"
	@echo "make lint   ruff, import contracts, migrations check"
	@echo "make bench  benchmarks (figures go to docs/benchmarks.md)"
	@echo "make reliability  the fault, hostile-input and authorization suites (docs/reliability.md)"
	@echo "make load   16 clients against gunicorn and a PostgreSQL catalog (BENCH_FULL=1: 10,000 tables, 60 s)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed.
$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

$(VENV)/.bench-installed: $(VENV)/.dev-installed requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

demo: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py setup_demo
	@echo "Serving the catalog at http://$(HOST):$(PORT)/  (Ctrl-C stops it; PORT=8001 make demo if 8000 is taken)"
	@DJANGO_RUNSERVER_HIDE_WARNING=true $(PY) manage.py runserver --noreload --skip-checks $(HOST):$(PORT)

serve: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when missing (needs root, as on CI).
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.dev-installed chromium
	SECRET_KEY=$${SECRET_KEY:-test-secret-key-not-for-production} \
	CATALOG_CREDENTIALS_KEY=$${CATALOG_CREDENTIALS_KEY:-YPPTcBlmWdc5NIDS5KiigGV-fWUAfcf-dghhD-b6Fi4=} \
	DJANGO_ALLOW_ASYNC_UNSAFE=true \
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.bench-installed
	$(PY) -m bench

# The suites that attack the catalog: faults against real services, hostile input, every route ×
# role. They also run in `make test` (and so in CI); this runs just them.
RELIABILITY_TESTS := tests/security tests/catalog/crawl tests/discussions/test_hostile_markdown.py \
	tests/browser/test_hostile_markup.py tests/lineage/test_extract_failures.py
reliability: $(VENV)/.dev-installed chromium
	$(MAKE) test PYTEST_ARGS="$(RELIABILITY_TESTS)"

load: $(VENV)/.bench-installed
	$(PY) -m bench load

clean:
	rm -rf var staticfiles
