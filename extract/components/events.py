"""kg_events: meetings, conferences, plenary sessions, visits, openings, ceremonies, exhibitions.

- Named gatherings: a name ending in an event word (…会议, …大会, …全会, …推进会, …仪式, …论坛;
  resources/event_words.txt), its left edge cut at 召开/举行/在/的/…; kept when the text says it
  happened (召开/举行/主持/出席 near it, a date in its sentence, or a specific name with 届/次/quotes).
  "A暨B交流会和C推进会" is one event; its parts become aliases (mentions with the full name).
- Openings: a project name + 开通运营/通车/开工/投产 (龙龙高铁龙岩至武平段开通运营); the event's mention
  is the verb phrase, so the project keeps its own mention.
- Visits: a person + 到/赴/在 … + 调研/考察/慰问 in one clause.
- Quoted activities that happened: 举办/举行“X”活动, and “…运城行”/“…之旅” (a tour is an event).
- Speeches with a name: (A)发表“七一”重要讲话 -> event “七一”重要讲话 (A speaks; 七一 is July 1st).
Attributes: "date" (ISO, from a date in the sentence, resolved against the article date, else the
dateline's day in its document's year); an event with no date of its own takes the dateline's day
when it is named in the lead paragraph, or anywhere in a meeting report (the lead sentence says a
meeting was held) unless the text only refers back to it (…精神, 学习…, …以来);
"place", and "_participants" [(person, role)] for visits (read by kg_relations).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands
from extract.components.dates import DATE_RE, article_base, dateline, normalize_date
from extract.components.programs import alternation, read_sections
from extract.components.projects import cand_name, main_place, places_in, sentence_span
from extract.components.tokenizer import text_of

_NAME_CH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9“”‘’()（）·《》\-]")
_LEFT_STOP = re.compile(
    r"(?:召开|举行|举办|主持|出席|参加|承办|开展|进行了?|组织|在|于|到|赴|了|的|和|与|及|、|关于|有关|通过|按照|根据|"
    r"贯彻|传达|学习|落实|精神|期间|会上|作为|将|前夕|以来|随后|同时|其中|并|是|为|向|从|以|就|斩获|获得|荣获|"
    r"提请|提交|报请|列席|筹备|筹办|迎接|决定|经过|"
    + DATE_RE.pattern + ")"
)
_GENERIC = re.compile(r"^(?:此次|本次|这次|该|各类|一系列|系列|相关|上述|全体|这场|一场|各种|有关|重要|专题|两次|多次|各级|"
                      r"[一二三四五六七八九十\d]+(?:次|场|个))?$")
_SPECIFIC = re.compile(r"[届次“《]|\d")
_BACK_REF = re.compile(r"此次|本次|这次|该次|那次|上述|这场|此")
_JOIN = "暨和及与"
_PARTY_CONGRESS = re.compile(r"党的[一二三四五六七八九十]+(?:届[一二三四五六七八九十]+中全会|大)")
_CLAUSE_END = re.compile(r"[，,。；;！？!?\n]")
_HELD_QUOTED = re.compile(r"(?:举办|举行)了?“([^“”\n]{4,40})”(?:系列)?活动"
                          r"|“([^“”\n]{2,30}(?:[\u4e00-\u9fff]{2}行|之旅))”")
_SPEECH = re.compile(r"(?:发表|作)了?(“[^“”\n]{1,8}”(?:重要)?讲话)")
_FESTIVAL = {"元旦": (1, 1), "五一": (5, 1), "五四": (5, 4), "六一": (6, 1), "七一": (7, 1), "八一": (8, 1), "十一": (10, 1)}
_HELD = re.compile(r"召开|举行|举办|主持|出席|开幕|闭幕|会议|座谈")
_REFERS_BACK = re.compile(r"^(?:上的|的)?(?:重要)?(?:讲话|报告)?(?:精神|以来|召开以来|胜利召开|前夕|之后|后)")
_REFERS_BEFORE = re.compile(r"(?:学习|贯彻|传达|落实|宣讲|领会|宣传)[^，。；]{0,6}$")


def refers_back(text: str, s: int, e: int) -> bool:
    """Whether the event named at text[s:e] is only referred back to (学习…大会精神), not held here."""
    return bool(_REFERS_BACK.match(text[e : e + 12]) or _REFERS_BEFORE.search(text[max(0, s - 10) : s]))


@lru_cache(maxsize=1)
def _patterns():
    w = read_sections("event_words.txt")
    suffix = re.compile(rf"(?:{alternation(w['suffix'])})(?!长|员|议室|场|址|所|费|计|标|徽|金奖|银奖|奖|主席|秘书|代表|常务委员会|常委会|堂)")
    trig = alternation(w["trigger"])
    before = re.compile(rf"(?:{trig})[了好]?$")
    after = re.compile(rf"^(?:[于在][^，。；]{{0,12}})?(?:{trig}|隆重|开幕|闭幕|上|期间|中)")
    opening = re.compile(rf"(?:正式|顺利|集中|全线)?(?:{alternation(w['opening'])})")
    visit = re.compile(rf"(?:带队|率队|一行|带领[^，。；,;]{{0,14}}?)?(?:到|赴|深入|前往|在)([^，。；,;]{{2,24}}?)"
                       rf"({alternation(w['visit'])})([^，。；,;]{{0,12}})")
    return suffix, before, after, opening, visit


def _left(text: str, end: int, maxlen: int = 40) -> int:
    i = end
    lo = max(0, end - maxlen)
    while i > lo and _NAME_CH.match(text[i - 1]):
        i -= 1
    window = text[i:end]
    last = None
    for m in _LEFT_STOP.finditer(window):
        if not _inside_quotes(window, m.start()):
            last = m
    if last:
        i += last.end()
    if text[i:end].count("”") > text[i:end].count("“"):  # “A B”座谈会: reach back across the space
        j = text.rfind("“", max(0, i - 16), i)
        if j >= 0 and "\n" not in text[j:i]:
            return j
    if text[i:end].count("》") > text[i:end].count("《"):  # 《…典故》（马来语版）启播仪式: the whole title
        j = text.rfind("《", max(0, i - 40), i)
        if j >= 0 and "\n" not in text[j:i]:
            return j
    while i < end and text[i] in "”’)）》":
        i += 1
    return i


def _inside_quotes(s: str, i: int) -> bool:
    return s[:i].count("“") > s[:i].count("”") or s[:i].count("《") > s[:i].count("》")


def _date(text: str, s: int, e: int, base: str | None) -> str | None:
    """The date of the event at [s, e): the nearest date expression before it in its sentence (else after)."""
    ss, se = sentence_span(text, s)
    before = [m for m in DATE_RE.finditer(text, ss, s)]
    after = [m for m in DATE_RE.finditer(text, e, se)]
    for m in ([before[-1]] if before else []) + (after[:1]):
        d = normalize_date(m.group(), base)
        if d and "/" not in d:
            return d
    return None


def find_gatherings(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, parts) of named gatherings; parts are the spans of "暨/和" joined sub-events."""
    suffix, before, after, _, _ = _patterns()
    spans: list[tuple[int, int]] = []
    for m in suffix.finditer(text):
        e = m.end()
        s = _left(text, m.start())
        ref = list(_BACK_REF.finditer(text, s, m.start()))
        if ref:  # 高度重视此次|会议: a reference to a meeting named before, no name
            s = ref[-1].end()
        head = text[s : m.start()]
        if _GENERIC.match(head) or (spans and spans[-1][1] > s):
            if spans and spans[-1][1] > s and spans[-1][1] >= e:
                continue
        if _GENERIC.match(head):
            continue
        if text[s:e].count("“") != text[s:e].count("”") or text[s:e].count("（") != text[s:e].count("）") \
                or text[s:e].count("《") != text[s:e].count("》"):
            continue
        if spans and s < spans[-1][1]:
            spans[-1] = (min(s, spans[-1][0]), e)
            continue
        spans.append((s, e))
    for m in _PARTY_CONGRESS.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            spans.append(m.span())
    spans.sort()
    # join A和B / A暨B into one event
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for s, e in spans:
        if out and s - out[-1][1] == 1 and text[out[-1][1]] in _JOIN:
            ps, _, parts = out[-1]
            out[-1] = (ps, e, parts + [(s, e)])
        else:
            out.append((s, e, [(s, e)]))
    kept = []
    for s, e, parts in out:
        ctx_before = text[max(0, s - 6) : s]
        ctx_after = text[e : e + 16]
        ss, _ = sentence_span(text, s)
        dated = bool(DATE_RE.search(text, ss, s))
        if before.search(ctx_before) or after.match(ctx_after) or dated or _SPECIFIC.search(text[s:e]) or len(parts) > 1:
            kept.append((s, e, parts))
    return kept


