"""kg_projects: construction and investment projects (…项目, …工程, X高铁Y至Z段, X大道四期, plants).

Rules over doc.text: a name ending in 项目/工程; the items of a list closed by 等项目/等工程/等道路;
a transport line with its section (X铁路A至B段); a road, facility or plant with a construction word
near it. Names made only of generic modifiers (重点项目, 13个重大项目, PPP项目) are dropped.
Attributes: "place" (a division of the article's province named inside the project name, else near
it, else the article's main place) and "investment" (yuan, from 总投资120亿元的X / X总投资…).
Also home of the small text helpers the event and relation components share.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands
from extract.components.gazetteer import LEVELS
from extract.components.money import MONEY_RE, parse_money
from extract.components.programs import alternation, read_sections
from extract.components.tokenizer import text_of

_NAME_CH = r"[\u4e00-\u9fffA-Za-z0-9“”‘’()（）·\-]"
_NAME_CH_RE = re.compile(_NAME_CH)
_LEFT_STOP = re.compile(
    r"(?:(?:将|要|拟|正在|计划|加快|推进|开工|启动|全力|新)建设|的|在|和|与|及|、|等|是|为|将|把|对|由|从|向|了|着|于|推进|推动|实施|加快|抓好|完成|引进|开展|包括|其中|以及|随着|"
    r"打通|启动|谋划|落实|实现|确保|助推|服务|支持|聚焦|围绕|带动|成为|作为|全力|加速|全面|积极|有序|"
    r"建成|新建|开工|签约|竣工|投产|动工|建立|首个|首座|首条|首批|唯一|\d+(?:个|座|处|条|项)|\d+年|\d+月|\d+日|今年|去年|目前|如今|当前|此外|同时|一是|二是|三是|四是|五是|六是)"
)
_SENT_END = re.compile(r"[。！？!?；;\n]")
_MONEY_BEFORE = re.compile(rf"(?:总投资|投资总额|计划投资|投资)(?:约|达|超|近|逾)?({MONEY_RE.pattern})(?:的)?$")
_MONEY_AFTER = re.compile(rf"^[^，。；,;]{{0,6}}?(?:总投资|投资总额|计划投资|投资)(?:约|达|超|近|逾|为)?({MONEY_RE.pattern})")
_PATH_WORD = set("道之新思出门套线网电马老末歧弯退去来前后正邪")  # …X路 that is a common word, no road name
_FUNDED = re.compile(r"投资[^，。；;！？\n]{0,10}的(?=$)")  # 投资180万元的|公路桥: a funded facility
_SECTION = r"[\u4e00-\u9fff]{2,4}至[\u4e00-\u9fff]{2,4}段"


def left_name(text: str, end: int, maxlen: int = 24) -> int:
    """Start of the name that ends at `end`: back over name characters, cut after stop words."""
    i = end
    lo = max(0, end - maxlen)
    while i > lo and _NAME_CH_RE.match(text[i - 1]):
        i -= 1
    window = text[i:end]
    last = None
    for m in _LEFT_STOP.finditer(window):
        if m.end() < len(window):
            last = m
    if last:
        i += last.end()
    # a closing quote whose opening one lies further left (across a space): reach back to it
    if text[i:end].count("”") > text[i:end].count("“"):
        j = text.rfind("“", max(0, i - 14), i)
        if j >= 0 and "\n" not in text[j:i]:
            return j
    while i < end and text[i] in "”’)）·-":
        i += 1
    return i


def sentence_span(text: str, i: int) -> tuple[int, int]:
    """[start, end) of the sentence holding offset i."""
    s = i
    while s > 0 and not _SENT_END.match(text[s - 1]):
        s -= 1
    m = _SENT_END.search(text, i)
    return s, (m.end() if m else len(text))


def places_in(cs: list[Candidate], start: int, end: int) -> list[Candidate]:
    """Place candidates inside [start, end), in text order."""
    return sorted((c for c in cs if c.type == "Place" and start <= c.start and c.end <= end), key=lambda c: c.start)


def cand_name(c: Candidate, text: str) -> str:
    return c.name or text[c.start : c.end]


def main_place(cs: list[Candidate], text: str) -> str | None:
    """The article's main place: the most mentioned prefecture/county place (else any place)."""
    local = Counter()
    anyp = Counter()
    for c in cs:
        if c.type != "Place":
            continue
        n = cand_name(c, text)
        anyp[n] += 1
        if c.attrs.get("level") in ("prefecture", "county"):
            local[n] += 1
    best = local or anyp
    return best.most_common(1)[0][0] if best else None


