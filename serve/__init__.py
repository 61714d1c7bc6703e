"""The SPARQL endpoint and pages over the store: `run(store_dir, ...)`.

Routes (see serve.app.create_app):
  /sparql   SPARQL 1.1 Protocol (also at /sparql/): queries by GET/POST, updates by POST with the
            token; no operation: the service description. Default graph = union of the named graphs.
  /store    Graph Store HTTP Protocol: ?graph=IRI, ?default, or /store/<path> (direct identification).
  /         the query page; /id/<path> and /entity?iri=IRI: entity pages (HTML or RDF by Accept).
  /health   a JSON status.
Conformance: the W3C SPARQL 1.1 Protocol and Graph Store HTTP Protocol test suites pass in full
(tests/test_w3c_*.py), with one difference the suites do not foresee: writes need
`Authorization: Bearer TOKEN` (the suites assume a server open to writes).
Modules: httpserver (the HTTP/1.1 server), sparql_wsgi (the /sparql fast path before Flask), protocol
(request parsing), results (formats, negotiation), execute (run + serialise one query), worker
(killable worker processes), backend (store, write lock), endpoint (service description), graphstore,
pages.
Kept light on import: worker processes import this package too.
"""

from __future__ import annotations

import os
import signal
import sys
import threading


def run(
    store_dir: str,
    host: str = "127.0.0.1",
    port: int = 7878,
    update_token: str | None = None,
    timeout: float | None = None,
    cors: str | None = None,
    threads: int = 8,
    server: str = "waitress",
    **options,
) -> None:
    """Serve the store in `store_dir` until killed. The URL line (port 0: any free port) is printed on
    stdout once the socket listens, so a reader of that line can connect at once.

    server: "waitress" (the production WSGI server, `threads` worker threads; the default) or "kg"
    (serve.httpserver: a thread per connection, lower overhead per request, for benchmarks and
    high request rates on a trusted network). options: further `serve.app.create_app` arguments (max_body, max_result_bytes,
    processes: query worker processes, by default one per CPU up to 4, ...).
    """
    import logging

    from serve.app import create_app

    options.setdefault("workers", threads)
    options.setdefault("processes", min(4, os.cpu_count() or 1))
    app = create_app(store_dir, update_token=update_token, timeout=timeout, cors=cors, **options)
    backend = app.extensions["kg_backend"]
    max_body = options.get("max_body") or 1 << 30
    if server == "waitress":
        import waitress

        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" under load: not news
        srv = waitress.create_server(app, host=host, port=port, threads=threads, ident="kg", channel_timeout=300,
                                     max_request_body_size=max_body)
        bound, serve_forever = srv.effective_port, srv.run
    else:
        from serve.httpserver import Server

        srv = Server(app, host=host, port=port, max_body=max_body)
        bound, serve_forever = srv.port, srv.serve_forever
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/"
    print(f"Serving {url} (SPARQL endpoint {url}sparql)", flush=True)

    def stop(signum, frame):
        raise SystemExit(0)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)  # clean shutdown: workers and checkpoints go too
    try:
        serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.close()
        backend.close()
        print("kg serve: stopped", file=sys.stderr, flush=True)
