"""NetworkX views of the graph, with filters by type, date, place subtree and weight.

Views (`VIEWS`):
- ``entities``: a MultiDiGraph; nodes are entities (IRI; `type`, `label`, `aliases`, `n_articles`,
  `first`, `last` and the entity's attributes), edges the relations between them, one per relation
  (`relation` = the property's local name, `relation_zh`, `predicate`, `weight` = number of supporting
  articles, `first`/`last` = their earliest and latest schema:datePublished, `articles` = their IRIs).
- ``comention``: a Graph of entities mentioned in the same article (or, with `window=N`, with
  mentions at most N characters apart in the original text: a proxy for "same sentence", since the
  store keeps offsets, not text); `weight` = number of articles.
- ``officials-places``: a bipartite Graph (node attr `bipartite` 0/1, networkx's convention) of
  officials (persons holding a post or marked official) and the places of their posts
  (Person org:holds Post kgo:jurisdiction Place, or via the post's body org:postIn) or their
  kgo:jurisdiction; edge `posts` lists the posts.
- ``programs-places``: a bipartite Graph of programs (campaigns) and places: `relation` =
  ``launched_by`` when the program is launched by a body or place anchored there, else
  ``comention`` (named in the same article). `types=["Program", "Project", "Event"]` widens the
  left side (projects and events are placed by schema:location).

Filters (keyword arguments of every view): `types` (entity types to keep; for bipartite views the
non-place side), `since`/`until` (ISO dates, inclusive prefixes: only what articles published in
the range say; undated articles are left out when a bound is given), `place` (a place name or IRI:
keeps the places schema:containedInPlace* it and the entities anchored there by jurisdiction,
location, posts, launchers, projects or events) and `min_weight` (edges with fewer supporting
articles are dropped, and with them the nodes left isolated).
Values in memory are Python values (lists, ints, bools); kg.export flattens them for files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.store import GraphStore
from kg.vocab import ENTITIES_GRAPH, ID, KGO, META_GRAPH, ONTOLOGY_GRAPH, ORG, SCHEMA, parse_char_target

ENTITY_TYPES = ("Person", "Place", "Organization", "Enterprise", "Program", "Project", "Event", "Post", "Document")
VIEWS = ("entities", "comention", "officials-places", "programs-places")

# literal properties shown as node attributes (local name -> attribute name)
_ATTRS = {"level": "level", "adminCode": "admin_code", "kind": "kind", "official": "official",
          "startDate": "start_date", "datePublished": "date_published"}
# relations along which an entity takes the places of what it points to (the "anchor" of the place filter)
_DIRECT = {KGO + "jurisdiction", SCHEMA + "location"}
_INHERIT = {ORG + "holds", ORG + "postIn", KGO + "launchedBy", KGO + "involvedIn"}
_REVERSE_INHERIT = {SCHEMA + "participant"}  # the participant takes the event's place


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Filters:
    """What a view keeps (see the module docstring)."""

    types: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    min_weight: int = 1

    @classmethod
    def of(cls, types: Iterable[str] | str | None = None, since: str | None = None, until: str | None = None,
           place: str | None = None, min_weight: int | None = None) -> Filters:
        if isinstance(types, str):
            types = [t.strip() for t in types.split(",") if t.strip()]
        if types is not None:
            types = frozenset(t[:1].upper() + t[1:] for t in types)
            unknown = types - set(ENTITY_TYPES)
            if unknown:
                raise ValueError(f"unknown entity types {sorted(unknown)} (known: {', '.join(ENTITY_TYPES)})")
        return cls(types, since or None, until or None, place or None, int(min_weight or 1))

    def dated(self) -> bool:
        return bool(self.since or self.until)

    def in_range(self, date: str | None) -> bool:
        if not self.dated():
            return True
        if not date:
            return False
        if self.since and date < self.since:
            return False
        return not (self.until and date[: len(self.until)] > self.until)


@dataclass
class Entity:
    iri: str
    type: str
    labels: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    attrs: dict[str, Any] = field(default_factory=dict)
    graphs: set[str] = field(default_factory=set)  # articles that describe it

    @property
    def label(self) -> str:
        if not self.labels:
            return local_name(self.iri)
        return min(self.labels, key=lambda s: (-self.labels[s], len(s), s))


@dataclass
class Article:
    iri: str
    date: str | None = None
    title: str | None = None
    source: str | None = None


class GraphData:
    """A snapshot of the entities, relations and articles of a store, read with a few SPARQL queries."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.entities: dict[str, Entity] = {}
        self.articles: dict[str, Article] = {}
        self.support: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (s, p, o) -> articles
        self.labels_zh: dict[str, str] = {}  # ontology term -> its @zh label
        self._mentions: dict[str, dict[str, list[int]]] | None = None
        self._load()

    # -- loading ------------------------------------------------------------------------------

    def _load(self) -> None:
        sel = self.store.select
        for r in sel(f"""SELECT ?e ?t ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g kgo:supports <<( ?e rdf:type ?t )>> }}
                 FILTER(STRSTARTS(STR(?e), "{ID}") && STRSTARTS(STR(?t), "{KGO}")) }}"""):
            etype = local_name(r["t"])
            if etype not in ENTITY_TYPES:
                continue
            ent = self.entities.get(r["e"])
            if ent is None:
                ent = self.entities[r["e"]] = Entity(r["e"], etype)
            ent.graphs.add(r["g"])
        for r in sel(f"""SELECT ?e ?l ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g kgo:supports <<( ?e rdfs:label ?l )>> }}
                 FILTER(STRSTARTS(STR(?e), "{ID}")) }}"""):
            if r["e"] in self.entities:
                self.entities[r["e"]].labels[r["l"]] += 1
        for r in sel(f"""SELECT DISTINCT ?e ?p ?v WHERE {{ ?e ?p ?v
                 FILTER(isLiteral(?v) && STRSTARTS(STR(?e), "{ID}") && ?p != rdfs:label) }}"""):
            ent = self.entities.get(r["e"])
            if ent is None:
                continue
            name = local_name(r["p"])
            if name == "altLabel":
                ent.aliases.add(str(r["v"]))
            elif name in _ATTRS:
                ent.attrs.setdefault(_ATTRS[name], r["v"])
        for r in sel(f"""SELECT ?e ?v ?c WHERE {{ ?e kgo:investment ?a . ?a schema:value ?v
                 OPTIONAL {{ ?a schema:currency ?c }} FILTER(STRSTARTS(STR(?e), "{ID}")) }}"""):
            if r["e"] in self.entities:
                self.entities[r["e"]].attrs.setdefault("investment", float(r["v"]))
                self.entities[r["e"]].attrs.setdefault("currency", r["c"] or "CNY")
        for r in sel("""SELECT ?a ?d ?t ?s WHERE { GRAPH ?a { ?a a kgo:Article
                 OPTIONAL { ?a schema:datePublished ?d } OPTIONAL { ?a rdfs:label ?t } OPTIONAL { ?a dct:source ?s } } }"""):
            self.articles.setdefault(r["a"], Article(r["a"], _s(r["d"]), r["t"], r["s"]))
        for r in sel(f"""SELECT ?s ?p ?o ?g WHERE {{
                 {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ENTITIES_GRAPH}>) }}
                 UNION {{ GRAPH <{META_GRAPH}> {{ ?g kgo:supports <<( ?s ?p ?o )>> }} }}
                 FILTER(isIRI(?o) && ?s != ?o && STRSTARTS(STR(?s), "{ID}") && STRSTARTS(STR(?o), "{ID}")) }}"""):
            if r["s"] in self.entities and r["o"] in self.entities:
                self.support[(r["s"], r["p"], r["o"])].add(r["g"])
        for r in sel(f"""SELECT ?t ?l WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t rdfs:label ?l }}
                 FILTER(LANG(?l) = "zh") }}"""):
            self.labels_zh.setdefault(r["t"], r["l"])

    def mentions(self) -> dict[str, dict[str, list[int]]]:
        """article -> entity -> start offsets of its mentions (oa:Annotation), loaded on first use."""
        if self._mentions is None:
            out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
            for r in self.store.select("""SELECT ?g ?e ?t WHERE { GRAPH ?g {
                     ?ann a oa:Annotation ; oa:hasBody ?e ; oa:hasTarget ?t } }"""):
                span = parse_char_target(r["t"]) if r["e"] in self.entities else None
                if span:
                    out[r["g"]][r["e"]].append(span[1])
            self._mentions = out
        return self._mentions

    def mentioned(self) -> dict[str, set[str]]:
        """article -> entities it mentions (schema:mentions, else its annotations)."""
        out: dict[str, set[str]] = defaultdict(set)
        for r in self.store.select(f"""SELECT ?g ?e WHERE {{ GRAPH ?g {{ ?g schema:mentions ?e }}
                 FILTER(STRSTARTS(STR(?e), "{ID}")) }}"""):
            if r["e"] in self.entities:
                out[r["g"]].add(r["e"])
        return out

    # -- helpers for the views ------------------------------------------------------------------

    def date(self, article: str) -> str | None:
        a = self.articles.get(article)
        return a.date if a else None

    def span(self, articles: Iterable[str]) -> dict[str, Any]:
        """`first`, `last` (publication dates) and `articles` (sorted IRIs) of a set of articles."""
        arts = sorted(articles)
        dates = sorted(d for d in (self.date(a) for a in arts) if d)
        out: dict[str, Any] = {"weight": len(arts), "articles": arts}
        if dates:
            out["first"], out["last"] = dates[0], dates[-1]
        return out

    def node_attrs(self, ent: Entity, articles: set[str]) -> dict[str, Any]:
        info = self.span(ent.graphs & articles)
        attrs = {"type": ent.type, "type_zh": self.labels_zh.get(KGO + ent.type, ent.type), "label": ent.label,
                 "iri": ent.iri, "aliases": sorted(ent.aliases - {ent.label}), "n_articles": info["weight"]}
        attrs.update({k: info[k] for k in ("first", "last") if k in info})
        attrs.update(ent.attrs)
        return attrs

    def places_named(self, place: str) -> set[str]:
        """Place IRIs whose IRI, label or alias is `place`."""
        return {e.iri for e in self.entities.values()
                if e.type == "Place" and (e.iri == place or place in e.labels or place in e.aliases)}

    def subtree(self, roots: set[str]) -> set[str]:
        """The places schema:containedInPlace* one of `roots`."""
        children: dict[str, set[str]] = defaultdict(set)
        for (s, p, o) in self.support:
            if p == SCHEMA + "containedInPlace":
                children[o].add(s)
        seen, todo = set(roots), list(roots)
        while todo:
            for c in children.get(todo.pop(), ()):
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
        return seen

    def anchors(self) -> dict[str, dict[str, dict[str, set[str]]]]:
        """entity -> place -> first-hop relation -> supporting articles: where each entity is.

        Places are their own anchor; others take the places of kgo:jurisdiction and schema:location
        and inherit those of what they hold (posts), belong to (postIn), were launched by, are
        involved in, or take part in (events).
        """
        anch: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
        inherit: list[tuple[str, str, str, set[str]]] = []  # (entity, from, relation, articles)
        for e in self.entities.values():
            if e.type == "Place":
                anch[e.iri][e.iri]["self"] |= e.graphs
        for (s, p, o), arts in self.support.items():
            rel = local_name(p)
            if p in _DIRECT and self.entities[o].type == "Place":
                anch[s][o][rel] |= arts
            elif p in _INHERIT:
                inherit.append((s, o, rel, arts))
            elif p in _REVERSE_INHERIT:
                inherit.append((o, s, rel, arts))
        for _ in range(6):  # chains are short: person -> post -> body -> place
            changed = False
            for e, src, rel, arts in inherit:
                for place in list(anch.get(src, {})):
                    if self.entities[e].type == "Place":
                        continue
                    before = len(anch[e][place][rel])
                    anch[e][place][rel] |= arts
                    changed |= len(anch[e][place][rel]) != before
            if not changed:
                break
        return anch

    def keep_articles(self, f: Filters) -> set[str]:
        return {a for a in self.articles if f.in_range(self.date(a))}

    def keep_entities(self, f: Filters, articles: set[str], types: Iterable[str] | None = None) -> set[str]:
        """Entities of the wanted types, described by a kept article, anchored in the place subtree."""
        types = set(types) if types is not None else (f.types or set(ENTITY_TYPES))
        keep = {e.iri for e in self.entities.values() if e.type in types and (not f.dated() or e.graphs & articles)}
        if f.place:
            roots = self.places_named(f.place)
            if not roots:
                raise ValueError(f"no place called {f.place!r} in the graph")
            sub = self.subtree(roots)
            anch = self.anchors()
            keep = {e for e in keep if sub & set(anch.get(e, {}))}
        return keep


