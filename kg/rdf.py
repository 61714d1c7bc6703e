"""Contract record (../shared/contracts/extract-jsonl.md) -> RDF quads.

The model is documented in ontology/kg.ttl. What the article states lands in the graph named by
the article IRI:
- the article (kgo:Article: headline, date, publisher, authors, url, source, tampered flag);
- the entities it mentions (`schema:mentions`) and its mentions of them (one W3C Web Annotation
  per entity, whose targets are `#char=start,end` fragments, RFC 5147, of the article IRI: offsets
  into the original file), kgo:official as the article shows a person;
- every relation as a plain triple, plus an RDF 1.2 reifier (kgo:Assertion, `rdf:reifies <<( s p o )>>`)
  carrying its statement metadata: source article, kgo:asOf date, confidence, extractor, evidence span.
Entity descriptions (rdf:type, rdfs:label@zh, skos:altLabel, codes, levels, containment, kinds,
a post's body and jurisdiction, a person's jurisdiction or kgo:unresolved) go to the entities graph
(`vocab.ENTITIES_GRAPH`), once for the whole store; each is also recorded as supported by the
article (`<article> kgo:supports <<( s p o )>>` in `vocab.META_GRAPH`), so that removing the last
article that supports a description removes it (kg.store.GraphStore.remove_graph).

Nodes that belong to one article (reifiers, annotations, spans, amounts) get IRIs under the article
IRI derived from their content, so the same record always gives byte-identical N-Quads.
The text is written directly (the hot path of a build); `record_to_quads` parses it with pyoxigraph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import date as _date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import PurePath
from typing import Any

import pyoxigraph as ox

from kg.ids import (
    article_iri as _article_iri,
)
from kg.ids import (
    body_kind,
    entity_iri,
    looks_like_place,
    person_keys,
    person_unresolved,
    post_body,
    post_is_former,
    post_name,
)
from kg.vocab import (
    DCT,
    ENTITIES_GRAPH,
    KGO,
    META_GRAPH,
    OA,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    char_target,
)

ENTITY_TYPES = ("Person", "Place", "Organization", "Enterprise", "Program", "Project", "Event", "Post", "Document")
PLACE_LEVELS = ("country", "province", "prefecture", "county", "township", "village", "region")
ORG_KINDS = ("party", "government", "media", "other")
COUNTRY = "中国"
PlaceLookup = Callable[[str], "dict[str, Any] | None"]


@lru_cache(maxsize=512)
def _t(ns: str, local: str) -> str:
    return f"<{ns}{local}>"


A = _t(RDF, "type")
REIFIES = _t(RDF, "reifies")
LABEL = _t(RDFS, "label")
ALT = _t(SKOS, "altLabel")
XSD_DATE, XSD_BOOL, XSD_DEC, XSD_NNI, XSD_URI = (_t(XSD, x) for x in ("date", "boolean", "decimal", "nonNegativeInteger", "anyURI"))
_DATE_TYPES = {10: XSD_DATE, 7: _t(XSD, "gYearMonth"), 4: _t(XSD, "gYear")}


# -- terms as N-Quads text ------------------------------------------------------------------------

# characters that may not appear raw in an IRI (RFC 3987 outside ucschar / the reserved ASCII set)
_BAD_IRI = re.compile(
    "[^\x21\x23-\x3b\x3d\x3f-\x5a\x5f\x61-\x7a\x7e"
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd"
    "\U00040000-\U000dfffd\U000e1000-\U000efffd]|%(?![0-9A-Fa-f]{2})"
)


@lru_cache(maxsize=1 << 16)
def iri(s: str) -> str:
    """`<s>` with every character an IRI may not hold percent-encoded."""
    if _BAD_IRI.search(s):
        s = _BAD_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")), s)
    if s.count("#") > 1:
        head, _, frag = s.partition("#")
        s = f"{head}#{frag.replace('#', '%23')}"
    return f"<{s}>"


def valid_iri(s: str) -> str | None:
    """`<s>` (escaped as `iri` does) when it is an absolute IRI Oxigraph accepts, else None."""
    term = iri(s)
    try:
        ox.NamedNode(term[1:-1])
    except ValueError:
        return None
    return term


_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def lit(value: Any, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal in N-Quads syntax (`datatype` already written as `<…>`)."""
    s = f'"{str(value).translate(_ESC)}"'
    if lang:
        return f"{s}@{lang}"
    return f"{s}^^{datatype}" if datatype else s