@Language.factory("kg_events")
def make_events(nlp: Language, name: str):
    """spaCy factory: adds Event candidates (attrs date, place, _participants) to doc._.kg_cands."""

    def kg_events(doc: Doc) -> Doc:
        cs = cands(doc)
        text = text_of(doc)
        art = doc._.article
        base = article_base(art)
        home = main_place(cs, text)
        _, _, _, opening, visit = _patterns()
        new: list[Candidate] = []

        def place_of(s: int, e: int) -> str | None:
            inside = places_in(cs, s, e)
            if inside:
                return cand_name(inside[0], text)
            ss, _ = sentence_span(text, s)
            near = [c for c in places_in(cs, ss, s) if s - c.end <= 8]
            return cand_name(near[-1], text) if near else home

        for s, e, parts in find_gatherings(text):
            name = re.sub(r"\s+", "", text[s:e])
            attrs = {"date": _date(text, s, e, base), "place": place_of(s, e)}
            new.append(Candidate(s, e, "Event", name, attrs, source="kg_events"))
            if len(parts) > 1:  # the parts are other names of the same event
                for ps, pe in parts:
                    new.append(Candidate(ps, pe, "Event", name, dict(attrs), source="kg_events", score=0.9))
        for c in [c for c in cs if c.type == "Project"]:
            m = opening.match(text, c.end)
            if m:
                verb = re.sub(r"^(?:正式|顺利|全线)", "", m.group())
                pname = cand_name(c, text) + verb
                attrs = {"date": _date(text, c.start, m.end(), base), "place": c.attrs.get("place") or home}
                # the mention is the verb, so the project's own name stays a Project mention
                new.append(Candidate(c.end, m.end(), "Event", pname, attrs, source="kg_events"))
        for c in [c for c in cs if c.type == "Person"]:
            m = visit.match(text, c.end)
            if not m:
                continue
            e = m.end()
            while e > m.start(3) and _CLAUSE_END.match(text[e - 1]):
                e -= 1
            pname = cand_name(c, text)
            name = pname + text[c.end : e]
            where = m.span(1)
            inside = places_in(cs, *where)
            attrs = {"date": _date(text, c.start, e, base),
                     "place": cand_name(inside[-1], text) if inside else home,
                     "_participants": [(pname, m.group(2))]}
            new.append(Candidate(c.start, e, "Event", name, attrs, source="kg_events"))
        for m in _HELD_QUOTED.finditer(text):
            g = 1 if m.group(1) else 2
            qs, qe = m.span(g)
            if g == 2 and ("、" in m.group(g) or not any(
                    c.type == "Place" and c.end == qe - (2 if m.group(g).endswith("之旅") else 1) for c in cs)):
                continue  # a tour names where it goes: “企业家青石行”, not “学史力行”
            attrs = {"date": _date(text, qs, qe, base), "place": place_of(qs, qe)}
            new.append(Candidate(qs, qe, "Event", re.sub(r"\s+", "", m.group(g)), attrs, source="kg_events"))
        for m in _SPEECH.finditer(text):
            qs, qe = m.span(1)
            name = m.group(1)
            attrs = {"date": _festival_day(name, base) or _date(text, qs, qe, base), "place": None}
            who = [c for c in cs if c.type == "Person" and 0 <= m.start() - c.end <= 4]
            if who:
                attrs["_participants"] = [(cand_name(who[-1], text), "讲话")]
            new.append(Candidate(qs, qe, "Event", name, attrs, source="kg_events"))
        _unify_parts(new)
        _dateline_days(text, base, new)
        cs.extend(new)
        return doc

    return kg_events


