"""What the pipeline components share: candidate mentions and the Doc extensions that carry them.

Each component reads `doc.text` (the article's analysed, simplified text) and what earlier components
left on the Doc, and adds to it:
- `doc._.kg_cands`: candidate mentions (`Candidate`, char offsets into doc.text), from the entity components;
- `doc._.kg_entities`: resolved entities (`extract.model.Entity`), from `kg_resolve`;
- `doc._.kg_relations`: relations (`extract.model.Relation`), from the relation components;
- `doc._.article`: the `extract.model.Article` being read (metadata: date, source, title), or None.
Offsets are characters, not tokens: a name need not align with the segmenter's tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc


@dataclass
class Candidate:
    """A mention found by a component: a span of doc.text with a type and (optional) canonical name."""

    start: int
    end: int
    type: str  # Person, Place, Organization, Enterprise, Program, Project, Event, Post, Document
    name: str | None = None  # canonical name; None: the surface text
    attrs: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # component that proposed it
    score: float = 1.0

    def text(self, doc: Doc) -> str:
        from extract.components.tokenizer import text_of

        return text_of(doc)[self.start : self.end]


def line_mode(doc: Doc) -> bool:
    """Whether the Doc is a sentence of a line-mode data set (`kg extract --lines`), not an article."""
    art = doc._.article
    return art is not None and isinstance(art.extra, dict) and bool(art.extra.get("line_mode"))


def ensure_extensions() -> None:
    """Register the Doc extensions (idempotent)."""
    for name, default in (("kg_cands", None), ("kg_entities", None), ("kg_relations", None), ("article", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def cands(doc: Doc) -> list[Candidate]:
    """The Doc's candidate list (created on first use)."""
    if doc._.kg_cands is None:
        doc._.kg_cands = []
    return doc._.kg_cands


ensure_extensions()
