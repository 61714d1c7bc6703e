"""Namespaces used by the graph: our own and the standard vocabularies we align with."""

BASE = "https://w3id.org/govkg/"
ID = BASE + "id/"  # entity IRIs: {ID}{type}/{key}
ARTICLE = BASE + "article/"  # article IRIs (also the named graph of the article's facts)
KGO = BASE + "ontology#"  # our ontology
ONTOLOGY_GRAPH = BASE + "graph/ontology"
GAZETTEER_GRAPH = BASE + "graph/gazetteer"
META_GRAPH = BASE + "graph/meta"  # build bookkeeping (content hashes)

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


def sparql_prefixes() -> str:
    """PREFIX lines for all namespaces, to put before a query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
