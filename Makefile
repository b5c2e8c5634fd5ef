# Every target makes .venv when it is missing, so a fresh clone needs only `make run`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export QT_QPA_PLATFORM ?= offscreen

.PHONY: run demo test lint bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	QT_QPA_PLATFORM= $(BIN)/carecoord

demo: $(STAMP)
	QT_QPA_PLATFORM= $(BIN)/carecoord gui --demo

lint: $(STAMP)
	$(BIN)/ruff check carecoord ui tests migrations
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m tests.perf.bench

clean:
	rm -rf $(VENV) build dist
