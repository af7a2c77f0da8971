.PHONY: demo install test lint fmt docs bench bench-quick clean

V := .venv/bin
PY_DIRS := $(wildcard src tests scripts benchmarks)

## demo: install followup and walk through a sample interview on a fresh SQLite database
demo:
	scripts/bootstrap.sh
	scripts/demo.sh

install:
	scripts/bootstrap.sh

## test: install everything the tests need (apt + pip) and run every check and test
test:
	scripts/test.sh -q

lint:
	scripts/bootstrap.sh dev
	$(V)/ruff check $(PY_DIRS)
	$(V)/ruff format --check $(PY_DIRS)
	$(V)/mypy
	$(V)/lint-imports
	$(V)/python scripts/check_architecture.py
	$(V)/python scripts/gen_cli_docs.py --check
	$(V)/python scripts/gen_lint_docs.py --check

fmt:
	$(V)/ruff format $(PY_DIRS)
	$(V)/ruff check --fix $(PY_DIRS)

docs:
	$(V)/python scripts/gen_cli_docs.py
	$(V)/python scripts/gen_lint_docs.py

## bench: the budgets on SQLite, then the PostgreSQL store and workers (skipped, with the reason, when it is not installed)
bench:
	$(V)/python -m benchmarks; sqlite=$$?; \
	$(V)/python -m benchmarks --postgres; pg=$$?; \
	$(V)/python -m benchmarks.pg_workers; workers=$$?; \
	$(V)/python -m benchmarks.pg_caseload; caseload=$$?; \
	exit $$(( sqlite || pg || workers || caseload ))

bench-quick:
	$(V)/python -m benchmarks --quick
	$(V)/python -m benchmarks.pg_workers --quick

clean:
	rm -rf .venv build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
