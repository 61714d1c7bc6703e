"""The Python API: `KnowledgeGraph`, a store on disk with build, query, entity look-up, provenance and export.

>>> from kg import api
>>> kg = api.KnowledgeGraph.open("/tmp/kg")                      # doctest: +SKIP
>>> kg.build(["articles/"])                                       # doctest: +SKIP
>>> kg.entity("株洲市")["facts"][:3]                               # doctest: +SKIP
>>> kg.provenance(("曹慧泉", "holds", "株洲市委书记"))               # doctest: +SKIP
>>> kg.export_gexf("officials.gexf", view="officials-places", place="湖南省")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.build import BuildStats, build, remove
from kg.store import GraphStore
from kg.vocab import (
    ENTITIES_GRAPH,
    ID,
    KGO,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    ORG,
    SCHEMA,
    parse_char_target,
    sparql_char_offsets,
)

# relation names accepted by `neighbors` and `provenance`: the property's local name or the
# contract's relation type, mapped to the property
RELATIONS = {
    "holds": ORG + "holds", "holds_post": ORG + "holds",
    "postIn": ORG + "postIn", "subOrganizationOf": ORG + "subOrganizationOf",
    "jurisdiction": KGO + "jurisdiction",
    "containedInPlace": SCHEMA + "containedInPlace", "located_in": SCHEMA + "containedInPlace",
    "location": SCHEMA + "location", "project_in": SCHEMA + "location",
    "participant": SCHEMA + "participant",
    "involvedIn": KGO + "involvedIn", "involved_in": KGO + "involvedIn",
    "launchedBy": KGO + "launchedBy", "launched_by": KGO + "launchedBy",
}
_ATTRS = {"level": "level", "adminCode": "admin_code", "kind": "kind", "official": "official",
          "startDate": "start_date", "datePublished": "date_published"}
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")

Row = dict[str, Any]


def _q(s: str) -> str:
    """A string as a SPARQL literal."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _stated(s: str, p: str, o: str) -> str:
    """A SPARQL pattern binding ?g to every article that states `s p o`: in its own graph, or as an
    entity description it supports (`kgo:supports` in the meta graph)."""
    return (f"{{ GRAPH ?g {{ {s} {p} {o} }} FILTER(?g != <{ENTITIES_GRAPH}>) }} UNION "
            f"{{ GRAPH <{META_GRAPH}> {{ ?g kgo:supports <<( {s} {p} {o} )>> }} }}")


