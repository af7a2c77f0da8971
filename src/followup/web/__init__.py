"""The local web app: `create_app(app)` serves the same services as the CLI over HTTP.

Imported only by `followup serve` (and tests): FastAPI, Jinja2 and uvicorn stay off the
CLI's start-up path.
"""

from __future__ import annotations

from followup.web.server import create_app

__all__ = ["create_app"]
