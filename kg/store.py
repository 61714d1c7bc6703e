"""The on-disk Oxigraph store: the one home of the graph.

Layout of the dataset:
- the ontology in its own named graph (`vocab.ONTOLOGY_GRAPH`);
- one named graph per article, named by the article IRI, holding what the article states
  (its metadata, mentions, relations and their reifiers);
- the entity descriptions (types, labels, codes, containment, kinds …) once, in `vocab.ENTITIES_GRAPH`;
- build bookkeeping in `vocab.META_GRAPH`: content hashes, and which article supports which
  description (`<article> kgo:supports <<( s p o )>>`): a description stays while one article
  supports it, so removing an article removes exactly what only it said.
- derived links (`vocab.LINKS_GRAPH`): unresolved persons kgo:likelySameAs a resolved one,
  recomputed from the rest after every build and removal (`link_unresolved`).
Queries see the union of all named graphs as their default graph; as every description is stored
once, joins over it do not multiply by the articles that mention an entity.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.vocab import (
    ENTITIES_GRAPH,
    ID,
    KGO,
    LINKS_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    RDFS,
    SCHEMA,
    sparql_prefixes,
)


class StoreError(RuntimeError):
    """The store cannot be opened or written."""


class GraphStore:
    """An Oxigraph store on disk (or in memory when `path` is None)."""

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(self.path))
                self._drop_stale_bulk_files()
        except OSError as e:
            raise StoreError(f"cannot open store at {self.path}: {e}") from e

    def _drop_stale_bulk_files(self) -> None:
        """Delete `bulk-*.sst` files a killed bulk load left behind.

        Oxigraph's bulk loader writes them into the store folder and RocksDB moves them under its
        own names on ingest, so one still there was never ingested. We hold the store's write
        lock here, so no other process is loading into it.
        """
        for f in self.path.glob("bulk-*.sst"):
            f.unlink(missing_ok=True)

    # -- reading ---------------------------------------------------------------------------

    def query(self, sparql: str, *, union: bool = True, prefixes: bool = True, **kw: Any):
        """Run a SPARQL query; the default graph is the union of all named graphs."""
        if prefixes:
            kw.setdefault("prefixes", _PREFIX_MAP)
        return self.store.query(sparql, use_default_graph_as_union=union, **kw)

    def select(self, sparql: str, **kw: Any) -> list[dict[str, Any]]:
        """A SELECT query's rows as dicts of Python values (IRIs and literals as str, numbers as numbers)."""
        res = self.query(sparql, **kw)
        names = [v.value for v in res.variables]
        return [{n: term_value(sol[n]) for n in names} for sol in res]

    def named_graphs(self) -> list[str]:
        return [g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]

    def has_graph(self, iri: str) -> bool:
        """Whether a named graph `iri` exists (False for a string that is no absolute IRI)."""
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        return self.store.contains_named_graph(node)

    def __len__(self) -> int:
        return len(self.store)

    # -- writing ---------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        self.store.update(sparql, prefixes=_PREFIX_MAP)

    def bulk_load_nquads(self, data: bytes, trusted: bool = False) -> None:
        """Load N-Quads fast (no transaction: used by builds, which replace graphs first).

        `trusted`: the data comes from kg.rdf's writer, which checks its IRIs, so the loader
        skips validating them again (~10% faster).
        """
        self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=trusted)

    def remove_graph(self, graph_iri: str) -> bool:
        """Remove an article's graph and the descriptions only it supported; False when absent."""
        return self.remove_graphs([graph_iri]) > 0

    def remove_graphs(self, graph_iris: list[str], chunk: int = 64) -> int:
        """Remove article graphs with the entity descriptions no other article supports (one atomic
        update per `chunk` articles); returns how many of the graphs existed."""
        return remove_article_graphs(self.store, graph_iris, chunk)

    def link_unresolved(self) -> int:
        """Recompute `…/graph/links`: an unresolved person (kgo:unresolved, keyed by the name alone)
        kgo:likelySameAs the resolved person of that name keyed under 中国 when there is one (a
        national figure is quoted everywhere), else the one resolved person of that name keyed under
        a place that an article mentioning the unresolved node also mentions. Derived from the store
        as it is (run after every build and removal); returns the number of links."""
        g, e, same = ox.NamedNode(LINKS_GRAPH), ENTITIES_GRAPH, f"<{KGO}likelySameAs>"
        if self.store.contains_named_graph(g):
            self.store.remove_graph(g)
        head = f"""INSERT {{ GRAPH <{LINKS_GRAPH}> {{ ?u {same} ?r }} }} WHERE {{
  {{ SELECT ?u (SAMPLE(?x) AS ?r) WHERE {{
      GRAPH <{e}> {{ ?u <{KGO}unresolved> true ; <{RDFS}label> ?l .
                    ?x <{RDFS}label> ?l ; a <{KGO}Person> ; <{KGO}jurisdiction> ?j }} FILTER(?x != ?u)"""
        self.store.update(f"""{head} FILTER(?j = <{ID}place/中国>) }} GROUP BY ?u HAVING (COUNT(DISTINCT ?x) = 1) }}
}} ;
{head}
      FILTER NOT EXISTS {{ GRAPH <{LINKS_GRAPH}> {{ ?u {same} ?any }} }}
      FILTER EXISTS {{ GRAPH ?a {{ ?a <{SCHEMA}mentions> ?u , ?j }} }}
    }} GROUP BY ?u HAVING (COUNT(DISTINCT ?x) = 1) }}
}}""")
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, g))

    def load_ontology(self) -> None:
        """(Re)load the ontology (ontology/kg.ttl) into the ontology graph."""
        from ontology import ONTOLOGY_TTL

        g = ox.NamedNode(ONTOLOGY_GRAPH)
        if self.store.contains_named_graph(g):
            self.store.remove_graph(g)
        self.store.load(Path(ONTOLOGY_TTL).read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=g)

    # -- bookkeeping -----------------------------------------------------------------------

    def content_hashes(self) -> dict[str, str]:
        """article IRI -> content hash recorded at its last build."""
        q = f"SELECT ?a ?h WHERE {{ GRAPH <{META_GRAPH}> {{ ?a <{_HASH}> ?h }} }}"
        return {s["a"].value: s["h"].value for s in self.store.query(q)}

    def set_content_hash(self, article_iri: str, digest: str) -> None:
        a, p, g = ox.NamedNode(article_iri), ox.NamedNode(_HASH), ox.NamedNode(META_GRAPH)
        for q in list(self.store.quads_for_pattern(a, p, None, g)):
            self.store.remove(q)
        self.store.add(ox.Quad(a, p, ox.Literal(digest), g))

    def forget(self, article_iri: str) -> None:
        a, g = ox.NamedNode(article_iri), ox.NamedNode(META_GRAPH)
        for q in list(self.store.quads_for_pattern(a, None, None, g)):
            self.store.remove(q)

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self.store.flush()

    def close(self) -> None:
        self.flush()
        del self.store


