"""NetworkX views of the graph and their export for Gephi (GraphML).

The entity view: nodes are entities (IRI, `type`, `label`), edges are the relations between them
(`relation` = the property's local name, `weight` = number of supporting articles, `articles`).
"""

from __future__ import annotations

import os
from collections import defaultdict

import networkx as nx

from kg.store import GraphStore
from kg.vocab import ID, KGO, RDFS

_ENTITY_EDGES = f"""
SELECT ?s ?p ?o ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(isIRI(?o) && STRSTARTS(STR(?s), "{ID}") && STRSTARTS(STR(?o), "{ID}") && ?s != ?o)
}}"""

_ENTITY_NODES = f"""
SELECT ?e (SAMPLE(?t) AS ?type) (SAMPLE(?l) AS ?label) WHERE {{
  ?e a ?t .
  FILTER(STRSTARTS(STR(?e), "{ID}") && STRSTARTS(STR(?t), "{KGO}"))
  OPTIONAL {{ ?e <{RDFS}label> ?l }}
}} GROUP BY ?e"""


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(store: GraphStore, view: str = "entities") -> nx.MultiDiGraph:
    """A NetworkX view of the store (only the entity view so far)."""
    if view != "entities":
        raise ValueError(f"unknown view {view!r} (known: entities)")
    g = nx.MultiDiGraph(name="entities")
    for row in store.query(_ENTITY_NODES):
        iri = row["e"].value
        label = row["label"].value if row["label"] is not None else local_name(iri)
        g.add_node(iri, type=local_name(row["type"].value), label=label)
    support: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in store.query(_ENTITY_EDGES, union=False):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        if s in g and o in g:
            support[(s, local_name(p), o)].add(row["g"].value)
    for (s, rel, o), arts in sorted(support.items()):
        g.add_edge(s, o, key=rel, relation=rel, weight=len(arts), articles=" ".join(sorted(arts)))
    return g


def export_graphml(store: GraphStore, path: str | os.PathLike, view: str = "entities") -> nx.MultiDiGraph:
    """Write the view as GraphML (Gephi opens it); returns the graph written."""
    g = to_networkx(store, view)
    nx.write_graphml(g, path, encoding="utf-8")
    return g
