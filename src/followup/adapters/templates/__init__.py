"""Message templates and phrase banks, rendered with a sandboxed Jinja2 environment."""
