# SIDP3: the commands a developer and CI use. `make help` lists them.
#
# Every target installs first (a virtualenv in .venv with the project and its dev tools), and installs
# again only when pyproject.toml has changed since the last install (stamp file inside .venv).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.sidp3-installed
MANAGE := $(PY) manage.py
PORT ?= 8000
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k cadre -x"`.
PYTEST_ARGS ?=
# pytest processes for `make test` (pytest-xdist; 0: one process). Each has its own test database, Redis
# database and media folder (tests/settings.py). A process that runs out of tests takes some of the other's
# (--dist worksteal): the long ones (the crawler, the killed worker, the browser) no longer end the run
# on one process while the other waits. The test databases are kept between runs and made again when the
# migrations changed or the last run emptied them (tests/conftest.py); CI makes them afresh.
TEST_WORKERS ?= 2
# Folders that gettext commands must not walk into (the virtualenv holds other projects' catalogues).
I18N_IGNORE := --ignore=$(VENV) --ignore=var --ignore=node_modules --ignore=.git --ignore=benchmarks --ignore=tests

.PHONY: help install run test lint format migrations-check migrate demo messages audit clean distclean

help: ## Show this list
	@echo "SIDP3 — make targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "Variables: PORT=$(PORT) (make run), PYTEST_ARGS and TEST_WORKERS=$(TEST_WORKERS) (make test), PYTHON=$(PYTHON) (creates .venv)."

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools (only when needed)

run: $(STAMP) ## Migrate, load regions and demo data, then serve on 127.0.0.1:$PORT with a Celery worker
	PORT=$(PORT) VENV=$(VENV) scripts/run.sh

test: $(STAMP) ## Run the whole test suite (pytest, TEST_WORKERS processes); fails when no test is collected
	@set +e; $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(if $(CI),--create-db) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests — that is a failure, not a pass." >&2; fi; \
	exit $$rc

lint: $(STAMP) ## ruff check, ruff format --check, import-linter (layers point down), djLint on templates/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint --check templates
	$(BIN)/djlint --lint templates

format: $(STAMP) ## Fix what ruff can fix and reformat Python and templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint --reformat templates

migrations-check: $(STAMP) ## Fail when a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

audit: $(STAMP) ## pip-audit: known vulnerabilities in the installed packages (scripts/audit.sh)
	VENV=$(VENV) scripts/audit.sh

migrate: $(STAMP) ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load the Kemendagri regions and the demo offices, users and data (idempotent)
	$(MANAGE) import_regions
	$(MANAGE) seed_demo

messages: $(STAMP) ## Update locale/en (makemessages -l en) and compile every catalogue
	$(MANAGE) makemessages -l en $(I18N_IGNORE)
	$(MANAGE) compilemessages $(I18N_IGNORE)

clean: ## Remove caches, collected static files, test media and queued Celery messages (keeps the database)
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache test-results var/staticfiles var/test-media var/celery

distclean: clean ## Also remove .venv and everything under var/ (the SQLite database included)
	rm -rf $(VENV) var
