# motcua — `make run` serves the demo, `make test` runs every check. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(shell cksum < pyproject.toml | cut -d' ' -f1)
# `make run` needs only the runtime packages; checks and tests add the dev extra.
RUNTIME := $(VENV)/.runtime-$(STAMP)
INSTALLED := $(VENV)/.dev-$(STAMP)
PO_FILES := $(wildcard motcua/locale*/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test lint typecheck pytest bench load messages assets assets-check screenshots clean

run: $(RUNTIME) $(MO_FILES)
	$(BIN)/motcua migrate --noinput
	$(BIN)/motcua demo --if-empty
	$(BIN)/motcua serve

test: $(INSTALLED) $(MO_FILES) lint typecheck assets-check pytest

lint: $(INSTALLED)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(INSTALLED)
	MOTCUA_VAR_DIR=var/test $(BIN)/mypy motcua tests bench

# Tests keep their own var/ (secret key, job queue file, cache) apart from `make run`'s.
pytest: $(INSTALLED) $(MO_FILES)
	MOTCUA_VAR_DIR=var/test HUEY_NAME=motcua-test $(BIN)/pytest $(PYTEST_ARGS)

# The design system (docs/decisions/0001-design-system.md) is compiled from the npm registry's
# packages into motcua/static/motcua/build/, committed so that `make run` needs no Node.js;
# `make test` rebuilds it and fails if the committed files differ from their sources.
NODE_MODULES := frontend/node_modules/.package-lock.json
$(NODE_MODULES): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(NODE_MODULES)
	frontend/build

assets-check: $(NODE_MODULES)
	rm -rf var/assets-check && frontend/build $(CURDIR)/var/assets-check
	diff -r motcua/static/motcua/build var/assets-check \
		|| (echo "motcua/static/motcua/build is not what frontend/ builds: run 'make assets'" && false)

# Screenshots of the key pages, desktop and phone, into var/screenshots/ (browser tests' pages).
screenshots: $(INSTALLED) $(MO_FILES) $(NODE_MODULES)
	MOTCUA_VAR_DIR=var/test HUEY_NAME=motcua-test MOTCUA_SCREENSHOTS=$(CURDIR)/var/screenshots \
		$(BIN)/pytest -q tests/browser/test_accessibility.py

load: $(INSTALLED)
	$(BIN)/python -m bench.load_bench

bench: $(INSTALLED)
	MOTCUA_VAR_DIR=var/bench $(BIN)/python -m bench

messages: $(RUNTIME)
	cd motcua && ../$(BIN)/django-admin makemessages --locale vi --no-obsolete --no-location \
		--ignore 'static/*'

%.mo: %.po
	msgfmt --check-format -o $@ $<

$(RUNTIME):
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.runtime-*
	touch $@

$(INSTALLED): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.dev-*
	touch $@

clean:
	rm -rf $(VENV) var/test var/bench var/assets-check frontend/node_modules
