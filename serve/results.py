"""Result formats and content negotiation.

Query results (SELECT, ASK): SPARQL JSON (the default), XML, CSV, TSV.
Graphs (CONSTRUCT, DESCRIBE, Graph Store GET): Turtle (the default), N-Triples, N-Quads, TriG, RDF/XML,
JSON-LD. The `format` URL parameter (json, xml, csv, tsv, ttl, nt, nq, trig, rdf, jsonld) overrides
the Accept header, for links a browser follows; unknown values are ignored.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

# media type -> format, in order of preference when the client accepts several equally
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/n3": ox.RdfFormat.TURTLE,  # Turtle is valid N3
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/xml": ox.RdfFormat.RDF_XML,
}
QUAD_TYPES = ("application/n-quads", "application/trig")

FORMAT_PARAM = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "ttl": (None, "text/turtle"),
    "turtle": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
    "nq": (None, "application/n-quads"),
    "trig": (None, "application/trig"),
    "rdf": (None, "application/rdf+xml"),
    "rdfxml": (None, "application/rdf+xml"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    "n3": (None, "text/turtle"),
    "ntriples": (None, "application/n-triples"),
    "nquads": (None, "application/n-quads"),
}


class NotAcceptable(ValueError):
    """No format the client accepts fits."""


@lru_cache(maxsize=512)
def negotiate(accept: str | None, fmt: str | None = None) -> tuple[str | None, str | None]:
    """(media type for query results, media type for graphs); None where nothing the client accepts fits."""
    if fmt:
        fmt = fmt.strip().lower()
        if fmt in FORMAT_PARAM:
            return FORMAT_PARAM[fmt]
        if "/" in fmt:  # a media type: as if it were the Accept header
            accept = fmt
    # other `format` values (some clients send their own names) leave it to the Accept header
    if not accept or not accept.strip():
        return "application/sparql-results+json", "text/turtle"
    acc = parse_accept_header(accept, MIMEAccept)
    return acc.best_match(RESULT_TYPES), acc.best_match(GRAPH_TYPES)


def best_graph_type(accept: str | None, fmt: str | None = None, quads: bool = True) -> str:
    """The graph media type for a request (raises NotAcceptable)."""
    _, mime = negotiate(accept, fmt)
    if mime is None or (not quads and mime in QUAD_TYPES):
        raise NotAcceptable("none of the accepted media types is an RDF format this server writes")
    return mime


def content_type(mime: str) -> str:
    """The Content-Type header value for a media type (UTF-8 for every textual format)."""
    return f"{mime}; charset=utf-8"


def results_format(mime: str) -> ox.QueryResultsFormat:
    return RESULT_TYPES[mime]


def graph_format(mime: str) -> ox.RdfFormat:
    return GRAPH_TYPES[mime]


def input_format(mimetype: str, filename: str | None = None) -> ox.RdfFormat | None:
    """The RDF format of an uploaded body, from its media type or else its file name extension."""
    fmt = GRAPH_TYPES.get(mimetype) if mimetype not in ("text/plain", "application/json", "application/xml") else None
    if fmt is None and mimetype:
        fmt = ox.RdfFormat.from_media_type(mimetype)
    if fmt is None and filename and "." in filename:
        fmt = ox.RdfFormat.from_extension(filename.rsplit(".", 1)[1].lower())
    return fmt