def zh(value: str) -> str:
    return lit(value, lang="zh")


def date_lit(value: Any) -> str | None:
    """An ISO date (or year-month, year) as a typed literal; None when it is no valid date."""
    if not isinstance(value, str):
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        _date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        return None
    text = "-".join(x for x in (y, mo, d) if x)
    return lit(text, _DATE_TYPES[len(text)])


def decimal_lit(value: Any) -> str | None:
    """A number as an xsd:decimal literal (no exponent); None when it is no finite number."""
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return lit(s or "0", XSD_DEC)


def bool_lit(value: bool) -> str:
    return lit("true" if value else "false", XSD_BOOL)


def _h(*parts: Any, n: int = 16) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass")).hexdigest()[:n]


_MONEY = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万亿|亿|万|千)?\s*(美元|欧元|港元|港币|日元|英镑|元|人民币)?")
_UNITS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3}
_CURRENCIES = {"美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY", "英镑": "GBP"}


def money(value: Any) -> tuple[Decimal, str] | None:
    """(amount in units of the currency, ISO currency) from a number (yuan), a dict or a text like 12.5亿元."""
    currency = "CNY"
    if isinstance(value, dict):
        currency = str(value.get("currency") or "CNY").upper()
        unit = _UNITS.get(str(value.get("unit") or ""), Decimal(1))
        value = value.get("value", value.get("amount"))
        if value is None:
            return None
    else:
        unit = Decimal(1)
    if isinstance(value, str):
        m = _MONEY.search(value)
        if not m:
            return None
        value = m.group(1).replace(",", "")
        unit = _UNITS.get(m.group(2) or "", Decimal(1))
        currency = _CURRENCIES.get(m.group(3) or "", currency)
    if isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value)) * unit
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return amount, currency if re.fullmatch(r"[A-Z]{3}", currency) else "CNY"


# -- the mapping ----------------------------------------------------------------------------------


# the standard class each of our classes refines, stated on every node too, so that tools that do
# no RDFS inference (and SPARQL over Oxigraph) find entities by the standard vocabularies
STANDARD_TYPES = {
    "Person": (SCHEMA + "Person",),
    "Post": (ORG + "Post",),
    "Place": (SCHEMA + "Place",),
    "Organization": (ORG + "Organization",),
    "Enterprise": (SCHEMA + "Corporation", ORG + "FormalOrganization"),
    "Project": (SCHEMA + "Project",),
    "Event": (SCHEMA + "Event",),
    "Document": (SCHEMA + "CreativeWork",),
    "Article": (SCHEMA + "NewsArticle",),
}


# confidence of a relation whose record gives none: how often the rule behind it is right (a
# prior per relation type, from reading seed articles; the components may give their own)
DEFAULT_CONFIDENCE = {
    _t(ORG, "holds"): 0.9,
    _t(SCHEMA, "containedInPlace"): 0.95,
    _t(SCHEMA, "location"): 0.8,
    _t(SCHEMA, "participant"): 0.8,
    _t(KGO, "involvedIn"): 0.7,
    _t(KGO, "launchedBy"): 0.7,
}


