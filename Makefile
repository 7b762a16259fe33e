# Harbor HMIS. `make run` starts the platform with demo data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-unit bench migrate infra clean audit web web-types web-test chromium

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

run: infra web
	$(BIN)/hmis run

test: infra web web-test chromium
	$(BIN)/pytest

# The web app (web/, docs/web.md): its packages from the lockfile, built into web/dist when a source changed.
WEB_DEPS := web/node_modules/.package-lock.json
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/tsconfig.json -type f 2>/dev/null)

$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: $(WEB_DEPS) $(WEB_SOURCES)
	cd web && npm run build

web: web/dist/index.html

# The API types are generated from the gateway's OpenAPI document (never written by hand): web-types writes
# them; web-test fails when the committed ones differ from what the document generates now.
web/.openapi.json: $(STAMP) FORCE
	$(BIN)/hmis openapi > $@

web-types: web/.openapi.json $(WEB_DEPS)
	cd web && npm run types

web-test: web/.openapi.json $(WEB_DEPS)
	cd web && npm run types:check && npm test

# Debian's Chromium, which the end-to-end tests drive (tests/e2e/test_web_sign_in.py).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

FORCE:

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit

# Static security analysis: fails on any high-severity finding (docs/security.md, "Checks").
audit: $(STAMP)
	timeout 300 $(BIN)/bandit --quiet --recursive --severity-level high kit gateway hud platform services

bench: infra web chromium
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache web/node_modules web/dist
