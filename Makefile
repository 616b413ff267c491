# Relais: the commands the README shows. Everything installs itself into .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
STAMP := $(VENV)/.installed-stamp
# axe-core, which the browser tests run in each page, comes from npm (package-lock.json).
NODE_STAMP := node_modules/.installed-stamp
CATALOGS := $(wildcard app/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: install run test lint format bench i18n-extract i18n-compile clean

install: $(STAMP) $(NODE_STAMP) $(COMPILED)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Without npm the site still installs and runs; only the browser tests lack axe-core, and they
# say so (CI requires them, and .ci/run installs npm first).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund && touch $(NODE_STAMP); \
	else \
	  echo "npm not found: axe-core not installed, so the browser tests will skip (apt-get install npm)"; \
	fi

# Catalogs are compiled during install: nobody has to remember a manual step.
app/translations/%/LC_MESSAGES/messages.mo: app/translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --statistics -l $* -i $< -o $@

# The development secret is written here, never by the application: without it the app uses a
# random secret for the life of the process (sessions end at each restart). instance/ holds it
# and the SQLite file, so it is created readable by its owner only.
instance/secret_key:
	umask 077 && mkdir -p instance && $(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@

run: install instance/secret_key
	$(FLASK) db upgrade
	$(FLASK) content sync
	$(FLASK) demo --if-empty
	$(FLASK) assignments reconcile
	$(FLASK) certificates render-pending
	@echo "E-mails (password resets) wait in the outbox: deliver them with '$(FLASK) outbox send'."
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# wrk (a Debian package) loads the pages from its own process; installed here when missing.
bench: install
	@command -v wrk >/dev/null || apt-get install -y wrk || sudo apt-get install -y wrk
	$(BIN)/python -m bench

i18n-extract: install
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k lazy_gettext -k _l -k N_ \
	  -o app/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i app/translations/messages.pot -d app/translations

i18n-compile: install
	$(BIN)/pybabel compile -d app/translations

clean:
	rm -rf $(VENV) node_modules .pytest_cache
