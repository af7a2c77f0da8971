"""followup on PostgreSQL: the shared service for careers offices (issue 18)."""
