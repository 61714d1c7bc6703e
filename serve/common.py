"""Small HTTP helpers shared by the routes: the backend of the app, plain-text errors, write access, CORS."""

from __future__ import annotations

import hmac

from flask import Response, current_app, request

from serve.backend import Backend


def backend() -> Backend:
    return current_app.extensions["kg_backend"]


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text error response (the message ends with a newline)."""
    return Response(message.rstrip("\n") + "\n", status=status, headers=headers,
                    content_type="text/plain; charset=utf-8")


def write_refusal(token: str | None, read_only: bool, authorization: str) -> tuple[int, str, dict[str, str]] | None:
    """None when a request with this Authorization header may write; else (status, message, headers).

    Writes need the server's update token as `Authorization: Bearer TOKEN`; without a configured
    token the endpoint is read-only.
    """
    if not token:
        return 403, "this endpoint is read-only (start the server with an update token to allow writes)", {}
    if read_only:
        return 403, "the store is open read-only (another process holds it for writing)", {}
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return 401, "writes need 'Authorization: Bearer TOKEN'", {"WWW-Authenticate": 'Bearer realm="kg"'}
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        return 403, "wrong update token", {}
    return None


def write_denied() -> Response | None:
    """None when the current Flask request may write; else the 401/403 response."""
    refused = write_refusal(current_app.config.get("KG_UPDATE_TOKEN"), backend().read_only,
                            request.headers.get("Authorization", ""))
    return None if refused is None else error(*refused)


def cors_headers(origins: list[str], origin: str | None, method: str) -> list[tuple[str, str]]:
    """The CORS response headers for a request from `origin` (none when it is not allowed)."""
    if "*" in origins:
        out = [("Access-Control-Allow-Origin", "*")]
    elif origin and origin in origins:
        out = [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    else:
        return []
    if method == "OPTIONS":
        out += [("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type"),
                ("Access-Control-Max-Age", "3600")]
    return out