class _ArticleGraph:
    """The quads of one article, built as N-Quads lines (ordered, duplicates dropped)."""

    def __init__(self, record: dict[str, Any], article: str, mentions: bool, places: PlaceLookup | None,
                 extractor: str | None = None) -> None:
        self.extractor = extractor
        self.places = places
        self.rec = record
        self.art = iri(article)
        self.base = article
        self.g = self.art
        self.lines: dict[str, None] = {}
        self.desc: dict[str, None] = {}  # entity descriptions (N-Triples without the dot)
        self.with_mentions = mentions
        self.declared: set[str] = set()  # entity terms typed and labelled in this graph
        self.names: dict[tuple[str, str], str] = {}  # (type, name or alias) -> entity term
        self.entities: dict[str, dict[str, Any]] = {}  # entity term -> its record
        self.date = date_lit(record.get("date"))
        self.day = self.date if self.date and self.date.endswith(XSD_DATE) else None  # for kgo:asOf
        self.assertions: dict[str, dict[str, Any]] = {}  # reifier term -> what it says
        self.holdings: set[tuple[str, str]] = set()
        self.persons: dict[str, tuple[str, str | None]] = {}  # person name -> (term, place keying it)
        self.person_where: dict[str, str | None] = {}
        self.listed: list[tuple[str, dict[str, Any]]] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines[f"{s} {p} {o} {self.g} .\n"] = None

    def describe(self, s: str, p: str, o: str) -> None:
        """A description of an entity: goes to the entities graph, supported by this article."""
        self.desc[f"{s} {p} {o}"] = None

    # -- entities --------------------------------------------------------------------------------

    def index(self) -> None:
        ents = [e for e in self.rec.get("entities") or [] if e.get("type") in ENTITY_TYPES and isinstance(e.get("name"), str)]
        self.persons = {name: (iri(term), where) for name, (term, where) in person_keys(self.rec, self.places).items()}
        self.person_where = {term: where for term, where in self.persons.values()}
        terms = [self.persons[e["name"]][0] if e["type"] == "Person" and e["name"] in self.persons
                 else (isinstance(e.get("id"), str) and valid_iri(e["id"])) or iri(entity_iri(e)) for e in ents]
        self.listed = list(zip(terms, ents, strict=True))  # every entity record, even two with one IRI
        for e, term in zip(ents, terms, strict=True):
            self.entities.setdefault(term, e)
            self.names.setdefault((e["type"], e["name"]), term)
        for e, term in zip(ents, terms, strict=True):
            for a in e.get("aliases") or []:
                self.names.setdefault((e["type"], a), term)

    def find(self, name: str, types: Iterable[str]) -> tuple[str, str] | None:
        """(term, type) of the record's entity called `name` (name or alias), trying `types` in order."""
        for t in types:
            term = self.names.get((t, name))
            if term:
                return term, t
        return None

    def declare(self, term: str, etype: str, name: str) -> None:
        if term in self.declared:
            return
        self.declared.add(term)
        self.describe(term, A, _t(KGO, etype))
        for std in STANDARD_TYPES.get(etype, ()):
            self.describe(term, A, f"<{std}>")
        if name.strip():  # no label invented: a nameless entity is left for SHACL to report
            self.describe(term, LABEL, zh(name.strip()))
        if etype == "Person":
            self.person(term)

    def person(self, term: str) -> None:
        """A person's identity: the place that keys it (kgo:jurisdiction), or kgo:unresolved."""
        if person_unresolved(term[1:-1]):
            self.describe(term, _t(KGO, "unresolved"), bool_lit(True))
        elif self.person_where.get(term):
            self.describe(term, _t(KGO, "jurisdiction"), self.node("Place", self.person_where[term]))

    def node(self, etype: str, name: str, **attrs: Any) -> str:
        """The term of the entity `name` of type `etype`: the record's own, else a minted one."""
        found = self.find(name, (etype,))
        if found:
            return found[0]
        info = self.place_info(name) if etype == "Place" else None
        if info:
            attrs = {**attrs, "code": info.get("code")}
        term = iri(entity_iri({"type": etype, "name": name, **attrs}))
        if term not in self.declared:
            self.declare(term, etype, name)
            if etype == "Place":
                self.minted_place(term, name, info or {})
        return term

    def place_info(self, name: str) -> dict[str, Any] | None:
        if self.places is None:
            return None
        try:
            return self.places(name) or None
        except Exception:  # a gazetteer failure must not lose the article
            return None

    def minted_place(self, term: str, name: str, info: dict[str, Any]) -> None:
        """What a gazetteer (or the name) tells of a place the record does not describe."""
        level = info.get("level") if info.get("level") in PLACE_LEVELS else None
        if level:
            self.describe(term, _t(KGO, "level"), lit(level))
        if info.get("code"):
            self.describe(term, _t(KGO, "adminCode"), lit(str(info["code"])))
        parent = info.get("parent")
        if isinstance(parent, str) and parent and parent != name:
            self.describe(term, _t(SCHEMA, "containedInPlace"), self.node("Place", parent))
        self.place_defaults(term, name, level, parent)

    def typed_node(self, name: str, types: tuple[str, ...], default: str | None = None) -> str:
        """A node for `name` that may be of several types: the record's, else a guess by its suffix."""
        found = self.find(name, types)
        if found:
            return found[0]
        guess = default or ("Place" if looks_like_place(name) and "Place" in types else types[0])
        return self.node(guess, name)

    def place_defaults(self, term: str, name: str, level: str | None, parent: str | None) -> None:
        """Level and containment known from the name alone: provinces lie in the country."""
        inferred = level
        if not inferred and name == COUNTRY:
            inferred = "country"
        elif not inferred and name.endswith(("省", "自治区", "特别行政区")):
            inferred = "province"
        if inferred and not level:
            self.describe(term, _t(KGO, "level"), lit(inferred))
        if inferred == "province" and not parent:
            self.describe(term, _t(SCHEMA, "containedInPlace"), self.node("Place", COUNTRY))

    def entity(self, term: str, e: dict[str, Any]) -> None:
        et, name = e["type"], e["name"]
        self.declare(term, et, name)
        for a in e.get("aliases") or []:
            if a and a != name:
                self.describe(term, ALT, zh(a))
        self.add(self.art, _t(SCHEMA, "mentions"), term)
        if isinstance(e.get("official"), bool):
            self.add(term, _t(KGO, "official"), bool_lit(e["official"]))
        jur = e.get("jurisdiction")
        if isinstance(jur, str) and jur and et in ("Organization", "Post"):
            self.describe(term, _t(KGO, "jurisdiction"), self.node("Place", jur))
        getattr(self, "entity_" + et.lower(), lambda *_: None)(term, e)
        if self.with_mentions:
            for m in e.get("mentions") or []:
                self.mention(term, m, name)

    def entity_place(self, term: str, e: dict[str, Any]) -> None:
        level = e.get("level") if e.get("level") in PLACE_LEVELS else None
        if level:
            self.describe(term, _t(KGO, "level"), lit(level))
        if e.get("code"):
            self.describe(term, _t(KGO, "adminCode"), lit(str(e["code"])))
        parent = e.get("parent")
        if not (isinstance(parent, str) and parent and parent != e["name"]):
            parent = (self.place_info(e["name"]) or {}).get("parent")
        if isinstance(parent, str) and parent and parent != e["name"]:
            self.describe(term, _t(SCHEMA, "containedInPlace"), self.node("Place", parent))
        self.place_defaults(term, e["name"], level, parent)

    def entity_organization(self, term: str, e: dict[str, Any]) -> None:
        if e.get("kind") in ORG_KINDS:
            self.describe(term, _t(KGO, "kind"), lit(e["kind"]))
        parent = e.get("parent")
        if isinstance(parent, str) and parent and parent != e["name"]:
            self.describe(term, _t(ORG, "subOrganizationOf"), self.typed_node(parent, ("Organization", "Enterprise")))

    def entity_enterprise(self, term: str, e: dict[str, Any]) -> None:
        if isinstance(e.get("place"), str) and e["place"]:
            self.describe(term, _t(SCHEMA, "location"), self.node("Place", e["place"]))

    def entity_project(self, term: str, e: dict[str, Any]) -> None:
        self.entity_enterprise(term, e)
        amount = money(e.get("investment")) if e.get("investment") is not None else None
        if amount:
            value, currency = amount
            node = iri(f"{self.base}/amount/{_h(term, value, currency, n=12)}")
            self.add(term, _t(KGO, "investment"), node)
            self.add(node, A, _t(SCHEMA, "MonetaryAmount"))
            self.add(node, _t(SCHEMA, "value"), decimal_lit(value))
            self.add(node, _t(SCHEMA, "currency"), lit(currency))

    def entity_event(self, term: str, e: dict[str, Any]) -> None:
        self.entity_enterprise(term, e)
        d = date_lit(e.get("date"))
        if d:
            self.describe(term, _t(SCHEMA, "startDate"), d)

    def entity_document(self, term: str, e: dict[str, Any]) -> None:
        d = date_lit(e.get("date"))
        if d:
            self.describe(term, _t(SCHEMA, "datePublished"), d)

    # -- mentions and evidence: W3C Web Annotation -----------------------------------------------

    def span(self, start: int, end: int, exact: str | None = None) -> str:
        """The IRI of [start, end) of the article's original file (RFC 5147 `#char=` fragment).

        `exact`, the text as printed, is given as the span's rdf:value.
        """
        node = iri(char_target(self.base, start, end))
        if exact:
            self.add(node, _t(RDF, "value"), lit(exact))
        return node

    def mention(self, term: str, m: dict[str, Any], name: str | None = None) -> None:
        """Target one more span with the oa:Annotation of the entity `term` in this article.

        One annotation per entity and article; each mention is one more oa:hasTarget. The span
        carries the printed text only when it is not `name`.
        """
        try:
            start, end = int(m["start"]), int(m["end"])
        except (KeyError, TypeError, ValueError):
            return
        if start < 0 or end <= start:
            return
        ann = iri(f"{self.base}/mention/{_h(term, n=8)}")
        self.add(ann, A, _t(OA, "Annotation"))
        self.add(ann, _t(OA, "motivatedBy"), _t(OA, "identifying"))
        self.add(ann, _t(OA, "hasBody"), term)
        exact = m.get("text")
        self.add(ann, _t(OA, "hasTarget"), self.span(start, end, exact if exact != name else None))

    # -- relations -------------------------------------------------------------------------------

    def state(self, s: str, p: str, o: str, rel: dict[str, Any] | None, kind: str = "Assertion",
                key: str = "", extra: dict[str, str] | None = None) -> str:
        """Assert `s p o` and record its statement metadata on an RDF 1.2 reifier."""
        self.add(s, p, o)
        reifier = iri(f"{self.base}/statement/{_h(s, p, o, kind, key)}")
        a = self.assertions.setdefault(reifier, {"triple": (s, p, o), "kind": kind, "extra": extra or {},
                                                 "confidence": None, "evidence": [], "extractor": set()})
        rel = rel or {}
        c = rel.get("confidence")
        if isinstance(c, (int, float)) and not isinstance(c, bool) and 0 <= c <= 1:
            a["confidence"] = c if a["confidence"] is None else max(a["confidence"], c)
        ev = rel.get("evidence")
        if isinstance(ev, dict) and isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
            if 0 <= ev["start"] < ev["end"]:
                a["evidence"].append((ev["start"], ev["end"]))
        ex = rel.get("extractor") or self.rec.get("extractor") or self.extractor
        if isinstance(ex, str) and ex:
            a["extractor"].add(ex)
        return reifier

    def write_assertions(self) -> None:
        for r, a in self.assertions.items():
            s, p, o = a["triple"]
            self.add(r, A, _t(KGO, "Assertion"))
            if a["kind"] != "Assertion":
                self.add(r, A, _t(KGO, a["kind"]))
            self.add(r, REIFIES, f"<<( {s} {p} {o} )>>")
            self.add(r, _t(PROV, "wasDerivedFrom"), self.art)
            former = a["extra"].get(_t(KGO, "former")) == bool_lit(True)
            if self.day and not former:
                self.add(r, _t(KGO, "asOf"), self.day)
            for k, v in a["extra"].items():
                self.add(r, k, v)
            conf = a["confidence"] if a["confidence"] is not None else DEFAULT_CONFIDENCE.get(a["triple"][1], 0.5)
            self.add(r, _t(KGO, "confidence"), decimal_lit(round(conf, 6)))
            for ex in sorted(a["extractor"]):
                self.add(r, _t(KGO, "extractor"), lit(ex))
            for start, end in a["evidence"]:
                self.add(r, _t(KGO, "evidence"), self.span(start, end))

    def holds(self, person: str, full_post: str, place: str | None, org: str | None,
              rel: dict[str, Any] | None, former: bool = False) -> None:
        """person org:holds the post `full_post` (in `org`, for `place`), as the article attests."""
        found = self.find(full_post, ("Post",))
        post = found[0] if found else self.node("Post", full_post)
        if org:
            self.describe(post, _t(ORG, "postIn"), org)
        if place:
            self.describe(post, _t(KGO, "jurisdiction"), place)
        extra = {_t(KGO, "holder"): person, _t(KGO, "post"): post}
        if former:
            extra[_t(KGO, "former")] = bool_lit(True)
        self.state(person, _t(ORG, "holds"), post, rel, "PostEvidence", extra=extra)
        self.holdings.add((person, post))

    def body_of(self, full_post: str, place_name: str) -> str | None:
        """The organisation a post in a place belongs to (株洲市委书记 -> 株洲市委), minted when new."""
        body = post_body(full_post, place_name)
        if not body:
            return None
        found = self.find(body, ("Organization",))
        if found:
            return found[0]
        term = iri(entity_iri({"type": "Organization", "name": body}))
        if term not in self.declared:
            self.declare(term, "Organization", body)
            self.describe(term, _t(KGO, "kind"), lit(body_kind(body)))
            self.describe(term, _t(KGO, "jurisdiction"), self.node("Place", place_name))
        return term

    def rel_holds_post(self, r: dict[str, Any]) -> None:
        person = self.typed_node(r["person"], ("Person",))
        of = r.get("of") or None
        place = org = None
        found = self.find(of, ("Organization", "Enterprise", "Place")) if of else None
        if found:  # name the post after the canonical name, not the alias the relation used
            of = self.entities.get(found[0], {}).get("name") or of
        full = post_name(r["post"], of)
        if of:
            of_type = found[1] if found else ("Place" if looks_like_place(of) else "Organization")
            of_term = found[0] if found else self.node(of_type, of)
            if of_type == "Place":
                place, org = of_term, self.body_of(full, of)
            else:
                org = of_term
                jur = self.entities.get(of_term, {}).get("jurisdiction")
                place = self.node("Place", jur) if isinstance(jur, str) and jur else None
        self.holds(person, full, place, org, r, former=post_is_former(r["post"]) or r.get("tense") == "past")

    def rel_located_in(self, r: dict[str, Any]) -> None:
        self.state(self.node("Place", r["child"]), _t(SCHEMA, "containedInPlace"), self.node("Place", r["parent"]), r)

    def rel_project_in(self, r: dict[str, Any]) -> None:
        self.state(self.node("Project", r["project"]), _t(SCHEMA, "location"), self.node("Place", r["place"]), r)

    def rel_involved_in(self, r: dict[str, Any]) -> None:
        ent = self.typed_node(r["enterprise"], ("Enterprise", "Organization"))
        self.state(ent, _t(KGO, "involvedIn"), self.node("Project", r["project"]), r)

    def rel_launched_by(self, r: dict[str, Any]) -> None:
        by = self.typed_node(r["by"], ("Organization", "Place", "Person", "Enterprise"))
        self.state(self.node("Program", r["program"]), _t(KGO, "launchedBy"), by, r)

    def rel_participant(self, r: dict[str, Any]) -> None:
        event = self.node("Event", r["event"])
        who = self.typed_node(r["person"], ("Person", "Organization", "Enterprise"), default="Person")
        role = r.get("role") if isinstance(r.get("role"), str) and r.get("role") else None
        extra = {_t(KGO, "event"): event, _t(KGO, "agent"): who}
        if role:
            extra[_t(KGO, "role")] = zh(role)
        self.state(event, _t(SCHEMA, "participant"), who, r, "Participation", key=role or "", extra=extra)

    _ARGS = {
        "holds_post": ("person", "post"),
        "located_in": ("child", "parent"),
        "project_in": ("project", "place"),
        "involved_in": ("enterprise", "project"),
        "launched_by": ("program", "by"),
        "participant": ("event", "person"),
    }

    def relation(self, r: dict[str, Any]) -> None:
        args = self._ARGS.get(r.get("type", ""))
        if not args or not all(isinstance(r.get(k), str) and r[k].strip() for k in args):
            return
        getattr(self, "rel_" + r["type"])(r)

    def person_posts(self) -> None:
        """Posts listed on a Person that no holds_post relation gave: held as of the article date."""
        places = sorted((n for (t, n) in self.names if t == "Place"), key=len, reverse=True)
        for term, e in self.entities.items():
            if e["type"] != "Person":
                continue
            for p in e.get("posts") or []:
                if not isinstance(p, str) or not p.strip():
                    continue
                full = post_name(p, None)
                found = self.find(full, ("Post",))
                post = found[0] if found else iri(entity_iri({"type": "Post", "name": full}))
                if (term, post) in self.holdings:
                    continue
                place_name = next((n for n in places if full.startswith(n) and len(full) > len(n)), None)
                place = self.node("Place", place_name) if place_name else None
                org = self.body_of(full, place_name) if place_name else None
                self.holds(term, full, place, org, None, former=post_is_former(p))

    # -- the article -----------------------------------------------------------------------------

    def article(self) -> None:
        rec, art = self.rec, self.art
        basename = PurePath(str(rec.get("doc", ""))).name
        title = rec.get("title") if isinstance(rec.get("title"), str) and rec["title"].strip() else None
        self.add(art, A, _t(KGO, "Article"))
        self.add(art, A, f"<{SCHEMA}NewsArticle>")
        self.add(art, LABEL, zh(title) if title else lit(f"{basename} #{rec.get('article', 0)}"))
        if title:
            self.add(art, _t(SCHEMA, "headline"), zh(title))
        if self.date:
            self.add(art, _t(SCHEMA, "datePublished"), self.date)
        doc = str(rec.get("doc", "")).strip()
        url = rec.get("url") if isinstance(rec.get("url"), str) and rec["url"].strip() else None
        self.add(art, _t(DCT, "source"), lit(doc if doc and doc != "-" or not url else url.strip()))  # path as given
        if isinstance(rec.get("article"), int) and rec["article"] >= 0:
            self.add(art, _t(KGO, "articleIndex"), lit(rec["article"], XSD_NNI))
        self.add(art, _t(SCHEMA, "inLanguage"), lit("zh"))
        if rec.get("tampered"):
            self.add(art, _t(KGO, "tampered"), bool_lit(True))
        url = rec.get("url")
        if isinstance(url, str) and url.strip():
            url = url.strip()
            is_iri = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/\s]+", url) and valid_iri(url)
            self.add(art, _t(SCHEMA, "url"), is_iri or lit(url, XSD_URI))
        source = rec.get("source") if isinstance(rec.get("source"), str) and rec["source"].strip() else None
        if source:
            found = self.find(source, ("Organization",))
            if found:
                pub = found[0]
            else:
                pub = iri(entity_iri({"type": "Organization", "name": source}))
                if pub not in self.declared:
                    self.declare(pub, "Organization", source)
                    self.describe(pub, _t(KGO, "kind"), lit("media"))
            self.add(art, _t(SCHEMA, "publisher"), pub)
        for prop, key in (("author", "reporters"), ("editor", "editors")):
            for name in rec.get(key) or []:
                if isinstance(name, str) and name.strip():
                    self.add(art, _t(SCHEMA, prop), self.staff(name.strip(), source))

    def staff(self, name: str, outlet: str | None) -> str:
        """A reporter or editor: the record's Person of that name, else one keyed by the outlet."""
        found = self.find(name, ("Person",))
        if found:
            return found[0]
        term = self.persons[name][0] if name in self.persons else \
            iri(entity_iri({"type": "Person", "name": name, "jurisdiction": outlet}))
        self.declare(term, "Person", name)
        return term

    def build(self) -> str:
        self.index()
        self.article()
        for term, e in self.listed:
            self.entity(term, e)
        for r in self.rec.get("relations") or []:
            if isinstance(r, dict):
                self.relation(r)
        self.person_posts()
        self.write_assertions()
        ent, meta, sup = iri(ENTITIES_GRAPH), iri(META_GRAPH), _t(KGO, "supports")
        for d in self.desc:
            self.lines[f"{d} {ent} .\n"] = None
        for d in self.desc:
            self.lines[f"{self.art} {sup} <<( {d} )>> {meta} .\n"] = None
        return "".join(self.lines)


