"""Namespaces used by the graph: our own and the standard vocabularies we align with."""

import re

BASE = "https://w3id.org/govkg/"
ID = BASE + "id/"  # entity IRIs: {ID}{type}/{key}
ARTICLE = BASE + "article/"  # article IRIs (also the named graph of the article's facts)
KGO = BASE + "ontology#"  # our ontology
ONTOLOGY_GRAPH = BASE + "graph/ontology"
GAZETTEER_GRAPH = BASE + "graph/gazetteer"
META_GRAPH = BASE + "graph/meta"  # build bookkeeping (content hashes, which article supports which description)
ENTITIES_GRAPH = BASE + "graph/entities"  # entity descriptions, once (labels, types, codes, containment)
LINKS_GRAPH = BASE + "graph/links"  # derived: unresolved persons linked to the one resolved person of their name

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TIME = "http://www.w3.org/2006/time#"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "kgo": KGO,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "time": TIME,
    "oa": OA,
    "dct": DCT,
}


CHAR = "#char="  # RFC 5147 fragment of a text: #char=start,end (characters, end exclusive)
_CHAR_TARGET = re.compile(r"^([^#]+)#char=(\d+),(\d+)$")


def char_target(article: str, start: int, end: int) -> str:
    """The IRI of characters [start, end) of an article's original file (a mention target)."""
    return f"{article}{CHAR}{start},{end}"


def parse_char_target(iri: str) -> tuple[str, int, int] | None:
    """(article, start, end) of a `char_target` IRI; None for any other IRI."""
    m = _CHAR_TARGET.match(iri)
    return (m[1], int(m[2]), int(m[3])) if m else None


def sparql_char_offsets(target: str, start: str = "?start", end: str = "?end", article: str | None = None) -> str:
    """SPARQL BINDs reading the offsets (and the article) out of the char_target IRI in `target`."""
    frag = f'STRAFTER(STR({target}), "{CHAR}")'
    out = (f'BIND(xsd:integer(STRBEFORE({frag}, ",")) AS {start}) '
           f'BIND(xsd:integer(STRAFTER({frag}, ",")) AS {end})')
    if article:
        out += f' BIND(IF(CONTAINS(STR({target}), "{CHAR}"), IRI(STRBEFORE(STR({target}), "{CHAR}")), 1/0) AS {article})'
    return out


def sparql_prefixes() -> str:
    """PREFIX lines for all namespaces, to put before a query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
