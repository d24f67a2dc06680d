"""Request size limit, security headers and the bearer token for the write endpoints.

Both middlewares are plain ASGI, so they apply to every route, static files included,
and can refuse a request before a byte of its body reaches a handler.
"""

from __future__ import annotations

import hmac
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: A little over one 5 MB report (the readers' own limit) wrapped in JSON.
DEFAULT_MAX_BODY = 6 * 1024 * 1024

#: The dashboard's scripts, styles, fonts and map data all come from this server; nothing
#: inline runs, so text that slips into markup still cannot execute.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
#: The OpenAPI page (/docs) is FastAPI's Swagger UI, which loads from a CDN and runs an
#: inline script; it gets no CSP so that it works where the network allows.
UNRESTRICTED_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"status": status, "code": code, "message": message, **extra}}


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(status_code=413, detail=f"request body over the {limit:,}-byte limit")
        self.limit = limit


class BodyLimitMiddleware:
    """413 for a request whose body is over ``max_body`` bytes: at once when Content-Length
    says so, and while reading when a chunked body grows past it."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > self.max_body
            except ValueError:
                response = JSONResponse(error_body(400, "bad_request", "Content-Length is not a number"), status_code=400)
                await response(scope, receive, send)
                return
            if too_large:
                await self._refuse(scope, receive, send)
                return

        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    # Raised inside the handler's body read: the app's handler for
                    # HTTPException turns it into the same JSON 413.
                    raise BodyTooLarge(self.max_body)
            return message

        await self.app(scope, counting_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            error_body(413, "body_too_large", f"request body over the {self.max_body:,}-byte limit", limit=self.max_body),
            status_code=413,
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        restricted = scope.get("path") not in UNRESTRICTED_PATHS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                if restricted:
                    headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def token_matches(expected: str, authorization: str | None) -> bool:
    """Whether an ``Authorization: Bearer ...`` header carries ``expected``, compared in
    constant time so the comparison leaks nothing about how much of a guess was right."""
    if not authorization:
        return False
    scheme, _, presented = authorization.partition(" ")
    if scheme.lower() != "bearer" or not presented:
        return False
    return hmac.compare_digest(presented.strip().encode("utf-8"), expected.encode("utf-8"))
