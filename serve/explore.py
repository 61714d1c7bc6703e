"""What the home, search, browse and entity pages ask the store, and the pictures they draw.

Every query is a bounded SPARQL query (LIMIT) over the union default graph. An entity's description may
repeat there once per article that states it, so what an article says (schema:mentions) is read inside
`GRAPH ?a { … }`, an entity's kind is tested with FILTER EXISTS (one match is enough), labels are read
for the rows of a page only, and counts use DISTINCT. The SVG is drawn here, on the server: the pages load no script for it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from math import cos, pi, sin
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.vocab import ID, KGO, sparql_prefixes

# browsable kinds: (class local name in kgo:, Chinese label, English label)
TYPES: list[tuple[str, str, str]] = [
    ("Person", "人物", "people"), ("Post", "职务", "posts"), ("Organization", "机构", "organizations"),
    ("Place", "地点", "places"), ("Enterprise", "企业", "enterprises"), ("Program", "工作举措", "programs"),
    ("Project", "项目", "projects"), ("Event", "事件", "events"),
]
TYPE_NAMES = {t: (zh, en) for t, zh, en in TYPES} | {"Article": ("新闻稿件", "articles")}
COLORS = {
    "Person": "#e15759", "Place": "#4e79a7", "Organization": "#f28e2b", "Enterprise": "#76b7b2",
    "Program": "#59a14f", "Project": "#edc948", "Event": "#b07aa1", "Post": "#ff9da7", "Article": "#9c755f",
}
OTHER_COLOR = "#bab0ac"
RELATION_NAMES = {  # relations drawn in the neighbourhood picture
    "http://www.w3.org/ns/org#holds": "任职 holds",
    "http://www.w3.org/ns/org#postIn": "隶属 post in",
    KGO + "jurisdiction": "辖区 jurisdiction",
    "https://schema.org/containedInPlace": "位于 within",
    "https://schema.org/location": "地点 location",
    "https://schema.org/participant": "参与 participant",
    KGO + "involvedIn": "参与 involved in",
    KGO + "launchedBy": "发起 launched by",
    KGO + "agent": "人物 agent",
    KGO + "event": "事件 event",
}
PAGE = 50
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def select(store: ox.Store, query: str) -> list[dict[str, Any]]:
    """Rows of a SELECT over the union default graph, terms as plain Python values (None when unbound)."""
    res = store.query(sparql_prefixes() + query, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in res]


def literal(s: str) -> str:
    """A SPARQL string literal of `s` (JSON's escapes are SPARQL's)."""
    return json.dumps(s, ensure_ascii=False)


def kind_of(types: Iterable[str]) -> str | None:
    """The browsable kind (kgo: local name) among an entity's types."""
    names = {t[len(KGO):] for t in types if t and t.startswith(KGO)}
    for t, _, _ in TYPES:
        if t in names:
            return t
    return "Article" if "Article" in names else None


def _values(iris: Iterable[str]) -> str:
    return " ".join(sorted({f"<{i}>" for i in iris}))


