"""The /sparql route as a lean WSGI application (queries and updates bypass Flask's routing and request
objects: they are most of the traffic). Requests without an operation (the service description) and
other methods go on to the Flask app.

Query results come from a message source (see serve.execute): small results go out whole with a
Content-Length; bigger ones are streamed from the first chunk on (chunked transfer).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from serve.backend import Backend, ReadOnlyStore
from serve.common import cors_headers, write_refusal
from serve.execute import QueryJob
from serve.protocol import FORM, ProtocolError, parse_request
from serve.results import GRAPH_TYPES, RESULT_TYPES, NotAcceptable, content_type, negotiate

PATHS = ("/sparql", "/sparql/")
PREBUFFER = 256 * 1024  # bytes of a result held back (for a Content-Length) while more is ready at once
GRACE = 0.001  # seconds to wait for more after the first chunk before streaming starts
STATUS = {200: "200 OK", 204: "204 No Content", 400: "400 Bad Request", 401: "401 Unauthorized",
          403: "403 Forbidden", 406: "406 Not Acceptable", 413: "413 Payload Too Large",
          415: "415 Unsupported Media Type", 500: "500 Internal Server Error", 503: "503 Service Unavailable"}
_TYPES: dict[str, str] = {m: content_type(m) for m in (*RESULT_TYPES, *GRAPH_TYPES)}

StartResponse = Callable[..., object]


class StreamAborted(RuntimeError):
    """A streamed response had to stop early (time or size limit, evaluation error): the connection is
    closed without the end of the chunked body, so the client sees a truncated transfer."""


class Params(dict):
    """Decoded `name -> [values]` of a query string or form body (the `getlist` the protocol parser uses)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        if text:
            for k, v in parse_qsl(text, keep_blank_values=True):
                self.setdefault(k, []).append(v)

    def getlist(self, key: str) -> list[str]:
        return self.get(key, [])


class SparqlEndpoint:
    """WSGI middleware answering SPARQL 1.1 Protocol operations at /sparql; the rest goes to `fallback`."""

    def __init__(self, fallback, backend: Backend, update_token: str | None = None, timeout: float | None = None,
                 max_result: int | None = None, max_body: int | None = None, cors: list[str] | None = None) -> None:
        self.fallback, self.backend, self.token = fallback, backend, update_token
        self.timeout, self.max_result, self.max_body, self.cors = timeout, max_result, max_body, cors

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        if environ.get("PATH_INFO") not in PATHS or method not in ("GET", "HEAD", "POST"):
            return self.fallback(environ, start_response)
        extra = cors_headers(self.cors, environ.get("HTTP_ORIGIN"), method) if self.cors else []
        try:
            op = self._operation(environ, method)
        except ProtocolError as e:
            return _error(start_response, e.status, e.message, [*e.headers.items(), *extra])
        if op.kind == "describe":
            return self.fallback(environ, start_response)
        if op.kind == "update":
            return self._update(environ, op, start_response, extra)
        fmt = Params(environ.get("QUERY_STRING", "")).getlist("format") if "format=" in environ.get(
            "QUERY_STRING", "") else []
        try:
            results_type, graph_type = negotiate(environ.get("HTTP_ACCEPT"), fmt[0] if fmt else None)
        except NotAcceptable as e:
            return _error(start_response, 406, str(e), extra)
        if results_type is None and graph_type is None:
            return _error(start_response, 406, "none of the accepted media types is a format this endpoint "
                          "writes; try " + ", ".join(sorted(set(RESULT_TYPES) | set(GRAPH_TYPES))), extra)
        job = QueryJob(op.text, results_type, graph_type, op.default_graphs, op.named_graphs, _base(environ))
        try:
            src = self.backend.source(job)
        except TimeoutError as e:
            return _error(start_response, 503, f"the server is busy ({e}); try again", [("Retry-After", "5"), *extra])
        return respond(src, self.timeout, self.max_result, start_response, extra)

    def _operation(self, environ: dict, method: str):
        args = Params(environ.get("QUERY_STRING", ""))
        ctype = environ.get("CONTENT_TYPE", "")
        mimetype, _, rest = ctype.partition(";")
        mimetype = mimetype.strip().lower()
        charset = None
        for param in rest.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                charset = value.strip().strip('"')
        body = self._body(environ) if method == "POST" else b""
        form = Params(body.decode("utf-8", "replace")) if mimetype == FORM else Params("")
        return parse_request(method, mimetype, charset, args, form, body if mimetype != FORM else b"")

    def _body(self, environ: dict) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise ProtocolError(400, "bad Content-Length") from None
        if self.max_body is not None and length > self.max_body:
            raise ProtocolError(413, f"the request body is larger than this server's limit of {self.max_body} bytes")
        return environ["wsgi.input"].read(length) if length > 0 else b""

    def _update(self, environ: dict, op, start_response: StartResponse, extra: list) -> Iterable[bytes]:
        refused = write_refusal(self.token, self.backend.read_only, environ.get("HTTP_AUTHORIZATION", ""))
        if refused is not None:
            status, message, headers = refused
            return _error(start_response, status, message, [*headers.items(), *extra])
        try:
            self.backend.update(op.text, op.default_graphs, op.named_graphs, base_iri=_base(environ))
        except SyntaxError as e:
            return _error(start_response, 400, f"malformed update: {e}", extra)
        except ProtocolError as e:
            return _error(start_response, e.status, e.message, extra)
        except ReadOnlyStore as e:
            return _error(start_response, 403, str(e), extra)
        except RuntimeError as e:  # evaluation refused, e.g. DROP GRAPH of a graph not in the store
            return _error(start_response, 400, f"update failed: {e}", extra)
        except (ValueError, OSError) as e:
            return _error(start_response, 500, f"update failed: {e}", extra)
        start_response("204 No Content", extra)
        return []