_HASH = "https://w3id.org/govkg/ontology#contentHash"
_SUPPORTS = KGO + "supports"
_PREFIX_MAP = {line.split()[1].rstrip(":"): line.split()[2].strip("<>") for line in sparql_prefixes().splitlines()}


def term_value(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value (a triple term as its SPARQL text `<<( s p o )>>`)."""
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return f"<<( {term.subject} {term.predicate} {term.object} )>>"
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long")):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if dt.endswith(("#decimal", "#double", "#float")):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


def remove_article_graphs(store: ox.Store, graph_iris: list[str], chunk: int = 64) -> int:
    """Remove article graphs from an open store with the entity descriptions no other article supports
    (one atomic update per `chunk` articles); returns how many of the graphs existed. The one way to
    remove an article, for the build, `kg remove` and the server's graph-store DELETE alike."""
    iris = []
    for g in dict.fromkeys(graph_iris):
        try:
            ox.NamedNode(g)
        except ValueError:
            continue
        iris.append(g)
    n = sum(1 for g in iris if store.contains_named_graph(ox.NamedNode(g)))
    sup, meta = ox.NamedNode(_SUPPORTS), ox.NamedNode(META_GRAPH)
    for i in range(0, len(iris), chunk):
        part = iris[i : i + chunk]
        inside = {ox.NamedNode(g) for g in part}
        terms = {q.object for a in inside for q in store.quads_for_pattern(a, sup, None, meta)}
        # a description no article outside this chunk supports goes (all() stops at the first other)
        orphans = [t for t in terms if all(q.subject in inside for q in store.quads_for_pattern(None, sup, t, meta))]
        ops = []
        if orphans:
            data = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in orphans)
            ops.append(f"DELETE DATA {{ GRAPH <{ENTITIES_GRAPH}> {{ {data} }} }}")
        values = " ".join(f"<{g}>" for g in part)
        ops.append(f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?a <{_SUPPORTS}> ?t }} }} WHERE {{ "
                   f"VALUES ?a {{ {values} }} GRAPH <{META_GRAPH}> {{ ?a <{_SUPPORTS}> ?t }} }}")
        ops += [f"DROP SILENT GRAPH <{g}>" for g in part]
        store.update(" ;\n".join(ops))  # one update: atomic
    return n
