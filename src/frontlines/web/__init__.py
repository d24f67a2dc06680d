"""The HTTP API and the analyst dashboard: ``create_app(store_url, token=...)``.

See docs/web.md. ``frontlines serve`` runs it on uvicorn.
"""

from frontlines.web.app import create_app
from frontlines.web.security import DEFAULT_MAX_BODY

__all__ = ["DEFAULT_MAX_BODY", "create_app"]
