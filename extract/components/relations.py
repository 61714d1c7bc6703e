"""kg_relations: participant, project_in, involved_in and launched_by relations.

Reads the resolved entities (doc._.kg_entities) and their mentions in doc.text:
- participant {event, person, role}: "A主持并讲话", "B、C出席(会议)", "D等…作了发言" attach the persons
  to the event named in the same sentence, else to the article's main event (the first one named);
  visits found by kg_events carry their own participants;
- project_in {project, place}: the places named inside a project name, else its "place" attribute;
- involved_in {enterprise, project}: an enterprise named inside a project name (by the form written
  there, one of its names), or in the same clause, not across a list's 、, with 投资/建设/承建/落地/签约;
- launched_by {program, by}: one launcher per program, from its first mention that names one: the
  place, organization or person that 开展/推出/实施/提出 it (the subject of the launching clause,
  else of the sentence; an interview's speaker label is no subject; the person who 提出/倡导 it),
  or names it right before (芦淞区的“X”, 我市“X”); 中共中央 when 党中央/中央要求/在全党 launches it;
  the article's main place when the sentence launches it without a subject (not in an exhortation).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.events import refers_back
from extract.components.projects import sentence_span
from extract.components.tokenizer import text_of
from extract.model import Entity, Relation

_ROLE = re.compile(r"主持并讲话|主持召开|主持|出席会议并讲话|出席并讲话|出席|致辞|作交流发言|作了?发言|交流发言|讲话|参加|会见|宣讲")
_ROLE_NAME = {"主持召开": "主持", "出席会议并讲话": "出席", "出席并讲话": "出席", "作交流发言": "发言", "作发言": "发言",
              "作了发言": "发言", "交流发言": "发言"}
_LIST_GAP = re.compile(r"\s*(?:[、，,和与及][^。；;！？“”]{0,20})?")
_BAD_GAP = re.compile(r"[。；;！？\n的]|关于|重要|精神|指示|要求|提出|说|认为")
_LAUNCH = re.compile(r"(?:组织开展|部署开展|持续开展|深入开展|开展|创新推出|推出|实施|启动|提出|倡导|部署|发布|推行|上线|建立|探索|"
                     r"打造|落实|出台)[了好起]?")
_SELF = re.compile(r"我市|全市|我区|全区|我县|全县|我们")
_SELF_BEFORE = re.compile(r"(?:我市|我区|我县|我省|全市|全区|全县)[“「\"]?$")
_CENTRE = re.compile(r"党中央|中共中央|(?<![\u4e00-\u9fff])中央(?=要求|部署|决定|提出|号召)|在全党")
_ORIGINATE = re.compile(r"提出|倡导")
_SELF_LEVEL = {"市": ("prefecture",), "区": ("county",), "县": ("county",), "省": ("province",)}
_SPEAKER = re.compile(r"\s*[：:]")  # an interview's speaker label (张三：…) is no subject
_CLAUSE_START = re.compile(r".*[，,；;：:]", re.S)
_EXHORT = re.compile(r"要|应当|应该|须|引导|鼓励|推动|支持|号召")
_INVEST = re.compile(r"投资|建设|承建|落地|签约|签订|落户|引进|开工|合作")
_SPEECH = re.compile(r"[，,]?(?:说|表示|指出|强调|讲话|发言|介绍|要求|提出|坦言|谈到)")
_CLAUSE = re.compile(r"[，,。；;！？\n]")


def _mentions(ents: list[Entity], types: tuple[str, ...]) -> list[tuple[int, int, Entity]]:
    out = [(m.start, m.end, e) for e in ents if e.type in types for m in e.mentions]
    out.sort(key=lambda t: t[0])
    return out


def _main_place(ents: list[Entity]) -> str | None:
    best = None
    for e in ents:
        if e.type != "Place":
            continue
        key = (e.attrs.get("level") in ("prefecture", "county"), len(e.mentions))
        if best is None or key > best[0]:
            best = (key, e.name)
    return best[1] if best else None


def _self_place(ents: list[Entity], word: str) -> str | None:
    """The place 我市/全区/我省 stands for: the most mentioned place of that level."""
    levels = _SELF_LEVEL.get(word[1:2])
    best = None
    for e in ents:
        if e.type == "Place" and levels and e.attrs.get("level") in levels and e.name.endswith(word[1]):
            if best is None or len(e.mentions) > best[0]:
                best = (len(e.mentions), e.name)
    return best[1] if best else None


def participants(text: str, ents: list[Entity], reporters: tuple[str, ...] = ()) -> list[Relation]:
    """participant relations from role verbs next to person names (the article's reporters excepted)."""
    rels: list[Relation] = []
    events = _mentions(ents, ("Event",))
    persons = [p for p in _mentions(ents, ("Person",)) if p[2].name not in reporters]
    for e in ents:
        if e.type == "Event":
            for pname, role in e.attrs.get("_participants") or []:
                ev = (e.mentions[0].start, e.mentions[0].end) if e.mentions else None
                rels.append(Relation("participant", {"event": e.name, "person": pname}, ev, {"role": role}))
    if not events or not persons:
        return rels
    rels += _speakers_at(text, events, persons)
    main = min(events, key=lambda t: t[0])[2]
    seg_start = 0
    for m in _ROLE.finditer(text):
        ss, se = sentence_span(text, m.start())
        lo = max(ss, seg_start)
        seg_start = m.end()
        before = [p for p in persons if lo <= p[0] and p[1] <= m.start()]
        if not before:
            continue
        k = len(before) - 1  # the list of names ending next to the verb (A、市长B和C), no earlier name
        while k > 0 and before[k - 1][1] <= before[k][0] and _LIST_GAP.fullmatch(text[before[k - 1][1] : before[k][0]]):
            k -= 1
        before = before[k:]
        gap = text[before[-1][1] : m.start()]
        limit = 26 if gap.startswith("等") else 12
        if len(gap) > limit or _BAD_GAP.search(gap):
            continue
        same = [ev for ev in events if ss <= ev[0] < se and not refers_back(text, ev[0], ev[1])]
        if same:
            event = min(same, key=lambda ev: abs(ev[0] - m.start()))[2]
        else:
            event = main
        role = _ROLE_NAME.get(m.group(), m.group())
        roles = ["主持", "讲话"] if role == "主持并讲话" else [role]
        for _, _, p in {id(p[2]): p for p in before}.values():
            for r in roles:
                rels.append(Relation("participant", {"event": event.name, "person": p.name}, (before[0][0], m.end()),
                                     {"role": r}))
    return rels


def _speakers_at(text: str, events: list, persons: list) -> list[Relation]:
    """Who spoke at an event: "A在X上说/表示/指出…" or "在X上，(职务)A说…": speaking there is taking
    part in it (role 讲话)."""
    rels = []
    for s, e, ev in events:
        if text[s - 1 : s] != "在" or text[e : e + 1] != "上":
            continue
        after = _SPEECH.match(text, e + 1)
        before = [p for p in persons if p[1] <= s - 1 and not _CLAUSE.search(text, p[1], s - 1) and s - 1 - p[1] <= 8]
        if after and before:
            speaker = before[-1]
        else:
            nxt = [p for p in persons if e + 1 <= p[0] <= e + 32 and not re.search(r"[。；;！？\n]", text[e + 1 : p[0]])]
            if not nxt or not _SPEECH.match(text, nxt[0][1]):
                continue
            speaker = nxt[0]
        rels.append(Relation("participant", {"event": ev.name, "person": speaker[2].name},
                             (min(s, speaker[0]), max(e, speaker[1])), {"role": "讲话"}))
    return rels


def project_in(ents: list[Entity]) -> list[Relation]:
    rels = []
    for e in ents:
        if e.type != "Project":
            continue
        places = e.attrs.get("_places") or ([e.attrs["place"]] if e.attrs.get("place") else [])
        ev = (e.mentions[0].start, e.mentions[0].end) if e.mentions else None
        for p in dict.fromkeys(places):
            rels.append(Relation("project_in", {"project": e.name, "place": p}, ev))
    return rels


def involved_in(text: str, ents: list[Entity]) -> list[Relation]:
    rels = []
    projects = _mentions(ents, ("Project",))
    for s, e, ent in _mentions(ents, ("Enterprise",)):
        for ps, pe, proj in projects:
            inside = ps <= s and e <= pe
            if not inside:
                lo, hi = (e, ps) if e <= ps else (pe, s)
                between = text[lo:hi]
                if hi - lo > 20 or _CLAUSE.search(between) or "、" in between:
                    continue  # another clause, or another item of a list (A的X、B的Y)
                clause_end = _CLAUSE.search(text, max(e, pe))
                tail = text[max(e, pe) : clause_end.start() if clause_end else len(text)]
                if not (_INVEST.search(between) or _INVEST.search(tail[:8])):
                    continue
            surface = text[s:e]  # the form the text names it by here, when it is one of the entity's names
            name = surface if surface in ent.aliases else ent.name
            rels.append(Relation("involved_in", {"enterprise": name, "project": proj.name}, (min(s, ps), max(e, pe))))
    return rels


def launched_by(text: str, ents: list[Entity], ctx: dict | None = None) -> list[Relation]:
    """One launcher per program: the first mention that says who launched it (see the module doc)."""
    rels = []
    agents = [a for a in _mentions(ents, ("Place", "Organization", "Person")) if not _SPEAKER.match(text, a[1])]
    home = _main_place(ents)
    done: set[str] = set()
    first: dict[str, tuple] = {}  # program -> its first mention, for the local fallback
    for s, e, prog in _mentions(ents, ("Program",)):
        if prog.name in done:
            continue
        ss, _ = sentence_span(text, s)
        prev = [a for a in agents if ss <= a[0] and a[1] <= s]
        by = None
        if prev and 0 <= s - prev[-1][1] <= 2 and text[prev[-1][1] : s].rstrip("“「\"") in ("", "的"):
            by = prev[-1][2].name  # 芦淞区的“七办七零”, 省委“X”
        elif _SELF_BEFORE.search(text, max(ss, s - 4), s):
            word = _SELF_BEFORE.search(text, max(ss, s - 4), s).group()
            by = _self_place(ents, word) or (ctx or {}).get(_SELF_LEVEL.get(word[1:2], ("",))[0])  # 我市“X”行动
            if not by:
                continue
        else:
            by = _clause_launcher(text, ss, s, prev, home)
        first.setdefault(prog.name, (prog, ss, s, e, prev))
        if by and by != prog.name:
            done.add(prog.name)
            rels.append(Relation("launched_by", {"program": prog.name, "by": by}, (ss, e)))
    for name, (prog, ss, s, e, prev) in first.items():
        if name not in done and not prog.attrs.get("_general"):
            by = _local_launcher(text, s, prev)
            if by and by != name:
                rels.append(Relation("launched_by", {"program": name, "by": by}, (ss, e)))
    return rels


def _clause_launcher(text: str, ss: int, s: int, prev: list, home: str | None) -> str | None:
    """The launcher a launching clause before the program names (see the module doc), or None."""
    window = text[max(ss, s - 14) : s]
    launch = list(_LAUNCH.finditer(window))
    if not launch:
        return None
    cut = s - len(window) + launch[-1].start()
    if re.search(r"[，,；;：:]", text[cut + len(launch[-1].group()) : s]):
        return None  # the verb launches something else (建立…机制，推动“X”)
    subj = [a for a in prev if a[1] <= cut]
    clause = _CLAUSE_START.search(text, ss, cut)
    cs = clause.end() if clause else ss
    near = [a for a in subj if a[0] >= cs]
    lead_in = text[cs:cut]
    people = [a for a in subj if a[2].type == "Person"]
    if not near and not _SELF.search(lead_in) and _CENTRE.search(text, ss, cut):
        return "中共中央"  # 中央要求…，开展, 在全党开展: the Party centre launches it
    if people and _ORIGINATE.match(launch[-1].group()):
        return people[-1][2].name  # 张三提出/倡导“X”: the person who conceived it
    if near:
        return near[-1][2].name  # the subject of the launching clause
    if subj:
        return subj[0][2].name  # the subject of the sentence
    if home and not _EXHORT.search(lead_in) and (
        (not prev and launch[-1].group().endswith("开展") and len(lead_in) <= 8) or _SELF.search(text[ss:cut])
    ):
        return home
    return None


def _local_launcher(text: str, s: int, prev: list) -> str | None:
    """Who runs a local program that no launching clause names: the place or body named last before
    it in its clause (某县探索的“X”, 某镇“X”机制): a local initiative is the locality's own. National
    campaigns (the general list) are never guessed this way, nor across a clause."""
    local = [a for a in prev if a[2].type in ("Place", "Organization") and a[1] <= s]
    if local and not _CLAUSE.search(text, local[-1][1], s):
        return local[-1][2].name
    return None


def extract_relations(doc: Doc) -> list[Relation]:
    """All four relation kinds for one Doc (deduplicated)."""
    ents = doc._.kg_entities or []
    text = text_of(doc)
    art = doc._.article
    reporters = tuple(getattr(art, "reporters", None) or ())
    found = participants(text, ents, reporters) + project_in(ents) + involved_in(text, ents) + launched_by(text, ents, doc.user_data.get("kg_context"))
    seen, out = set(), []
    for r in found:
        key = (r.type, tuple(sorted(r.args.items())), r.attrs.get("role"))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


@Language.factory("kg_relations")
def make_relations(nlp: Language, name: str):
    """spaCy factory: appends participant/project_in/involved_in/launched_by to doc._.kg_relations."""

    def kg_relations(doc: Doc) -> Doc:
        if doc._.kg_relations is None:
            doc._.kg_relations = []
        doc._.kg_relations.extend(extract_relations(doc))
        return doc

    return kg_relations
