"""The Python API: `KnowledgeGraph`, a store on disk with build, query and export."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from kg.build import BuildStats, build, remove
from kg.store import GraphStore


class KnowledgeGraph:
    """A knowledge graph in an on-disk Oxigraph store.

    >>> kg = KnowledgeGraph.open("/tmp/kg")          # doctest: +SKIP
    >>> kg.build(["articles/"])                        # doctest: +SKIP
    >>> kg.query("SELECT ?p WHERE { ?p a kgo:Person }")  # doctest: +SKIP
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, read_only: bool = False) -> KnowledgeGraph:
        """Open (or create) the store at `path`; in memory when `path` is None."""
        return cls(GraphStore(path, read_only=read_only))

    def build(self, paths: Iterable[str] | str, workers: int | None = None) -> BuildStats:
        """Read, extract and load files or folders; unchanged documents are skipped."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [str(paths)]
        return build([str(p) for p in paths], self.store, workers=workers)

    def remove(self, target: str) -> int:
        """Remove an article (by IRI) or all articles of a file (by path)."""
        return remove(self.store, target)

    def query(self, sparql: str) -> list[dict[str, Any]] | bool | list[tuple[str, str, str]]:
        """Run SPARQL: SELECT gives rows as dicts, ASK a bool, CONSTRUCT/DESCRIBE (s, p, o) tuples.

        Prefixes kgo:, schema:, org:, rdfs:, skos:, prov:, oa:, … are predefined.
        """
        import pyoxigraph as ox

        res = self.store.query(sparql)
        if isinstance(res, ox.QueryBoolean):
            return bool(res)
        if isinstance(res, ox.QuerySolutions):
            from kg.store import term_value

            names = [v.value for v in res.variables]
            return [{n: term_value(s[n]) for n in names} for s in res]
        return [(str(t.subject.value), t.predicate.value, str(t.object.value)) for t in res]

    def to_networkx(self, view: str = "entities"):
        """A NetworkX MultiDiGraph view of the graph."""
        from kg.export import to_networkx

        return to_networkx(self.store, view)

    def export_graphml(self, path: str | os.PathLike, view: str = "entities"):
        """Write the view as GraphML for Gephi."""
        from kg.export import export_graphml

        return export_graphml(self.store, path, view)

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        self.store.close()