def _base(environ: dict) -> str:
    """The endpoint's own URL: the base IRI of queries and updates."""
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{environ.get('SCRIPT_NAME', '')}/sparql"


def _error(start_response: StartResponse, status: int, message: str, headers: list | None = None) -> list[bytes]:
    body = (message.rstrip("\n") + "\n").encode()
    start_response(STATUS.get(status, f"{status} Error"), [
        ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))), *(headers or [])])
    return [body]


def respond(src, timeout: float | None, limit: int | None, start_response: StartResponse,
            extra: list | None = None) -> Iterable[bytes]:
    """The response for a query's message stream: errors and timeouts before the first byte become error
    statuses; a result that is complete once its first chunk is in goes out whole, else it is streamed."""
    deadline = None if timeout is None else time.monotonic() + timeout
    extra = extra or []

    def remaining() -> float | None:
        return None if deadline is None else max(0.0, deadline - time.monotonic())

    buf: list[bytes] = []
    size = 0
    try:
        msg = src.recv(remaining())
        if msg[0] == "error":
            src.close(True)
            return _error(start_response, msg[1], msg[2], extra)
        ctype = _TYPES.get(msg[1]) or content_type(msg[1])
        wait = remaining()
        while size < PREBUFFER:
            try:
                msg = src.recv(wait)
            except TimeoutError:
                if buf:
                    break  # more is coming, not ready yet: start sending what we have
                raise
            if msg[0] == "end":
                src.close(True)
                body = b"".join(buf) if len(buf) != 1 else buf[0]
                start_response("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body))), *extra])
                return [body]
            if msg[0] == "error":
                src.close(True)
                return _error(start_response, msg[1], msg[2], extra)
            buf.append(msg[1])
            size += len(msg[1])
            if limit is not None and size > limit:
                src.close(False)
                return _error(start_response, 500,
                              f"the result is larger than this server's limit of {limit} bytes: add a LIMIT", extra)
            wait = GRACE  # after the first chunk: only what is ready (almost) at once
    except TimeoutError:
        src.close(False)
        return _error(start_response, 503, f"the query did not finish within the server's time limit of {timeout:g} s",
                      extra)
    except BaseException:
        src.close(False)
        raise
    start_response("200 OK", [("Content-Type", ctype), *extra])
    return _stream(src, buf, size, remaining, timeout, limit)


def _stream(src, buf: list[bytes], size: int, remaining, timeout: float | None, limit: int | None):
    finished, total = False, size
    try:
        yield from buf
        buf.clear()
        while True:
            try:
                msg = src.recv(remaining())
            except TimeoutError:
                raise StreamAborted(f"query stopped after the time limit of {timeout:g} s") from None
            if msg[0] == "end":
                finished = True
                return
            if msg[0] == "error":
                raise StreamAborted(msg[2])
            total += len(msg[1])
            if limit is not None and total > limit:
                raise StreamAborted(f"result stopped at the size limit of {limit} bytes")
            yield msg[1]
    except StreamAborted as e:
        print(f"kg serve: response aborted: {e}", file=sys.stderr, flush=True)
        raise
    finally:
        src.close(finished)