# -- public API -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def extractor_id() -> str:
    """The extractor's version as given on reifiers (kgo:extractor): package version + code hash."""
    from importlib.metadata import PackageNotFoundError, version

    from kg.build import extractor_version

    try:
        v = version("kg-gov-news")
    except PackageNotFoundError:
        v = "0"
    return f"kg-gov-news {v}+{extractor_version()}"


def default_article_iri(record: dict[str, Any]) -> str:
    """The article IRI of a record (kg.ids.article_iri of its doc, index and url)."""
    return _article_iri(record["doc"], record.get("article", 0), url=record.get("url"))


def record_to_nquads(record: dict[str, Any], article_iri: str | None = None, *, mentions: bool = True,
                     places: PlaceLookup | None = None) -> bytes:
    """The N-Quads (UTF-8) of one record; deterministic. What the article states goes to its named
    graph, entity descriptions to the entities graph, and their support to the meta graph (see the
    module docstring).

    `mentions=False` leaves out the mention annotations (about a quarter of the quads of an article).
    `places(name)` (a gazetteer) may give {"level", "parent", "code"} of a place name: it completes
    the containment chain of places up to the country and mints code-keyed IRIs for places the
    record does not describe. It must be deterministic.
    """
    article = article_iri or default_article_iri(record)
    if valid_iri(article) is None:
        raise ValueError(f"not a valid article IRI: {article!r}")
    graph = _ArticleGraph(record, article, mentions, places, extractor_id())
    return graph.build().encode("utf-8", "replace")