class AmbiguousName(UserWarning):
    """A name given to `KnowledgeGraph.entity` names several entities: the most-mentioned was taken."""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class KnowledgeGraph:
    """A knowledge graph in an on-disk Oxigraph store (see README, "Python API").

    Entities are named by their IRI or their Chinese name (label or alias); relations by the
    property's local name (holds, containedInPlace, …) or the contract's type (holds_post, …).
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.sources: list[str] = []  # files and folders built in this session: source texts for provenance
        self._data = None

    # -- opening, building ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, read_only: bool = False) -> KnowledgeGraph:
        """Open (or create) the store at `path`; in memory when `path` is None."""
        return cls(GraphStore(path, read_only=read_only))

    def build(self, paths: Iterable[str | os.PathLike] | str | os.PathLike, workers: int | None = None) -> BuildStats:
        """Read, extract and load files or folders; unchanged documents are skipped."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        paths = [str(p) for p in paths]
        self.sources.extend(paths)
        self._data = None
        return build(paths, self.store, workers=workers)

    def remove(self, target: str) -> int:
        """Remove an article (by IRI) or all articles of a file (by path); returns the number removed."""
        self._data = None
        return remove(self.store, target)

    # -- SPARQL -----------------------------------------------------------------------------------

    def query(self, sparql: str, as_frame: bool = False) -> Any:
        """Run SPARQL: SELECT gives rows as dicts (a pandas DataFrame with `as_frame=True`), ASK a bool,
        CONSTRUCT/DESCRIBE (s, p, o) tuples. Prefixes kgo:, schema:, org:, rdfs:, skos:, prov:, oa:, …
        are predefined; the default graph is the union of all article graphs.
        """
        import pyoxigraph as ox

        from kg.store import term_value

        res = self.store.query(sparql)
        if isinstance(res, ox.QueryBoolean):
            return bool(res)
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            rows = [{n: term_value(s[n]) for n in names} for s in res]
            if as_frame:
                import pandas as pd

                return pd.DataFrame(rows, columns=names)
            return rows
        return [(str(t.subject.value), t.predicate.value, str(t.object.value)) for t in res]

    def query_df(self, sparql: str):
        """A SELECT query's rows as a pandas DataFrame (needs pandas)."""
        return self.query(sparql, as_frame=True)

    # -- entities ---------------------------------------------------------------------------------

    def find(self, name: str, type: str | None = None) -> list[str]:
        """IRIs of the entities called `name` (an IRI, label or alias), most-mentioned first."""
        if name.startswith(ID):
            return [name] if self.store.query(f"ASK {{ <{name}> a ?t }}") else []
        type_filter = f"&& ?t = kgo:{type}" if type else ""
        rows = self.store.select(f"""
            SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {{
              VALUES ?l {{ {_q(name)}@zh {_q(name)} }}
              ?e rdfs:label|skos:altLabel ?l ; a ?t .
              FILTER(STRSTARTS(STR(?e), "{ID}") && STRSTARTS(STR(?t), STR(kgo:)) {type_filter})
              OPTIONAL {{ GRAPH <{META_GRAPH}> {{ ?g kgo:supports <<( ?e rdf:type ?t )>> }} }}
            }} GROUP BY ?e ORDER BY DESC(?n) ?e""")
        return [r["e"] for r in rows]

    def _iri(self, entity: str, type: str | None = None) -> str:
        return self._candidates(entity, type)[0]

    def _candidates(self, entity: str, type: str | None = None) -> list[str]:
        found = self.find(entity, type)
        if not found:
            raise KeyError(f"no entity called {entity!r}")
        return found

    def entity(self, entity: str, type: str | None = None) -> Row:
        """One entity as a dict: iri, type, label, aliases, attributes and facts (its relations).

        `entity` is an IRI or a name. A name shared by several entities (two officials called 张杰
        in two cities; a person also seen without a post, whose node is kgo:unresolved) gives the
        most-mentioned one, warns (`AmbiguousName`), and lists them all, most-mentioned first, in
        `candidates` (`find` gives the same list; pass an IRI to choose). Each fact: relation,
        relation_zh, predicate, direction (out/in), other (IRI), other_label, other_type, weight
        (supporting articles), first, last, articles. Raises KeyError when nothing is called so.
        """
        candidates = self._candidates(entity, type)
        iri = candidates[0]
        if len(candidates) > 1:
            import warnings

            warnings.warn(f"{entity!r} names {len(candidates)} entities; took the most-mentioned, {iri} "
                          "(the others are in 'candidates')", AmbiguousName, stacklevel=2)
        types: dict[str, set[str]] = defaultdict(set)
        for r in self.store.select(f"""SELECT ?t ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g kgo:supports <<( <{iri}> rdf:type ?t )>> }}
                                       FILTER(STRSTARTS(STR(?t), STR(kgo:))) }}"""):
            types[_local(r["t"])].add(r["g"])
        labels = self.store.select(f"""SELECT ?l (COUNT(?g) AS ?n) WHERE {{ <{iri}> rdfs:label ?l
                                       OPTIONAL {{ GRAPH <{META_GRAPH}> {{ ?g kgo:supports <<( <{iri}> rdfs:label ?l )>> }} }} }}
                                       GROUP BY ?l ORDER BY DESC(?n) STRLEN(?l) ?l""")
        label = labels[0]["l"] if labels else _local(iri)
        aliases: set[str] = set()
        attrs: dict[str, Any] = {}
        for r in self.store.select(f"SELECT DISTINCT ?p ?v WHERE {{ <{iri}> ?p ?v FILTER(isLiteral(?v)) }} ORDER BY ?p ?v"):
            name = _local(r["p"])
            if name == "altLabel":
                aliases.add(str(r["v"]))
            elif name in _ATTRS:
                attrs.setdefault(_ATTRS[name], r["v"])
        for r in self.store.select(f"""SELECT ?v ?c WHERE {{ <{iri}> kgo:investment ?a . ?a schema:value ?v
                                       OPTIONAL {{ ?a schema:currency ?c }} }}"""):
            attrs.setdefault("investment", float(r["v"]))
            attrs.setdefault("currency", r["c"] or "CNY")
        graphs = set().union(*types.values()) if types else set()
        dates = self._dates(graphs)
        attrs["n_articles"] = len(graphs)
        if dates:
            attrs["first"], attrs["last"] = min(dates.values()), max(dates.values())
        main = max(types, key=lambda t: (len(types[t]), t)) if types else None
        if "unresolved" in attrs or self.store.query(f"ASK {{ <{iri}> kgo:unresolved true }}"):
            attrs["unresolved"] = True
        return {"iri": iri, "type": main, "label": label, "aliases": sorted(aliases - {label}),
                "attributes": attrs, "facts": self._facts(iri), "candidates": candidates}

    def _dates(self, articles: Iterable[str]) -> dict[str, str]:
        arts = sorted(set(articles))
        if not arts:
            return {}
        values = " ".join(f"<{a}>" for a in arts)
        rows = self.store.select(f"SELECT ?a ?d WHERE {{ VALUES ?a {{ {values} }} GRAPH ?a {{ ?a schema:datePublished ?d }} }}")
        return {r["a"]: str(r["d"]) for r in rows}

    def _facts(self, iri: str) -> list[Row]:
        support: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for r in self.store.select(f"""SELECT ?p ?o ?g WHERE {{ {_stated(f"<{iri}>", "?p", "?o")}
                                       FILTER(isIRI(?o) && ?o != <{iri}> && STRSTARTS(STR(?o), "{ID}")) }}"""):
            support[("out", r["p"], r["o"])].add(r["g"])
        for r in self.store.select(f"""SELECT ?s ?p ?g WHERE {{ {_stated("?s", "?p", f"<{iri}>")}
                                       FILTER(?s != <{iri}> && STRSTARTS(STR(?s), "{ID}")) }}"""):
            support[("in", r["p"], r["s"])].add(r["g"])
        if not support:
            return []
        others = " ".join(sorted({f"<{o}>" for _, _, o in support}))
        info: dict[str, tuple[str, str]] = {}
        for r in self.store.select(f"""SELECT ?x (SAMPLE(?t) AS ?type) (SAMPLE(?l) AS ?label) WHERE {{
                                       VALUES ?x {{ {others} }} ?x a ?t FILTER(STRSTARTS(STR(?t), STR(kgo:)))
                                       OPTIONAL {{ ?x rdfs:label ?l }} }} GROUP BY ?x"""):
            info[r["x"]] = (_local(r["type"]), r["label"] or _local(r["x"]))
        preds = " ".join(sorted({f"<{p}>" for _, p, _ in support}))
        zh = {r["p"]: r["l"] for r in self.store.select(f"""SELECT ?p ?l WHERE {{ VALUES ?p {{ {preds} }}
                GRAPH <{ONTOLOGY_GRAPH}> {{ ?p rdfs:label ?l }} FILTER(LANG(?l) = "zh") }}""")}
        dates = self._dates(set().union(*support.values()))
        facts = []
        for (direction, p, o), arts in sorted(support.items()):
            ds = sorted(dates[a] for a in arts if a in dates)
            otype, olabel = info.get(o, (None, _local(o)))
            facts.append({"relation": _local(p), "relation_zh": zh.get(p, _local(p)), "predicate": p,
                          "direction": direction, "other": o, "other_label": olabel, "other_type": otype,
                          "weight": len(arts), "first": ds[0] if ds else None, "last": ds[-1] if ds else None,
                          "articles": sorted(arts)})
        return facts

    def neighbors(self, entity: str, relation: str | None = None, direction: str = "both") -> list[Row]:
        """The entities linked to `entity`, optionally by one relation and direction ("out", "in", "both").

        Each row: iri, label, type, relation, direction, weight, first, last, articles.
        """
        if direction not in ("out", "in", "both"):
            raise ValueError("direction must be 'out', 'in' or 'both'")
        pred = RELATIONS.get(relation, relation) if relation else None
        rows = []
        for f in self.entity(entity)["facts"]:
            if (pred and f["predicate"] != pred) or (direction != "both" and f["direction"] != direction):
                continue
            rows.append({"iri": f["other"], "label": f["other_label"], "type": f["other_type"],
                         "relation": f["relation"], "direction": f["direction"], "weight": f["weight"],
                         "first": f["first"], "last": f["last"], "articles": f["articles"]})
        return rows

    # -- provenance ---------------------------------------------------------------------------------

    def provenance(self, target: str | tuple[str, str, str], sources: Iterable[str | os.PathLike] | None = None) -> list[Row]:
        """Where the graph read an entity or a fact: a list of dicts, one per mention or evidence.

        `target` is an entity (IRI or name: its mentions, from the oa:Annotation nodes) or a fact
        `(subject, relation, object)` (entities by IRI or name; the relation as in `neighbors`: the
        reifiers' evidence spans, and every article stating the triple). Each row: kind ("mention"
        or "evidence"), article, title, date, file (source file name), start, end (offsets into the
        original file; None when the article gives no span), text (the surface form, for mentions),
        and for evidence as_of, confidence. With `sources` (files or folders; by default those built
        in this session), rows also get `sentence`: the sentence of the original text around the span.
        """
        if isinstance(target, tuple):
            rows = self._fact_provenance(*target)
        else:
            rows = self._mention_provenance(self._iri(target))
        texts = _SourceTexts(list(sources) if sources is not None else self.sources)
        meta = self._article_meta({r["article"] for r in rows})
        for r in rows:
            r.update(meta.get(r["article"], {}))
            if texts and r.get("start") is not None:
                sentence = texts.sentence(r.get("file"), r["start"], r["end"])
                if sentence is not None:
                    r["sentence"] = sentence
        return rows

    def _mention_provenance(self, iri: str) -> list[Row]:
        rows = self.store.select(f"""SELECT ?g ?t (SAMPLE(COALESCE(?x, ?l)) AS ?text) WHERE {{ GRAPH ?g {{
              ?ann a oa:Annotation ; oa:hasBody <{iri}> ; oa:hasTarget ?t .
              OPTIONAL {{ ?t rdf:value ?x }} }} OPTIONAL {{ <{iri}> rdfs:label ?l }} }} GROUP BY ?g ?t""")
        out = []
        for r in rows:
            span = parse_char_target(r["t"])
            if span:
                out.append({"kind": "mention", "article": r["g"], "start": span[1], "end": span[2], "text": r["text"]})
        return sorted(out, key=lambda m: (m["article"], m["start"], m["end"]))

    def _fact_provenance(self, subject: str, relation: str, obj: str) -> list[Row]:
        s, o = self._iri(subject), self._iri(obj)
        p = RELATIONS.get(relation, relation)
        rows: list[Row] = []
        stated = {r["g"] for r in self.store.select(f"SELECT ?g WHERE {{ {_stated(f'<{s}>', f'<{p}>', f'<{o}>')} }}")}
        if not stated:
            raise KeyError(f"no fact ({subject}, {relation}, {obj}) in the graph")
        with_span: set[str] = set()
        for r in self.store.select(f"""SELECT ?g ?start ?end ?asof ?conf WHERE {{ GRAPH ?g {{
              ?r rdf:reifies <<( <{s}> <{p}> <{o}> )>> .
              OPTIONAL {{ ?r kgo:evidence ?span . {sparql_char_offsets("?span")} }}
              OPTIONAL {{ ?r kgo:asOf ?asof }} OPTIONAL {{ ?r kgo:confidence ?conf }} }} }} ORDER BY ?g ?start"""):
            if r["start"] is None and r["g"] in with_span:
                continue
            with_span.add(r["g"])
            rows.append({"kind": "evidence", "article": r["g"], "start": _int(r["start"]), "end": _int(r["end"]),
                         "as_of": _str(r["asof"]), "confidence": r["conf"]})
        for g in sorted(stated - with_span):
            rows.append({"kind": "evidence", "article": g, "start": None, "end": None, "as_of": None, "confidence": None})
        return rows

    def _article_meta(self, articles: set[str]) -> dict[str, Row]:
        if not articles:
            return {}
        values = " ".join(f"<{a}>" for a in sorted(articles))
        rows = self.store.select(f"""SELECT ?a ?t ?d ?f WHERE {{ VALUES ?a {{ {values} }} GRAPH ?a {{
              OPTIONAL {{ ?a rdfs:label ?t }} OPTIONAL {{ ?a schema:datePublished ?d }} OPTIONAL {{ ?a dct:source ?f }} }} }}""")
        return {r["a"]: {"title": r["t"], "date": _str(r["d"]), "file": r["f"]} for r in rows}

    # -- views and export ---------------------------------------------------------------------------

    def graph_data(self):
        """The snapshot the views are built from (kg.views.GraphData), cached until the next build."""
        from kg.views import GraphData

        if self._data is None:
            self._data = GraphData(self.store)
        return self._data

    def to_networkx(self, view: str = "entities", **filters: Any) -> nx.Graph:
        """A NetworkX view: "entities", "comention", "officials-places" or "programs-places".

        Filters: types, since, until, place, min_weight (and window for "comention"); see kg.views.
        """
        from kg.views import to_networkx

        return to_networkx(self.graph_data(), view, **filters)

    def export_graphml(self, path: str | os.PathLike, view: str = "entities", **filters: Any) -> nx.Graph:
        """Write a view as GraphML for Gephi (and igraph); returns the view."""
        from kg.export import export_graphml

        return export_graphml(self.graph_data(), path, view, **filters)

    def export_gexf(self, path: str | os.PathLike, view: str = "entities", **filters: Any) -> nx.Graph:
        """Write a view as GEXF (colours by type) for Gephi; returns the view."""
        from kg.export import export_gexf

        return export_gexf(self.graph_data(), path, view, **filters)

    def export_csv(self, target: str | os.PathLike, view: str = "entities", **filters: Any) -> nx.Graph:
        """Write a view as nodes.csv and edges.csv (`target`: a folder or a file prefix); returns the view."""
        from kg.export import export_csv

        return export_csv(self.graph_data(), target, view, **filters)

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        """Flush (when writable) and release the store."""
        try:
            self.store.close()
        except RuntimeError:  # a read-only store has nothing to flush
            del self.store.store

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _int(v: Any) -> int | None:
    return None if v is None else int(v)


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