def _s(v: Any) -> str | None:
    return None if v is None else str(v)


def _prune(g: nx.Graph, f: Filters) -> nx.Graph:
    """Drop edges under the minimum weight and the nodes that leaves isolated."""
    if f.min_weight > 1:
        if g.is_multigraph():
            low = [(u, v, k) for u, v, k, w in g.edges(keys=True, data="weight") if w < f.min_weight]
        else:
            low = [(u, v) for u, v, w in g.edges(data="weight") if w < f.min_weight]
        g.remove_edges_from(low)
        g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    return g


# -- the views ------------------------------------------------------------------------------------


def entity_graph(data: GraphData, f: Filters) -> nx.MultiDiGraph:
    arts = data.keep_articles(f)
    keep = data.keep_entities(f, arts)
    g = nx.MultiDiGraph(name="entities")
    for iri in sorted(keep):
        g.add_node(iri, **data.node_attrs(data.entities[iri], arts))
    for (s, p, o), support in sorted(data.support.items()):
        support = support & arts
        if s in keep and o in keep and support:
            rel = local_name(p)
            g.add_edge(s, o, key=rel, relation=rel, relation_zh=data.labels_zh.get(p, rel), predicate=p,
                       **data.span(support))
    return _prune(g, f)


def comention_graph(data: GraphData, f: Filters, window: int | None = None) -> nx.Graph:
    arts = data.keep_articles(f)
    keep = data.keep_entities(f, arts)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    if window is None:
        for art, ents in data.mentioned().items():
            if art in arts:
                ents = sorted(ents & keep)
                for i, a in enumerate(ents):
                    for b in ents[i + 1:]:
                        pairs[(a, b)].add(art)
    else:
        for art, by_ent in data.mentions().items():
            if art not in arts:
                continue
            spots = sorted((pos, e) for e, starts in by_ent.items() if e in keep for pos in starts)
            for i, (pos, a) in enumerate(spots):
                for pos2, b in spots[i + 1:]:
                    if pos2 - pos > window:
                        break
                    if a != b:
                        pairs[tuple(sorted((a, b)))].add(art)
    g = nx.Graph(name="comention")
    used = {x for pair in pairs for x in pair}
    for iri in sorted(used):
        g.add_node(iri, **data.node_attrs(data.entities[iri], arts))
    for (a, b), support in sorted(pairs.items()):
        g.add_edge(a, b, relation="comention", relation_zh="共现", **data.span(support))
    return _prune(g, f)


