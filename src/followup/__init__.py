"""followup: follow up after job interviews, on time and in the right words."""

__version__ = "0.1.0"