@lru_cache(maxsize=1)
def _patterns():
    w = read_sections("project_words.txt")
    line = re.compile(rf"(?:{alternation(w['line'])})(?:\d+号线)?(?:{_SECTION})?")
    bare_section = re.compile(_SECTION)
    road = re.compile(rf"(?:{alternation(w['road'])})(?:[一二三四五六七八九十\d]期|[东南西北]延(?:线)?)?")
    facility = re.compile(alternation(w["facility"]))
    build = re.compile(alternation(w["build"]))
    generic = re.compile(rf"(?:{alternation(w['generic'])}|\d+|[一二三四五六七八九十百千万几]+|[“”、\s])")
    head = re.compile(r"(?:项目|工程)(?!师|院|局|公司|集团|有限|建设有限|学|部|处|队|库|组|制|化|机|车|兵|技术|人员|专业|管理)")
    enum = re.compile(r"((?:[^、，。；;,\n]{2,36}、){1,12}[^、，。；;,\n]{2,36})等(?:\d+个|[一二三四五六七八九十]+个)?"
                      r"[\u4e00-\u9fff]{0,6}?(?:项目|工程|道路)")
    counted = re.compile(r"(?:建设|建成|新建|打造)(?:\d+|[一二三四五六七八九十]+)(?:座|个|处)(“[^”]{2,10}”|[\u4e00-\u9fff]{2,8}?"
                         rf"(?:{alternation(w['facility'])}))")
    return line, bare_section, road, facility, build, generic, head, enum, counted


def _generic(name: str) -> bool:
    generic = _patterns()[5]
    return len(generic.sub("", name)) < 2


def _investment(text: str, s: int, e: int) -> float | None:
    m = _MONEY_BEFORE.search(text[max(0, s - 20) : s])
    if not m:
        m = _MONEY_AFTER.match(text[e : e + 24])
    if not m:
        return None
    v = parse_money(m.group(1))
    return v["value"] if v and v["currency"] == "CNY" else None


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim spaces, an investment prefix and unmatched quotes from span [s, e)."""
    while s < e and text[s] in " \u3000\t":
        s += 1
    while e > s and text[e - 1] in " \u3000\t":
        e -= 1
    m = re.match(rf"(?:总投资|投资)(?:约|达|超)?{MONEY_RE.pattern}的", text[s:e])
    if m:
        s += m.end()
    s = left_name(text, e, maxlen=e - s) if e - s > 0 else s
    if text[s:e].count("“") != text[s:e].count("”"):
        s2 = s
        while s2 < e and text[s2] in "“”":
            s2 += 1
        s = s2
    return s, e


_NOT_BUILT = re.compile("比赛|竞赛|赛事|体育|科研|研究|课题|培训|展览|演出|表演|活动|试点|服务|合作|帮扶|扶贫|文化|非遗")
_SPECIFIC = re.compile(r"[A-Za-z]|^“")


def _after_build(text: str, s: int, end: int, build: re.Pattern) -> int:
    """Start a short name after a construction word cut by the look-back window (加|快建设龙岩大道)."""
    for k in range(s, min(s + 3, end)):
        m = build.match(text, k)
        if m and m.end() < end:
            return m.end()
    return s


def find_projects(text: str, names: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of the project names in `text`.

    `names`: spans of place/enterprise/organization names; a …项目/…工程 name must hold one of them,
    a latin letter or digit, a quote, or a facility/line/road word to count as a named project.
    """
    line, bare_section, road, facility, build, _generic_re, head, enum, counted = _patterns()

    def specific(s: int, e: int) -> bool:
        part = text[s:e]
        if _SPECIFIC.search(part) or facility.search(part) or line.search(part) or road.search(part):
            return True
        return any(s <= a and b <= e for a, b in names)
    found: list[tuple[int, int, str]] = []

    def add(s: int, e: int, name: str | None = None) -> None:
        name = name or text[s:e]
        if e - s >= 3 and not _generic(name) and "\n" not in text[s:e] and name.count("“") == name.count("”"):
            found.append((s, e, name))

    last_line = None
    for m in line.finditer(text):
        s = left_name(text, m.start(), maxlen=8)
        if m.start() - s < 2:
            continue
        e = m.end()
        last_line = (text[s : m.start()] + re.match(r"高速铁路|城际铁路|高铁|铁路|高速公路|高速|快速路|轻轨|地铁",
                                                   text[m.start():]).group())
        if bare_section.search(text[m.start() : e]) or head.match(text, e) or build.match(text, e, e + 4):
            add(s, e)
        elif last_line and bare_section.match(text, e):
            pass
    for m in bare_section.finditer(text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        prev = [f for f in found if f[1] <= m.start() and re.search("(?:铁|高速|轻轨|地铁)", f[2])]
        if prev and _NAME_CH_RE.match(text[m.start() - 1 : m.start()] or " ") is None:
            base = re.match(r".*?(?:高速铁路|城际铁路|高铁|铁路|高速公路|高速|快速路|轻轨|地铁)", prev[-1][2])
            if base:
                add(m.start(), m.end(), base.group() + m.group())
    for m in head.finditer(text):
        if text[m.start() - 1 : m.start()] in ("等", "、", ""):
            continue  # A、B等项目: the list rule takes it
        s = left_name(text, m.start())
        s, _ = _strip(text, s, m.start())
        if specific(s, m.start()):
            add(s, m.end())
    for m in enum.finditer(text):
        if _NOT_BUILT.search(text, m.end(1), m.end()):
            continue  # 网络信息安全、无人机操控等28个比赛项目: events of a contest, nothing built
        pos = m.start(1)
        for item in m.group(1).split("、"):
            s, e = pos, pos + len(item)
            pos = e + 1
            s, e = _strip(text, s, e)
            if 2 <= e - s <= 24:
                add(s, e)
    for m in road.finditer(text):
        s = left_name(text, m.start(), maxlen=5)
        s = _after_build(text, s, m.start(), build)
        if m.start() - s < 2 or (m.group().startswith("路") and text[m.start() - 1] in _PATH_WORD) \
                or text.startswith(("网", "况", "径", "费"), m.end()):
            continue  # 发展道路, 致富之路, 新路: a way, no road; 地铁路网: a network
        e = m.end()
        staged = e > m.start() + len(re.match(r"大道|大街|路|街|大桥|隧道", text[m.start():]).group())
        ss, se = sentence_span(text, e)
        if staged or build.search(text, e, min(se, e + 20)):
            add(s, e)
    for m in facility.finditer(text):
        s = _after_build(text, left_name(text, m.start(), maxlen=10), m.start(), build)
        if m.start() - s < 2:
            continue
        e = m.end()
        if build.search(text[max(0, s - 4) : s]) or build.match(text, e, e + 4) or head.match(text, e) \
                or _FUNDED.search(text, max(0, s - 16), s) \
                or any(s <= a and b <= m.start() for a, b in names):  # named after its place: 某村公路桥
            add(s, e)
    for m in counted.finditer(text):
        s, e = m.span(1)
        if text[s] == "“":
            s, e = s + 1, e - 1
        add(s, e)
    # keep the longest of overlapping names
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str]] = []
    for f in found:
        if out and f[0] < out[-1][1]:
            continue
        out.append(f)
    return out


