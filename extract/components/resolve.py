"""kg_resolve: candidates -> entities.

Overlapping candidates of the core types (Person, Place, Organization, Enterprise, Post) compete:
the longer span wins, then the higher score, then the type priority; descriptive types (Program,
Project, Event, Document) compete only among themselves, so a place inside a project name stays.
Candidates with the same type and canonical name become one Entity with all their mentions; the
other surface forms are its aliases. Strings the reading stage marked as spam never become names.
`doc.user_data["kg_mentions"]` keeps (start, end, entity) for the relation components.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands, line_mode
from extract.components.tokenizer import text_of
from extract.model import Entity, Mention

CORE = ("Person", "Place", "Organization", "Enterprise", "Post")
PRIORITY = {"Organization": 6, "Enterprise": 5, "Place": 4, "Person": 3, "Post": 2,
            "Event": 4, "Project": 3, "Program": 2, "Document": 1}
_SINGLE = {"level", "parent", "code", "kind", "title", "of", "category"}


_PAIRS = {"《": "》", "“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "〈": "〉"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def trim_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without an unpaired bracket or quote at either end, nor a pair wrapping it whole:
    天津日报》 -> 天津日报, 《人民日报》 -> 人民日报; 『花儿』队 and “和平”号 stay as they are."""
    while end - start >= 2:
        first, last = text[start], text[end - 1]
        if first in _PAIRS and (last == _PAIRS[first] and text.find(last, start + 1, end - 1) < 0
                                or _PAIRS[first] not in text[start + 1 : end]):
            start += 1
            if last == _PAIRS[first]:
                end -= 1
        elif last in _CLOSERS and _CLOSERS[last] not in text[start : end - 1]:
            end -= 1
        else:
            break
    return start, end


_FUNCTION_FIRST = set("和都从与及在对把被给向")  # function words that are (rare) surnames too
_CLITIC_FIRST = set("时连过")  # 时|表示, 连|正常, 过|好几


def function_word_name(name: str) -> bool:
    """A "name" that is a function word before a word (和|夫人, 都|承认, 时|表示, 和|工): no person.
    和广北, 连战, 向警予 stay (what follows the first letter is no common word)."""
    import jieba

    if len(name) < 2 or len(name) > 3:
        return False
    rest, freq = name[1:], jieba.dt.FREQ
    if name[0] in _FUNCTION_FIRST:
        return len(rest) == 1 or freq.get(rest, 0) >= 20 or freq.get(rest[0], 0) >= 20 and freq.get(name[:2], 0) == 0 \
            and freq.get(rest, 0) > 0
    return name[0] in _CLITIC_FIRST and len(rest) == 2 and freq.get(rest, 0) >= 50


def _trimmed(text: str, cs: list[Candidate]) -> list[Candidate]:
    """Core candidates with their edge marks trimmed (in place; a span left empty is dropped), without
    the persons that are a function word before a word."""
    out = []
    for c in cs:
        if c.type in CORE and c.end - c.start >= 2:
            c.start, c.end = trim_marks(text, c.start, c.end)
        if c.type == "Person" and function_word_name(text[c.start : c.end]):
            continue
        if c.end > c.start:
            out.append(c)
    return out


def _is_spam(name: str, spam: list[str]) -> bool:
    return any(s and (s == name or (len(s) >= 2 and s in name)) for s in spam)


