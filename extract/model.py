"""The data that flows through extraction: documents, articles, entities, relations.

Every stage is a pure function of one article, so articles can be extracted in any process.
Offsets inside `Entity`/`Relation` are into the article's analysed text (`Article.text`);
`to_record` maps them into the original document when it writes the contract record
(../shared/contracts/extract-jsonl.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extract.offsets import OffsetText

ENTITY_TYPES = ("Person", "Place", "Organization", "Enterprise", "Program", "Project", "Event", "Post", "Document")
RELATION_TYPES = ("holds_post", "located_in", "project_in", "participant", "involved_in", "launched_by")


@dataclass
class Document:
    """One input document as read: its original text, decoded."""

    doc: str  # path as given, or "-" for stdin, or the line number in line mode
    original: str
    encoding: str = "utf-8"
    fields: dict[str, Any] = field(default_factory=dict)  # jsonl fields (title, date, source, url, ...)


@dataclass
class Article:
    """One news article inside a document, cleaned and converted to simplified script."""

    doc: str
    index: int
    body: OffsetText  # analysed text (cleaned, simplified), mapped to offsets in `original`
    original: str  # the whole original document
    title: str | None = None
    date: str | None = None  # ISO 8601 date
    source: str | None = None
    reporters: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    url: str | None = None
    tampered: bool = False
    spam: list[str] = field(default_factory=list)  # injected strings found (never entities)
    script: str = "simplified"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.text


@dataclass
class Mention:
    start: int  # analysed offsets in Article.text
    end: int


@dataclass
class Entity:
    type: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)  # posts, official, level, parent, kind, date, place, ...


@dataclass
class Relation:
    type: str
    args: dict[str, str]  # e.g. {"person": ..., "post": ..., "of": ...}
    evidence: tuple[int, int] | None = None  # analysed offsets
    attrs: dict[str, Any] = field(default_factory=dict)  # role, confidence, ...


@dataclass
class Extraction:
    """What the NLP pipeline found in one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def to_record(x: Extraction, id_of=None) -> dict[str, Any]:
    """The contract record (one JSON object) of an extraction; offsets into the original text.

    `id_of(entity)` gives the entity IRI (by default kg.ids.entity_iri, and for persons
    kg.ids.person_iris: keyed by the evidence of their own posts, as the graph keys them).
    """
    persons_by_posts = id_of is None
    if id_of is None:
        from kg.ids import entity_iri as id_of
    a = x.article
    ents = []
    for e in x.entities:
        mentions = []
        seen = set()
        for m in e.mentions:
            s, t = a.body.to_original(m.start, m.end)
            if (s, t) in seen:
                continue
            seen.add((s, t))
            mentions.append({"start": s, "end": t, "text": a.original[s:t]})
        rec = {"id": id_of(e), "type": e.type, "name": e.name, "aliases": list(e.aliases), "mentions": mentions}
        for k, v in e.attrs.items():
            if v is not None and not k.startswith("_"):
                rec[k] = v
        ents.append(rec)
    rels = []
    for r in x.relations:
        rec = {"type": r.type, **r.args}
        for k, v in r.attrs.items():
            if v is not None and not k.startswith("_"):
                rec[k] = v
        if r.evidence:
            s, t = a.body.to_original(*r.evidence)
            rec["evidence"] = {"start": s, "end": t}
        rels.append(rec)
    out: dict[str, Any] = {
        "doc": a.doc,
        "article": a.index,
        "title": a.title,
        "date": a.date,
        "source": a.source,
        "reporters": list(a.reporters),
        "entities": ents,
        "relations": rels,
    }
    if a.editors:
        out["editors"] = list(a.editors)
    if a.url:
        out["url"] = a.url
    if a.tampered:
        out["tampered"] = True
    if persons_by_posts:
        from extract import place_info
        from kg.ids import person_iris

        ids = person_iris(out, place_info)
        for rec in ents:
            if rec["type"] == "Person" and rec["name"] in ids:
                rec["id"] = ids[rec["name"]]
    return out
