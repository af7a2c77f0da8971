"""Servers the integration tests share for a whole session: PostgreSQL's fixtures
(`postgres`, `postgres_database`) live in tests/conftest.py, beside the Store engines."""
