# ovop — the two commands a user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
OVOP   := $(BIN)/ovop
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
MO     := src/ovop/locale/id/LC_MESSAGES/django.mo src/ovop/locale/en/LC_MESSAGES/django.mo

# Development defaults; production sets these in its own environment (see README).
export OVOP_DATA_DIR ?= $(CURDIR)/var
test bench pytest typecheck migrations-check: export SECRET_KEY ?= test-only-secret-key-not-for-production
pytest: export CONN_MAX_AGE = 0
run demo-data: export DEBUG ?= true

.PHONY: messages-extract run test lint typecheck migrations-check pytest bench messages install clean demo-data

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "ovop needs $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

src/ovop/locale/%/LC_MESSAGES/django.mo: src/ovop/locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || scripts/ensure-system-packages --only gettext
	msgfmt --check -o $@ $<

messages: $(MO)

# Re-extract the interface strings into the .po files (then translate the new Indonesian ones).
messages-extract: install
	cd src/ovop && ../../$(OVOP) makemessages -l id -l en --no-obsolete --ignore 'static/*'

demo-data: install messages
	mkdir -p $(OVOP_DATA_DIR)
	$(OVOP) migrate --no-input
	$(OVOP) load-regions 19.04
	$(OVOP) demo

# `make run PORT=8080` when port 8000 is taken. The background worker (large imports) runs
# beside the web server and stops with it.
PORT ?= 8000
run: demo-data
	$(OVOP) db_worker --queue-name '*' --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(OVOP) runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

migrations-check: install
	mkdir -p $(OVOP_DATA_DIR)
	$(BIN)/ovop makemigrations --check --dry-run

pytest: install messages
	scripts/ensure-system-packages
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile

test: install messages lint typecheck migrations-check pytest

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done
	@echo "== bench/bench_import.py on PostgreSQL (a throw-away cluster, as CI starts it)"
	bash .ci/run --only postgres -- $(BIN)/python bench/bench_import.py
	@echo "== bench/bench_national.py on PostgreSQL at scale 1 (30 million values; about 2 hours)"
	OVOP_CI_STEP_TIMEOUT=14400 bash .ci/run --only postgres -- $(BIN)/python bench/bench_national.py
	@echo "== bench/bench_catalogue.py on PostgreSQL at scale 1 (the national data set, then 1,000,000 listings)"
	OVOP_CI_STEP_TIMEOUT=14400 bash .ci/run --only postgres -- $(BIN)/python bench/bench_catalogue.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