class _SourceTexts:
    """Original texts of source files (found by base name under the given files and folders)."""

    def __init__(self, paths: list[str | os.PathLike]) -> None:
        self.files: dict[str, Path] = {}
        for p in map(Path, paths):
            if p.is_dir():
                for f in sorted(p.rglob("*")):
                    if f.is_file():
                        self.files.setdefault(f.name, f)
            elif p.is_file():
                self.files.setdefault(p.name, p)
        self.cache: dict[str, str | None] = {}

    def __bool__(self) -> bool:
        return bool(self.files)

    def text(self, name: str | None) -> str | None:
        if name and name not in self.files:  # dct:source is the path as given: found by its base name
            name = Path(name).name
        if not name or name not in self.files:
            return None
        if name not in self.cache:
            self.cache[name] = _original_text(self.files[name])
        return self.cache[name]

    def sentence(self, name: str | None, start: int, end: int) -> str | None:
        text = self.text(name)
        if text is None or not 0 <= start < end <= len(text):
            return None
        left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
        m = _SENTENCE_END.search(text, end)
        right = m.end() if m else len(text)
        return text[left:right].strip()


def _original_text(path: Path) -> str | None:
    """The original text of a file as the reader decodes it (offsets of mentions point into it)."""
    try:
        from extract.reading import read_documents

        for doc in read_documents([str(path)], lambda *_: None):
            return doc.original
    except ImportError:
        pass
    data = path.read_bytes()
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None
