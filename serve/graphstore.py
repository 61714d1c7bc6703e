"""SPARQL 1.1 Graph Store HTTP Protocol at /store.

`?graph=IRI` names a graph, `?default` the store's default graph (note: queries see the union of the
named graphs as their default graph; GSP addresses the real one). Without either, GET returns the
whole dataset (N-Quads or TriG) and POST adds quads (N-Quads, TriG). Writes need the update token.
Bodies are any RDF format pyoxigraph reads, by Content-Type; multipart/form-data uploads (several
files) are read by each part's media type or else its file name extension.
"""

from __future__ import annotations

import io

import pyoxigraph as ox
from flask import Blueprint, Response, request

from serve.backend import ReadOnlyStore
from serve.common import backend, error, write_denied
from serve.results import GRAPH_TYPES, QUAD_TYPES, NotAcceptable, best_graph_type, content_type, input_format

bp = Blueprint("graphstore", __name__)

Target = ox.NamedNode | ox.DefaultGraph | None


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    try:
        target = _target()
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


def _target() -> Target:
    graphs = request.args.getlist("graph")
    if len(graphs) + ("default" in request.args) > 1:
        raise _Refused(400, "name one graph: either ?default or one ?graph=IRI")
    if graphs:
        try:
            return ox.NamedNode(graphs[0])
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
        from werkzeug.datastructures import MIMEAccept
        from werkzeug.http import parse_accept_header

        mime = parse_accept_header(accept, MIMEAccept).best_match(["application/trig", "application/n-quads"]) \
            if accept else "application/trig"
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
        try:
            parsed = list(ox.parse(data, fmt))
        except SyntaxError as e:
            raise _Refused(400, f"cannot parse the {fmt.name} body: {e}") from e
        if target is not None:
            parsed = [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]
        quads += parsed
    return quads


def _write(target: Target, replace: bool) -> Response:
    if target is None and replace:
        raise _Refused(400, "PUT needs ?graph=IRI or ?default")
    quads = _read_body(target)
    with backend().writing() as store:
        created = isinstance(target, ox.NamedNode) and not store.contains_named_graph(target)
        if replace and not created:
            store.clear_graph(target)
        if isinstance(target, ox.NamedNode):
            store.add_graph(target)
        store.extend(quads)
    return Response(status=201 if created else 204)


def _delete(target: Target) -> Response:
    if target is None:
        raise _Refused(400, "DELETE needs ?graph=IRI or ?default")
    with backend().writing() as store:
        if isinstance(target, ox.NamedNode):
            if not store.contains_named_graph(target):
                raise _Refused(404, f"no graph <{target.value}> in the store")
            store.remove_graph(target)
        else:
            store.clear_graph(target)
    return Response(status=204)