def record_to_quads(record: dict[str, Any], article_iri: str | None = None, *, mentions: bool = True,
                    places: PlaceLookup | None = None) -> list[ox.Quad]:
    """The quads of one record (see `record_to_nquads`)."""
    data = record_to_nquads(record, article_iri, mentions=mentions, places=places)
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def quads_to_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Serialise quads as N-Quads (RDF 1.2: triple terms as `<<( s p o )>>`)."""
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


# -- RDF 1.1 tools (rdflib, pyshacl): the "basic" encoding of triple terms -------------------------

TRIPLE_TERM = RDF + "TripleTerm"
TT = {"subject": RDF + "ttSubject", "predicate": RDF + "ttPredicate", "object": RDF + "ttObject"}


def classic_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads without triple terms, for RDF 1.1 tools (RDF 1.2 Interoperability, Full -> Basic).

    Each triple term becomes a blank node `b` with `b a rdf:TripleTerm; rdf:ttSubject s;
    rdf:ttPredicate p; rdf:ttObject o` (in the same graph; one node per distinct triple term).
    """
    out: list[ox.Quad] = []
    seen: set[tuple[str, str]] = set()
    for q in quads:
        o = q.object
        if not isinstance(o, ox.Triple):
            out.append(q)
            continue
        if isinstance(o.object, ox.Triple):
            raise ValueError("nested triple terms are not used by this model")
        b = ox.BlankNode("tt" + _h(str(o), n=24))
        out.append(ox.Quad(q.subject, q.predicate, b, q.graph_name))
        if (str(q.graph_name), b.value) not in seen:
            seen.add((str(q.graph_name), b.value))
            out.append(ox.Quad(b, ox.NamedNode(RDF + "type"), ox.NamedNode(TRIPLE_TERM), q.graph_name))
            for part, p in TT.items():
                out.append(ox.Quad(b, ox.NamedNode(p), getattr(o, part), q.graph_name))
    return out


