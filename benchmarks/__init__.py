"""Benchmarks: a synthetic-data generator and one command that measures followup
against the budgets the issues set (`python -m benchmarks`, docs/benchmarks.md)."""
