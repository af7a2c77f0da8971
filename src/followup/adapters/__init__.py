"""Adapters: the real implementations of the ports, each with an in-memory twin."""
