"""kg_located_in: {child, parent} for the article's places, from the gazetteer hierarchy.

Emitted when the parent is itself in the article, or (for counties and below) the child lies in the
article's main province, so a list of far-away cities does not fill the graph with facts the article
never states. A prefecture or region lies in its province only when the article names the province
or at least three places of it (an article on that province's geography, whose province name may have
been lost to a hijacked page); a province lies in the country only when the article names the country.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.model import Relation

_NAMED_PARENT_ONLY = ("province", "prefecture", "region")
_RICH = 3


def _places_in(g, ents: list, province: str) -> int:
    """How many of the article's places lie in `province` (by the gazetteer)."""
    n = 0
    for e in ents:
        idx = e.attrs.get("_idx")
        if idx is not None and any(g.places[a].name == province for a in g.ancestors(idx)):
            n += 1
    return n


def _chain(g, e) -> list[int]:
    """The gazetteer places above a place entity, nearest first (a village: its township, then up)."""
    idx = e.attrs.get("_idx")
    if idx is not None:
        return g.ancestors(idx)
    up = e.attrs.get("_up")
    return [up, *g.ancestors(up)] if up is not None else []


class LocatedIn:
    """A place lies in the nearest of its gazetteer ancestors that the article names (a county in a
    province when the article skips the prefecture), so each stated containment is the one the text
    supports; with no ancestor named, in its parent when that lies in the article's main province."""

    def __call__(self, doc: Doc) -> Doc:
        from extract.components.gazetteer import gazetteer

        g = gazetteer()
        ents = [e for e in doc._.kg_entities or [] if e.type == "Place"]
        names = {e.name for e in ents}
        province = (doc.user_data.get("kg_context") or {}).get("province")
        rels = doc._.kg_relations if doc._.kg_relations is not None else []
        rich = province is not None and _places_in(g, ents, province) >= _RICH
        for e in ents:
            level = e.attrs.get("level")
            chain = _chain(g, e)
            named = next((g.places[a].name for a in chain if g.places[a].name in names and g.places[a].name != e.name), None)
            parent = named or e.attrs.get("parent")
            if not parent or level == "country" or (parent == "中国" and level != "province"):
                continue
            inside = named is not None
            if not inside and province and chain and (rich or level not in _NAMED_PARENT_ONLY):
                inside = any(g.places[a].name == province for a in chain)
            if inside:
                m = e.mentions[0] if e.mentions else None
                rels.append(Relation("located_in", {"child": e.name, "parent": parent},
                                     (m.start, m.end) if m else None))
        doc._.kg_relations = rels
        return doc


@Language.factory("kg_located_in")
def make_located_in(nlp: Language, name: str) -> LocatedIn:
    return LocatedIn()
