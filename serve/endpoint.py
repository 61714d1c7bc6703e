"""The /sparql route's Flask side: the SPARQL 1.1 Service Description (a request without an operation).
Queries and updates are answered before Flask by serve.sparql_wsgi."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, request

from serve.common import error
from serve.results import GRAPH_TYPES, NotAcceptable, best_graph_type, best_match, content_type

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
@bp.route("/sparql/", methods=["GET", "POST"])
def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (Turtle unless asked otherwise)."""
    best = best_match(request.headers.get("Accept"), ["text/turtle", "text/html", *GRAPH_TYPES])
    if best == "text/html" and request.method == "GET" and not request.args.get("format"):
        return redirect("/")
    try:
        mime = best_graph_type(request.headers.get("Accept"), request.args.get("format"), quads=False)
    except NotAcceptable as e:
        return error(406, str(e))
    ttl = _description(request.base_url.rstrip("/"), bool(current_app.config.get("KG_UPDATE_TOKEN")))
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
