# Scharnier. `make run` and `make test` set everything up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONPATH := $(CURDIR)/src
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: messages gettext run test lint bench bench-load eval openapi install install-test browser pdf-libs node clean

$(VENV)/.base: requirements/base.txt | pdf-libs
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.test: $(VENV)/.base requirements/test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/test.txt
	touch $@

install: $(VENV)/.base
install-test: $(VENV)/.test

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

# Page tests drive Debian's chromium; install it when missing (root, or sudo when available).
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

# Half-year report PDFs: WeasyPrint needs Debian's pango; install it when missing.
pdf-libs:
	@/sbin/ldconfig -p 2>/dev/null | grep -q libpango-1.0 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; }

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	DJANGO_DEBUG=0 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

test: install-test node browser gettext lint
	$(BIN)/python -m pytest

# Speed and memory targets: writes benchmarks/results/. Not part of `make test`.
bench: install-test
	$(BIN)/python -m benchmarks.run

# Load test only (issue 11): gunicorn + PostgreSQL, this commit beside the baseline commit.
bench-load: install-test
	$(BIN)/python -m benchmarks.run load --db postgresql

# Quality of matching (issues 3, 12) and overlap detection (issues 5, 12), every set on its own:
# dev + held-out against the demo catalog, then the independent set on its own fresh database.
EVAL_DB := $(CURDIR)/var/eval-independent.sqlite3
EVAL_DEV_DB := $(CURDIR)/var/eval-dev-proposals.sqlite3
# dev2: a second dev catalogue written blind (tuned on, like dev), on its own fresh database.
EVAL_DEV2_DB := $(CURDIR)/var/eval-dev2.sqlite3
DEV2 := src/scharnier/matching/data/eval/dev2
eval: install-test
	$(BIN)/python manage.py evaluate_matching --everyday
	$(BIN)/python manage.py evaluate_overlap
	mkdir -p var && rm -f $(EVAL_DEV2_DB) $(EVAL_DEV2_DB)-wal $(EVAL_DEV2_DB)-shm
	DATABASE_URL=sqlite:///$(EVAL_DEV2_DB) $(BIN)/python manage.py evaluate_matching --independent $(DEV2) --title dev2 --diagnose
	DATABASE_URL=sqlite:///$(EVAL_DEV2_DB) $(BIN)/python manage.py evaluate_overlap --independent $(DEV2) --labels src/scharnier/landscape/evaluation/dev2 --title dev2
	mkdir -p var && rm -f $(EVAL_DB) $(EVAL_DB)-wal $(EVAL_DB)-shm
	DATABASE_URL=sqlite:///$(EVAL_DB) $(BIN)/python manage.py evaluate_matching --independent src/scharnier/matching/data/eval/independent
	DATABASE_URL=sqlite:///$(EVAL_DB) $(BIN)/python manage.py evaluate_matching --independent src/scharnier/matching/data/eval/independent --questions src/scharnier/matching/data/eval/independent2/questions.json
	DATABASE_URL=sqlite:///$(EVAL_DB) $(BIN)/python manage.py evaluate_overlap --independent src/scharnier/matching/data/eval/independent
	DATABASE_URL=sqlite:///$(EVAL_DB) $(BIN)/python manage.py evaluate_overlap --independent src/scharnier/matching/data/eval/independent --labels src/scharnier/landscape/evaluation/independent2 --title independent2
	rm -f $(EVAL_DEV_DB) $(EVAL_DEV_DB)-wal $(EVAL_DEV_DB)-shm
	DATABASE_URL=sqlite:///$(EVAL_DEV_DB) $(BIN)/python manage.py evaluate_overlap --dev-proposals
	$(BIN)/python manage.py evaluate_signal_grouping

# Regenerate the committed OpenAPI document from the code, then lint it (NL API Design Rules).
openapi: install-test node
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file src/scharnier/api/openapi.yaml
	node_modules/.bin/spectral lint -r src/scharnier/api/spectral.yaml src/scharnier/api/openapi.yaml

clean:
	rm -rf $(VENV) node_modules var

# The catalogue test regenerates messages with GNU gettext; install it when missing.
gettext:
	@command -v xgettext >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq gettext; }

# Dutch message catalogue: regenerate from code and templates, then compile (needs GNU gettext:
# `apt-get install -y gettext`). The compiled .mo is committed, so `make run` needs no gettext.
messages: install
	$(BIN)/python manage.py makemessages -l nl --no-obsolete --ignore=var --ignore=tests \
	  --ignore=benchmarks --ignore=staticfiles --ignore=docs
	$(BIN)/python manage.py compilemessages -l nl