def select(cs: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longest first, then score, then type priority."""
    order = sorted(cs, key=lambda c: (-(c.end - c.start), -c.score, -PRIORITY.get(c.type, 0), c.start))
    taken = bytearray(max((c.end for c in cs), default=0))  # 1: a character some kept candidate covers
    out = []
    for c in order:
        if c.end <= c.start or c.start < 0 or any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def _places_inside_bodies(kept: list[Candidate], all_c: list[Candidate]) -> list[Candidate]:
    """The places that name a kept body's jurisdiction (郯城县 in 郯城县委组织部): an article that names
    a county's committee names the county, so the place is mentioned there too (articles only: a
    sentence-level data set marks the outer span alone)."""
    bodies = [c for c in kept if c.type == "Organization"]
    if not bodies:
        return []
    from extract.components.gazetteer import LEVELS, gazetteer

    g = gazetteer()
    named = {c.name for c in kept if c.type == "Place"}

    def supported(c: Candidate) -> bool:  # a division under a place the article names (no 和县 in 县委和县政府)
        idx = c.attrs.get("_idx", c.attrs.get("_up"))
        return c.attrs.get("level") in LEVELS and idx is not None and (
            c.name in named or any(g.places[a].name in named for a in g.ancestors(idx)))

    inner = [c for c in all_c if c.type == "Place" and supported(c)
             and any(b.start <= c.start and c.end <= b.end and (b.start, b.end) != (c.start, c.end) for b in bodies)]
    return select(inner)


class Resolver:
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        art = doc._.article
        spam = list(art.spam) if art is not None else []
        all_c = _trimmed(text, cands(doc))
        core = select([c for c in all_c if c.type in CORE])
        articles = not line_mode(doc)
        if articles:
            core += _places_inside_bodies(core, all_c)
        kept = core + select([c for c in all_c if c.type not in CORE])
        entities: dict[tuple[str, str], Entity] = {}
        mentions = []
        for c in sorted(kept, key=lambda c: c.start):
            surface = text[c.start : c.end]
            name = (c.name or surface).strip()
            if not name or _is_spam(name, spam) or _is_spam(surface, spam):
                continue
            key = (c.type, name)
            ent = entities.get(key)
            if ent is None:
                ent = entities[key] = Entity(c.type, name, [], [], {})
            ent.mentions.append(Mention(c.start, c.end))
            if surface != name and surface not in ent.aliases:
                ent.aliases.append(surface)
            for k, v in c.attrs.items():
                if v is None:
                    continue
                if k in _SINGLE or k.startswith("_"):
                    ent.attrs.setdefault(k, v)
                elif isinstance(v, list):
                    ent.attrs.setdefault(k, [])
                    ent.attrs[k].extend(x for x in v if x not in ent.attrs[k])
                else:
                    ent.attrs.setdefault(k, v)
            mentions.append((c.start, c.end, ent, c))
        merged = _merge_foreign_parts(entities)
        mentions = [(s, e, merged.get(id(ent), ent), c) for s, e, ent, c in mentions]
        owners = _post_owners_only(kept, entities) if articles else set()
        doc._.kg_entities = [ent for ent in entities.values() if id(ent) not in owners]
        doc.user_data["kg_mentions"] = mentions
        return doc


def _post_owners_only(kept: list[Candidate], entities: dict[tuple[str, str], Entity]) -> set[int]:
    """Grassroots party bodies (of a township or village) named only as the owner of a post title
    (某镇党委|书记, 某村党支部|书记): there the body is part of the official's title, not a body the
    article speaks of, so it is no entity of its own (its mentions stay for the relation
    components). A county's or city's committee stays: it governs a jurisdiction the graph keeps.
    ids of such entities."""
    owned = {c.attrs["_org_start"] for c in kept if c.type == "Post" and c.attrs.get("_org_start") is not None}
    levels = {name: ent.attrs.get("level") for (typ, name), ent in entities.items() if typ == "Place"}
    return {id(ent) for (typ, _n), ent in entities.items()
            if typ == "Organization" and ent.attrs.get("kind") == "party"
            and levels.get(ent.attrs.get("_jurisdiction")) in ("township", "village")
            and ent.mentions and all(m.start in owned for m in ent.mentions)}


def _merge_foreign_parts(entities: dict[tuple[str, str], Entity]) -> dict[int, Entity]:
    """A person named by one part of a 名·姓 name found in the same article is that person
    (扎尔达里 -> 阿西夫·扎尔达里): the part becomes an alias. Returns {id(merged away): kept}."""
    full: dict[str, Entity | None] = {}
    for (typ, name), ent in entities.items():
        if typ == "Person" and "·" in name:
            parts = name.split("·")
            for part in {parts[0], parts[-1]}:
                if len(part) >= 2:
                    full[part] = ent if part not in full else None  # a part two names share decides nothing
    out: dict[int, Entity] = {}
    for part, ent in full.items():
        other = entities.get(("Person", part))
        if ent is None or other is None:
            continue
        ent.mentions.extend(other.mentions)
        ent.mentions.sort(key=lambda m: m.start)
        for a in [part, *other.aliases]:
            if a not in ent.aliases and a != ent.name:
                ent.aliases.append(a)
        for k, v in other.attrs.items():
            ent.attrs.setdefault(k, v)
        del entities[("Person", part)]
        out[id(other)] = ent
    return out


@Language.factory("kg_resolve")
def make_resolve(nlp: Language, name: str) -> Resolver:
    return Resolver()
