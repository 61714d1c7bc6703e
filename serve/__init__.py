"""The SPARQL endpoint and pages over the store, served by waitress: `run(store_dir, ...)`.

Routes (see serve.app.create_app):
  /sparql   SPARQL 1.1 Protocol: queries by GET/POST, updates by POST with the token; no query: the
            service description. Default graph = union of the named graphs.
  /store    Graph Store HTTP Protocol (?graph=IRI, ?default).
  /         the query page; /id/<path> and /entity?iri=IRI: entity pages (HTML or RDF by Accept).
  /health   a JSON status.
Modules: protocol (request parsing), results (formats, negotiation), execute (run + serialise one
query), worker (killable worker processes), backend (store, write lock), endpoint, graphstore, pages.
Kept light on import: worker processes import this package too.
"""

from __future__ import annotations

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
    **options,
) -> None:
    """Serve the store in `store_dir` until killed; prints the URL (port 0: any free port) on stdout.

    options: further `serve.app.create_app` arguments (max_body, max_result_bytes, workers, ...).
    """
    import logging

    import waitress

    from serve.app import create_app

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" under load: not news
    options.setdefault("workers", threads)
    app = create_app(store_dir, update_token=update_token, timeout=timeout, cors=cors, **options)
    backend = app.extensions["kg_backend"]
    server = waitress.create_server(
        app, host=host, port=port, threads=threads, ident="kg", channel_timeout=300,
        max_request_body_size=options.get("max_body") or 1 << 30,
    )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.effective_port}/"
    print(f"Serving {url} (SPARQL endpoint {url}sparql)", flush=True)

    def stop(signum, frame):
        raise SystemExit(0)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)  # clean shutdown: workers and checkpoints go too
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        backend.close()
        print("kg serve: stopped", file=sys.stderr, flush=True)
