# NQ57 — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
PDFSIG := /usr/bin/pdfsig
SOFTHSM := /usr/bin/softhsm2-util
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: install run test test-sqlite test-postgres lint format messages bench bench-stack backup-drill clean prod prod-down \
	prod-status

# Idempotent: creates .venv at the root and installs the locked Python packages, and the locked
# front-end packages (package-lock.json) into node_modules, which the application serves itself.
install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@test -x $(UV) || $(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The demo identity provider citizens sign in with under `make run` (never in production).
IDP_PORT ?= 8910
DEMO_IDP = NQ57_OIDC_ISSUER=http://127.0.0.1:$(IDP_PORT) NQ57_OIDC_CLIENT_ID=nq57 \
	NQ57_OIDC_CLIENT_SECRET=demo-secret

run: install $(PDFSIG)
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_orgs
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py load_bands
	@trap 'kill 0' EXIT; \
	node tools/oidc_provider.mjs --port $(IDP_PORT) --client-id nq57 --client-secret demo-secret \
		--redirect-uri http://$(HOST):$(PORT)/signin/oidc/callback/ \
		--redirect-uri http://localhost:$(PORT)/signin/oidc/callback/ & \
	DEBUG=1 $(PY) manage.py db_worker --queue-name '*' & \
	DEBUG=1 $(PY) manage.py run_schedule & \
	DEBUG=1 $(DEMO_IDP) $(PY) manage.py runserver $(HOST):$(PORT)

test: install test-sqlite test-postgres

# Test processes per pass (pytest-xdist), each with a test database of its own; the files are
# shared out one at a time, the browser package first and whole (nq57/conftest.py).
# TEST_WORKERS=0 (the default until two workers have passed a full run on a quiet machine)
# runs the tests in pytest's own process, one after another; TEST_WORKERS=2 runs two.
TEST_WORKERS ?= 0
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

test-sqlite: install $(CHROMIUM) $(NGINX) $(PDFSIG) $(SOFTHSM)
	$(PYTEST) nq57 -q

test-postgres: install $(CHROMIUM) $(NGINX) $(PDFSIG) $(SOFTHSM)
	$(PY) tools/pgtemp.py -- $(PYTEST) nq57 -q

# The browser tests (nq57/web/tests/browser) drive Debian's Chromium through Playwright, which
# is never asked to download a browser of its own.
$(CHROMIUM):
	@if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

# The stack's tests check deploy/nginx/nq57.conf with `nginx -t`; `make prod` runs nginx, and
# makes its certificate with openssl.
$(NGINX):
	@if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl >/dev/null

# Reports are laid out by WeasyPrint (Pango, and a serif face with Times New Roman's measures)
# and their signatures checked with poppler's pdfsig, as a reader's own tools would.
$(PDFSIG):
	@if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils \
		libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core >/dev/null

# A leader signs with a token through PKCS#11; the tests sign with SoftHSM, a real PKCS#11
# token in software, as a USB token would through its vendor's module.
$(SOFTHSM):
	@if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2 >/dev/null

# The production stack on this machine, on loopback (tools/prod.py, docs/production/stack.md):
# PostgreSQL primary and replica, gunicorn, the worker, the scheduler and nginx under
# supervisord. `make prod` returns once the smoke check passes and prints the URL.
prod: install $(NGINX)
	$(PY) tools/prod.py up

prod-down: install
	$(PY) tools/prod.py down

prod-status: install
	$(PY) tools/prod.py status

lint: install
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy nq57 config tools bench
	$(VENV)/bin/bandit -c pyproject.toml -r nq57 config tools -q
	$(PY) -m pytest nq57/core/tests/test_layering.py -q --no-header
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Re-extracts the source strings into locale/vi/LC_MESSAGES/django.po (new ones come in empty,
# changed ones fuzzy: translate them and drop the flag) and recompiles django.mo; commit both.
# Needs GNU gettext (xgettext, msgmerge, msgfmt). nq57/core/tests/test_translations.py extracts
# with the same options and fails while an entry is missing, empty, fuzzy or not compiled.
MESSAGES_OPTIONS := --locale vi --ignore .venv --ignore node_modules --ignore var --ignore bench
messages: install
	DEBUG=1 $(PY) manage.py makemessages $(MESSAGES_OPTIONS) --no-location --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages $(MESSAGES_OPTIONS)

# Generates 1,000,000 tasks and 3,000,000 reports on PostgreSQL and SQLite, then loads and
# crashes the production stack at that size (bench/stack.py); writes docs/benchmarks.md.
# Takes a while: see that file for the last run.
bench: install $(NGINX)
	$(PY) tools/pgtemp.py -- $(PY) -m bench.run --engine postgresql
	$(PY) tools/pgtemp.py -- $(PY) -m bench.registry
	$(PY) -m bench.routing
	$(PY) -m bench.startup
	$(PY) -m bench.run --engine sqlite
	$(PY) -m bench.stack
	$(PY) -m bench.report

# The stack's load and crash step alone, e.g. a dry run: make bench-stack BENCH_TASKS=20000
BENCH_TASKS ?= 1000000
bench-stack: install $(NGINX)
	$(PY) -m bench.stack --tasks $(BENCH_TASKS)
	$(PY) -m bench.report

# A durable primary archiving its WAL, writes through the services, a base backup, more
# writes, then a restore to a moment T into a fresh cluster, checked against the figures,
# rollups and files recorded at T (docs/production/backup.md). Needs PostgreSQL ≥ 15 (its
# server, pg_basebackup, pg_verifybackup, pg_archivecleanup: Debian's postgresql), tar, gzip.
backup-drill: install
	@ls /usr/lib/postgresql/*/bin/pg_verifybackup >/dev/null 2>&1 || { \
		if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
	$(PY) -m tools.backup drill

clean:
	@if [ -S var/prod/supervisor.sock ] && [ -x $(PY) ]; then $(PY) tools/prod.py down; fi
	rm -rf $(VENV) node_modules var .mypy_cache .ruff_cache
