"""Storage adapters: SQLite (default) and an in-memory twin, behind the Store port."""
