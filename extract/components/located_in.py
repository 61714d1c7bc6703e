"""kg_located_in: {child, parent} for the article's places, from the gazetteer hierarchy.

Emitted when the parent is itself in the article or the child lies in the article's main province
(so a list of far-away cities does not fill the graph with facts the article never states).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.model import Relation


class LocatedIn:
    def __call__(self, doc: Doc) -> Doc:
        from extract.components.gazetteer import gazetteer

        g = gazetteer()
        ents = [e for e in doc._.kg_entities or [] if e.type == "Place"]
        names = {e.name for e in ents}
        province = (doc.user_data.get("kg_context") or {}).get("province")
        rels = doc._.kg_relations if doc._.kg_relations is not None else []
        for e in ents:
            parent = e.attrs.get("parent")
            if not parent or parent == "中国" or e.attrs.get("level") in ("country", "province"):
                continue
            inside = parent in names
            idx = e.attrs.get("_idx")
            if not inside and province and idx is not None:
                inside = any(g.places[a].name == province for a in g.ancestors(idx))
            if inside:
                m = e.mentions[0] if e.mentions else None
                rels.append(Relation("located_in", {"child": e.name, "parent": parent},
                                     (m.start, m.end) if m else None))
        doc._.kg_relations = rels
        return doc


@Language.factory("kg_located_in")
def make_located_in(nlp: Language, name: str) -> LocatedIn:
    return LocatedIn()
