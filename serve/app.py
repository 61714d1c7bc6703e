"""The Flask application: SPARQL endpoint, Graph Store Protocol, pages, health; request log and CORS."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from flask import Flask, Response, jsonify, request

from serve.backend import Backend
from serve.common import cors_headers
from serve.sparql_wsgi import SparqlEndpoint

DEFAULT_MAX_BODY = 64 * 1024 * 1024  # bytes of a request body
DEFAULT_MAX_RESULT = 1024 * 1024 * 1024  # bytes of one query result


def create_app(
    store_dir: str | Path,
    update_token: str | None = None,
    timeout: float | None = None,
    cors: str | None = None,
    max_body: int | None = DEFAULT_MAX_BODY,
    max_result_bytes: int | None = DEFAULT_MAX_RESULT,
    workers: int = 4,
    log_requests: bool = True,
    processes: int = 0,
) -> Flask:
    """The endpoint over the store in `store_dir` (created empty when absent).

    update_token: allow SPARQL updates and Graph Store writes with `Authorization: Bearer TOKEN`.
    timeout: seconds a query may run; queries then run in killable worker processes (`workers` of them).
    processes: without a timeout, SELECT/CONSTRUCT/DESCRIBE run in this many worker processes (in
    parallel; 0: in the request's thread).
    cors: allowed origins for cross-origin requests: "*" or a comma-separated list.
    """
    from serve import endpoint, graphstore, pages

    app = Flask(__name__)
    app.config.update(
        KG_UPDATE_TOKEN=update_token, KG_TIMEOUT=timeout, KG_MAX_RESULT_BYTES=max_result_bytes,
        MAX_CONTENT_LENGTH=max_body, MAX_FORM_MEMORY_SIZE=max_body, JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False
    app.extensions["kg_backend"] = Backend(store_dir, timeout=timeout, workers=workers, processes=processes)
    app.register_blueprint(endpoint.bp)
    app.register_blueprint(graphstore.bp)
    app.register_blueprint(pages.bp)

    @app.get("/health")
    def health() -> Response:
        b = app.extensions["kg_backend"]
        ok = bool(b.store.query("ASK {}"))
        return jsonify(status="ok" if ok else "error", store=str(b.path), read_only=b.read_only,
                       updates=bool(update_token), timeout=timeout)

    origins = [o.strip() for o in cors.split(",") if o.strip()] if cors else None
    if origins:
        _add_cors(app, origins)
    app.wsgi_app = SparqlEndpoint(app.wsgi_app, app.extensions["kg_backend"], update_token=update_token,
                                  timeout=timeout, max_result=max_result_bytes, max_body=max_body, cors=origins)
    if log_requests:
        app.wsgi_app = RequestLog(app.wsgi_app)
    return app


def _add_cors(app: Flask, origins: list[str]) -> None:
    @app.after_request
    def add_cors_headers(resp: Response) -> Response:
        for name, value in cors_headers(origins, request.headers.get("Origin"), request.method):
            if name == "Vary":
                resp.vary.add(value)
            else:
                resp.headers[name] = value
        return resp


class RequestLog:
    """WSGI middleware writing one line per request to stderr once its response is sent:
    client, request line, status, bytes sent, seconds."""

    def __init__(self, app, stream=None) -> None:
        self.app = app
        self.stream = stream
        self._lock = threading.Lock()

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        t0 = time.perf_counter()
        status = ["-"]

        def sr(st, headers, exc_info=None):
            status[0] = st.split(" ", 1)[0]
            return start_response(st, headers, exc_info)

        return _Logged(self.app(environ, sr), environ, status, t0, self)

    def write(self, line: str) -> None:
        with self._lock:
            out = self.stream or sys.stderr
            out.write(line)
            out.flush()


class _Logged:
    """A response body that counts what is sent and writes the log line when the server closes it."""

    def __init__(self, body, environ, status, t0, log: RequestLog) -> None:
        self.body, self.environ, self.status, self.t0, self.log = body, environ, status, t0, log
        self.sent, self.outcome = 0, ""
        self._it = iter(body)

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        try:
            chunk = next(self._it)
        except StopIteration:
            raise
        except BaseException as e:
            self.outcome = f" aborted: {e}"
            raise
        self.sent += len(chunk)
        return chunk

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            env = self.environ
            uri = _wsgi_str(env.get("PATH_INFO", "")) + ("?" + env["QUERY_STRING"] if env.get("QUERY_STRING") else "")
            if len(uri) > 300:
                uri = uri[:300] + "…"
            self.log.write(f'{env.get("REMOTE_ADDR", "-")} "{env.get("REQUEST_METHOD")} {uri} '
                           f'{env.get("SERVER_PROTOCOL", "")}" {self.status[0]} {self.sent} '
                           f'{time.perf_counter() - self.t0:.4f}s{self.outcome}\n')


def _wsgi_str(s: str) -> str:
    """A WSGI (latin-1 transported) string as the UTF-8 text it carries."""
    try:
        return s.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return s
