PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
SWEEP_REQUESTS ?= 200000
DEMO_REQUESTS ?= 3000
PROVINCE_BENCH_REQUESTS ?= 300000
export FLASK_APP := wsgi:app

.PHONY: install run test bench clean

$(STAMP): pyproject.toml core/translations/en/LC_MESSAGES/messages.po
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pybabel -q compile -d core/translations
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask tenants sync
	$(BIN)/flask users demo
	$(BIN)/flask demo seed --requests $(DEMO_REQUESTS)
	KOMPENSASI_SCHEDULER_IN_PROCESS=true $(BIN)/flask run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/request_path.py
	$(BIN)/python bench/request_path.py --pg
	$(BIN)/python bench/sweep.py --requests $(SWEEP_REQUESTS)
	$(BIN)/python bench/province.py --pg --requests $(PROVINCE_BENCH_REQUESTS)

clean:
	rm -rf $(VENV) instance/*.sqlite3
