"""kg_enterprises: companies by their legal suffix, their short forms, and well-known brands.

- full names: a name run before 有限公司 / 股份有限公司 / 集团 / 公司 / 银行 (福建某某电气设备有限公司),
  starting at a place name inside the run or after the last function word or verb;
- short forms: the distinctive part of a full name seen in the same article (某某电气, 某某), i.e. a
  maximal substring of the name found elsewhere that is not only industry words, a place or a
  common word;
- brands: resources/enterprises.txt (华为, 比亚迪, 宁德时代 ...), at word boundaries.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands
from extract.components.lexicon import post_titles, read_table
from extract.components.tokenizer import text_of, token_bounds, token_spans

_SUFFIX = re.compile(r"(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|控股集团|集团|公司|银行"
                     r"|总厂|分厂|厂|信用社)")
_PLACE_LED = ("总厂", "分厂", "厂", "信用社")  # suffixes that make a company only after a place: 黄石|单板厂
_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）·]{1,24}$")
_COUNT = re.compile(r".*(?:[一二两三四五六七八九十几多数百千万\d]+家|今年|去年|近年|目前|挂钩|对接|联系)")
_STOP = set("的了在和与及是由对为将把被向从到等并、，。；：“”‘’《》\"' 也还就都又给让")
_VERBS = ("走访", "参观", "来到", "调研", "考察", "深入", "前往", "引进", "签约", "落户", "投资", "成立", "组建", "注册",
          "帮助", "支持", "推动", "服务", "带领", "联合", "依托", "通过", "包括", "其中", "如", "例如", "以及", "携手",
          "看望", "入驻", "新增", "获评", "获得", "实施", "推进", "建设", "协调", "督促", "指导", "了解", "解决",
          "历任", "曾任", "担任", "出任", "兼任", "调任", "任职于", "就职于", "供职于", "巨头", "龙头", "车企", "药企", "房企")
_TRANSLIT_NEXT = set("沙诺尔斯克娜莎亚")  # a letter that carries a transliteration on (伊利|沙伯体育馆)
_LEAD_TAGS = "vdpcumqrb"  # jieba tags (first letter) of words that never open a company name
INDUSTRY = ("电气", "设备", "工程", "农业", "发展", "新能源", "汽车", "科技", "实业", "贸易", "投资", "建设", "置业",
            "电子", "材料", "技术", "制造", "机械", "能源", "环保", "生物", "医药", "食品", "物流", "文化", "传媒",
            "旅游", "开发", "控股", "股份", "集团", "有限", "责任", "公司", "信息", "网络", "智能", "新材料", "电力",
            "化工", "纺织", "服装", "建材", "矿业", "钢铁", "房地产", "地产", "商贸", "供应链", "管理", "咨询", "服务")


@lru_cache(maxsize=1)
def _brands():
    table = {}
    for row in read_table("enterprises.txt"):
        for s in [row[0], *(row[1].split("|") if len(row) > 1 and row[1] else [])]:
            table[s] = row[0]
    return table, re.compile("|".join(re.escape(b) for b in sorted(table, key=len, reverse=True)))


def _only_industry(s: str) -> bool:
    rest = s
    changed = True
    while rest and changed:
        changed = False
        for w in INDUSTRY:
            if rest.startswith(w):
                rest = rest[len(w):]
                changed = True
                break
    return not rest


class EnterpriseFinder:
    def __init__(self, short_forms: bool = True, brands: bool = True) -> None:
        import jieba
        import jieba.posseg

        self.short_forms = short_forms
        self.brands = brands
        self.freq = jieba.dt.FREQ
        self.tags = jieba.posseg.dt.word_tag_tab

    def _lead_trimmed(self, text: str, start: int, s: int, words: list[tuple[int, int]]) -> int:
        """Past the words that open no name before a company suffix: verbs, adverbs, prepositions,
        conjunctions, numerals, pronouns, quantities (有|联想集团, 未|批准|某某公司, 一些|大公司)."""
        for _a, b in words:
            if b <= start:
                continue
            if b >= s:
                break  # a word that runs into the suffix (大公司) stays
            w = text[start:b]  # a word, or the rest of one the name run starts inside (还|有)
            tag = self.tags.get(w) or ("m" if w.isdigit() else "")
            if not tag or tag[0] not in _LEAD_TAGS or tag == "vn":
                break
            start = b
        return start

    def _full_names(self, text: str, out: list[Candidate], words: list[tuple[int, int]] | None = None) -> list[Candidate]:
        place_starts = sorted(c.start for c in out if c.type == "Place")
        place_spans = sorted((c.start, c.end) for c in out if c.type == "Place")
        org_ends = sorted(c.end for c in out if c.type == "Organization")
        found = []
        for m in _SUFFIX.finditer(text):
            s, e = m.span()
            if words and any(a < e < b and text[e:b] not in post_titles() for a, b in words):
                continue  # 银行|卡, 公司|法: the suffix inside a longer word names no company (银行|行长 does)
            run = _RUN.search(text, max(0, s - 24), s)
            if not run:
                continue
            start = run.start()
            seg = text[start:s]
            cut = max((i for i, ch in enumerate(seg) if ch in _STOP), default=-1)
            start += cut + 1
            seg = text[start:s]
            for v in _VERBS:
                k = seg.rfind(v)
                if k >= 0:
                    start, seg = start + k + len(v), text[start + k + len(v) : s]
            for e2 in org_ends:
                if start < e2 <= s - 2:
                    start = e2
            cnt = _COUNT.search(text, start, s)
            if cnt:
                start = cnt.end()
            if words:
                start = self._lead_trimmed(text, start, s, words)
            inner = [p for p in place_starts if start <= p < s and text[p - 1 : p] not in ("(", "（")]
            if inner and inner[0] > start:
                start = inner[0]
            for ps, pe in place_spans:  # 在北京|同|新开发银行行长…会谈: "at X with", the name after it
                if start <= ps and pe < s - 2 and text[pe] in "同与和跟" and text[ps - 1 : ps] == "在":
                    start = pe + 1
            core = text[start:s]
            if len(core.strip("()（）")) < 2 or _only_industry(core) or core in ("我们", "该", "这家", "本"):
                continue
            if m.group(0) in ("集团", "公司", "银行") and not self._distinctive(text, start, s, place_starts):
                continue
            if m.group(0) in _PLACE_LED and (start not in place_starts or s - start < 3 or words is not None
                                             and e < len(text) and not any(b == e for _a, b in words)):
                continue  # 的茶叶分装厂, 厂长: no name; 郑州蝶阀厂, 北京琉璃河水泥厂: a name
            found.append(Candidate(start, e, "Enterprise", None, {}, "kg_enterprises", 1.1))
        return found

    def _distinctive(self, text: str, start: int, end: int, place_starts: list[int]) -> bool:
        """A bare 集团/公司 name needs a place or a rare word in it (not 城市医疗集团)."""
        if start in place_starts:
            return True
        import jieba

        return any(self.freq.get(w, 0) < 100 for w in jieba.lcut(text[start:end], HMM=False) if len(w) >= 2) \
            or len(text[start:end]) <= 3 and self.freq.get(text[start:end], 0) < 100

    def _short(self, doc: Doc, text: str, full: list[Candidate], out: list[Candidate]) -> list[Candidate]:
        starts, _ends = token_bounds(doc)
        blocked = [(c.start, c.end) for c in full] + [(c.start, c.end) for c in out if c.type in ("Place", "Organization")]
        found = []
        seen = set()
        for c in full:
            name = text[c.start : c.end]
            if name.endswith(_PLACE_LED):
                continue  # a works is named in full (济南污水处理厂, not 污水处理)
            stem = _SUFFIX.sub("", name)
            for size in range(len(stem), 1, -1):
                for i in range(0, len(stem) - size + 1):
                    s = stem[i : i + size]
                    if s in seen or "(" in s or "（" in s or _only_industry(s) or self.freq.get(s, 0) > 20:
                        continue
                    pos = text.find(s)
                    hits = []
                    while pos >= 0:
                        e = pos + len(s)
                        if pos in starts and all(e <= a or pos >= b for a, b in blocked):
                            hits.append((pos, e))
                        pos = text.find(s, pos + 1)
                    if hits:
                        seen.add(s)
                        for h in hits:
                            found.append(Candidate(h[0], h[1], "Enterprise", name, {}, "kg_enterprises", 1.0))
                            blocked.append(h)
        return found

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        out = cands(doc)
        full = self._full_names(text, out, token_spans(doc))
        found = list(full)
        if self.short_forms:
            found += self._short(doc, text, full, out)
        if self.brands:
            table, pat = _brands()
            starts, ends = token_bounds(doc)
            for m in pat.finditer(text):
                if m.start() in starts and m.end() in ends and not (
                        m.end() - m.start() == 2 and text[m.end() : m.end() + 1] in _TRANSLIT_NEXT):  # not 伊利|诺伊州
                    found.append(Candidate(m.start(), m.end(), "Enterprise", table[m.group(0)], {"_known": True}, "kg_enterprises", 1.0))
        out.extend(found)
        return doc


@Language.factory("kg_enterprises", default_config={"short_forms": True, "brands": True})
def make_enterprises(nlp: Language, name: str, short_forms: bool, brands: bool) -> EnterpriseFinder:
    return EnterpriseFinder(short_forms, brands)
