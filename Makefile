# StudyBot: `make run` starts the terminal chat on the embedded defaults; `make test` runs
# the whole suite. Both create .venv and install the project first, so a fresh clone with
# Python 3.11+ needs nothing else.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.8
# Running needs the runtime dependencies only; the test tools come with `make test`.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test install lint index bench clean image smoke

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "StudyBot needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

# uv installs in seconds what pip takes minutes for; bootstrapped into the venv from PyPI.
# If it cannot be had, pip does the same install (slower).
$(UV): | $(BIN)/python
	@echo "installing uv $(UV_VERSION) (the installer)…"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
	  || echo "uv is not available: installing with pip instead"

# $(call install,SPEC): the project and its dependencies, pinned by constraints.txt.
# Bytecode is compiled at install (as pip does): where Python may not write it at import
# (PYTHONDONTWRITEBYTECODE, a read-only venv) every start would otherwise pay ~1.3 s.
define install
	@if [ -x $(UV) ]; then \
	  $(UV) pip install --compile-bytecode --python $(BIN)/python -c constraints.txt -e '$(1)'; \
	else \
	  $(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt -e '$(1)'; \
	fi
	@# The project itself is installed editable, so its own modules are not compiled above.
	@$(BIN)/python -m compileall -q bot >/dev/null
endef

$(RUN_STAMP): pyproject.toml constraints.txt | $(UV)
	$(call install,.)
	@touch $@

$(TEST_STAMP): pyproject.toml constraints.txt | $(UV)
	$(call install,.[test])
	@touch $@ $(RUN_STAMP)

install: $(TEST_STAMP)

run: $(RUN_STAMP)
	$(BIN)/studybot index
	$(BIN)/studybot chat

index: $(RUN_STAMP)
	$(BIN)/studybot index

RUFF = $(BIN)/ruff check bot tests bench && $(BIN)/ruff format --check bot tests bench
LINT = $(RUFF) && $(BIN)/mypy
# The suite runs on every core (at most four workers; each module's tests stay on one
# worker, so a module's fixtures are built once): most tests wait on one core for a
# process, a socket or the encoder.
PYTEST_WORKERS ?= -n auto --maxprocesses=4 --dist loadscope

lint: $(TEST_STAMP)
	$(LINT)

# Microsoft's Adaptive Cards SDK, for tests/test_cards.py (pinned by package-lock.json).
CARD_CHECK := tests/cards/node_modules/.installed
$(CARD_CHECK): tests/cards/package.json tests/cards/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm (to validate Adaptive Cards)"; exit 1; }
	npm ci --prefix tests/cards --no-audit --no-fund --loglevel=error
	@touch $(CARD_CHECK)

# The slow test (three to four minutes of real processes killed and frozen, mostly waiting) starts
# as soon as the tools are installed, and mypy runs beside the rest of the suite, so
# neither adds much to its wall time; all must pass.
test: $(TEST_STAMP)
	@# (Checked before the slow test starts: a failing recipe must not leave it running.)
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm (to validate Adaptive Cards)"; exit 1; }
	@mkdir -p .pytest_cache && rm -f .pytest_cache/slow.rc .pytest_cache/mypy.rc
	@( $(BIN)/pytest -m slow -q -p no:cacheprovider > .pytest_cache/slow.log 2>&1; \
	  echo $$? > .pytest_cache/slow.rc ) &
	@$(MAKE) --no-print-directory $(CARD_CHECK)
	@lint=0; rc=0; ( set -x; $(RUFF) ) || lint=$$?; \
	  ( $(BIN)/mypy > .pytest_cache/mypy.log 2>&1; echo $$? > .pytest_cache/mypy.rc ) & \
	  if [ $$lint -eq 0 ]; then $(BIN)/pytest -m "not slow" $(PYTEST_WORKERS) || rc=$$?; fi; \
	  while [ ! -s .pytest_cache/mypy.rc ]; do sleep 1; done; \
	  echo "--- mypy ---"; cat .pytest_cache/mypy.log; mypy=$$(cat .pytest_cache/mypy.rc); \
	  while [ ! -s .pytest_cache/slow.rc ]; do sleep 1; done; \
	  echo "--- slow tests (tests/test_schedule_replicas.py) ---"; cat .pytest_cache/slow.log; \
	  slow=$$(cat .pytest_cache/slow.rc); rm -f .pytest_cache/slow.rc .pytest_cache/mypy.rc; \
	  [ $$lint -eq 0 ] && [ $$mypy -eq 0 ] && [ $$rc -eq 0 ] && [ $$slow -eq 0 ]

bench: $(TEST_STAMP)
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/answers.py
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/routing.py
	$(BIN)/python bench/quiz.py
	$(BIN)/python bench/teams_load.py
	$(BIN)/python bench/teams_load.py --workers 2
	$(BIN)/python bench/embedding.py
	$(BIN)/python bench/hot_path.py

clean:
	rm -rf $(VENV) .studybot .pytest_cache .mypy_cache .ruff_cache tests/cards/node_modules

# The container image (BASE_IMAGE=local/python:3.11-bookworm where no registry is reachable).
BASE_IMAGE ?= python:3.11-slim
image:
	docker build --network host --build-arg BASE_IMAGE=$(BASE_IMAGE) -f deploy/Dockerfile -t studybot .

# Build the image, start it, and check it answers (deploy/smoke.sh).
smoke:
	deploy/smoke.sh