def _festival_day(name: str, base: str | None) -> str | None:
    """“七一”重要讲话 -> July 1st of the article's year (the day the name is for)."""
    m = re.search(r"“([^”]+)”", name)
    md = _FESTIVAL.get(m.group(1)) if m else None
    if not md or not base:
        return None
    y = int(base[:4])
    iso = f"{y:04d}-{md[0]:02d}-{md[1]:02d}"
    return iso if iso <= base[:10] or len(base) < 10 else f"{y - 1:04d}-{md[0]:02d}-{md[1]:02d}"


def _dateline_days(text: str, base: str | None, events: list[Candidate]) -> None:
    """Events without a date of their own happened on the dateline's day (see the module doc)."""
    found = dateline(text, base)
    if not found:
        return
    day, lead = found
    para_end = text.find("\n", lead)
    para_end = len(text) if para_end < 0 else para_end
    sent = re.search(r"[。！？\n]", text[lead:])
    report = bool(_HELD.search(text, lead, lead + sent.start() if sent else len(text)))
    for c in events:
        if c.attrs.get("date") or _PARTY_CONGRESS.match(c.name or ""):
            continue
        if refers_back(text, c.start, c.end):
            continue
        if lead <= c.start < para_end or (report and c.start > lead):
            c.attrs["date"] = day


def _unify_parts(events: list[Candidate]) -> None:
    """A name that is one 暨/和-joined part of a longer event name takes the longer name."""
    names = {c.name for c in events if c.name}
    for c in events:
        name = c.name
        if not name or len(name) < 4:
            continue
        for other in names:
            if other != name and name in other and _is_part(name, other):
                c.name = other
                break


def _is_part(name: str, other: str) -> bool:
    """`name` is a whole 暨/和-joined part of `other`."""
    i = other.find(name)
    while i >= 0:
        j = i + len(name)
        if (i == 0 or other[i - 1] in _JOIN) and (j == len(other) or other[j] in _JOIN):
            return True
        i = other.find(name, i + 1)
    return False
