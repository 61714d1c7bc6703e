"""Small HTTP helpers shared by the routes: the backend of the app, plain-text errors, write access."""

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


def write_denied() -> Response | None:
    """None when the request may write; else the 401/403 response.

    Writes need the server's update token as `Authorization: Bearer TOKEN`; without a configured
    token the endpoint is read-only.
    """
    token = current_app.config.get("KG_UPDATE_TOKEN")
    if not token:
        return error(403, "this endpoint is read-only (start the server with an update token to allow writes)")
    if backend().read_only:
        return error(403, "the store is open read-only (another process holds it for writing)")
    auth = request.headers.get("Authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return error(401, "writes need 'Authorization: Bearer TOKEN'",
                     {"WWW-Authenticate": 'Bearer realm="kg"'})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        return error(403, "wrong update token")
    return None
