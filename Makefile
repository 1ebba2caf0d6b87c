PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench compile score fuzz clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

.stamp-install: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: .stamp-install
	$(BIN)/ereje compile corpus --out generated
	$(BIN)/ereje summary generated
	$(BIN)/ereje check tests/cases || echo "make run: some sample cases fail; the known failures of the decrees added in issue 10 are listed in tests/ratchet.yaml (make test holds them there)"
	$(BIN)/ereje report corpus --out site

test: .stamp-install
	$(BIN)/python -m pytest -n auto

bench: .stamp-install
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_structure.py
	$(BIN)/python benchmarks/bench_facts.py
	$(BIN)/python benchmarks/bench_rules.py
	$(BIN)/python benchmarks/bench_compile.py
	$(BIN)/python benchmarks/bench_commands.py
	$(BIN)/python benchmarks/bench_roundtrip.py

fuzz: .stamp-install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py tests/test_backends.py -q -s

score: .stamp-install
	$(BIN)/ereje score --misses

compile: .stamp-install
	$(BIN)/ereje compile corpus --out generated

clean:
	rm -rf $(VENV) .stamp-install