def _unchained(places: list[Candidate]) -> list[Candidate]:
    """Places inside a project name, a chain of divisions (某县某镇某村) counted once, by its last link:
    the project lies in the most specific place its name gives."""
    out: list[Candidate] = []
    for c in sorted(places, key=lambda c: c.start):
        if out and out[-1].end == c.start:
            out[-1] = c
        else:
            out.append(c)
    return out


def _local_test(doc: Doc):
    """A test for places that can locate a project: divisions (not regions: 河东驿站 is a brand) lying
    in the article's province when it is known (a far-away district read inside a road name is not;
cities and provinces are named on purpose: a railway's section may end in the next province)."""
    ctx = doc.user_data.get("kg_context_idx") or {}
    prov = ctx.get("province")

    def local(c: Candidate) -> bool:
        if c.attrs.get("level") == "region":
            return False
        idx = c.attrs.get("_idx")
        if prov is None or idx is None or idx == prov or c.attrs.get("level") in ("province", "prefecture"):
            return True
        from extract.components.gazetteer import gazetteer

        return prov in gazetteer().ancestors(idx)

    return local


@Language.factory("kg_projects")
def make_projects(nlp: Language, name: str):
    """spaCy factory: adds Project candidates (attrs place, investment) to doc._.kg_cands."""

    def kg_projects(doc: Doc) -> Doc:
        cs = cands(doc)
        text = text_of(doc)
        home = main_place(cs, text)
        taken = [(c.start, c.end) for c in cs if c.type in ("Enterprise", "Organization", "Person", "Event")]
        names = [(c.start, c.end) for c in cs if c.type in ("Place", "Enterprise", "Organization")]
        local = _local_test(doc)
        starts = {c.start: c for c in cs if c.type == "Place"}
        for s, e, pname in find_projects(text, names):
            if any(a <= s and e <= b for a, b in taken):
                continue
            s0 = s
            s = next((c.end for c in starts.values() if c.start < s < c.end < e
                      and c.attrs.get("level") in LEVELS), s)  # no half a place name
            while s in starts and starts[s].end in starts and starts[starts[s].end].end < e:
                s = starts[s].end  # 某县某镇某村公路桥: the project is named from its own place on
            if s != s0 and pname == text[s0:e]:
                pname = text[s:e]
            inside = _unchained([c for c in places_in(cs, s, e) if local(c)])
            if inside:
                place = cand_name(inside[0], text)
            else:
                ss, _ = sentence_span(text, s)
                near = [c for c in places_in(cs, ss, s) if local(c)]
                place = cand_name(near[-1], text) if near and s - near[-1].end <= 6 else home
            attrs = {"place": place, "investment": _investment(text, s, e)}
            if len(inside) > 1:
                attrs["_places"] = [cand_name(c, text) for c in inside]
            cs.append(Candidate(s, e, "Project", pname, attrs, source="kg_projects"))
        return doc

    return kg_projects
