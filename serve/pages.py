"""HTML pages: the home page (GET /: what the graph holds, a label search, browse lists with facets), the
query page (GET /query, or / with ?query=), and entity pages (/id/<path>, /entity?iri=IRI).

The home, search and browse pages are drawn on the server from bounded SPARQL queries (serve.explore);
their facets are plain links (query strings). An entity page also shows a picture of the entity's
relations (server-side SVG) and, when the server knows the source files ($KG_SOURCES, `kg serve
--sources`), each mention inside its sentence with the name marked.

Entity IRIs under `kg.vocab.ID` dereference here: HTML for browsers, RDF (Turtle by default) for
clients that ask for it. An entity page shows labels, types, facts, neighbours, the articles its
facts come from, and its mentions (oa:Annotation) with offsets into the original article (our
`#char=start,end` targets, or a foreign oa:SpecificResource with an oa:TextPositionSelector): the quoted
text (the target's rdf:value or an oa:TextQuoteSelector's oa:exact, else the entity's label) inside its
context (oa:prefix, oa:suffix) when the graph has them, and a link to the article's page (its facts). The articles' text itself is not in the store.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, url_for
from markupsafe import Markup

from kg.ids import iri_key
from kg.vocab import ARTICLE, ID, PREFIXES, sparql_char_offsets, sparql_prefixes
from serve import explore
from serve.common import backend, error
from serve.results import GRAPH_TYPES, best_match, content_type, graph_format

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static", static_url_path="/static")

LABELS = ("rdfs:label", "schema:name", "skos:prefLabel", "skos:altLabel", "schema:alternateName", "dct:title",
          "schema:headline")
LIMIT = 500

EXAMPLES: list[tuple[str, str]] = [
    ("People and the posts they hold", """SELECT DISTINCT ?person ?name ?post ?postName WHERE {
  ?person a kgo:Person ; rdfs:label ?name .
  OPTIONAL { ?person org:holds ?post . ?post rdfs:label ?postName }
}
ORDER BY ?name
LIMIT 200"""),
    ("Posts and the organisations they belong to", """SELECT ?post ?name ?org ?orgName WHERE {
  ?post a kgo:Post ; rdfs:label ?name .
  OPTIONAL { ?post org:postIn ?org . ?org rdfs:label ?orgName }
}
ORDER BY ?orgName
LIMIT 200"""),
    ("Places and where they lie", """SELECT ?place ?name ?level ?parentName WHERE {
  ?place a kgo:Place ; rdfs:label ?name .
  OPTIONAL { ?place kgo:level ?level }
  OPTIONAL { ?place schema:containedInPlace/rdfs:label ?parentName }
}
ORDER BY ?level ?name
LIMIT 200"""),
    ("Articles: headline, date, how many entities", """SELECT ?article ?headline ?date (COUNT(DISTINCT ?e) AS ?entities) WHERE {
  ?article a kgo:Article .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:mentions ?e }
}
GROUP BY ?article ?headline ?date
ORDER BY DESC(?date)
LIMIT 100"""),
    ("Most mentioned entities", """SELECT ?entity ?label ?mentions WHERE {
  { SELECT ?entity (COUNT(?a) AS ?mentions) WHERE { ?a oa:hasBody ?entity }
    GROUP BY ?entity ORDER BY DESC(?mentions) LIMIT 50 }
  OPTIONAL { ?entity rdfs:label ?label }
}
ORDER BY DESC(?mentions)"""),
    ("Search labels (edit the text)", """SELECT ?entity ?label ?type WHERE {
  ?entity rdfs:label ?label ; a ?type .
  FILTER(CONTAINS(STR(?label), "市委"))
}
LIMIT 100"""),
    ("Entity types and counts", """SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?type .
}
GROUP BY ?type
ORDER BY DESC(?n)"""),
    ("Named graphs (one per article)", """SELECT ?g (COUNT(*) AS ?quads) WHERE {
  GRAPH ?g { ?s ?p ?o }
}
GROUP BY ?g
ORDER BY DESC(?quads)
LIMIT 100"""),
]


@bp.get("/")
def index() -> str:
    """The home page; with ?query= the query page (links of older versions keep working)."""
    if "query" in request.args:
        return query_page()
    data = explore.summary(backend().store)
    return render_template("home.html", chart=Markup(explore.month_chart(data["months"])), example=EXAMPLES[0][1],
                           **data)


@bp.get("/query")
def query_page() -> str:
    return render_template("index.html", examples=EXAMPLES, prefixes=PREFIXES, id_base=ID)


@bp.get("/search")
def search_page() -> str:
    q = request.args.get("q", "").strip()[:200]
    hits = explore.search(backend().store, q) if q else []
    return render_template("search.html", q=q, hits=hits, names=explore.TYPE_NAMES)


@bp.get("/browse/<kind>")
def browse_page(kind: str) -> Response | str:
    if kind not in explore.TYPE_NAMES:
        return error(404, f"no list of {kind!r}: one of " + ", ".join(explore.TYPE_NAMES))
    try:
        facets = explore.Facets.from_args(request.args)
        page = max(0, int(request.args.get("page", "0") or 0))
    except ValueError as e:
        return error(400, str(e))
    data = explore.browse(backend().store, kind, facets, page)
    return render_template("browse.html", f=facets, names=explore.TYPE_NAMES, kinds=explore.TYPES,
                           place_label=_one_label(facets.place), outlet_label=_one_label(facets.outlet), **data)


def _one_label(iri: str | None) -> str | None:
    return explore.labels(backend().store, [iri]).get(iri) if iri else None


@bp.get("/id/<path:rest>")
def entity_by_path(rest: str) -> Response | str:
    return entity_page(ID + "/".join(iri_key(seg) for seg in rest.split("/")))


@bp.get("/entity")
def entity_by_iri() -> Response | str:
    iri = request.args.get("iri", "").strip()
    if not iri:
        return error(400, "missing ?iri=")
    return entity_page(iri)


def entity_page(iri: str) -> Response | str:
    try:
        node = ox.NamedNode(iri)
    except ValueError as e:
        return error(400, f"not an IRI: {e}")
    store = backend().store
    rdf_types = list(GRAPH_TYPES)
    best = best_match(request.headers.get("Accept"), ["text/html", *rdf_types])
    if request.args.get("format"):
        best = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
                "rdf": "application/rdf+xml"}.get(request.args["format"], best)
    if best is None:
        return error(406, "this resource is available as text/html or RDF (" + ", ".join(rdf_types) + ")")
    if best != "text/html":
        return _rdf(store, node, best)
    data = _describe(store, node)
    if not (data["facts"] or data["incoming"] or data["mentions"] or data["types"] or data["labels"]):
        return Response(render_template("entity.html", iri=iri, missing=True, picture="", **data), status=404)
    kind = explore.kind_of(str(r["t"].value) for r in data["types"] if isinstance(r["t"], ox.NamedNode))
    picture = "" if data["article"] else explore.neighbourhood_svg(
        data["title"], kind, explore.neighbourhood(store, iri), term_href)
    _add_sentences(data["mentions"])
    return render_template("entity.html", iri=iri, missing=False, picture=Markup(picture), kind=kind,
                           names=explore.TYPE_NAMES, have_texts=bool(explore.source_paths()), **data)


def _add_sentences(mentions: list[dict[str, Any]]) -> None:
    """Each mention with offsets into a source file the server can read gets `sentence`: (before, span, after)."""
    if not explore.source_paths():
        return
    for r in mentions:
        f, start, end = r.get("file"), r.get("start"), r.get("end")
        if f is None or start is None or end is None:
            continue
        text = explore.source_text(f.value)
        try:
            parts = explore.sentence_parts(text, int(start.value), int(end.value)) if text else None
        except ValueError:
            parts = None
        if parts:
            r["sentence"] = parts


def _rdf(store: ox.Store, node: ox.NamedNode, mime: str) -> Response:
    q = f"CONSTRUCT {{ <{node.value}> ?p ?o . ?s ?q <{node.value}> }} WHERE {{ {{ <{node.value}> ?p ?o }} UNION {{ ?s ?q <{node.value}> }} }}"
    triples = list(store.query(q, use_default_graph_as_union=True))
    if not triples:
        return error(404, f"nothing is known about <{node.value}>")
    fmt = graph_format(mime)
    if fmt.supports_datasets:
        mime, fmt = "text/turtle", ox.RdfFormat.TURTLE
    body = ox.serialize(triples, format=fmt, prefixes=PREFIXES) if fmt == ox.RdfFormat.TURTLE \
        else ox.serialize(triples, format=fmt)
    return Response(body, content_type=content_type(mime))


def _select(store: ox.Store, query: str) -> list[dict[str, Any]]:
    res = store.query(sparql_prefixes() + query, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: sol[n] for n in names} for sol in res]


def _describe(store: ox.Store, node: ox.NamedNode) -> dict[str, Any]:
    s = f"<{node.value}>"
    label_path = "|".join(LABELS)
    labels = _select(store, f"SELECT DISTINCT ?l WHERE {{ {s} {label_path} ?l }} LIMIT 50")
    types = _select(store, f"SELECT DISTINCT ?t WHERE {{ {s} a ?t }} LIMIT 50")
    # distinct rows first, labels for those rows after: a label joined in the same query would repeat once
    # per article restating it, for every row (an entity in thousands of articles took a minute)
    facts = _select(store, f"""SELECT DISTINCT ?p ?o WHERE {{
        {s} ?p ?o FILTER(?p NOT IN (rdf:type, rdfs:label)) }} ORDER BY ?p ?o LIMIT {LIMIT}""")
    incoming = _select(store, f"""SELECT DISTINCT ?s ?p WHERE {{
        ?s ?p {s} FILTER(?p != oa:hasBody) }} ORDER BY ?p ?s LIMIT {LIMIT}""")
    names = _labels(store, [r["o"] for r in facts] + [r["s"] for r in incoming])
    for r in facts:
        r["olabel"] = names.get(r["o"])
    for r in incoming:
        r["slabel"] = names.get(r["s"])
    own = _select(store, f"SELECT ?l WHERE {{ {s} rdfs:label ?l }} LIMIT 1")
    label = explore.literal(own[0]["l"].value if own and own[0]["l"] is not None else "")
    mentions = _select(store, f"""SELECT ?article ?start ?end
        (SAMPLE(COALESCE(?x, {label})) AS ?exact) (SAMPLE(?pre) AS ?prefix) (SAMPLE(?suf) AS ?suffix) WHERE {{
        ?ann oa:hasBody {s} ; oa:hasTarget ?target .
        OPTIONAL {{ ?target oa:hasSource ?src }}
        {sparql_char_offsets("?target", "?cs", "?ce", "?fa")}
        BIND(COALESCE(?src, ?fa, ?target) AS ?article)
        OPTIONAL {{ ?target oa:hasSelector ?pos . ?pos oa:start ?ps ; oa:end ?pe }}
        BIND(COALESCE(?ps, ?cs) AS ?start) BIND(COALESCE(?pe, ?ce) AS ?end)
        OPTIONAL {{ ?target rdf:value ?v }}
        OPTIONAL {{ ?target oa:hasSelector ?quote . ?quote oa:exact ?q
                   OPTIONAL {{ ?quote oa:prefix ?pre }} OPTIONAL {{ ?quote oa:suffix ?suf }} }}
        BIND(COALESCE(?q, ?v) AS ?x)
    }} GROUP BY ?article ?start ?end ORDER BY ?article ?start LIMIT {LIMIT}""")
    arts = " ".join(sorted({f"<{r['article'].value}>" for r in mentions if isinstance(r["article"], ox.NamedNode)}))
    meta = {r["article"]: r for r in _select(store, f"""SELECT ?article (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date)
        (SAMPLE(?f) AS ?file) WHERE {{ VALUES ?article {{ {arts} }}
        OPTIONAL {{ ?article schema:headline|dct:title|schema:name|rdfs:label ?t }}
        OPTIONAL {{ ?article schema:datePublished|dct:date ?d }}
        OPTIONAL {{ ?article dct:source ?f }} }} GROUP BY ?article""")} if arts else {}
    for r in mentions:
        r.update({k: v for k, v in meta.get(r["article"], {}).items() if k != "article"})
    sources = _select(store, f"""SELECT ?g (SAMPLE(?t) AS ?title) WHERE {{
        {{ SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {{ {s} ?p ?o }} UNION {{ ?x ?q {s} }} }} }} LIMIT 200 }}
        OPTIONAL {{ ?g schema:headline|dct:title|schema:name|rdfs:label ?t }}
    }} GROUP BY ?g ORDER BY ?g""")
    # the canonical name (rdfs:label) heads the page; other names only when it has none (龙岩市, not 岩)
    canonical = _select(store, f"SELECT DISTINCT ?l WHERE {{ {s} rdfs:label ?l }} LIMIT 10")
    title = _best_label(canonical) or _best_label(labels) or _short(node.value)
    return {"title": title, "labels": labels, "types": types, "facts": facts, "incoming": incoming,
            "mentions": mentions, "sources": sources, "article": node.value.startswith(ARTICLE)}


def _labels(store: ox.Store, terms: list[Any]) -> dict[Any, ox.Literal]:
    """One label (the LABELS properties, Chinese first) of each IRI among `terms`."""
    iris = sorted({t.value for t in terms if isinstance(t, ox.NamedNode)})
    out: dict[Any, ox.Literal] = {}
    for i in range(0, len(iris), 200):
        vals = " ".join(f"<{x}>" for x in iris[i:i + 200])
        for r in _select(store, f"""SELECT ?x (SAMPLE(?zh) AS ?a) (SAMPLE(?l) AS ?b) WHERE {{ VALUES ?x {{ {vals} }}
                ?x {"|".join(LABELS)} ?l BIND(IF(LANGMATCHES(LANG(?l), "zh"), ?l, ?unbound) AS ?zh) }} GROUP BY ?x"""):
            out[r["x"]] = r["a"] or r["b"]
    return out


def _best_label(rows: list[dict[str, Any]]) -> str | None:
    lits = [r["l"] for r in rows if isinstance(r["l"], ox.Literal)]
    lits.sort(key=lambda lit: (not (lit.language or "").startswith("zh"), lit.language is not None, lit.value))
    return lits[0].value if lits else None


def _short(iri: str) -> str:
    for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri != ns:
            return f"{p}:{iri[len(ns):]}"
    return iri


@bp.app_template_global("href")
def term_href(iri: str) -> str:
    """Where a link to an IRI points: our entity page (entity IRIs as /id/...)."""
    if iri.startswith(ID):
        return "/id/" + iri[len(ID):]
    return url_for("pages.entity_by_iri", iri=iri)


@bp.app_template_filter("term")
def term_filter(term: Any) -> dict[str, Any]:
    """A term as display parts for the templates."""
    if term is None:
        return {"kind": "none", "text": ""}
    if isinstance(term, ox.NamedNode):
        return {"kind": "iri", "text": _short(term.value), "iri": term.value, "href": term_href(term.value)}
    if isinstance(term, ox.Literal):
        extra = f"@{term.language}" if term.language else ""
        if not extra and term.datatype and not term.datatype.value.endswith("#string"):
            extra = "^^" + _short(term.datatype.value)
        return {"kind": "literal", "text": term.value, "extra": extra}
    return {"kind": "bnode", "text": str(term)}


@bp.app_template_global("quote")
def _quote(s: str) -> str:
    return quote(s, safe="")
