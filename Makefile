# Samverkan — `make run` serves the app with demo data, `make test` runs every test.
# Nothing needs installing by hand: the first call creates .venv with a Python >= 3.12.

VENV      := .venv
BIN       := $(VENV)/bin
PY        := $(BIN)/python
STAMP     := $(VENV)/.installed
HOST      ?= 127.0.0.1
PORT      ?= 8000

.PHONY: help setup run test lint check-migrations messages translations ci clean

help:
	@echo "make run    - set up and serve the app with demo data at http://$(HOST):$(PORT)"
	@echo "make test   - set up and run every test"
	@echo "make lint   - ruff"

$(PY):
	@python=$${PYTHON:-$$(scripts/find-python)} || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt --group dev
	@touch $(STAMP)

setup: $(STAMP) translations

translations: $(STAMP)
	@$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py make_seal_certificate
	@echo ""
	@echo "Samverkan: http://$(HOST):$(PORT)/  (demo logins in README.md; sent e-mails are printed below)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py send_reminders --every 300 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	@if [ -x /usr/bin/chromium ]; then echo "Chromium found: browser tests will run."; \
	else echo "Chromium is not installed (/usr/bin/chromium): browser tests are skipped. .ci/run installs it."; fi
	@$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: the test setup is broken." >&2; fi; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# Extract strings into the Swedish catalogue (developers; needs GNU gettext).
messages: $(STAMP)
	$(PY) manage.py makemessages --locale sv --ignore=.venv --ignore=static --ignore=bench --no-obsolete

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles
