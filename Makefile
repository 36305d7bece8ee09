# Two commands set everything up: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
SHARED ?= ../shared

.PHONY: demo serve test eval train install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

# HanLP's tests run in their own venv (scripts/test.sh), so torch stays out of this one
$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,pkuseg]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## demo: ingest the bundled corpus into a fresh ledger, then show the claims and what is due
demo: $(VENV)/.installed
	rm -f $(DEMO_DB)
	$(BIN)/claims --db $(DEMO_DB) ingest corpora/*/text.txt
	$(BIN)/claims --db $(DEMO_DB) list
	$(BIN)/claims --db $(DEMO_DB) due

## serve: the web app on the demo ledger (built by `make demo` if missing) at http://127.0.0.1:8000/
serve: $(VENV)/.installed
	test -f $(DEMO_DB) || $(BIN)/claims --db $(DEMO_DB) ingest corpora/*/text.txt
	$(BIN)/claims --db $(DEMO_DB) serve --port $(or $(PORT),8000)

## test: the whole test-suite (what .ci/run runs)
test: $(VENV)/.installed-dev
	bash scripts/test.sh

## train: retrain the learned claim gate, the English claim splitter and the English sentence breaks on the real corpus's train split (pipelines/models/)
train: $(VENV)/.installed-dev
	$(BIN)/python scripts/train_claim_gate.py
	$(BIN)/python scripts/train_claim_split.py
	$(BIN)/python scripts/train_sentence_break.py

## eval: the extractor and a keyword baseline on the real corpus and ../shared/corpora, per language and split
eval: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/eval_corpus.py --shared $(SHARED)

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache
