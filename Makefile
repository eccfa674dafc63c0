# The two commands of the README: `make extract` and `make test` do all the set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: extract test test-all test-slow lint producers fixtures sweep sweep-reportlab clean fuzz bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# Ingest every PDF in raw_pdfs/ into extracted/dx.db, write extracted/<stem>.json,
# then check the published numbers (dxextract check: warnings are printed, errors fail).
extract: $(STAMP)
	$(BIN)/dxextract ingest raw_pdfs/ --db extracted/dx.db
	$(BIN)/dxextract export --db extracted/dx.db --format json --out extracted/
	$(BIN)/dxextract metadata --db extracted/dx.db
	$(BIN)/dxextract charts --db extracted/dx.db
	$(BIN)/dxextract check --db extracted/dx.db

# What the tests need from Debian: LibreOffice Calc reads the exported workbooks
# back; chromium (driven by Playwright) and the IPAex fonts show the Datasette site.
TEST_DEBS := libreoffice-calc chromium fonts-ipaexfont
SYSTEM    := $(VENV)/.system

$(SYSTEM): $(STAMP)
	@command -v soffice >/dev/null && command -v chromium >/dev/null && fc-list | grep -q IPAex \
	  || (apt-get update -qq && apt-get install -y -qq $(TEST_DEBS))
	touch $(SYSTEM)

# Compiled modules, and pytest's rewritten test modules, are cached under .venv even
# where PYTHONDONTWRITEBYTECODE is set: without them every xdist worker (and every
# subprocess a test starts) compiles them again, seconds of each run.
PYTEST := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache $(BIN)/python -m pytest

# The fast tier (pyproject's addopts skip the `slow` marker): under a minute on two cores.
test: $(STAMP) $(SYSTEM)
	$(PYTEST) -q -n auto

# Both tiers: the fast one and the slow one (random layouts, every pinned rendering,
# subprocesses, SIGKILL, serve, the browser, LibreOffice).
test-all: $(STAMP) $(SYSTEM)
	$(PYTEST) -q -n auto -m ''

# The slow tier alone (CI runs it after `make test`).
test-slow: $(STAMP) $(SYSTEM)
	$(PYTEST) -q -n auto -m slow

# mypy also checks tools/producers/, which import the producers' libraries.
LINTED := $(VENV)/.lint

$(LINTED): $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,producers]'
	touch $(LINTED)

lint: $(LINTED)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench
	$(BIN)/mypy

# Re-render the reconstructed report PDFs from tools/fy2023_content.py.
# and the renderings by real producers (tools/producers/: Writer from .docx, Chromium
# from HTML, Calc from .xlsx, Impress from .pptx, rearranged editions), installing
# the producers (Debian packages, and their Python libraries) where missing.
PRODUCER_DEBS := libreoffice-calc libreoffice-writer libreoffice-impress chromium fonts-ipaexfont poppler-utils

producers: $(STAMP)
	@command -v soffice >/dev/null && command -v chromium >/dev/null && fc-list | grep -q IPAex \
	  || (apt-get update -qq && apt-get install -y -qq $(PRODUCER_DEBS))
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,producers]'

fixtures: producers
	$(BIN)/python tools/make_fixture_pdfs.py
	for p in docx browser calc impress rearranged injected; do \
	  [ ! -f tools/producers/$$p.py ] || $(BIN)/python tools/producers/$$p.py || exit 1; done

# Robustness figures: random layouts over every producer (reportlab, Writer from
# .docx, Chromium, Calc, Impress, rearranged editions) against the golden records;
# needs the producers (LibreOffice, chromium: `make fixtures` installs them).
sweep: producers
	$(BIN)/python tools/sweep_producers.py $(or $(SEEDS),0 1200)

# The original sweep: reportlab layouts of the FY2023 content only (minutes).
sweep-reportlab: $(STAMP)
	$(BIN)/python tools/sweep_layouts.py $(or $(SEEDS),0 200)

# A long fuzz run: thousands of mutated PDFs (the suite runs a few dozen).
fuzz: $(STAMP)
	DXEXTRACT_FUZZ_EXAMPLES=$(or $(EXAMPLES),2000) $(BIN)/python -m pytest -q tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics

# Every speed and memory figure in one run, side by side (about 6 minutes): start-up,
# ingest and `tables` against bare pdfplumber, 500 editions stored, check --db, the
# unchanged re-run, --jobs 1 vs 2, peak RSS.
bench: $(STAMP)
	$(BIN)/python bench/bench.py $(if $(COPIES),--copies $(COPIES))

clean:
	rm -rf $(VENV) extracted/*.db extracted/*.json extracted/*.csv
	rm -f extracted/metadata.yml extracted/report.html

# Browse extracted/dx.db with Datasette at http://127.0.0.1:$(PORT)/ (read-only;
# Japanese labels, search, views, canned queries, links to the PDF pages).
.PHONY: serve
PORT ?= 8001
DB ?= extracted/dx.db
PDFS ?= raw_pdfs
serve: $(STAMP)
	$(BIN)/dxextract serve --db $(DB) --pdfs $(PDFS) --port $(PORT)
