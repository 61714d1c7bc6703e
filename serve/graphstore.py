"""SPARQL 1.1 Graph Store HTTP Protocol at /store.

Indirect identification: `/store?graph=IRI` names a graph (a relative IRI resolves against the request
URL), `/store?default` the store's default graph (note: queries see the union of the named graphs as
their default graph; GSP addresses the real one). Direct identification: `/store/any/path` is the graph
whose IRI is that URL. Without either, GET returns the whole dataset (N-Quads or TriG); POST of a
graph (Turtle, N-Triples, RDF/XML, JSON-LD) makes a new graph and answers 201 with its Location,
POST of quads (N-Quads, TriG) adds them. Writes need the update token.
Statuses: PUT 201 when it created the graph (or filled an empty default graph), else 204; POST 200
(201 when it created the graph); DELETE 200; 404 for a named graph that is not in the store.
Bodies are any RDF format pyoxigraph reads, by Content-Type; multipart/form-data uploads (several
files) are read by each part's media type or else its file name extension.
"""

from __future__ import annotations

import io
import uuid
from urllib.parse import urljoin

import pyoxigraph as ox
from flask import Blueprint, Response, request

from kg.store import remove_article_graphs
from serve.backend import ReadOnlyStore
from serve.common import backend, error, write_denied
from serve.results import (
    GRAPH_TYPES,
    QUAD_TYPES,
    NotAcceptable,
    best_graph_type,
    best_match,
    content_type,
    input_format,
)

bp = Blueprint("graphstore", __name__)

Target = ox.NamedNode | ox.DefaultGraph | None


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
@bp.route("/store/<path:rest>", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store(rest: str | None = None) -> Response:
    try:
        target = _target(direct=rest is not None)
        if request.method in ("GET", "HEAD"):
            return _get(target)
        denied = write_denied()
        if denied is not None:
            return denied
        if request.method == "DELETE":
            return _delete(target)
        return _write(target, replace=request.method == "PUT")
    except _Refused as e:
        return error(e.status, e.message)
    except ReadOnlyStore as e:
        return error(403, str(e))


def _target(direct: bool) -> Target:
    graphs = request.args.getlist("graph")
    if len(graphs) + ("default" in request.args) + direct > 1:
        raise _Refused(400, "name one graph: either ?default, one ?graph=IRI or the graph's own URL")
    if graphs or direct:
        try:
            return ox.NamedNode(urljoin(request.base_url, graphs[0]) if graphs else request.base_url)
        except ValueError as e:
            raise _Refused(400, f"bad graph IRI: {e}") from e
    return ox.DefaultGraph() if "default" in request.args else None


def _get(target: Target) -> Response:
    store = backend().store
    accept, fmt = request.headers.get("Accept"), request.args.get("format")
    try:
        if target is None:
            mime = _dataset_type(accept, fmt)
        else:
            mime = best_graph_type(accept, fmt)
    except NotAcceptable as e:
        raise _Refused(406, str(e)) from e
    if isinstance(target, ox.NamedNode) and not store.contains_named_graph(target):
        raise _Refused(404, f"no graph <{target.value}> in the store")
    out = io.BytesIO()
    if target is None:
        store.dump(out, GRAPH_TYPES[mime])
    elif mime in QUAD_TYPES:
        ox.serialize(store.quads_for_pattern(None, None, None, target), out, GRAPH_TYPES[mime])
    else:
        store.dump(out, GRAPH_TYPES[mime], from_graph=target)
    return Response(out.getvalue(), content_type=content_type(mime))


def _dataset_type(accept: str | None, fmt: str | None) -> str:
    if fmt:
        mime = best_graph_type(None, fmt)
    else:
        mime = best_match(accept, ["application/trig", "application/n-quads"])
    if mime not in QUAD_TYPES:
        raise NotAcceptable("the whole dataset is served as TriG or N-Quads")
    return mime


def _read_body(target: Target) -> list[ox.Quad]:
    """The quads of the request body, moved into the target graph."""
    if request.mimetype == "multipart/form-data":
        parts = [(f.mimetype, f.filename, f.read()) for f in request.files.values()]
        if not parts:
            raise _Refused(400, "the multipart request holds no file")
    else:
        parts = [(request.mimetype, None, request.get_data(cache=False))]
    quads: list[ox.Quad] = []
    for mimetype, filename, data in parts:
        fmt = input_format(mimetype, filename)
        if fmt is None:
            raise _Refused(415, f"not an RDF media type: {mimetype or '(none)'} {filename or ''}".strip())
        if target is None and not fmt.supports_datasets:
            raise _Refused(400, "without ?graph=IRI or ?default, send quads (N-Quads or TriG)")
        parsed = _parse(data, fmt, target.value if isinstance(target, ox.NamedNode) else request.base_url)
        if target is not None:
            parsed = [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]
        quads += parsed
    return quads


def _parse(data: bytes, fmt: ox.RdfFormat, base_iri: str) -> list[ox.Quad]:
    """The quads of one body (relative IRIs resolve against `base_iri`); a Turtle or TriG document may
    lack the '.' after its last triple (the W3C Graph Store test suite sends such bodies)."""
    try:
        return list(ox.parse(data, fmt, base_iri=base_iri))
    except SyntaxError as e:
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
            try:
                return list(ox.parse(data + b"\n.", fmt, base_iri=base_iri))
            except SyntaxError:
                pass
        raise _Refused(400, f"cannot parse the {fmt.name} body: {e}") from e


def _write(target: Target, replace: bool) -> Response:
    if target is None and replace:
        raise _Refused(400, "PUT needs ?graph=IRI, ?default or the graph's own URL")
    location = None
    if target is None and not _sends_quads():
        location = f"{request.host_url}store/{uuid.uuid4().hex}"  # POST to the store: a new graph
        target = ox.NamedNode(location)
    quads = _read_body(target)
    with backend().writing() as store:
        if isinstance(target, ox.NamedNode):
            created = not store.contains_named_graph(target)
        else:
            created = isinstance(target, ox.DefaultGraph) and replace and \
                next(iter(store.quads_for_pattern(None, None, None, target)), None) is None
        if replace and not created:
            store.clear_graph(target)
        if isinstance(target, ox.NamedNode):
            store.add_graph(target)
        store.extend(quads)
    if location:
        return Response(status=201, headers={"Location": location})
    return Response(status=201 if created else 204 if replace else 200)


def _sends_quads() -> bool:
    """Whether the body is a dataset (N-Quads, TriG) rather than one graph."""
    if request.mimetype == "multipart/form-data":
        return False
    fmt = input_format(request.mimetype)
    return fmt is not None and fmt.supports_datasets


def _delete(target: Target) -> Response:
    if target is None:
        raise _Refused(400, "DELETE needs ?graph=IRI or ?default")
    with backend().writing() as store:
        if isinstance(target, ox.NamedNode):
            if not store.contains_named_graph(target):
                raise _Refused(404, f"no graph <{target.value}> in the store")
            remove_article_graphs(store, [target.value])  # with the descriptions only it supported
        else:
            store.clear_graph(target)
    return Response(status=200)
