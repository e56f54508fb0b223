# Article3: `make run` serves the app with its worker; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export ARTICLE3_DATA ?= $(CURDIR)/var

# Debian packages the pipeline needs: PDF repair, OCR with its language packs, office
# conversion, PDF rendering, a font with Arabic script, a browser for the end-to-end test, FUSE for the
# power-loss benchmark, and gettext to compile and check the translation catalogues.
DEBIAN_PACKAGES := qpdf ghostscript poppler-utils unpaper pngquant tesseract-ocr \
	tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-ara \
	tesseract-ocr-fas tesseract-ocr-rus tesseract-ocr-tur tesseract-ocr-por \
	libreoffice-writer-nogui fonts-dejavu-core chromium chromium-driver fuse3 gettext

.PHONY: install system-packages run test lint audit clean

$(BIN)/article3: pyproject.toml
	$(MAKE) system-packages
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/article3

install: $(BIN)/article3

system-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing Debian packages (run as root or install them): $$missing"; \
		fi; \
	fi

run: install
	$(BIN)/article3 run

# Three test processes on two cores: about a third of a test's time is spent waiting (subprocesses,
# fsync, servers), so a third process finishes the suite sooner; a fourth did not (measured).
# Each file goes to one process, in the order tests/conftest.py gives (the longest first, LONG_FILES):
# xdist's own order, the files with most tests first, left a three-minute file to run alone at the end.
TEST_WORKERS ?= 3

# The sources are compiled first: the suite starts hundreds of `article3` processes, and with
# PYTHONDONTWRITEBYTECODE set (as on some machines) each would compile every module it imports again.
test: install
	$(BIN)/python -m compileall -q article3 tests >/dev/null
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check article3 tests benchmarks
	$(BIN)/mypy article3

# bandit reads the code (offline); pip-audit asks PyPI's advisory database about every installed
# package, so it needs the network: without it, it says so and `make audit` fails (nothing was checked).
PYPI_HOST ?= pypi.org
audit:
	$(BIN)/bandit -c pyproject.toml -q -r article3
	@if $(BIN)/python -c "import socket; socket.create_connection(('$(PYPI_HOST)', 443), 5).close()" 2>/dev/null; then \
		$(BIN)/pip-audit --strict --skip-editable --progress-spinner off || { \
			echo "pip-audit failed: a known vulnerability is listed above, or packages could not be looked up" \
			     "(no access to the vulnerability database): either way the dependencies are not cleared."; \
			exit 1; }; \
	else \
		echo "pip-audit was NOT run: it needs the network to reach $(PYPI_HOST) (the vulnerability database)," \
		     "and this machine cannot. The dependencies were not checked; run 'make audit' where there is network."; \
		exit 2; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