def labels(store: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """One rdfs:label per IRI (each row is linear in the articles restating it)."""
    vals = _values(iris)
    if not vals:
        return {}
    return {r["s"]: r["l"] for r in select(store, f"""SELECT ?s (SAMPLE(?x) AS ?l) WHERE {{
        VALUES ?s {{ {vals} }} ?s rdfs:label ?x }} GROUP BY ?s""")}


def kinds(store: ox.Store, iris: Iterable[str]) -> dict[str, list[str]]:
    """The kgo: types of each IRI."""
    vals = _values(iris)
    if not vals:
        return {}
    return {r["s"]: r["t"].split() for r in select(store, f"""SELECT ?s (GROUP_CONCAT(DISTINCT STR(?x); separator=" ") AS ?t)
        WHERE {{ VALUES ?s {{ {vals} }} ?s a ?x FILTER(STRSTARTS(STR(?x), STR(kgo:))) }} GROUP BY ?s""")}


def article_counts(store: ox.Store, iris: Iterable[str]) -> dict[str, int]:
    """How many articles mention each IRI."""
    vals = _values(iris)
    if not vals:
        return {}
    return {r["s"]: int(r["n"]) for r in select(store, f"""SELECT ?s (COUNT(DISTINCT ?a) AS ?n) WHERE {{
        VALUES ?s {{ {vals} }} ?a schema:mentions ?s }} GROUP BY ?s""")}


# -- the home page ------------------------------------------------------------------------------------


def summary(store: ox.Store) -> dict[str, Any]:
    """Articles (total, by outlet, by month) and entities by kind."""
    articles = int(select(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a kgo:Article } }")[0]["n"])
    outlets = select(store, """SELECT ?o ?n (SAMPLE(?l) AS ?label) WHERE {
        { SELECT ?o (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a kgo:Article ; schema:publisher ?o } }
          GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 20 }
        OPTIONAL { ?o rdfs:label ?l } } GROUP BY ?o ?n ORDER BY DESC(?n) ?o""")
    months = select(store, """SELECT ?m (COUNT(DISTINCT ?a) AS ?n) WHERE {
        GRAPH ?a { ?a a kgo:Article ; schema:datePublished ?d } BIND(SUBSTR(STR(?d), 1, 7) AS ?m)
    } GROUP BY ?m ORDER BY ?m LIMIT 1200""")
    values = " ".join(f"kgo:{t}" for t, _, _ in TYPES)
    counts = {r["t"][len(KGO):]: int(r["n"]) for r in select(store, f"""SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        VALUES ?t {{ {values} }} ?s a ?t }} GROUP BY ?t""")}
    kinds = [{"type": t, "zh": zh, "en": en, "n": counts.get(t, 0)} for t, zh, en in TYPES]
    for o in outlets:
        o["n"] = int(o["n"])
    for m in months:
        m["n"] = int(m["n"])
    return {"articles": articles, "outlets": outlets, "months": months, "kinds": kinds}


def month_chart(months: list[dict[str, Any]], width: int = 720, height: int = 120) -> str:
    """Articles per month as an SVG bar chart; each bar links to that month's articles."""
    if not months:
        return ""
    top = max(m["n"] for m in months) or 1
    bar = max(2.0, min(24.0, (width - 40) / len(months)))
    w = int(40 + bar * len(months))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{w}" height="{height + 30}" '
             f'viewBox="0 0 {w} {height + 30}" role="img" aria-label="articles per month">',
             f'<text x="0" y="12" class="axis">{top}</text><line x1="36" y1="{height}" x2="{w}" y2="{height}" class="axis"/>']
    for i, m in enumerate(months):
        h = max(1.0, (height - 16) * m["n"] / top)
        x = 38 + i * bar
        month = m["m"] or "?"
        href = "/browse/Article?" + urlencode({"from": month, "to": month}) if _DATE.match(month) else "/browse/Article"
        parts.append(f'<a href="{escape(href)}"><rect x="{x:.1f}" y="{height - h:.1f}" width="{max(1.0, bar - 1):.1f}" '
                     f'height="{h:.1f}" class="bar"><title>{escape(month)}: {m["n"]}</title></rect></a>')
    first, last = months[0]["m"] or "", months[-1]["m"] or ""
    parts.append(f'<text x="38" y="{height + 16}" class="axis">{escape(first)}</text>')
    if last != first:
        parts.append(f'<text x="{w}" y="{height + 16}" class="axis" text-anchor="end">{escape(last)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# -- search -------------------------------------------------------------------------------------------


def search(store: ox.Store, q: str, limit: int = PAGE) -> list[dict[str, Any]]:
    """Entities of the browsable kinds whose label or other name contains `q`: exact names first, then
    names that start with it, then by the number of articles mentioning them."""
    q = q.strip()
    if not q:
        return []
    values = " ".join(f"kgo:{t}" for t, _, _ in TYPES)
    hits = select(store, f"""SELECT ?s (MIN(STRLEN(?name)) AS ?len)
          (MAX(IF(STR(?name) = {literal(q)}, 1, 0)) AS ?exact) (MAX(IF(STRSTARTS(STR(?name), {literal(q)}), 1, 0)) AS ?prefix)
        WHERE {{
          {{ SELECT DISTINCT ?s ?name WHERE {{ ?s rdfs:label|skos:altLabel ?name FILTER(CONTAINS(STR(?name), {literal(q)})) }}
            LIMIT 2000 }}
          FILTER EXISTS {{ VALUES ?t {{ {values} }} ?s a ?t }}
        }} GROUP BY ?s ORDER BY DESC(?exact) DESC(?prefix) ?len ?s LIMIT {limit * 4}""")
    if not hits:
        return []
    iris = [h["s"] for h in hits]
    names, types, counts = labels(store, iris), kinds(store, iris), article_counts(store, iris)
    out = []
    for h in hits:
        ts = types.get(h["s"], [])
        out.append({"iri": h["s"], "label": names.get(h["s"], h["s"]), "kinds": [t for t, _, _ in TYPES if KGO + t in ts],
                    "articles": counts.get(h["s"], 0), "exact": int(h["exact"]), "prefix": int(h["prefix"]),
                    "len": int(h["len"] or 0)})
    out.sort(key=lambda r: (-r["exact"], -r["prefix"], -r["articles"], r["len"], r["label"] or ""))
    return out[:limit]


# -- browse lists and facets --------------------------------------------------------------------------


@dataclass(frozen=True)
class Facets:
    """Which articles a list is drawn from: those mentioning `place` (or a place inside it), published by
    `outlet`, dated between `since` and `until` (prefixes: 2024, 2024-03, 2024-03-15; both inclusive)."""

    place: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None

    @classmethod
    def from_args(cls, args: Any) -> Facets:
        def iri(name: str) -> str | None:
            v = (args.get(name) or "").strip()
            if not v:
                return None
            ox.NamedNode(v)  # ValueError when it is not an IRI
            return v

        def date(name: str) -> str | None:
            v = (args.get(name) or "").strip()
            if v and not _DATE.match(v):
                raise ValueError(f"{name}={v!r}: a date is YYYY, YYYY-MM or YYYY-MM-DD")
            return v or None

        return cls(iri("place"), iri("outlet"), date("from"), date("to"))

    def sparql(self, places: list[str] | None = None) -> str:
        """Patterns on ?a (the article, read inside its own graph) for the chosen facets; `places`: the
        chosen place and the places inside it (see `places_within`)."""
        out = []
        if self.place:
            vals = _values(places or [self.place])
            out.append(f"{{ SELECT DISTINCT ?a WHERE {{ VALUES ?fp {{ {vals} }} GRAPH ?a {{ ?a schema:mentions ?fp }} }} }}")
        if self.outlet:
            out.append(f"GRAPH ?a {{ ?a schema:publisher <{self.outlet}> }}")
        if self.since or self.until:
            out.append("GRAPH ?a { ?a schema:datePublished ?fd }")
            if self.since:
                out.append(f"FILTER(STR(?fd) >= {literal(self.since)})")
            if self.until:
                out.append(f"FILTER(SUBSTR(STR(?fd), 1, {len(self.until)}) <= {literal(self.until)})")
        return "\n".join(out)

    def args(self, **change: str | None) -> dict[str, str]:
        """The query-string arguments of these facets with `change` applied (None removes one)."""
        cur = {"place": self.place, "outlet": self.outlet, "from": self.since, "to": self.until}
        cur.update(change)
        return {k: v for k, v in cur.items() if v}

    def href(self, kind: str, **change: str | None) -> str:
        a = self.args(**change)
        return f"/browse/{kind}" + ("?" + urlencode(a) if a else "")

    def any(self) -> bool:
        return bool(self.place or self.outlet or self.since or self.until)


def places_within(store: ox.Store, place: str, limit: int = 2000) -> list[str]:
    """A place and the places inside it (schema:containedInPlace, any depth)."""
    rows = select(store, f"SELECT DISTINCT ?p WHERE {{ ?p schema:containedInPlace+ <{place}> }} LIMIT {limit}")
    return [place, *(r["p"] for r in rows)]


def _items(kind: str) -> str:
    """The pattern binding ?s (an item of the list) and ?a (an article it comes from). A kind's members
    come from a DISTINCT subquery: a join on `?s a kind` would repeat per article restating it."""
    if kind == "Article":
        return "GRAPH ?a { ?a a kgo:Article } BIND(?a AS ?s)"
    return f"{{ SELECT DISTINCT ?s WHERE {{ ?s a kgo:{kind} }} }} GRAPH ?a {{ ?a schema:mentions ?s }}"


def browse(store: ox.Store, kind: str, facets: Facets, page: int = 0) -> dict[str, Any]:
    """One page of a kind's list (most-mentioned first; articles newest first) and its facets."""
    places = places_within(store, facets.place) if facets.place else None
    items, where = _items(kind), facets.sparql(places)
    total = int(select(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {items} {where} }}")[0]["n"])
    if kind == "Article":
        rows = select(store, f"""SELECT ?s (SAMPLE(?d) AS ?date) (1 AS ?n) WHERE {{
              {{ SELECT DISTINCT ?s WHERE {{ {items} {where} }} }}
              OPTIONAL {{ GRAPH ?s {{ ?s schema:datePublished ?d }} }}
            }} GROUP BY ?s ORDER BY DESC(?date) ?s LIMIT {PAGE} OFFSET {page * PAGE}""")
        meta = {r["s"]: r for r in select(store, f"""SELECT ?s (SAMPLE(?h) AS ?title) (SAMPLE(?o) AS ?outlet) WHERE {{
              VALUES ?s {{ {_values(r["s"] for r in rows)} }}
              GRAPH ?s {{ OPTIONAL {{ ?s schema:headline|rdfs:label ?h }} OPTIONAL {{ ?s schema:publisher ?o }} }}
            }} GROUP BY ?s""")} if rows else {}
        outlets = labels(store, {m["outlet"] for m in meta.values() if m["outlet"]})
        for r in rows:
            m = meta.get(r["s"], {})
            r["label"], r["outlet"] = m.get("title"), m.get("outlet")
            r["outlet_label"] = outlets.get(m.get("outlet") or "")
    else:
        rows = select(store, f"""SELECT ?s (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {items} {where} }}
            GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT {PAGE} OFFSET {page * PAGE}""")
        names = labels(store, [r["s"] for r in rows])
        for r in rows:
            r["label"] = names.get(r["s"])
    for r in rows:
        r["n"] = int(r["n"])
    return {"kind": kind, "total": total, "rows": rows, "page": page, "pages": (total + PAGE - 1) // PAGE,
            "facets": facet_counts(store, kind, facets, places)}


def facet_counts(store: ox.Store, kind: str, facets: Facets,
                 places: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """For each facet the values found in the list's articles, with how many of those articles have each."""
    articles = f"{{ SELECT DISTINCT ?a WHERE {{ {_items(kind)} {facets.sparql(places)} }} }}"

    def top(pattern: str, limit: int = 12, order: str = "DESC(?n) ?v") -> list[dict[str, Any]]:
        rows = select(store, f"""SELECT ?v ?n (SAMPLE(?l) AS ?label) WHERE {{
              {{ SELECT ?v (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {articles} {pattern} }}
                GROUP BY ?v ORDER BY {order} LIMIT {limit} }}
              OPTIONAL {{ ?v rdfs:label ?l }} }} GROUP BY ?v ?n ORDER BY {order}""")
        for r in rows:
            r["n"] = int(r["n"])
        return rows

    out: dict[str, list[dict[str, Any]]] = {}
    out["outlet"] = [] if facets.outlet else top("GRAPH ?a { ?a schema:publisher ?v }")
    place_set = "{ SELECT DISTINCT ?v WHERE { ?v a kgo:Place } }"
    out["place"] = [r for r in top(f"{place_set} GRAPH ?a {{ ?a schema:mentions ?v }}") if r["v"] != facets.place]
    chosen_year = facets.since[:4] if facets.since and facets.until and facets.since[:4] == facets.until[:4] else None
    width = 7 if chosen_year else 4
    dates = top(f"GRAPH ?a {{ ?a schema:datePublished ?d }} BIND(SUBSTR(STR(?d), 1, {width}) AS ?v)", 200, "?v")
    out["date"] = [r for r in dates if r["v"] and _DATE.match(r["v"])]
    return out


# -- entity pages: neighbourhood picture and mention sentences ----------------------------------------


def neighbourhood(store: ox.Store, iri: str, limit: int = 24) -> list[dict[str, Any]]:
    """The entity's relations to other entities (both directions, one hop), with their labels and kinds."""
    preds = " ".join(f"<{p}>" for p in RELATION_NAMES)
    edges = select(store, f"""SELECT DISTINCT ?dir ?p ?o WHERE {{
          VALUES ?p {{ {preds} }}
          {{ <{iri}> ?p ?o BIND("out" AS ?dir) }} UNION {{ ?o ?p <{iri}> BIND("in" AS ?dir) }}
          FILTER(isIRI(?o) && ?o != <{iri}> && STRSTARTS(STR(?o), {literal(ID)}))
        }} ORDER BY ?p ?dir ?o LIMIT {limit}""")
    if not edges:
        return []
    names, types = labels(store, [e["o"] for e in edges]), kinds(store, [e["o"] for e in edges])
    for e in edges:
        e["label"] = names.get(e["o"]) or e["o"].rsplit("/", 1)[-1]
        e["kind"] = kind_of(types.get(e["o"], []))
        e["relation"] = RELATION_NAMES.get(e["p"], e["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    return edges


def _clip(s: str, n: int = 14) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def neighbourhood_svg(label: str, kind: str | None, edges: list[dict[str, Any]], href: Any) -> str:
    """The entity in the middle, its neighbours around it, each edge named; neighbours link to their pages."""
    if not edges:
        return ""
    w, h = 760, 200 + 22 * min(len(edges), 12)
    cx, cy, rx, ry = w / 2, h / 2, w / 2 - 130, h / 2 - 34
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="neighbourhood" width="{w}" height="{h}" '
             f'viewBox="0 0 {w} {h}" role="img" aria-label="{escape(label)}: relations">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>']
    n = len(edges)
    spots = []
    for i, e in enumerate(edges):
        a = 2 * pi * i / n  # from the right, clockwise: a wide picture has room left and right
        x, y = cx + rx * cos(a), cy + ry * sin(a)
        spots.append((x, y))
        # the line stops short of both circles; the arrow shows the relation's direction
        dx, dy = x - cx, y - cy
        d = max((dx * dx + dy * dy) ** 0.5, 1.0)
        x1, y1, x2, y2 = cx + dx / d * 12, cy + dy / d * 12, x - dx / d * 9, y - dy / d * 9
        if e["dir"] == "in":
            x1, y1, x2, y2 = x2, y2, x1, y1
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="edge" marker-end="url(#arrow)"/>')
        parts.append(f'<text x="{(cx + x) / 2:.1f}" y="{(cy + y) / 2 - 3:.1f}" class="relation" text-anchor="middle">'
                     f'{escape(e["relation"].split(" ")[0])}</text>')
    for e, (x, y) in zip(edges, spots, strict=True):
        color = COLORS.get(e["kind"] or "", OTHER_COLOR)
        anchor = "start" if x > cx + 5 else "end" if x < cx - 5 else "middle"
        tx = x + 11 if anchor == "start" else x - 11 if anchor == "end" else x
        ty = y + 4 if anchor != "middle" else (y - 12 if y < cy else y + 20)
        parts.append(f'<a href="{escape(href(e["o"]))}" class="node"><title>{escape(e["label"])} ({escape(e["relation"])})</title>'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{color}"/>'
                     f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}">{escape(_clip(e["label"]))}</text></a>')
    color = COLORS.get(kind or "", OTHER_COLOR)
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="12" fill="{color}" class="centre"/>'
                 f'<text x="{cx}" y="{cy + 28}" text-anchor="middle" class="centre">{escape(_clip(label, 20))}</text>')
    parts.append("</svg>")
    return "".join(parts)


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_MAX_SIDE = 90  # characters of a sentence shown on each side of the name


def source_paths() -> list[str]:
    """The source files and folders the server may read sentences from: $KG_SOURCES (os.pathsep-separated)."""
    return [p for p in os.environ.get("KG_SOURCES", "").split(os.pathsep) if p.strip()]


@lru_cache(maxsize=4)
def _source_index(paths: tuple[str, ...]) -> dict[str, str]:
    """File base name -> path, for the files under the given files and folders (the first of a name wins)."""
    files: dict[str, str] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file():
                    files.setdefault(f.name, str(f))
        elif p.is_file():
            files.setdefault(p.name, str(p))
    return files


@lru_cache(maxsize=8)
def _line_starts(path: str) -> list[int]:
    """Byte offsets of the lines of a file (read once per file)."""
    starts, pos = [], 0
    with open(path, "rb") as f:
        for raw in f:
            starts.append(pos)
            pos += len(raw)
    return starts


@lru_cache(maxsize=512)
def _original(path: str, line: int | None) -> str | None:
    """The original text of a file (or of line `line` of a .jsonl file) as the build read it."""
    from extract.reading.decode import ReadError, decode_bytes
    from extract.reading.documents import jsonl_document

    try:
        if line is not None:
            starts = _line_starts(path)
            if not 1 <= line <= len(starts):
                return None
            with open(path, "rb") as f:
                f.seek(starts[line - 1])
                raw = f.readline()
            if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            doc = jsonl_document(f"{path}:{line}", raw)
            return None if isinstance(doc, str) else doc.original
        with open(path, "rb") as f:
            return decode_bytes(f.read())[0]
    except (OSError, ReadError):
        return None


def source_text(file: str | None) -> str | None:
    """The original text named by an article's dct:source (a file name, or name:line for .jsonl)."""
    paths = tuple(source_paths())
    if not file or not paths:
        return None
    index = _source_index(paths)
    name, line = file, None
    m = re.match(r"^(.*\.jsonl):(\d+)$", file)
    if m:
        name, line = m.group(1), int(m.group(2))
    path = index.get(Path(name).name)
    return _original(path, line) if path else None


def sentence_parts(text: str, start: int, end: int) -> tuple[str, str, str] | None:
    """The sentence around text[start:end] as (before, the span, after); markup cut off at its edges."""
    if not 0 <= start < end <= len(text):
        return None
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    m = _SENTENCE_END.search(text, end, end + 400)
    right = m.end() if m else min(len(text), end + 400)
    before, after = text[left:start], text[end:right]
    if ">" in before or "<" in before:  # HTML: keep the text after the last tag
        before = before.rsplit(">", 1)[-1]
    if "<" in after:
        after = after.split("<", 1)[0]
    before, after = before.lstrip()[-_MAX_SIDE:], after.rstrip()[:_MAX_SIDE]
    return before, text[start:end], after
