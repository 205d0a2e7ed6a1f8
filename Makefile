# Everything installs into .venv from the hash-pinned requirements.lock; nothing at run time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= var/demo.sqlite
# pytest-xdist workers: one per core; TEST_WORKERS=0 runs the suite in this process
TEST_WORKERS ?= auto
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup demo test lint format bench fuzz lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/marsad --db $(DEMO_DB) run examples/reports
	$(BIN)/marsad --db $(DEMO_DB) status
	$(BIN)/marsad --db $(DEMO_DB) incidents list --limit 20
	$(BIN)/marsad --db $(DEMO_DB) tallies
	$(BIN)/marsad --db $(DEMO_DB) users ensure-admin
	@echo "Dashboard: run '$(BIN)/marsad --db $(DEMO_DB) serve', open http://127.0.0.1:8000/ and log in as admin (password above)"

test: $(STAMP) lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope

lint: $(STAMP)
	$(BIN)/ruff check marsad tests benchmarks fuzz
	$(BIN)/ruff format --check marsad tests benchmarks fuzz

format: $(STAMP)
	$(BIN)/ruff format marsad tests benchmarks fuzz
	$(BIN)/ruff check --fix marsad tests benchmarks fuzz

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_geo.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_extract_ar.py
	$(BIN)/python benchmarks/bench_resolve.py
	$(BIN)/python benchmarks/bench_api.py
	$(BIN)/python benchmarks/bench_estimate.py
	$(BIN)/python benchmarks/bench_link.py

fuzz: $(STAMP)
	$(BIN)/python fuzz/fuzz_extract.py
	mkdir -p var/fuzz/corpus && cp -n examples/reports/en/* examples/reports/ar/* var/fuzz/corpus/
	$(BIN)/python fuzz/atheris_entry_points.py -max_total_time=300 -max_len=8192 -rss_limit_mb=4096 \
		-artifact_prefix=var/fuzz/ var/fuzz/corpus
	MARSAD_FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest -q tests/robustness/test_fuzz_entry_points.py

# Re-pin after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache node_modules