def _bipartite(data: GraphData, f: Filters, name: str, left: set[str], links) -> nx.Graph:
    """A bipartite graph of `left` entities (bipartite=0) and places (1) from `links(e)`:
    place -> {relation: articles}, plus `extra(e, place)` edge attributes."""
    arts = data.keep_articles(f)
    places = data.keep_entities(Filters(place=f.place, since=f.since, until=f.until), arts, {"Place"})
    g = nx.Graph(name=name)
    for e in sorted(left):
        for place, by_rel, extra in links(e):
            support = set().union(*by_rel.values()) & arts
            if place not in places or not support:
                continue
            for n, side in ((e, 0), (place, 1)):
                if n not in g:
                    g.add_node(n, bipartite=side, **data.node_attrs(data.entities[n], arts))
            rels = sorted(r for r, a in by_rel.items() if a & arts)
            g.add_edge(e, place, relation=rels[0] if len(rels) == 1 else "+".join(rels), **extra,
                       **data.span(support))
    return _prune(g, f)


def officials_places(data: GraphData, f: Filters) -> nx.Graph:
    arts = data.keep_articles(f)
    holds: dict[str, set[str]] = defaultdict(set)
    for (s, p, o) in data.support:
        if p == ORG + "holds":
            holds[s].add(o)
    types = (f.types or {"Person"}) - {"Place"}
    officials = {e for e in data.keep_entities(Filters(types=frozenset(types), since=f.since, until=f.until), arts)
                 if holds.get(e) or data.entities[e].attrs.get("official") is True}
    anch = data.anchors()

    def links(e: str):
        for place, by_rel in anch.get(e, {}).items():
            posts = sorted(data.entities[post].label for post in holds.get(e, ())
                           if place in anch.get(post, {}))
            by_rel = {r: a for r, a in by_rel.items() if r in ("holds", "jurisdiction")}
            if by_rel:
                yield place, by_rel, {"posts": posts}

    return _bipartite(data, f, "officials-places", officials, links)


