# One task runner: `make run` (set up and start the dashboard), `make test`, `make lint`,
# `make bench` (speed and memory at scale beside baselines; about 15 minutes, not a test),
# `make fuzz` (mutated uploads against the invariants; minutes, not part of `make test`).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test lint format bench fuzz messages clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

PORT ?= 8501

run: $(STAMP)
	$(PY) -m recruitment serve --port $(PORT)

test: $(STAMP)
	./.ci/provision
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) -m bench

# Mutated upload files against the invariants (minutes); failing inputs go to fuzz-failures/.
# PostgreSQL too when RECRUITMENT_TEST_POSTGRES_URL is set (its public schema is emptied).
FUZZ_CASES ?= 5000
fuzz: $(STAMP)
	$(PY) -m tests.fuzz --cases $(FUZZ_CASES) --backend sqlite --out fuzz-failures/sqlite
	if [ -n "$$RECRUITMENT_TEST_POSTGRES_URL" ]; then \
	  $(PY) -m tests.fuzz --cases $(FUZZ_CASES) --backend postgresql --out fuzz-failures/postgresql; \
	fi

# The message template from the code, then each language's catalogue brought up to date with
# it (new messages empty, changed ones fuzzy); translate them in recruitment/locale/<lang>/.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k tr -k N_ -k tr_plural:1,2 --no-location \
	  --sort-output --omit-header -o recruitment/locale/messages.pot .
	$(VENV)/bin/pybabel update -D messages -i recruitment/locale/messages.pot \
	  -d recruitment/locale --ignore-obsolete --ignore-pot-creation-date

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
