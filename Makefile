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

.PHONY: run test lint typecheck pytest bench messages clean

run: $(RUNTIME) $(MO_FILES)
	$(BIN)/motcua migrate --noinput
	$(BIN)/motcua demo --if-empty
	$(BIN)/motcua serve

test: $(INSTALLED) $(MO_FILES) lint typecheck pytest

lint: $(INSTALLED)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: $(INSTALLED)
	MOTCUA_VAR_DIR=var/test $(BIN)/mypy motcua tests bench

# Tests keep their own var/ (secret key, job queue file, cache) apart from `make run`'s.
pytest: $(INSTALLED) $(MO_FILES)
	MOTCUA_VAR_DIR=var/test HUEY_NAME=motcua-test $(BIN)/pytest $(PYTEST_ARGS)

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
	rm -rf $(VENV) var/test var/bench
