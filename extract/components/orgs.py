"""kg_orgs: party and government bodies, media outlets and other organisations.

- national and international bodies and outlets from resources/national_orgs.txt;
- a jurisdiction + body: 株洲市委, 新罗区工信局, 省委第三巡回督导组, 区河长办 (resources/org_bodies.txt,
  depts.txt); a bare 市/省/县/区 is expanded with the article's main place (市委 -> 株洲市委, the
  surface form kept as alias);
- other organisations by suffix (大学, 医院, 协会, 研究院 ...) with a short name before it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands, line_mode
from extract.components.lexicon import read_table, read_words
from extract.components.tokenizer import text_of, token_bounds, token_spans

OTHER_SUFFIXES = {
    "大学": "other", "学院": "other", "中学": "other", "小学": "other", "幼儿园": "other", "职业技术学院": "other",
    "医院": "other", "卫生院": "other", "协会": "other", "学会": "other", "研究院": "other", "研究所": "other",
    "研究中心": "other", "基金会": "other", "商会": "other", "联合会": "other", "促进会": "other", "党校": "party",
    "博物馆": "other", "纪念馆": "other", "图书馆": "other", "科技馆": "other", "美术馆": "other", "合作社": "other",
    "俱乐部": "other", "实验室": "other", "法院": "government", "检察院": "government", "派出所": "government",
    "党支部": "party", "支部": "party", "电视台": "media", "日报": "media", "晚报": "media", "出版社": "media",
    "报社": "media", "杂志社": "media", "通讯社": "media", "研究会": "other", "艺术团": "other", "歌舞团": "other",
    "剧团": "other", "办事处": "other", "议会": "government", "参议院": "government", "众议院": "government",
    "管理局": "government", "理事会": "other", "董事会": "other", "党总支": "party", "村委会": "government",
    "居委会": "government", "村民委员会": "government", "居民委员会": "government",
}
_SUB = re.compile(
    r"中央(?:委员会)?(?![\u4e00-\u9fff]{0,2}(?:委员会|办公厅|部))"
    r"|(?:第[一二三四五六七八九十\d]{1,3})?(?:巡回督导组|督导组|巡视组|巡察组|工作组|调研组|代表团|党组|理论学习中心组|办公室|支部)"
    r"|[\u4e00-\u9fff]{2}科(?=副?科长)|[\u4e00-\u9fff]{2,4}处(?=副?处长)"
    r"|(?:(?![的和与及在是为对向])[\u4e00-\u9fff]){1,10}?(?:局|司|处|办|部|中心|研究室|支队|大队)"
    r"(?=(?:常务副|副)?(?:局长|司长|处长|主任|部长|队长|支队长|大队长|巡视员|调研员|负责人|书记))"
    r"|[\u4e00-\u9fff]{2,6}办公室|(?:(?!致电|致信|发来|会见|会谈|召开|举行|表示|出席|祝贺|[向的])[\u4e00-\u9fff]){2,10}委员会"
)
# a body's section right before its head's title (…交通运输厅|办公室主任, …局|综合科科长): in articles the
# section belongs to the post, the body is the institution (a sentence-level data set keeps it in the body)
SECTION = r"办公室|[\u4e00-\u9fff]{2}科|[\u4e00-\u9fff]{2,4}处"
SECTION_POST = re.compile(rf"({SECTION})(?=(?:常务副|副)?(?:主任|科长|处长))")
_BARE = "省市县区州"
_STATE = re.compile(r"国家(?:(?![的和与及在是对为等、，])[\u4e00-\u9fff]){2,6}?(?:总局|局|署)(?![长])")
_PARTY_UNITS = ("党组", "支部", "理论学习中心组", "党委", "党工委")
_CHINA = ("中国", "中华人民共和国")
# armed forces after a place (美国海军) or a one-letter country name (英军, 俄空军)
_ARMED = re.compile(r"([美英法德俄日韩朝苏印意澳加])?(?:海军陆战队|海军|陆军|空军|军方|军队|武装部队|武装力量|海岸警卫队"
                    r"|(?<=[美英法德俄日韩朝苏印意澳加])军(?![事人区官])(?:总部)?)")
_PARTY = re.compile(r"共产党|劳动党|人民革命党|人民党|社会党|社会民主党|工党|保守党|自由党|自由民主党|自民党|民主党|共和党"
                    r"|国民党|国大党|绿党|新芬党|民进党|统一俄罗斯党|正义与发展党")
_MISSION = re.compile(r"(?:驻(?:华|[\u4e00-\u9fff]{2,8}?))?(?:总领事馆|领事馆|大使馆|使馆)")
_SESSION = re.compile(r"(?:第)?[一二三四五六七八九十]{1,3}届$")
_SESSION_BODIES = ("全国人大", "人大", "全国政协", "政协", "中央委员会", "中央")
_MISSION_END = ("总领事馆", "领事馆", "大使馆", "使馆")
_TEAM = re.compile(r"(?:国家|奥运|青年|少年)?(?:(?:男子|女子|男|女)?(?:足球|篮球|排球|乒乓球|羽毛球|冰球|水球|手球)?(?:代表队|队)"
                   r"|[男女][足篮排垒](?![球子])|国奥队|国青队)")
_NATIONAL_TEAM = re.compile(r"国家(?:[男女][足篮排垒](?![球子])|队)")
_JURISDICTIONS = ("province", "prefecture", "county", "township")
_DEPT = re.compile(r"(?:(?![的和与及在是为对向等、，])[\u4e00-\u9fff]){2,8}?(?:管理局|局|办|所|中心|大队|支队|站)")
_LEAD_TAGS = "vdpcumqrb"  # jieba tags (first letter) of words that name no organisation before a suffix
_STOP_PREFIX = set("的在和与及是了到为对从由将把被向等这那各全每该本我你他其此一所家座个做")


@lru_cache(maxsize=1)
def _tables():
    national = {}
    for row in read_table("national_orgs.txt"):
        name, kind = row[0], row[1]
        aliases = row[2].split("|") if len(row) > 2 and row[2] else []
        for s in [name, *aliases]:
            national.setdefault(s, (name, kind))
    bodies = {row[1]: row[0] for row in read_table("org_bodies.txt")}
    for stem in read_words("depts.txt"):
        for suf in ("局", "厅", "委", "办", "委员会", "中心"):
            bodies.setdefault(stem + suf, "government")
    body_re = re.compile("|".join(re.escape(b) for b in sorted(bodies, key=len, reverse=True)))
    nat_re = re.compile("|".join(re.escape(b) for b in sorted(national, key=len, reverse=True)))
    other_re = re.compile("|".join(re.escape(b) for b in sorted(OTHER_SUFFIXES, key=len, reverse=True)))
    return national, bodies, body_re, nat_re, other_re


class OrgFinder:
    def __init__(self, expand: bool = True, other: bool = True) -> None:
        import jieba
        import jieba.posseg

        self.freq = jieba.dt.FREQ
        self.tags = jieba.posseg.dt.word_tag_tab
        self.expand = expand
        self.other = other

    def __call__(self, doc: Doc) -> Doc:
        national, bodies, body_re, nat_re, other_re = _tables()
        text = text_of(doc)
        doc_mode = not line_mode(doc)
        out = cands(doc)
        ctx = doc.user_data.get("kg_context") or {}
        starts, _ends = token_bounds(doc)
        places = {c.end: c for c in out if c.type == "Place"}
        found: list[Candidate] = []

        for m in nat_re.finditer(text):
            name, kind = national[m.group(0)]
            if m.end() - m.start() == 2 and m.end() not in _ends and not text.startswith("中央", m.end()):
                continue  # a two-character short form inside a longer word: 北大|荒, 足协 in 省足协会
            if m.start() in starts or m.start() in places:
                start, end, nm = m.start(), m.end(), name
                country = places.get(m.start())
                if (country is not None and kind != "media" and country.attrs.get("level") == "country"
                        and (country.name or "") not in _CHINA):  # 美国国防部: that country's body, not ours
                    start, nm = country.start, (country.name or text[country.start : country.end]) + m.group(0)
                sub = _SUB.match(text, end) if kind != "media" else None
                if sub:
                    end, nm = sub.end(), nm + sub.group(0)
                    if sub.group(0).endswith(_PARTY_UNITS):
                        kind = "party"  # 全国政协|党组: the party group inside a state body
                found.append(Candidate(start, end, "Organization", nm, {"kind": kind, "_known": True}, "kg_orgs", 1.15))

        for m in _STATE.finditer(text):  # a state administration not in our list: 国家文物局, 国家新闻出版署
            s, e = m.span()
            if s in starts and (e in _ends or e == len(text)) and not any(f.start <= s < f.end for f in found):
                found.append(Candidate(s, e, "Organization", m.group(0), {"kind": "government"}, "kg_orgs", 1.05))

        for m in _PARTY.finditer(text):  # a country's party: 越南共产党, 英国工党, 朝鲜劳动党中央委员会
            country = self._country_before(text, m.start())
            if country is None:  # a party by its name alone (保守党候选人), not 共产党 or 民主党派
                if (m.start() in starts and m.group(0) != "共产党" and text[m.end() : m.end() + 1] not in ("派", "第")
                        and not any(f.start <= m.start() < f.end for f in found)):
                    found.append(Candidate(m.start(), m.end(), "Organization", m.group(0), {"kind": "party"},
                                           "kg_orgs", 1.0))
                continue
            s, e = m.start() - len(country), m.end()
            sub = _SUB.match(text, e)
            if sub and sub.group(0).startswith("中央"):
                e = sub.end()
            found.append(Candidate(s, e, "Organization", text[s:e], {"kind": "party"}, "kg_orgs", 1.1))

        for m in _ARMED.finditer(text):  # armed forces: 美国海军, 俄空军, 英军
            s, e = m.span()
            if s not in starts and s not in places:
                continue
            place = places.get(s)
            if place is not None and place.attrs.get("level") in ("country", "province", "prefecture"):
                s = place.start
            elif not m.group(1):
                continue  # a bare 海军: no name
            found.append(Candidate(s, e, "Organization", text[s:e], {"kind": "government"}, "kg_orgs", 1.0))

        for m in body_re.finditer(text):
            s, e = m.span()
            body = m.group(0)
            place = places.get(s)
            letter = ""
            if place is None and s > 0 and text[s - 1] in _BARE and (place2 := places.get(s - 1)) is not None:
                place = place2  # 浦东新区|区委, 河内|市委: the place, then the body with its level letter
                if not (place.name or "").endswith(text[s - 1]):
                    letter = text[s - 1]
            jur_name = None
            if place is not None:
                start = place.start
                jur_name = place.name or text[place.start : place.end]
                if place.attrs.get("level") == "country":
                    continue
            elif s > 0 and text[s - 1] in _BARE and (s - 1) in starts:
                start = s - 1
                level = {"省": "province", "市": "prefecture", "州": "prefecture", "县": "county", "区": "county"}[text[s - 1]]
                jur_name = ctx.get(level) if self.expand else None
                if jur_name and not jur_name.endswith(text[s - 1]):
                    jur_name = None
            else:
                continue
            if start >= 2 and text[start - 2 : start] == "中共":
                start -= 2
            end = e
            sub = _SUB.match(text, end)
            if sub and not (doc_mode and SECTION_POST.match(text, end)):
                end = sub.end()
            surface = text[start:end]
            core = text[s:end]
            if place is not None:
                name = (place.name or "") + letter + core
                if place.attrs.get("_kind") == "former" and letter:
                    name = (place.name or "")[:-1] + letter + core  # 监利|县委 of today's 监利市: 监利县委
            elif jur_name:
                name = jur_name + core
            else:
                name = surface.removeprefix("中共")
            if name.startswith("中共") and name != "中共中央" and not name.startswith("中共中央"):
                name = name[2:]
            kind = bodies[body]
            if kind == "media":
                name = surface
            if sub and (sub.group(0).endswith(_PARTY_UNITS) or sub.group(0).endswith(("督导组", "巡视组", "巡察组"))
                        and kind == "other"):
                kind = "party"
            found.append(Candidate(start, end, "Organization", name, {"kind": kind, "_surface": surface,
                                   "_jurisdiction": place.name if place is not None else jur_name, "_body_start": s}, "kg_orgs", 1.2))

        for end, place in places.items():  # a country's missions: 美国驻华大使馆, 马赛总领事馆
            m = _MISSION.match(text, end)
            if m and place.end - place.start >= 2 and (not m.group(0).startswith("驻") or m.group(0)[1:3] == "华"
                      or any(p.start == end + 1 and m.group(0).endswith(_MISSION_END, p.end - end) for p in places.values())):
                found.append(Candidate(place.start, m.end(), "Organization", text[place.start : m.end()],
                                       {"kind": "government"}, "kg_orgs", 1.1))
        for end, place in places.items():
            m = _TEAM.match(text, end)
            if m and place.attrs.get("level") in ("country", "province", "prefecture"):
                found.append(Candidate(place.start, m.end(), "Organization", text[place.start : m.end()],
                                       {"kind": "other"}, "kg_orgs", 1.0))
        for m in _NATIONAL_TEAM.finditer(text):  # 国家女篮, 国家队: the country's team, by no name
            if m.start() in starts and not any(f.start <= m.start() < f.end for f in found) and m.start() not in places:
                found.append(Candidate(m.start(), m.end(), "Organization", m.group(0), {"kind": "other"}, "kg_orgs", 1.0))
        found += self._departments(doc, text, places, found)
        if self.other:
            for m in other_re.finditer(text):
                s, e = m.span()
                if e not in _ends and e < len(text):
                    continue  # the suffix inside a longer word: 大学|生
                start = self._name_start(doc, text, s, places)
                if start is None or s - start < 2:
                    continue
                attrs = {"kind": OTHER_SUFFIXES[m.group(0)]}
                place = places.get(s)
                if place is not None and place.start == start and attrs["kind"] in ("party", "government"):
                    attrs.update(_jurisdiction=place.name, _body_start=s)  # 某村|党支部: the village's branch
                found.append(Candidate(start, e, "Organization", text[start:e], attrs, "kg_orgs", 0.9))
        for c in found:
            m = _SESSION.search(text, max(0, c.start - 6), c.start)
            if m and c.attrs.get("kind") in ("government", "party") and text.startswith(_SESSION_BODIES, c.start):
                c.start = m.start()  # 第六届|全国人大, 十一届|全国人大常委会: the body in its Nth term
            if c.attrs.get("kind") == "media" and text.startswith("报", c.end - 1) and text.startswith("社", c.end):
                c.end += 1  # 经济日报|社: the paper's office
        out.extend(found)
        return doc

    def _departments(self, doc: Doc, text: str, places: dict, found: list[Candidate]) -> list[Candidate]:
        """A department our lists lack, right after its jurisdiction: 某某县|移民局, 某某镇|行政执法局,
        某某区|就业服务管理局. The words between place and suffix must be content words the
        segmenter cuts there (no verb, pronoun or function word first), ending where a word ends."""
        starts, ends = token_bounds(doc)
        word_end = dict(token_spans(doc))
        taken = {c.start for c in found}
        out = []
        for end, place in places.items():
            if place.attrs.get("level") not in _JURISDICTIONS or place.start in taken or end not in starts:
                continue
            m = _DEPT.match(text, end)
            if m is None or (m.end() not in ends and m.end() < len(text)):
                continue
            first = text[end : word_end[end]]  # the word the place is followed by (end is a word start)
            tag = self.tags.get(first, "n")
            if not first or (tag != "vn" and tag[:1] in _LEAD_TAGS) or first[0] in _STOP_PREFIX:
                continue
            name = (place.name or text[place.start : end]) + text[end : m.end()]
            out.append(Candidate(place.start, m.end(), "Organization", name,
                                 {"kind": "government", "_surface": text[place.start : m.end()],
                                  "_jurisdiction": place.name, "_body_start": end}, "kg_orgs", 1.0))
        return out

    @staticmethod
    def _country_before(text: str, s: int) -> str | None:
        """The name of a foreign country that ends at s (越南|共产党), or None."""
        from extract.components.gazetteer import gazetteer

        g = gazetteer()
        for k in range(6, 1, -1):
            name = text[max(0, s - k) : s]
            if len(name) == k and name not in _CHINA and any(g.places[i].level == "country" for i in g.find(name)):
                return name
        return None

    def _name_start(self, doc: Doc, text: str, s: int, places: dict) -> int | None:
        """Where the name before an organisation suffix starts (None: no plausible name)."""
        starts, _ = token_bounds(doc)
        i = s
        while i > 0 and i not in starts:  # the suffix inside a longer token (清华大学)
            i -= 1
        if i == s:
            # one previous token of 2-4 letters that is no function word
            j = s - 1
            while j > 0 and j not in starts:
                j -= 1
            tok = text[j:s]
            if (self.tags.get(tok) or "n")[0] in _LEAD_TAGS and s not in places:
                return None  # 督促|法院, 刚出|医院, 大中型|医院: no name before the suffix
            if self.freq.get(tok, 0) > 1000 and (self.tags.get(tok) or "n")[:2] not in ("ns", "nt", "nz", "nr"):
                return places[s].start if s in places else None
            if not (2 <= len(tok) <= 4) or not all("\u4e00" <= ch <= "\u9fff" for ch in tok) or tok[0] in _STOP_PREFIX:
                if s in places:
                    return places[s].start
                return None
            i = j
        if i in places:
            i = places[i].start
        return i


@Language.factory("kg_orgs", default_config={"expand": True, "other": True})
def make_orgs(nlp: Language, name: str, expand: bool, other: bool) -> OrgFinder:
    return OrgFinder(expand, other)
