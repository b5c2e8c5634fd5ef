# Every target makes .venv when it is missing, so a fresh clone needs only `make run`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo test lint bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV): installing CareCoord and its libraries (a minute or so, once)..."
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
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.perf.bench

clean:
	rm -rf $(VENV) build dist

# ---- packaging: a one-folder build for clinic laptops (packaging/README.md) ----------------
PKG_VENV := build/venv-package
PKG_STAMP := $(PKG_VENV)/.installed
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
ARCHIVE := dist/carecoord-$(VERSION)-linux-$(shell uname -m).tar.gz

.PHONY: package package-test

# Made afresh whenever the pins change, so no package of an earlier set lingers.
$(PKG_STAMP): packaging/constraints.txt packaging/requirements.txt
	rm -rf $(PKG_VENV)
	$(PYTHON) -m venv $(PKG_VENV)
	$(PKG_VENV)/bin/python -m pip install --quiet -c packaging/constraints.txt --upgrade pip
	$(PKG_VENV)/bin/python -m pip install --quiet -c packaging/constraints.txt -r packaging/requirements.txt
	touch $@

# CareCoord is (re)installed each time so the metadata copied into the bundle carries the
# version now in pyproject.toml.
package: $(PKG_STAMP)
	$(PKG_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e . \
		> build/package-install.log 2>&1 || (cat build/package-install.log; false)
	$(PKG_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath build/package --workpath build/pyinstaller packaging/carecoord.spec
	sh packaging/make_archive.sh build/package/carecoord $(VERSION) $(ARCHIVE)

package-test:
	bash packaging/smoke_test.sh $(ARCHIVE)
