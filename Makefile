# Harbor HMIS. `make run` starts the platform with demo data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-unit bench migrate infra clean audit

# The development venv: the runtime requirements and the test tools (requirements-dev.txt includes requirements.txt).
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

infra: $(STAMP)
	@deploy/ensure-infra.sh

migrate: infra
	$(BIN)/hmis db upgrade

run: infra
	$(BIN)/hmis run

test: infra
	$(BIN)/pytest

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit

# Static security analysis: fails on any high-severity finding (docs/security.md, "Checks").
audit: $(STAMP)
	timeout 300 $(BIN)/bandit --quiet --recursive --severity-level high kit gateway hud platform services

bench: infra
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
