"""IRI minting: one IRI per real-world entity across all articles.

Identity rule (documented in README):
- Place: keyed by its administrative code when the gazetteer knows it, else by canonical name.
- Person: name plus jurisdiction (the prefecture/province the person's posts or the article place
  them in), so two 张杰 in different cities stay apart and one person in two articles of the same
  city merges. No jurisdiction known: name plus the article's place, else the name alone.
- Organization, Enterprise, Program, Project, Event, Post, Document: canonical name (already
  expanded with its jurisdiction, e.g. 株洲市委).
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from kg.vocab import ARTICLE, ID


def iri_key(s: str) -> str:
    """A path segment for an IRI: the text itself, percent-encoded where IRIs need it."""
    out = []
    for ch in s.strip():
        if ch.isalnum() or ch in "-._~" or ord(ch) > 0x7F and not ch.isspace():
            out.append(ch)
        else:
            out.append(quote(ch, safe=""))
    return "".join(out) or "_"


def entity_iri(entity: Any) -> str:
    """The IRI of an entity (an extract.model.Entity, or a record dict with type/name/...)."""
    if isinstance(entity, dict):
        etype, name, attrs = entity["type"], entity["name"], entity
    else:
        etype, name, attrs = entity.type, entity.name, entity.attrs
    kind = etype.lower()
    if etype == "Place" and attrs.get("code"):
        return f"{ID}place/{attrs['code']}"
    if etype == "Person":
        where = attrs.get("jurisdiction") or attrs.get("_jurisdiction")
        if where:
            return f"{ID}person/{iri_key(where)}/{iri_key(name)}"
    return f"{ID}{kind}/{iri_key(name)}"


def article_iri(doc: str, index: int, text: str | None = None, url: str | None = None) -> str:
    """The IRI of an article: stable for the same source document and position.

    Keyed by the URL when known, else by the document's base name and the article index.
    """
    from pathlib import PurePath

    key = url or PurePath(str(doc)).name
    h = hashlib.sha1(f"{key}#{index}".encode()).hexdigest()[:16]
    return f"{ARTICLE}{h}"
