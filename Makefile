# Every target makes .venv when it is missing, so a fresh clone needs only `make run`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo test lint bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/carecoord

demo: $(STAMP)
	$(BIN)/carecoord gui --demo

lint: $(STAMP)
	$(BIN)/ruff check carecoord ui tests migrations
	$(BIN)/lint-imports

# pytest exits 5 when it collects no tests; that must fail CI, and it does (non-zero).
test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m tests.perf.bench

clean:
	rm -rf $(VENV) build dist