def to_rdflib_graph(quads: Iterable[ox.Quad], extra_turtle: Iterable[str | bytes] = ()):
    """An rdflib Graph of the union of `quads` (basic encoding) plus Turtle documents (e.g. the ontology)."""
    import rdflib

    g = rdflib.Graph()
    nt = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in classic_quads(quads)],
                      format=ox.RdfFormat.N_TRIPLES)
    if nt:
        g.parse(data=nt.decode("utf-8"), format="nt")
    for ttl in extra_turtle:
        g.parse(data=ttl if isinstance(ttl, str) else ttl.decode("utf-8"), format="turtle")
    return g


def validate_shapes(quads: Iterable[ox.Quad], inference: str = "rdfs") -> tuple[bool, str]:
    """Validate quads (their union, plus the ontology) against ontology/shapes.ttl with pyshacl.

    Returns (conforms, report text). Needs rdflib and pyshacl (test dependencies).
    """
    import pyshacl
    import rdflib

    from ontology import ONTOLOGY_TTL, SHAPES_TTL

    ont_text = ONTOLOGY_TTL.read_text(encoding="utf-8")
    data = to_rdflib_graph(quads, [ont_text])
    ont = rdflib.Graph().parse(data=ont_text, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES_TTL, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference=inference,
                                         advanced=True, allow_warnings=True)
    return bool(conforms), str(text)


def validate_store(store: Any, articles: int | None = None, inference: str = "rdfs") -> tuple[bool, str, int]:
    """Validate a store (kg.store.GraphStore) against ontology/shapes.ttl: the entities graph plus the
    article graphs (the first `articles` of them, in IRI order; all by default).

    Returns (conforms, report text, number of article graphs validated). Needs rdflib and pyshacl.
    """
    from kg.vocab import ARTICLE, ENTITIES_GRAPH

    st = store.store
    graphs = sorted(g for g in store.named_graphs() if g.startswith(ARTICLE))
    if articles is not None:
        graphs = graphs[: max(articles, 0)]
    quads = list(st.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES_GRAPH)))
    for g in graphs:
        quads.extend(st.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    conforms, text = validate_shapes(quads, inference=inference)
    return conforms, text, len(graphs)
