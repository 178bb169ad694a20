# The whole set-up: `make run` serves the site, `make test` runs the suite.
# Both install what they need first (a .venv with the project and its test extra).

VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8000
HOST   ?= 127.0.0.1

export DJANGO_SETTINGS_MODULE ?= action_portugal.settings.dev

CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

.PHONY: install browser run serve bench load test lint check messages clean backup restore docs-screenshots screenshots lighthouse

install: $(STAMP)

$(STAMP): pyproject.toml scripts/find-python
	@test -x $(PY) || { python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || scripts/install-debian-package fonts-dejavu-core
	@touch $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content --if-empty
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production server, as the Docker image runs it: collected static files, migrations,
# gunicorn with WEB_CONCURRENCY workers and production settings (and, on an empty
# database, the programme's content), with the worker that reads uploaded documents. For trying it out on one's own machine: SECRET_KEY
# defaults to a throw-away one, and plain HTTP is served as is (SECURE_SSL_REDIRECT and
# SECURE_COOKIES default to false here, true in production).
serve: install
	DJANGO_SETTINGS_MODULE=action_portugal.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	PYTHON_BIN=$(PY) scripts/build-static
	DJANGO_SETTINGS_MODULE=action_portugal.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	sh -c 'PYTHON_BIN=$(PY) scripts/migrate && $(PY) manage.py load_demo_content --if-empty'
	DJANGO_SETTINGS_MODULE=action_portugal.settings.production MIGRATE_ON_START=false \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" SECURE_COOKIES="$${SECURE_COOKIES:-false}" \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	PYTHON_BIN=$(PY) GUNICORN_BIN=$(VENV)/bin/gunicorn PORT=$(PORT) BIND_ADDRESS=$(HOST) \
	sh -c 'scripts/worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; scripts/start'

# The benchmark (docs/performance.md): PostgreSQL at BENCH_DATABASE_URL (a database of its
# own, recreated), Redis if there is one, wrk from Debian.
bench: install
	@command -v wrk >/dev/null || scripts/install-debian-package wrk
	PYTHON_BIN=$(PY) $(PY) scripts/bench.py

# The load test (docs/load.md): LOAD_CONNECTIONS (64) for LOAD_SECONDS (60) against the
# production server, PostgreSQL at LOAD_DATABASE_URL (a database of its own, recreated),
# Redis; fails on any error or on memory that grows.
load: install
	@command -v wrk >/dev/null || scripts/install-debian-package wrk
	PYTHON_BIN=$(PY) $(PY) scripts/load.py

# What the browser tests need: Chromium from Debian, axe-core from the npm registry.
browser: node_modules/.installed
	@test -x "$(CHROMIUM)" || scripts/install-debian-package chromium

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The test settings, whatever DJANGO_SETTINGS_MODULE says (this Makefile exports the
# development one for `make run`, and pytest-django prefers the environment to pyproject).
test: install browser
	@command -v ip >/dev/null || scripts/install-debian-package iproute2
	DJANGO_SETTINGS_MODULE=action_portugal.settings.test $(PY) -m pytest

# The editors' guide's screenshots (docs/images/), from a copy of the site in Chromium.
docs-screenshots: install browser
	$(PY) scripts/docs-screenshots.py

# Full-page screenshots of every page type, both languages, phone and desktop, for review
# (screenshots/index.html; not kept in git).
screenshots: install browser
	$(PY) scripts/screenshots.py

# Lighthouse's four scores on the home page, an area of work, the timeline and a story in
# both languages against the production server; writes them into README.md, fails below 100.
lighthouse: install browser
	PYTHON_BIN=$(PY) $(PY) scripts/lighthouse.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/hadolint Dockerfile
	$(VENV)/bin/lint-imports

check: install
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# Refresh the Portuguese catalogue after changing interface strings (needs GNU gettext).
# Both domains: the django one, and the admin scripts' (action_portugal/editing/wagtail_strings.js).
messages: install
	for domain in django djangojs; do \
		$(PY) manage.py makemessages -d $$domain --locale pt --no-obsolete --ignore ".venv/*" --ignore "tests/*" --ignore "node_modules/*" || exit 1; \
	done
	$(PY) manage.py compilemessages --locale pt --ignore ".venv/*" --ignore "node_modules/*"

# One archive of the database at DATABASE_URL and the files in MEDIA_ROOT (README: Backups).
# BACKUP=path names it; the default is backups/action-portugal-<UTC time>.tar.
backup: install
	$(PY) manage.py backup_site $(if $(BACKUP),--output "$(BACKUP)")

# Put an archive of `make backup` back into an empty DATABASE_URL and MEDIA_ROOT; FORCE=1
# replaces what is there.
restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=path/to/archive.tar [FORCE=1]" >&2; exit 2; }
	$(PY) manage.py restore_site "$(BACKUP)" $(if $(filter 1 true yes,$(FORCE)),--force)

clean:
	rm -rf $(VENV) .pytest_cache node_modules
