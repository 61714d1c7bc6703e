"""kg_places: administrative divisions, named regions, countries; the article's place context.

1. The gazetteer automaton finds full names, short forms (龙岩 for 龙岩市) and aliases; leftmost-longest
   wins. Short forms and townships must align with the segmenter's tokens; a short form that is also a
   common word (和平, 东方) needs its parent place in the article, or its full form.
2. A name shared by several places (鼓楼区 x4, 古田) is resolved by the other places of the article.
3. With the article's counties known, their townships' short forms and their villages are matched;
   officialese abbreviations (来岩, 赴闽, 闽籍) are matched in verb contexts only.
The article's main prefecture/province/county go to `doc.user_data["kg_context"]` for later components.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands
from extract.components.gazetteer import Gazetteer, gazetteer
from extract.components.tokenizer import aligned, text_of, token_bounds, token_spans

_VERB_BEFORE = "来回赴抵离返在驻入进"
_AFTER = ("考察", "调研", "视察", "工作", "投资", "兴业", "创业", "就业", "发展", "落户", "参观", "访问", "交流",
          "学习", "开展", "举办", "出席", "参加", "慰问", "指导", "对接", "洽谈", "务工", "过年", "期间", "后",
          "访", "述职", "就医", "求学", "办事", "开会", "举行", "召开", "开幕", "闭幕", "逝世", "病逝", "会见", "会晤",
          "出版", "首发", "上演", "演出", "展出", "揭晓", "落幕", "成立")
_ZONE = re.compile(r"(?:高新技术产业开发区|经济技术开发区|高新区|经开区|新区|综合保税区|自贸片区)")
# a street address after a place chain: 海淀区中关村大街27号, 天元区黄河北路
_STREET = re.compile(r"(?:[\u4e00-\u9fff]{1,6}?(?:大街|大道|路|街|巷|胡同|里弄|弄))(?:[0-9０-９一二三四五六七八九十百]+号(?:院|楼)?)?"
                     r"|[0-9０-９]+号(?:院|楼)?")
_VILLAGE_SUFFIX = "(?:村|社区|嘎查|屯)"
_VILLAGE_AFTER = re.compile(_VILLAGE_SUFFIX + "(?!民|委|干部|级|庄)")
_VILLAGE_NAME = re.compile(r"([\u4e00-\u9fff]{1,4}?)" + _VILLAGE_SUFFIX)
# what no village name holds: quantifiers, pronouns, function words (各村, 全村, 等村, 一个村)
_NOT_IN_VILLAGE = set("各每全本该此这那等的和与及或在对有个多几些村乡镇县市区两三四五六七八九十百千万")
_STREET_BAD = set("的了在和与及是到从向对为将把被等这那各")
_BODY_END = "部院委局厅署军会办府"
_DIRECTION_WAYS = {"东路", "西路", "南路", "北路", "中路", "东街", "西街", "南街", "北街"}
_GLUE = set("委政人长党纪区县队")
_COUNTRY_ABBR = {"中": "中国", "美": "美国", "俄": "俄罗斯", "日": "日本", "韩": "韩国", "朝": "朝鲜", "英": "英国",
                 "法": "法国", "德": "德国", "意": "意大利", "印": "印度", "巴": "巴基斯坦", "越": "越南", "泰": "泰国",
                 "澳": "澳大利亚", "加": "加拿大", "蒙": "蒙古", "以": "以色列", "埃": "埃及", "伊": "伊朗", "欧": "欧洲",
                 "非": "非洲", "老": "老挝", "柬": "柬埔寨", "缅": "缅甸", "新": "新加坡", "菲": "菲律宾", "哈": "哈萨克斯坦",
                 "葡": "葡萄牙", "墨": "墨西哥", "乌": "乌克兰", "叙": "叙利亚", "荷": "荷兰"}
_PAIR = re.compile(
    "[" + "".join(_COUNTRY_ABBR) + "]{2,3}(?=(?:长远|建设性|安全|全面|传统|北京|首次|铁杆|全天候|睦邻)?(?:关系|两国|三国|双边|合作|贸易|会谈|首脑|友好|建交|联合|之间|外长|领导人|峰会|战略|经贸"
    "|边境|边界|对话|双方|三方|友谊|协议|声明|公报|人民|伙伴|元首|高层|和约|和平|加强|两个|三个|间的|在|就|谈判|核|经济|金融|班列|冲突|战争|停火|局势))")
_FUNCTION_ABBR = set("以加新非老伊巴印埃蒙哈菲墨")  # abbreviations that are also common words
_ONE = "".join(k for k in _COUNTRY_ABBR if k not in "中新非老加以伊巴埃印蒙哈菲墨")
# a one-character country in a clear context: 美方, 俄总统, 访美, 对韩 (中 only as 中方)
_SINGLE = re.compile(
    "(?<![\u4e00-\u9fff])中(?=方)|(?<![\u4e00-\u9fff])[" + _ONE + "](?=方|政府|总统|总理|首相|外长|外交部|国防部|军方|驻华)"
    "|(?<=[了的对使为在与和向，、])中(?=方)|(?<=[了的对使为在与和向，、])[" + _ONE + "](?=方|政府|总统|总理|首相|外长|外交部|国防部|军(?![事队人训区团官])|将)"
    "|(?<=[访对赴驻抵离援侵])[" + _ONE + "](?![\u4e00-\u9fff])|(?<=[访对赴驻抵离援侵])[" + _ONE + "](?=期间|后|时|的|关系|贸易|出口|投资)")
# a one-letter country standing alone where the text names it in full (俄罗斯 … 俄|指责, 南斯拉夫 … 驻|南);
# not 中 and 日 (in, day), nor letters that are common function words (以, 加, 新 …)
_MENTIONED = {**{k: v for k, v in _COUNTRY_ABBR.items() if k not in "中日以加新非老伊埃蒙哈菲墨欧"},
              "南": "南斯拉夫", "科": "科索沃", "罗": "罗马尼亚", "塔": "塔吉克斯坦", "土": "土耳其"}
_HUA = re.compile("(?<=[访来在驻旅援对侵赴离])华|(?<=反)华(?=[\u4e00-\u9fff]{2})|华(?=侨|人|裔|商)")
NOT_NAMES = {"我国"}  # a pronoun for China, not a name (neither data set nor the gold marks it)
_POSITIONS = {"中卫", "前卫", "边锋", "中锋"}  # player positions that are also place names
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3, "village": 4, "country": 0, "region": 2}


def _pair_ok(pair: str) -> bool:
    """Whether a run of one-character countries is a pair of countries (中X, 美X ...), not a word."""
    return "中" in pair or len(pair) > 2 or pair[0] in "美俄日英法德"


@lru_cache(maxsize=1024)
def _abbr_re(chars: str) -> re.Pattern:
    chars = "".join(re.escape(c) for c in chars)
    return re.compile(rf"(?<=[{_VERB_BEFORE}])([{chars}])(?=(?:{'|'.join(_AFTER)})|[，。、；！,])|([{chars}])(?=籍|企)")


def _body_after(text: str, e: int, ends: set[int]) -> bool:
    """Whether the rest of the segmenter word after a place name is a body: 美国国务院, 中国外交部."""
    end = min((x for x in ends if x > e), default=e)
    return end - e >= 2 and text[end - 1] in _BODY_END


def _weak(key: str, freq: dict, limit: int) -> bool:
    return freq.get(key, 0) > limit


def _strong_short(key: str, level: str, freq: dict, limit: int) -> bool:
    """A short form that may stand without its parent in the article."""
    if level == "province":
        return True
    if level == "prefecture":
        return freq.get(key, 0) <= limit
    return freq.get(key, 0) < 50


def _common_way(street: str) -> bool:
    """A common word for a way ends it, no street name: 中华人民共和国|道路, 中国|人权发展道路 (南京|东路,
    中关村大街 are streets)."""
    import jieba

    tail = street[-2:]
    return tail not in _DIRECTION_WAYS and tail not in ("大街", "大道") and jieba.dt.FREQ.get(tail, 0) >= 300


def _select_longest(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out, end = [], -1
    for m in matches:
        if m[0] >= end:
            out.append(m)
            end = m[1]
    return out


class PlaceFinder:
    def __init__(self, weak_freq: int = 2000, villages: bool = True, abbreviations: bool = True) -> None:
        import jieba

        self.g: Gazetteer = gazetteer()
        self.freq = jieba.dt.FREQ
        self.weak_freq = weak_freq
        self.villages = villages
        self.abbreviations = abbreviations

    # -- matching ---------------------------------------------------------------------------
    def _raw(self, doc: Doc) -> list[tuple[int, int, str, list[tuple[int, str]]]]:
        g, text = self.g, text_of(doc)
        out = []
        matches = _select_longest(list(g.iter_matches(text)))
        chained = self._chained(matches)
        for k, (s, e, key) in enumerate(matches):
            if key in NOT_NAMES:
                continue
            lst = g.keys[key]
            if k in chained:
                out.append((s, e, key, chained[k]))
                continue
            kinds = {k for _, k in lst}
            if "full" not in kinds and _VILLAGE_AFTER.match(text, e):
                continue  # 永丰|村, 京口|村: a village named like a county, not the county
            township_only = all(g.places[i].level == "township" for i, _ in lst)
            if ("full" not in kinds or township_only) and not aligned(doc, s, e):
                starts, ends = token_bounds(doc)
                old_name = [(i, k) for i, k in lst if k == "short" and g.places[i].level == "county"
                            and not g.places[i].name.endswith(text[e : e + 1])]
                if old_name and text[e : e + 1] in ("县", "区", "市") and aligned(doc, s, e + 1) \
                        and self.freq.get(text[s : e + 1], 0) < 50:  # not 大城|市 (大城县), a common word
                    out.append((s, e + 1, key, [(i, "former") for i, _k in old_name]))  # 崇礼|县: a county's
                    continue  # former name (now 崇礼区)
                if text[e : e + 1] == "籍" and aligned(doc, s, e + 1) and any(
                        g.places[i].level in ("province", "prefecture", "country") for i, _ in lst):
                    out.append((s, e, key, lst))  # 江西|籍: a native of the place
                    continue
                if not ("alias" in kinds and s in starts and _body_after(text, e, ends)):
                    continue  # a short form or township inside a longer word (but 印尼|政府 in one word)
            if kinds == {"short"} and text[e : e + 1] == "县" and text[e + 1 : e + 2] in _BODY_END + "长" and aligned(doc, s, e):
                old_name = [(i, "former") for i, k in lst if g.places[i].level == "county" and g.places[i].name[-1] != "县"]
                if old_name:
                    out.append((s, e, key, old_name))  # 监利|县委: the county by its former name, then its body
                    continue
            if "full" in kinds and e - s <= 3 and not aligned(doc, s, e):
                starts, ends = token_bounds(doc)
                if s not in starts or (e not in ends and text[e : e + 1] not in _GLUE
                                       and not _body_after(text, e, ends)):
                    continue  # 振兴区域, 合作市场 (but 美国|国务院, 中国|外交部 in one segmenter word)
            if e - s == 2 and text[s] in "代副" and text[e - 1] in "县市区" and text.startswith("长", e):
                continue  # 代县长: the acting county head, not 代县
            if key in _POSITIONS and text[max(0, s - 2) : s] in ("主力", "替补", "首发", "中场", "防守", "进攻"):
                continue  # 主力|中卫: a player's position, not 中卫市
            if text.startswith("时间", e) and any(g.places[i].level in ("province", "prefecture", "country") for i, _ in lst):
                continue  # 北京时间, 莫斯科时间: a time zone, no place spoken of
            if key.startswith("前") and key[1:] in g.keys:
                s, key, lst = s + 1, key[1:], g.keys[key[1:]]  # 前|苏联: "former" is no part of the name
            out.append((s, e, key, lst))
        return out

    def _chained(self, matches: list[tuple[int, int, str]]) -> dict[int, list[tuple[int, str]]]:
        """Matches that run on from their parent place (山东临沂郯城县庙山镇: each in the one before):
        an administrative chain names each link, whatever words the segmenter cut across it.
        Returns {match index: the readings that fit the chain}."""
        g = self.g
        out: dict[int, list[tuple[int, str]]] = {}
        for k in range(1, len(matches)):
            (_s0, e0, k0), (s1, _e1, k1) = matches[k - 1], matches[k]
            if e0 != s1:
                continue
            ups = {i for i, _ in g.keys[k0]}
            fit = [(i, kind) for i, kind in g.keys[k1] if ups & set(g.ancestors(i))]
            if fit:
                out[k] = fit
                above = set().union(*(g.ancestors(i) for i, _ in fit))
                out.setdefault(k - 1, [(i, kind) for i, kind in g.keys[k0] if i in above])
        return out

    def _resolve(self, raw, text: str):
        """Pick one place per match using the article's other places; drop unsupported weak forms."""
        g = self.g
        support: Counter = Counter()
        own: Counter = Counter()  # what a place's own mentions gave its ancestors
        for _s, _e, key, lst in raw:
            if len(lst) == 1:
                i, kind = lst[0]
                if kind == "short" and not _strong_short(key, g.places[i].level, self.freq, self.weak_freq):
                    continue
                own[i] += 1
                support[i] += 2
                for a in g.ancestors(i):
                    support[a] += 1
        full_names = {g.places[i].name for _s, _e, key, lst in raw for i, k in lst if k == "full"}
        chosen = []
        for s, e, key, lst in raw:
            def score(item):
                i, kind = item
                anc = g.ancestors(i)
                sc = sum(support[a] for a in anc[:2]) + 0.5 * support[i]
                return (sc, kind == "full", -_LEVEL_RANK.get(g.places[i].level, 3))

            best = max(lst, key=score) if len(lst) > 1 else lst[0]
            i, kind = best
            p = g.places[i]
            if kind == "short" and s > 0 and text[s - 1] in "路街道桥" and p.level != "province":
                continue
            if len(p.name) == 2 and p.name[0] in "和与及" and not any(support[a] > own[i] for a in g.ancestors(i)[:2]):
                continue  # 乡里和|县移民局: a conjunction before a bare 县, not 和县, unless its region is named
            if kind == "short" and not _strong_short(key, p.level, self.freq, self.weak_freq):
                if not (p.name in full_names or any(support[a] > 0 for a in g.ancestors(i)[:1])):
                    continue
            ambiguous = len(lst) > 1 and score(best)[0] == 0 and len({g.places[j].name for j, _ in lst}) == 1
            chosen.append((s, e, i, kind, ambiguous))
        return chosen

    def _contextual(self, doc: Doc, chosen, taken: list[tuple[int, int]]):
        """Township short forms and villages of the counties in the article."""
        g, text = self.g, text_of(doc)
        counties = {i for _s, _e, i, _k, _a in chosen if g.places[i].level == "county"}
        counties |= {g.places[i].parent for _s, _e, i, _k, _a in chosen if g.places[i].level == "township"}
        found = []

        def free(s, e):
            return all(e <= a or s >= b for a, b in taken)

        for c in counties:
            for t in g.townships_of.get(c, ()):
                p = g.places[t]
                names = [p.short] if p.short and len(p.short) >= 2 and not self.freq.get(p.short) \
                    and p.short[-1] not in "路街道桥村园" else []
                if self.villages and t in g.villages_of:
                    names += [v for v in g.villages_of[t].split("\t") if len(v) >= 3]
                for n in names:
                    pos = text.find(n)
                    while pos >= 0:
                        e = pos + len(n)
                        if n == p.short and text[e : e + 1] in ("乡", "镇") and free(pos, e + 1):
                            found.append((pos, e + 1, n + text[e], t, "township"))  # 才溪乡 for today's 才溪镇
                            taken.append((pos, e + 1))
                        elif n == p.short and free(pos, e) and aligned(doc, pos, e):
                            found.append((pos, e, n, t, "township"))
                            taken.append((pos, e))
                        elif n != p.short and free(pos, e):
                            found.append((pos, e, n, t, "village"))
                            taken.append((pos, e))
                        pos = text.find(n, e)
        return found

    def _villages_after(self, text: str, chosen, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
        """A village named right after its township (某某镇|某村, 某某乡|某某社区): an address chain names
        the village whether or not the gazetteer lists it there. (start, end, name, township)."""
        out = []
        for _s, e, i, _k, _a in chosen:
            if self.g.places[i].level != "township":
                continue
            m = _VILLAGE_NAME.match(text, e)
            if m and not any(ch in _NOT_IN_VILLAGE for ch in m.group(1)) \
                    and all(m.end() <= a or e >= b for a, b in taken):
                out.append((e, m.end(), m.group(0), i))
                taken.append((e, m.end()))
        return out

    def _abbreviations(self, text: str, main_pref: int | None, taken) -> list[tuple[int, int, int]]:
        g = self.g
        out = []
        table = dict(g.abbr)
        if main_pref is not None:
            short = g.places[main_pref].short or ""
            if len(short) == 2:
                table.setdefault(short[1], main_pref)
        if not table:
            return out
        for m in _abbr_re("".join(sorted(table))).finditer(text):
            s = m.start()
            if any(a <= s < b for a, b in taken):
                continue
            out.append((s, s + 1, table[m.group(0)]))
        if main_pref is not None and g.places[main_pref].short:
            nick = g.places[main_pref].short[-1] + "城"
            for m in re.finditer(re.escape(nick), text):
                if not any(a <= m.start() < b for a, b in taken):
                    out.append((m.start(), m.end(), main_pref))
        return out

    def _countries(self, text: str, taken, words: set[tuple[int, int]] = frozenset()) -> list[tuple[int, int, int]]:
        """Single-character country names in pairs (中美关系, 中俄两国), alone where the text names the
        country in full (`words`: the segmenter's words), and 华 for China (访华)."""
        out = []
        for m in _PAIR.finditer(text):
            if not _pair_ok(m.group(0)):
                continue
            for k, ch in enumerate(m.group(0)):
                if k == 0 and len(m.group(0)) == 3 and ch in _FUNCTION_ABBR:
                    continue  # 以|美中…会晤: a preposition before a pair
                i = self.g.find(_COUNTRY_ABBR[ch])
                s = m.start() + k
                if i and not any(a <= s < b for a, b in taken):
                    out.append((s, s + 1, i[0]))
        for m in _SINGLE.finditer(text):
            i = self.g.find(_COUNTRY_ABBR[m.group(0)])
            if i and not any(a <= m.start() < b for a, b in taken):
                out.append((m.start(), m.end(), i[0]))
        for m in re.finditer("[" + "".join(_MENTIONED) + "]", text):
            s, full = m.start(), _MENTIONED[m.group(0)]
            if (s, s + 1) not in words or full not in text or any(a <= s < b for a, b in taken) \
                    or text.find(full, max(0, s - len(full) + 1), s + len(full)) >= 0:
                continue  # inside a word, not named in full, or the full name itself
            i = self.g.find(full)
            if i and not any(a == s for a, *_ in out):
                out.append((s, s + 1, i[0]))
        for m in _HUA.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                out.append((m.start(), m.end(), self.g.find("中国")[0]))
        return out

    def _zones(self, text: str, chosen) -> list[tuple[int, int, str, int]]:
        """Development zones named after a place: 株洲高新区 (county level, parent the place)."""
        g = self.g
        out = []
        for s, e, i, _k, _a in chosen:
            if g.places[i].level not in ("prefecture", "county"):
                continue
            m = _ZONE.match(text, e)
            if m:
                out.append((s, m.end(), (g.places[i].short or g.places[i].name) + m.group(0), i))
        return out

    def _addresses(self, text: str, chosen) -> list[tuple[int, int, int]]:
        """A chain of places followed by a street (and number): one address span, (start, end, last place)."""
        ends = {e: (s, i) for s, e, i, _k, _a in chosen}
        starts = {s: (e, i) for s, e, i, _k, _a in chosen}
        out = []
        for s, e, i, _k, _a in chosen:
            if s in ends:
                continue  # not the head of a chain
            j, last = e, i
            while j in starts:
                j, last = starts[j]
            m = _STREET.match(text, j)
            if m and not any(ch in _STREET_BAD for ch in m.group(0)) and not _common_way(m.group(0)):
                out.append((s, m.end(), last))
        return out

    # -- context ----------------------------------------------------------------------------
    def context(self, chosen, doc: Doc) -> dict:
        g = self.g
        count: Counter = Counter()
        for _s, _e, i, _k, amb in chosen:
            if amb:
                continue
            count[i] += 1
            for a in g.ancestors(i):
                count[a] += 0.5
        art = doc._.article
        if art is not None:
            for extra in (art.title, art.source):
                for _s, _e, key in _select_longest(list(g.iter_matches(extra or ""))):
                    lst = g.keys[key]
                    if len(lst) == 1:
                        count[lst[0][0]] += 3
                        for a in g.ancestors(lst[0][0]):
                            count[a] += 1

        def best(level, within=None):
            cs = [(n, i) for i, n in count.items() if g.places[i].level == level
                  and (within is None or within in g.ancestors(i))]
            return max(cs)[1] if cs else None

        pref = best("prefecture")
        prov = g.places[pref].parent if pref is not None else best("province")
        if prov is not None and g.places[prov].level != "province":
            prov = None
        county = best("county", pref) if pref is not None else best("county")
        if county is not None and count[county] < 1.5:
            county = None
        return {"prefecture": pref, "province": prov, "county": county}

    # -- component --------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        g, text = self.g, text_of(doc)
        chosen = self._resolve(self._raw(doc), text)
        if self.abbreviations:  # 中欧|关系 is China and Europe, not Central Europe
            pairs = {(m.start(), m.end()) for m in _PAIR.finditer(text) if _pair_ok(m.group(0))}
            chosen = [c for c in chosen if (c[0], c[1]) not in pairs]
        ctx = self.context(chosen, doc)
        out = cands(doc)
        taken = [(s, e) for s, e, *_ in chosen]
        for s, e, name, parent in self._zones(text, chosen):
            out.append(Candidate(s, e, "Place", name, {"level": "county", "parent": g.places[parent].name}, "kg_places", 1.2))
        for s, e, i, kind, amb in chosen:
            out.append(self._cand(s, self._region_end(text, s, e, i), i, amb, kind=kind))
        for s, e, i in self._addresses(text, chosen):
            out.append(Candidate(s, e, "Place", text[s:e], {"level": "address", "parent": g.places[i].name,
                                                            "_kind": "address"}, "kg_places", 1.0))
        for s, e, n, i in self._villages_after(text, chosen, taken):
            out.append(self._village(s, e, n, i))
        for s, e, n, i, level in self._contextual(doc, chosen, taken):
            if level == "village":
                out.append(self._village(s, e, n, i))
                continue
            c = self._cand(s, e, i, False, kind="context")
            if n != g.places[i].short and n != g.places[i].name and n.endswith(("乡", "镇")):
                c.name = n
            out.append(c)
        if self.abbreviations:
            for s, e, i in self._countries(text, taken, set(token_spans(doc))):
                out.append(self._cand(s, e, i, False, 0.8, kind="abbr"))
            for s, e, i in self._abbreviations(text, ctx["prefecture"], taken):
                out.append(self._cand(s, e, i, False, 0.8, kind="short"))
        doc.user_data["kg_context"] = {k: (g.places[v].name if v is not None else None) for k, v in ctx.items()}
        doc.user_data["kg_context_idx"] = ctx
        return doc

    def _region_end(self, text: str, s: int, e: int, i: int) -> int:
        """The end of a region's name before a trailing 地区 when the bare name is the region too
        (东北|地区, 亚太|地区: the name, as both data sets mark it); else e."""
        if e - s >= 4 and text.endswith("地区", s, e) and self.g.places[i].level == "region" \
                and i in self.g.find(text[s : e - 2]):
            return e - 2
        return e

    def _within_code(self, i: int | None) -> str | None:
        """The code of the nearest division at or above place i that has one: townships and villages
        have no code of their own, so their identity is their name within that division (two 高桥镇
        of two counties stay two places)."""
        for j in ([i, *self.g.ancestors(i)] if i is not None else []):
            if self.g.places[j].code:
                return self.g.places[j].code
        return None

    def _village(self, s: int, e: int, name: str, township: int) -> Candidate:
        """A village (or community) of the gazetteer: its own place, under its township. Villages have
        no index of their own; `_up` is the township's, so containment walks on from there."""
        attrs = {"_kind": "village", "level": "village", "parent": self.g.places[township].name, "_up": township,
                 "within_code": self._within_code(township)}
        return Candidate(s, e, "Place", name, attrs, "kg_places", 1.0)

    def _cand(self, s: int, e: int, i: int, ambiguous: bool, score: float = 1.0, kind: str = "full") -> Candidate:
        p = self.g.places[i]
        attrs = {"_kind": kind, "level": p.level, "parent": None if ambiguous else self.g.parent_name(i),
                 "code": None if ambiguous else p.code, "_idx": None if ambiguous else i,
                 "within_code": None if ambiguous or p.code else self._within_code(p.parent)}
        return Candidate(s, e, "Place", p.name, attrs, "kg_places", score)


@Language.factory(
    "kg_places", default_config={"weak_freq": 2000, "villages": True, "abbreviations": True}
)
def make_places(nlp: Language, name: str, weak_freq: int, villages: bool, abbreviations: bool) -> PlaceFinder:
    return PlaceFinder(weak_freq, villages, abbreviations)
