"""Test-only entry points and adapters: nothing here ships, and nothing under src/ imports it."""
