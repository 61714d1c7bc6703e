"""kg_persons: person names, found from anchors, never from a name tagger alone.

A Chinese name is a surname (resources/surnames.txt, single or compound) and one or two given-name
characters. It is taken when anchored: right after a post title (市委书记余红胜, 记者 张杰), before a
speech or role verb (X主持, X指出, X表示, X同志), at a speaker's line start (X：), in an enumeration
after a role phrase (市领导A、B、C), or as a segmenter token that is a known person name or an
unknown word starting with a common surname (line mode: short texts without anchors).
Transliterated names with a middle dot (·) are taken whole. Every other occurrence of a found name
in the article is a mention too. A name never overlaps a place or an organisation.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands
from extract.components.lexicon import surnames
from extract.components.tokenizer import text_of, token_bounds, token_spans

_CJK = re.compile(r"[\u4e00-\u9fff]")
CUES = ("主持召开", "主持", "出席", "指出", "强调", "表示", "说", "认为", "介绍", "讲话", "致辞", "参加", "会见", "会晤",
        "看望", "慰问", "一行", "同志", "等人", "率队", "带队", "调研", "考察", "要求", "提出", "称", "回答", "宣布",
        "签署", "告诉", "坦言", "透露", "指导", "作报告", "发言", "答", "先生", "女士", "教授", "书记", "表态", "听取",
        "主任", "局长", "会长", "董事长", "总经理", "指示", "批示", "作出", "在", "和", "与", "及", "等", "是", "也", "还",
        "向", "对", "为", "的")
_STRONG_CUES = CUES[:41]
# characters that end a name: function words, verbs that commonly follow names, punctuation
_STOP = set("主出指表说认介讲致参会看慰同等率带调考要提称回答宣签告坦透作在到和与及的是也还就对为将已曾向从于并又都今"
            "昨近日时了着过被把让给以而或但如这那其此之所来去上下中内外年月号个位名多很更最不没无有他她它我你做因")
# what follows a place, not a person (库皮扬斯克|方向, 加蒂诺、蒙洛里耶|等地), with the rest of its list
PLACE_AFTER = re.compile("(?:(?:、|和|及|与|以及)[\u4e00-\u9fff·]{2,8}?)*?(?:等?方向|等地(?![区方])|等城市|等省(?![委份])|等国(?![家内外际务有]))"
                         "|(?:地区|一带|附近|境内|前线|郊区|市区|城区|地带)(?!领导|负责|干部|代表|人|的人)")
_BOUNDARY_BEFORE = set("，。、；：:！？!?“”\"'（）()《》【】 \u3000\n\t——…·")
_NOUN_END = set("桥路堂栏馆园村山河湖街楼站感证物室区县市省镇乡厂场所队院校滩坝峡沟湾港岛寨屯堡社")
_TRANSLIT = set("阿埃艾安奥巴拜班贝本比彼波伯博布查达戴道德迪蒂丁杜多俄厄恩法菲费芬弗福盖戈格古哈海汉豪赫亨霍基吉加杰卡凯坎"
                "柯科克肯库拉莱赖兰朗劳勒雷里利列林隆卢鲁路伦罗洛马迈麦曼梅蒙米莫姆穆纳奈南内尼纽努诺欧帕潘佩皮普齐奇乔"
                "切琼萨塞桑森沙什施舍斯苏索塔泰坦汤特提图托瓦威维韦温沃乌西希谢休亚扬耶伊因尤约扎泽詹兹佐钦延尔汀顿茨夫"
                "娃娜娅丽莎琳门默贾雅蕾妮薇黛莉露丝瑟罕赛摩翰玛瑞佛怀保昂昆涅奎登芭延贡史松万密丘宾卓肖鲍逊")
_AMBIGUOUS_SURNAMES = set("和时都万向成能来从生过信由利平全国海公明金文高车于")
_STOP_ANCHORED = set("的了在是和与及、，。市省县区镇乡村等")
# role nouns that are no posts but name the person after them: 夫人王某, 作者李某, 队员张某
_ROLES = ("夫人", "妻子", "丈夫", "儿子", "女儿", "父亲", "母亲", "作者", "教练", "主教练", "队员", "球员", "选手", "运动员",
          "老师", "教师", "学生", "同学", "朋友", "医生", "演员", "歌手", "导演", "画家", "作家", "诗人", "村民", "农民",
          "工人", "市民", "网友", "律师", "专家", "学者", "研究员", "工程师", "嫌疑人", "犯罪嫌疑人", "被告人", "老人", "先生",
          "职工", "员工", "战士", "民警", "乘客", "患者", "病人", "居民", "店主", "司机", "厨师", "护士", "志愿者", "考生",
          "大学生", "中学生", "小学生", "老板", "外援", "队友", "搭档", "对手", "门将", "前锋", "后卫", "中锋", "棋手",
          "厂主", "户主", "车主", "船主", "房主", "裁判", "主裁判", "女队", "男队", "中卫", "后腰", "主帅", "师傅", "徒弟")
_ROLE_RE = re.compile("(?:" + "|".join(sorted(_ROLES, key=len, reverse=True)) + ")(?=[\u4e00-\u9fff])")
_CONJ = set("和与及同跟")
_COUNTED = set("名位些批群支")  # 百余名|选手, 多位|专家
# a count before a title: a numeral (or 余/多/几/这/那/各/每) and a classifier; not the 支 of 党总支|书记
_COUNT_BEFORE = re.compile(r"(?:[0-9０-９一二三四五六七八九十百千万两余多几这那各每数])[名位些批群支]$")
_PLACE_NEXT = set("市州省县区河湖港岛山湾城地")  # 曼德勒|市, 达拉斯|地区
# loanwords written in transliteration letters (jieba tags several of them as names)
_LOANWORDS = {"马拉松", "沙龙", "雷达", "吉他", "尼龙", "摩托", "比基尼", "沙拉", "卡通", "坦克", "阿拉伯", "伊斯兰", "迪斯科",
              "芭蕾", "巴士", "可可", "桑拿", "拉力赛", "奥林匹克", "马赛克", "沙丁鱼", "模特", "卡路里", "纳米", "托福", "雅思",
              "那达慕", "巧克力", "咖啡", "沙发", "麦克风", "卡拉", "比萨", "汉堡"}
_FUNCTION = set("在的了和与及是也还就对为将已曾向从于并又都被把让给以而或但如这那其此之所着过等")
# verbs that follow a 2-letter name (普京|致慰问电), never its third letter before a cue
_VERB_AFTER = set("主出指表说认介讲致参会看慰率带调考要提称回答宣签告坦透作到")
_TIME_WORD = re.compile("周[一二三四五六日末]|[今明昨前后][天晚早]")
_BEFORE_OK = set("由和与及同、请对向给让被把在从是为据称说会见")


@lru_cache(maxsize=1)
def _given_chars() -> Counter:
    """How often each character is used in given names (from jieba's person-name words)."""
    import jieba
    import jieba.posseg

    jieba.initialize()
    single, compound, _ = surnames()
    c: Counter = Counter()
    for w, tag in jieba.posseg.dt.word_tag_tab.items():
        if tag == "nr" and 2 <= len(w) <= 3 and w[0] in single:
            for ch in w[1:]:
                c[ch] += 1
    return c


class PersonFinder:
    def __init__(self, min_given_freq: int = 3, token_names: bool = True) -> None:
        import jieba
        import jieba.posseg

        self.single, self.compound, self.common = surnames()
        self.common = self.common - _AMBIGUOUS_SURNAMES
        self.given = _given_chars()
        self.min_given = min_given_freq
        self.token_names = token_names
        self.freq = jieba.dt.FREQ
        self.tags = jieba.posseg.dt.word_tag_tab
        from extract.components.lexicon import post_titles

        self.titles = post_titles()

    # -- name shape ---------------------------------------------------------------------------
    def _surname_len(self, text: str, i: int) -> int:
        if text[i : i + 2] in self.compound:
            return 2
        return 1 if text[i] in self.single else 0

    def _given_ok(self, ch: str) -> bool:
        return bool(_CJK.match(ch)) and ch not in _STOP and self.given.get(ch, 0) >= self.min_given

    def name_at(self, text: str, i: int, anchored: bool = False) -> int | None:
        """End of a name starting at i (surname + 1-2 given characters), or None."""
        n = len(text)
        if i >= n:
            return None
        k = self._surname_len(text, i)
        if not k or i + k >= n:
            return None
        g1 = text[i + k]
        if anchored:
            if not _CJK.match(g1) or g1 in _STOP_ANCHORED or text[i] in _AMBIGUOUS_SURNAMES and g1 in _STOP:
                return None  # (议员|能到: a modal verb, not the surname 能)
        elif not self._given_ok(g1) and not (self.given.get(g1, 0) >= 1 and _CJK.match(g1) and g1 not in _STOP):
            return None
        j = i + k + 1
        if anchored and j < n and self._common(text[i + k : j + 1]) and (self.tags.get(text[i + k : j + 1]) or "x")[0] in "fcpdru":
            return None  # 大师|来之前: the "given name" is a function word (之前; 张建国 stays)
        if anchored and j < n and _CJK.match(text[j]) and text[j] not in _STOP and not self._cue_at(text, j) \
                and not self._title_at(text, j) and not self._opens_verb(text, j):
            return j + 1
        if j + 1 < n and text[j] in _STOP and text[j] not in _FUNCTION and text[j] not in _VERB_AFTER \
                and text[i] not in _AMBIGUOUS_SURNAMES \
                and self.given.get(text[j], 0) >= 20 and (text[j + 1].isdigit() or text[j + 1] in "，。、；：（(" or self._cue_at(text, j + 1)):
            return j + 1  # 副总理刘国中|29日: a given-name letter that is also a stop letter, then a date or a stop
        if j < n and self._given_ok(text[j]) and not self._cue_at(text, j):
            after = text[j + 1] if j + 1 < n else ""
            # a third character, unless the 2-character name is followed by a cue
            if not after or not _CJK.match(after) or after in _STOP or self._cue_at(text, j + 1) or self._title_at(text, j + 1):
                return j + 1
            if self.given.get(text[j], 0) >= 20:
                return j + 1
        return j

    def _opens_verb(self, text: str, j: int) -> bool:
        """Whether the letter at j opens a common verb or adverb after a name (蔡澜|倾力推荐)."""
        w = text[j : j + 2]
        return self.freq.get(w, 0) >= 100 and (self.tags.get(w) or "x")[0] in "vdap"

    def _trim_foreign(self, text: str, s: int, e: int) -> tuple[int, int]:
        """Cut a 名·姓 run to the name: not the words before it, nor a verb after it."""
        last = text.rfind("·", s, e) + 1
        k = last
        while k < e and text[k] in _TRANSLIT:
            k += 1
        e = k if k > last else e
        for k in range(last + 2, e):
            if text[k] in _STOP or self._cue_at(text, k):
                e = k
                break
        first = text.find("·", s, e)
        k = first
        while k > s and text[k - 1] in _TRANSLIT:
            k -= 1
        if k < first:
            return k, e
        for k in range(first - 1, s - 1, -1):
            if text[k] in _STOP or text[k] in "的和与及、" or any(text.endswith(t, s, k + 1) for t in self.titles):
                s = k + 1
                break
        return s, e

    def _foreign_at(self, text: str, i: int) -> int | None:
        """End of a transliterated name of 3+ letters right after a post (总统|尼克松), or None."""
        k = i
        while k < len(text) and k - i < 6 and text[k] in _TRANSLIT and text[k] not in _STOP and not self._cue_at(text, k):
            k += 1
        return k if k - i >= 3 else None

    def _foreign_end(self, text: str, s: int, e: int | None) -> int | None:
        """The end of a transliterated name cut short by the 2-3 letter rule: 古特雷|斯 -> 古特雷斯."""
        if e is None or not all(c in _TRANSLIT for c in text[s:e]):
            return e
        k = e
        while k < len(text) and k - s < 7 and text[k] in _TRANSLIT and text[k] not in _STOP \
                and not self._cue_at(text, k) and not self._title_at(text, k):
            k += 1
        return k

    def _cue_at(self, text: str, i: int) -> bool:
        return text.startswith(_STRONG_CUES, i)

    def _title_at(self, text: str, i: int) -> bool:
        return any(text.startswith(t, i) for t in ("副", "书记", "市长", "主任", "局长", "部长", "同志", "先生", "女士"))

    def name_before(self, text: str, end: int, anchored: bool = False, starts: set[int] | None = None) -> int | None:
        """Start of a name ending at `end` (for a cue right after it), or None. With the segmenter's word
        starts, the name starts a word (及时|向|驾驶员 holds no name 时向)."""
        for size in (3, 2, 4):
            s = end - size
            if s < 0 or starts is not None and s not in starts:
                continue
            if s > 0 and text[s - 1] not in _BOUNDARY_BEFORE and text[s - 1] not in _BEFORE_OK and _CJK.match(text[s - 1]):
                continue
            if self.name_at(text, s, anchored=anchored) == end:
                return s
        return None

    def _foreign_before(self, text: str, end: int) -> int | None:
        """Start of a transliterated name of 3-6 letters right before a title, after a conjunction or a
        mark (同|扎尔达里|总统), or None."""
        k = end
        while k > 0 and end - k < 6 and text[k - 1] in _TRANSLIT and text[k - 1] not in _STOP:
            k -= 1
        if end - k >= 3 and (k == 0 or text[k - 1] in _BOUNDARY_BEFORE or text[k - 1] in "同和与及、"):
            return k
        return None

    def _common(self, w: str) -> bool:
        return self.freq.get(w, 0) >= 1000 and not (self.tags.get(w) or "").startswith("nr")

    def _wordy(self, name: str) -> bool:
        """Made of common words (干部挂, 连心桥): no name unless a post anchors it."""
        def common(w: str) -> bool:
            return self.freq.get(w, 0) >= 200 and not (self.tags.get(w) or "").startswith("nr")

        return len(name) == 3 and (common(name[:2]) or common(name[1:]))

    def plausible(self, name: str, anchored: bool = False) -> bool:
        if len(name) < 2 or len(name) > (7 if anchored and all(c in _TRANSLIT for c in name) else 4):
            return False  # (格奥尔基耶娃 after a post: a long transliterated name)
        f = self.freq.get(name, 0)
        tag = self.tags.get(name)
        if tag and (tag.startswith("nr") or anchored and tag == "ns"):
            return True  # 总统|普京: jieba tags some foreign names as places; the title says who it is
        return f < 50 or tag is None

    # -- component -------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        out = cands(doc)
        blocked = [(c.start, c.end) for c in out if c.type in ("Organization", "Enterprise")
                   or (c.type == "Place" and c.attrs.get("_kind") in ("full", "alias"))]

        short_places = {(c.start, c.end) for c in out if c.type == "Place"}
        one_letter = [c.start for c in out if c.type == "Place" and c.end - c.start == 1]  # 荷方, 美方

        def free(s: int, e: int) -> bool:
            return (s, e) not in short_places and all(e <= a or s >= b for a, b in blocked) \
                and not any(s <= a < e for a in one_letter)

        names: dict[str, float] = {}
        spans: list[tuple[int, int, float]] = []

        starts, ends = token_bounds(doc)

        def add(s: int, e: int | None, score: float) -> None:
            if e is None or _TIME_WORD.match(text, s):
                return  # 周二晚|表示: a weekday, no name
            if e - s == 3 and e - 1 in starts and e not in ends:  # 记者薛原|报道, 马内|私下: the last
                w_end = min((x for x in ends if x > e), default=e)  # letter opens a word after the name
                if self.freq.get(text[e - 1 : w_end], 0) >= 100:
                    e -= 1
            if not free(s, e):
                return
            nm = text[s:e]
            if not self.plausible(nm, score >= 1.0) or (score < 0.9 and self._wordy(nm)) or self._common(nm[:2]):
                return
            if score < 0.9 and len(nm) <= 3 and self.freq.get(nm, 0) >= 20 and (self.tags.get(nm) or "x")[0] in "vn" \
                    and not (self.tags.get(nm) or "").startswith("nr"):
                return  # 贺电|说: a word of the dictionary, no name unless a post anchors it
            if score < 0.9 and text.rfind("“", 0, s) > text.rfind("”", 0, s):
                return  # inside quotes: a slogan, a mascot, a brand
            if score < 0.7 and (nm[-1] in _NOUN_END or not all(self.given.get(c, 0) >= 10 for c in nm[1:])):
                return
            names[nm] = max(names.get(nm, 0), score)
            spans.append((s, e, score))

        posts = [c for c in out if c.type == "Post"]
        for p in posts:
            if _counted(text, p.start):
                continue  # 750余名|选手|晋级: a number of people, no name after the title
            i = p.end
            while i < len(text) and text[i] in " \u3000":
                i += 1
            if i < len(text) and not (text[i] in _CONJ and self.name_at(text, i + 1, anchored=True)):
                # (毛泽东主席)和|胡志明: a conjunction, not the surname 和
                e = self._foreign_end(text, i, self.name_at(text, i, anchored=True) or self._foreign_at(text, i))
                add(i, e, 1.0)
                # an enumeration: 市领导A、B、C
                while e is not None and e < len(text) and text[e] == "、":
                    nxt = _skip_space(text, e + 1)
                    e2 = _list_item_end(text, nxt, self.name_at(text, nxt, anchored=True))
                    if e2 is None or self._title_at(text, nxt):
                        break
                    add(nxt, e2, 0.9)
                    e = e2
            if p.attrs.get("_org_start") is None:
                # a name right before a title: 张三书记, X总书记, 同扎尔达里总统
                s0 = self.name_before(text, p.start, anchored=True, starts=starts)
                if s0 is None:
                    s0 = self._foreign_before(text, p.start)
                if s0 is not None and text[p.start - 1] not in "总副正代":
                    add(s0, p.start, 0.8)  # not 担任|总|支书, 王|副|书记: a title's own prefix, no name
        for m in _ROLE_RE.finditer(text):
            if m.start() not in starts or m.end() not in ends or _counted(text, m.start()):
                continue  # 同学 inside 同学习; 百余名|选手|晋级
            e = self.name_at(text, m.end())
            if e is not None and e - m.end() >= 2 and (e in ends or m.end() not in starts):
                add(m.end(), e, 0.8)  # (对手|平分秋色: a name does not end inside a word it starts)
        for m in re.finditer("|".join(sorted(_STRONG_CUES, key=len, reverse=True)), text):
            end = m.start() - 1 if text[m.start() - 1 : m.start()] == "等" else m.start()  # 王东峰等|参加会见
            s = self.name_before(text, end)
            if s is not None:
                add(s, end, 0.8)
        for m in re.finditer(r"(?:^|\n)[ \u3000]*([\u4e00-\u9fff]{2,4})[：:]", text):
            s = m.start(1)
            if self.name_at(text, s) == m.end(1):
                add(s, m.end(1), 0.8)
        for m in re.finditer(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,8})+", text):
            d1, d2 = text.find("·", m.start()), text.rfind("·", 0, m.end())
            if text[d1 - 1] not in _TRANSLIT and text[d2 + 1] not in _TRANSLIT \
                    and (self._common(text[d1 - 2 : d1]) or self._common(text[d2 + 1 : d2 + 3])):
                continue  # 强信心·权威访谈: a title's parts, no foreign name
            if text.rfind("“", 0, m.start() + 1) > text.rfind("”", 0, m.start() + 1) and not all(
                    ch in _TRANSLIT or ch == "·" for ch in text[d1 - 1 : d2 + 2]):
                continue  # “冷水鱼·冬捕季”: a quoted title, no foreign name
            fs, fe = self._trim_foreign(text, m.start(), m.end())
            if fe - fs >= 3 and free(fs, fe):
                names[text[fs:fe]] = 0.9
                spans.append((fs, fe, 0.9))
        if self.token_names:
            self._token_names(doc, add)
        # an enumeration started by a found name: A、B、C
        for _s, e, _sc in list(spans):
            while e < len(text) and text[e] == "、":
                nxt = _skip_space(text, e + 1)
                e2 = _list_item_end(text, nxt, self.name_at(text, nxt))
                if e2 is None:
                    break
                if e2 - nxt == 3 and text[e2 : e2 + 1] in ("、", "，") and not free(nxt, e2):
                    # 、李长春、: a list item between names is a name, not the place inside it (长春)
                    inner = [c for c in out if c.type == "Place" and nxt <= c.start and c.end <= e2]
                    if inner and all(c.start > nxt for c in inner):
                        out[:] = [c for c in out if c not in inner]
                        blocked[:] = [(a, b) for a, b in blocked if not (nxt <= a and b <= e2)]
                        short_places.difference_update((c.start, c.end) for c in inner)
                add(nxt, e2, 0.9 if text[e2 : e2 + 1] in ("、", "，") else 0.7)  # an inner item: a name for sure
                e = e2
        # every other occurrence of a found name
        taken = set()
        for nm, sc in names.items():
            pos = text.find(nm)
            while pos >= 0:
                e = pos + len(nm)
                if free(pos, e) and (pos, e) not in taken:
                    taken.add((pos, e))
                    out.append(Candidate(pos, e, "Person", nm, {}, "kg_persons", sc))
                pos = text.find(nm, e)
        return doc

    def _token_names(self, doc: Doc, add) -> None:
        text = text_of(doc)
        for a, b in token_spans(doc):
            if b - a < 3:  # names here are words of 3+ letters (2-letter ones come from the cues)
                continue
            w = text[a:b]
            if not _CJK.match(w[0]) or w in _LOANWORDS:
                continue
            tag = self.tags.get(w)
            if (tag in ("nr", "nrt") or w not in self.freq) and all(ch in _TRANSLIT for ch in w):
                if not any(text[k + len(w) : k + len(w) + 1] in _PLACE_NEXT or PLACE_AFTER.match(text, k + len(w))
                           for k in _occurrences(text, w)):
                    add(a, b, 0.6)  # a transliterated foreign name: 克林顿, 基里延科 (not 曼德勒|市, 马拉松)
                continue
            if len(w) != 3 or self.freq.get(w[:2], 0) >= 50 or self.freq.get(w[1:], 0) >= 50:
                continue
            if tag in ("nr", "nrfg") and w[0] in self.single:
                add(a, b, 0.6)
            elif w not in self.freq and w[0] in self.common and all(self._given_ok(c) for c in w[1:]):
                add(a, b, 0.5)


def _counted(text: str, i: int) -> bool:
    """A title or role at i counts people (百余名|选手, 多位|专家, 一支|队伍), no name follows it."""
    return text[i - 1 : i] in _COUNTED and (text[i - 1] != "支" or bool(_COUNT_BEFORE.search(text, max(0, i - 2), i)))


def _list_item_end(text: str, s: int, e: int | None) -> int | None:
    """A list item is a whole name: 、杨洁|篪、 takes its rare third letter too."""
    if e is not None and e - s == 2 and e + 1 < len(text) and text[e + 1] in "、，" and _CJK.match(text[e]) \
            and text[e] not in _FUNCTION:
        return e + 1
    return e


def _occurrences(text: str, w: str):
    k = text.find(w)
    while k >= 0:
        yield k
        k = text.find(w, k + 1)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \u3000\n\r\t":
        i += 1
    return i


@Language.factory("kg_persons", default_config={"min_given_freq": 3, "token_names": True})
def make_persons(nlp: Language, name: str, min_given_freq: int, token_names: bool) -> PersonFinder:
    return PersonFinder(min_given_freq, token_names)
