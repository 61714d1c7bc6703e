"""The /sparql route: SPARQL 1.1 Protocol queries and updates, and the service description."""

from __future__ import annotations

import sys
import time

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, request
from werkzeug.datastructures import MultiDict

from serve.backend import ReadOnlyStore
from serve.common import backend, error, write_denied
from serve.execute import QueryJob
from serve.protocol import FORM, ProtocolError, parse_request
from serve.results import GRAPH_TYPES, RESULT_TYPES, NotAcceptable, best_graph_type, content_type, negotiate

bp = Blueprint("sparql", __name__)

PREBUFFER = 256 * 1024  # results up to this size go out whole (with Content-Length); bigger ones stream


class StreamAborted(RuntimeError):
    """A streamed response had to stop early (time or size limit, evaluation error): the connection is
    closed without the end of the chunked body, so the client sees a truncated transfer."""


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    direct = request.method == "POST" and request.mimetype != FORM
    try:
        op = parse_request(
            request.method, request.mimetype, request.mimetype_params.get("charset"), request.args,
            request.form if request.mimetype == FORM else MultiDict(),
            request.get_data(cache=False) if direct else b"",
        )
    except ProtocolError as e:
        return error(e.status, e.message, e.headers)
    if op.kind == "describe":
        return service_description()
    if op.kind == "update":
        return _update(op)
    try:
        results_type, graph_type = negotiate(request.headers.get("Accept"), request.args.get("format"))
    except NotAcceptable as e:
        return error(406, str(e))
    if results_type is None and graph_type is None:
        return error(406, "none of the accepted media types is a format this endpoint writes; try "
                     + ", ".join(sorted(set(RESULT_TYPES) | set(GRAPH_TYPES))))
    job = QueryJob(op.text, results_type, graph_type, op.default_graphs, op.named_graphs)
    cfg = current_app.config
    try:
        src = backend().source(job)
    except TimeoutError as e:
        return error(503, f"the server is busy ({e}); try again", {"Retry-After": "5"})
    return respond(src, cfg.get("KG_TIMEOUT"), cfg.get("KG_MAX_RESULT_BYTES"))


def _update(op) -> Response:
    denied = write_denied()
    if denied is not None:
        return denied
    try:
        backend().update(op.text, op.default_graphs, op.named_graphs)
    except SyntaxError as e:
        return error(400, f"malformed update: {e}")
    except ProtocolError as e:
        return error(e.status, e.message)
    except ReadOnlyStore as e:
        return error(403, str(e))
    except (ValueError, OSError) as e:
        return error(500, f"update failed: {e}")
    return Response(status=204)


def respond(src, timeout: float | None, limit: int | None) -> Response:
    """The HTTP response for a query's message stream: errors and timeouts before the first byte become
    error statuses; small results go out whole, big ones are streamed in chunks."""
    deadline = None if timeout is None else time.monotonic() + timeout

    def remaining() -> float | None:
        return None if deadline is None else max(0.0, deadline - time.monotonic())

    buf: list[bytes] = []
    size = 0
    try:
        msg = src.recv(remaining())
        if msg[0] == "error":
            src.close(True)
            return error(msg[1], msg[2])
        mime = msg[1]
        while size < PREBUFFER:
            msg = src.recv(remaining())
            if msg[0] == "end":
                src.close(True)
                return Response(b"".join(buf), content_type=content_type(mime))
            if msg[0] == "error":
                src.close(True)
                return error(msg[1], msg[2])
            buf.append(msg[1])
            size += len(msg[1])
            if limit is not None and size > limit:
                src.close(False)
                return error(500, f"the result is larger than this server's limit of {limit} bytes: add a LIMIT")
    except TimeoutError:
        src.close(False)
        return error(503, f"the query did not finish within the server's time limit of {timeout:g} s")
    except BaseException:
        src.close(False)
        raise

    def stream():
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

    return Response(stream(), content_type=content_type(mime), direct_passthrough=True)


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (Turtle unless asked otherwise)."""
    best = request.accept_mimetypes.best_match(["text/turtle", "text/html", *GRAPH_TYPES])
    if best == "text/html" and request.method == "GET" and not request.args.get("format"):
        return redirect("/")
    try:
        mime = best_graph_type(request.headers.get("Accept"), request.args.get("format"), quads=False)
    except NotAcceptable as e:
        return error(406, str(e))
    ttl = _description(request.base_url, bool(current_app.config.get("KG_UPDATE_TOKEN")))
    fmt = GRAPH_TYPES[mime]
    body = ttl.encode() if fmt == ox.RdfFormat.TURTLE else ox.serialize(ox.parse(ttl, ox.RdfFormat.TURTLE), format=fmt)
    return Response(body, content_type=content_type(mime))


def _description(endpoint: str, updates: bool) -> str:
    results = ", ".join(f"<{u}>" for u in (
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
        "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
        "http://www.w3.org/ns/formats/N-Quads", "http://www.w3.org/ns/formats/TriG",
        "http://www.w3.org/ns/formats/RDF_XML", "http://www.w3.org/ns/formats/JSON-LD"))
    languages = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if updates else "")
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

[] a sd:Service ;
  rdfs:label "Chinese government news knowledge graph" ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage {languages} ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat {results} ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
