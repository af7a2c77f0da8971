"""Use cases: one module per feature. Each takes the ports it needs as arguments."""