def programs_places(data: GraphData, f: Filters) -> nx.Graph:
    arts = data.keep_articles(f)
    types = (f.types or {"Program"}) - {"Place"}
    programs = data.keep_entities(Filters(types=frozenset(types), since=f.since, until=f.until), arts)
    anch = data.anchors()
    mentioned = data.mentioned()
    together: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for art, ents in mentioned.items():
        for e in ents & programs:
            for other in ents:
                if data.entities[other].type == "Place":
                    together[e][other].add(art)

    def links(e: str):
        places = set(anch.get(e, {})) | set(together.get(e, {}))
        for place in places:
            by_rel = {("launched_by" if r == "launchedBy" else r): a for r, a in anch.get(e, {}).get(place, {}).items()}
            if place in together.get(e, {}):
                by_rel["comention"] = together[e][place]
            yield place, by_rel, {}

    return _bipartite(data, f, "programs-places", programs, links)


def to_networkx(store: GraphStore | GraphData, view: str = "entities", *, types: Iterable[str] | str | None = None,
                since: str | None = None, until: str | None = None, place: str | None = None,
                min_weight: int | None = None, window: int | None = None) -> nx.Graph:
    """A NetworkX view of the store: `view` is one of VIEWS; filters as in the module docstring."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r} (known: {', '.join(VIEWS)})")
    data = store if isinstance(store, GraphData) else GraphData(store)
    f = Filters.of(types, since, until, place, min_weight)
    if view == "entities":
        return entity_graph(data, f)
    if view == "comention":
        return comention_graph(data, f, window)
    if view == "officials-places":
        return officials_places(data, f)
    return programs_places(data, f)
