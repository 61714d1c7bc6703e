"""Result formats and content negotiation.

Query results (SELECT, ASK): SPARQL JSON (the default), XML, CSV, TSV.
Graphs (CONSTRUCT, DESCRIBE, Graph Store GET): Turtle (the default), N-Triples, N-Quads, TriG, RDF/XML,
JSON-LD. The `format` URL parameter (json, xml, csv, tsv, ttl, nt, nq, trig, rdf, jsonld) overrides
the Accept header, for links a browser follows; unknown values are ignored.

Accept headers are read here, in one place (`parse_accept`, `best_match`), for the endpoint, the graph
store and the entity pages: a media range's parameters other than `q` (`text/turtle; charset=utf-8`,
as the W3C test suites send) do not stop it from matching (every textual format is written as UTF-8);
`q` weighs it (`q=0` refuses); the most specific range that matches an offer decides its weight
(RFC 9110 12.5.1); among offers of equal weight an exact range beats a wildcard, then the server's
order decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox

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


def _split_unquoted(text: str, sep: str) -> list[str]:
    """`text` split at `sep` outside double-quoted strings (a parameter's value may quote a comma)."""
    parts, start, quoted, i = [], 0, False, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and quoted:
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif c == sep and not quoted:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


@lru_cache(maxsize=512)
def parse_accept(accept: str | None) -> tuple[tuple[str, float], ...]:
    """The media ranges of an Accept header as (type/subtype lower-cased, q), in the header's order.
    Parameters other than q are dropped; a range without a slash or with a bad q is skipped."""
    ranges: list[tuple[str, float]] = []
    for item in _split_unquoted(accept or "", ","):
        fields = _split_unquoted(item, ";")
        mime = fields[0].strip().lower()
        if mime.count("/") != 1 or not all(mime.split("/")) or (mime.startswith("*/") and mime != "*/*"):
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip().strip('"'))
                except ValueError:
                    q = -1.0
                break  # what follows q are accept-extensions, not media type parameters
        if 0.0 <= q <= 1.0:
            ranges.append((mime, q))
    return tuple(ranges)


def _weight(ranges: tuple[tuple[str, float], ...], offer: str) -> tuple[float, int]:
    """(q, specificity) of an offer under the most specific range that matches it; q 0 when none does."""
    kind = offer.split("/", 1)[0] + "/*"
    best = (0.0, -1)
    for mime, q in ranges:
        spec = 2 if mime == offer else 1 if mime == kind else 0 if mime == "*/*" else -1
        if spec > best[1]:
            best = (q, spec)
    return best


def best_match(accept: str | None, offers: Iterable[str]) -> str | None:
    """The offer (a media type) the Accept header prefers; the first offer when the header is absent or
    blank; None when it accepts none of them."""
    offers = list(offers)
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = parse_accept(accept)
    result, top = None, (0.0, -1)
    for offer in offers:
        q, spec = _weight(ranges, offer.lower())
        if q > 0 and (q, spec) > top:
            result, top = offer, (q, spec)
    return result


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
    return best_match(accept, RESULT_TYPES), best_match(accept, GRAPH_TYPES)


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
