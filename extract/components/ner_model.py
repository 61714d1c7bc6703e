"""kg_ner_model: a statistical NER beside the rules, in line mode and (persons only) in articles.

The shipped model (extract/models/ner/crf.crfsuite, trained by `python -m train.ner_crf` on the train
splits of CLUENER2020, People's Daily and MSRA) is a
character CRF whose features are the characters around, the jieba word holding each character,
and our general knowledge (gazetteer places, post titles, surnames, organisation suffixes): see
extract/components/ner_crf.py. A spaCy NER over character tokens (`python -m train.ner`: each
token's NORM is its jieba word and place in it) is read too when a model folder holds config.cfg.
Labels: PER, LOC (People's Daily places), ADDR (CLUENER addresses), COMPANY, GOV, ORGO (other
organisation), ORG (organisation of unknown kind, from People's Daily data; its kind is guessed from
the suffix), POS (post title). Without a model the
component is not in the pipeline.

Line mode: when the Article says so (`article.extra["line_mode"]`), else on short texts (a line of
fewer than `max_sentences` sentences and at most `max_chars` characters), the model's spans of every
type join the rules as below. Document mode (`documents`, OFF by default): the model reads the article
sentence by sentence and only adds names of `document_types` (persons) it is sure of (the least
marginal probability of the span's tags >= `document_min_p`) where the rules read no other type; the
rules and gazetteers keep posts, bodies and places, which they anchor for the relations. Measured on
the tune articles (train/splits.py): seeds 0.936 -> 0.941, dev articles 01-11 0.831 -> 0.840 entity
F1 (holds_post 0.899 -> 0.906), but one-core extraction about 3.4x slower (the tagger's features are
built in Python for every character), below the 80 k chars/s the product needs; reading only the
sentences where the dictionary does not know a surname-led word lost the gain. All types or a lower
bar cost the seeds.
Merging (mode "override", the default): a model span removes the rule candidates of the NER types
(and posts) it overlaps, except a rule span equal to it, which stays with its canonical name
(`rules_first`: types whose rule spans beat overlapping model spans, none by default;
`model_decides`: types only the model may give, none by default; `weak`: rule candidates scored
below it give way to the model, 0.75 by default: the rules' unanchored names (score 0.7) cost
CLUENER precision and People's Daily nothing, while names anchored by a post or a role stay). mode "merge": on the very same span the model's type beats a rule's and every other
overlap is settled by `kg_resolve`; "replace": the model alone decides the NER types; "add": model
spans only join the candidates. Measured on held-out lines of CLUENER and People's Daily
(bench/bench_extract.py --spans): override 0.661 / 0.788 against merge 0.655 / 0.788.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.components.base import Candidate, cands
from extract.components.orgs import _SESSION, _SESSION_BODIES
from extract.components.persons import PLACE_AFTER as _PLACE_AFTER
from extract.components.tokenizer import text_of, token_spans

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"
LABEL_TYPE = {"PER": "Person", "LOC": "Place", "ADDR": "Place", "COMPANY": "Enterprise", "GOV": "Organization",
              "ORGO": "Organization", "ORG": "Organization", "POS": "Post"}
_GOV_END = ("政府", "委员会", "委", "部", "局", "厅", "署", "办", "院", "法院", "检察院", "党", "会议", "人大", "政协",
            "公安", "海关", "中央", "军", "军区", "武警", "办公室", "大使馆", "领事馆", "总局", "司", "处", "科", "所")
_COMPANY_END = ("公司", "集团", "银行", "厂", "店", "酒店", "宾馆", "商场", "超市", "证券", "保险", "基金", "电视台",
                "航空", "制药", "股份")
_SCHOOL_MEDIA_END = ("大学", "学院", "中学", "小学", "研究所", "研究院", "电视台", "电台", "出版社", "报社")
_ORG_END = ("委员会", "组委会", "协会", "学会", "研究会", "基金会", "商会", "联合会", "使馆", "领事馆")


def word_norms(text: str, words: list[tuple[int, int]]) -> list[str]:
    """Per character: the word that holds it and its place in it (word|B, word|I, word|E, char|S)."""
    norms = [""] * len(text)
    for a, b in words:
        w = text[a:b]
        if b - a == 1:
            norms[a] = w + "|S"
            continue
        for k in range(a, b):
            norms[k] = w + ("|B" if k == a else "|E" if k == b - 1 else "|I")
    return [n or (text[i] + "|S") for i, n in enumerate(norms)]


def char_doc(vocab: Vocab, text: str, words: list[tuple[int, int]]) -> Doc:
    """A Doc with one token per character: NORM from the segmenter's words, LEMMA and TAG the
    character bigrams to its left and right (features a model may or may not use)."""
    doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
    padded = "\x02" + text + "\x03"
    for i, (tok, norm) in enumerate(zip(doc, word_norms(text, words), strict=True)):
        tok.norm_ = norm
        tok.lemma_ = padded[i : i + 2]
        tok.tag_ = padded[i + 1 : i + 3]
    return doc


def org_kind(name: str) -> str:
    """Kind of an organisation the model labels ORG (kind unknown): government, enterprise or other."""
    if name.endswith(_COMPANY_END):
        return "enterprise"
    if name.endswith(_GOV_END) or "政府" in name or "人民" in name[-6:]:
        return "government"
    return "other"


def _with_opener(text: str, s: int, e: int) -> int:
    """The start of a span whose closing quote's opener the model left out: |“海星”号 -> “海星”号."""
    from extract.components.resolve import _CLOSERS

    for k in range(s, e):
        opener = _CLOSERS.get(text[k])
        if opener and opener not in text[s:k]:
            return s - 1 if s > 0 and text[s - 1] == opener else s
    return s


def _with_closer(text: str, s: int, e: int) -> int:
    """The end of a span whose opening mark's closer the model left out: 英国《北海医学周刊| -> …周刊》."""
    from extract.components.resolve import _PAIRS

    for k in range(e - 1, s, -1):
        closer = _PAIRS.get(text[k])
        if closer and closer not in text[k:e]:
            return e + 1 if text[e : e + 1] == closer else e
    return e


def place_or_body(label: str, surface: str) -> str:
    """ORG for a "place" the model reads that ends in a body's or a works' suffix (青石河水泥厂, X组委会).
    CLUENER addresses (ADDR) keep shops and hotels, which that data marks as addresses."""
    if label == "LOC" and surface.endswith(_COMPANY_END + _ORG_END + _SCHOOL_MEDIA_END) \
            or label == "ADDR" and surface.endswith(("厂", "公司", "集团") + _ORG_END + _SCHOOL_MEDIA_END):
        return "ORG"
    return label


@lru_cache(maxsize=2)
def load_model(path: str = str(MODEL_DIR)):
    """The trained model in `path`: a CRFTagger (crf.crfsuite), a spaCy pipeline (config.cfg), or None."""
    from extract.components.ner_crf import CRFTagger, has_crf

    p = Path(path)
    if has_crf(p):
        return CRFTagger(p)
    if not (p / "config.cfg").exists():
        return None
    import spacy

    return spacy.load(p)


def model_present(path: str | Path = MODEL_DIR) -> bool:
    from extract.components.ner_crf import has_crf

    return has_crf(path) or (Path(path) / "config.cfg").exists()


_NAME = re.compile(r"[\u4e00-\u9fff]+(?:[·•・][\u4e00-\u9fff]+)*|[A-Za-z][A-Za-z.\-]*[A-Za-z]")
_SENT_END = re.compile(r"[。！？!?]")
_SENT_SPLIT = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[”’」』）)]*)?")  # a sentence with its end marks
_DOCTRINE = ("思想", "主义", "理论", "精神")
_TRIM_HEAD = "vp"  # jieba tags (first letter) that never start a name
_TRIM_TAIL = "vf"
_PARTICLES = "u"  # jieba tags of particles (着, 了, 的): no name starts with one
# common words that end like a body but name none (巴西|政局, 产业|新格局), and people (机关|干部)
_NOT_BODY_TAIL = {"政局", "格局", "新格局", "大格局", "布局", "结局", "大局", "全局", "僵局", "骗局", "时局", "变局", "开局",
                  "残局", "饭局", "赌局", "棋局", "终局", "出局", "干部", "职工", "员工", "人员", "工作人员", "官员", "群众",
                  "师生", "学生", "负责人", "报道"}
_CONJ = set("和与及同跟或")
_PARENT_END = ("社", "台", "局", "大学", "院", "部", "委", "公司", "集团", "报", "会", "厂", "所", "中心")
_UNIT_END = ("中心", "艺术团", "学院", "医院", "科", "室", "处", "研究所", "研究院", "分会", "支部", "分局", "分公司", "分厂",
             "编辑部", "研究室", "办公室", "查号台", "车间", "工作站", "实验室")
_UNIT_TAIL = re.compile(r"[0-9０-９]{0,4}(?:[\u4e00-\u9fff]{0,3}?(?:查号台|研究室|编辑部)|[\u4e00-\u9fff]{1,3}?[科室])(?![长员])")
_COUNTED_TAIL = re.compile("[一二三四五六七八九十两几多][个大]?[省市县国地州区](?:市)?$")
_GENERIC_END = ("有关部门", "方面", "当局")
_HONORIFICS = {"先生", "小姐", "女士", "教授", "老师", "师傅", "大夫", "医生", "太太", "夫人", "大爷", "大妈", "大娘", "阿姨",
               "老", "总", "工", "博士", "院士", "同志", "大姐", "大哥", "婆婆", "奶奶", "爷爷", "叔叔"}
_VILLAGE_END = set("庄村屯寨湾坡沟铺营堡口")
_DESCRIPTION = re.compile("首都|首府|港口城市|港口|城市|边境城市|北部|南部|东部|西部|中部|东北部|西北部|东南部|西南部|小镇|重镇")
_INNER_PREP = set("对向把被给从将")
_LIST_SEP = ("、", "和", "及", "与", "以及")
# letters that follow a 2-letter name (说, 称, 算得上, 版) and hardly end a given name
_NAME_TAIL_BREAK = set("说称问答讲谈表指认告透坦称算抱喝版自共出所在与及的是也还就对将已曾向从于并又都被把让给以等要看却便再仍")
NER_TYPES = ("Person", "Place", "Organization", "Enterprise")
_HAN_NAME = re.compile("[\u4e00-\u9fff]{2,3}")
_LINKS = {"关于", "对于"}  # words that open a clause (和, 与, 及 occur inside names: 住房和城乡建设部)
# verbs that open a clause and hardly occur inside a name (names hold 发展, 研究, 开发, 服务, 工作 …)
_CLAUSE_VERBS = {"建立", "设立", "成立", "担任", "出任", "表示", "宣布", "认为", "指出", "举行", "召开", "加入", "参加", "进入",
                 "组建", "派出", "要求", "决定", "批准", "发布", "公布", "称"}
_PAIR_MARKS = "、对"  # a list, a pairing (棋手甲对乙)
_ITEM_CLOSE = "、，。；：对和与及）)"
_ITEM_OPEN = "、，。；：对和与及（( "


@lru_cache(maxsize=1)
def _person_finder():
    from extract.components.persons import PersonFinder

    return PersonFinder()


class ModelNER:
    def __init__(self, path: str = "", min_len: int = 2, mode: str = "override", max_chars: int = 600,
                 weak: float = 0.75, rules_first: str = "", max_sentences: int = 2,
                 word_bounds: bool = True, common_freq: int = 1000, model_decides: str = "",
                 join_units: bool = True, documents: bool = False, document_types: str = "Person",
                 document_min_p: float = 0.98) -> None:
        self.documents = documents
        self.document_min_p = document_min_p
        self.document_types = set(document_types.split(",")) - {""}
        self.join_units = join_units
        self.model_decides = set(model_decides.split(",")) - {""}
        self.word_bounds = word_bounds
        self.common_freq = common_freq
        self.max_sentences = max_sentences
        self.path = path or str(MODEL_DIR)
        self.rules_first = set(rules_first.split(",")) - {""}
        self.weak = weak
        self.min_len = min_len
        self.mode = mode
        self.max_chars = max_chars

    def __call__(self, doc: Doc) -> Doc:
        nlp = load_model(self.path)
        if nlp is None:
            return doc
        text = text_of(doc)
        art = doc._.article
        flag = art.extra.get("line_mode") if art is not None and isinstance(art.extra, dict) else None
        line = flag if flag is not None else self.sentence_level(text)
        if not text.strip() or not (line or self.documents):
            return doc
        out = cands(doc)
        found: list[Candidate] = []
        inside = self._inside_common_word(text, token_spans(doc))
        words = token_spans(doc)
        ends = {c.end for c in out} | {m.end() for m in re.finditer("[》”）)]", text)}
        for s, e, label in (self._predict(nlp, text, words) if line
                              else self._predict_sentences(nlp, text, words, self.document_min_p)):
            if any(a > s and b < e and b - a == 1 and text[a] in _INNER_PREP for a, b in words):
                continue  # 阳光工程组委会|对|市消防支队: a preposition between two names
            if label in ("LOC", "ADDR") and self._described(text, s, e, words, label == "LOC"):
                continue  # 法国港口城市马赛, 肯尼亚首都内罗毕: two places and a description, no one name
            if label in ("LOC", "ADDR", "ORG"):
                s, e = self._trim(text, s, e, words)
            elif label != "PER":
                s = self._trim_particle(text, s, e, words)
            if label in ("ORG", "GOV", "ORGO", "COMPANY") and self._not_a_body(text, s, e, words):
                continue  # 巴西政局, 德国新闻媒体报道, 山西平遥县组织机关干部: no body ends so
            if label in ("ORG", "GOV", "ORGO", "COMPANY"):
                s = self._after_clause(text, s, e, words)
                if s is None:
                    continue  # 全省税务机关关于银行: a clause, no one name
            label = place_or_body(label, text[s:e])
            if label in ("LOC", "ADDR"):
                m = _COUNTED_TAIL.search(text, s, e)
                e = m.start() if m and m.start() > s else e  # 四川|三省
            elif label in ("ORG", "GOV", "ORGO") and text.endswith(_GENERIC_END, s, e):
                continue  # 日本航空管理部门: a country's unnamed services, no name
            if label in ("ORG", "GOV") and text.startswith(_SESSION_BODIES, s):
                m = _SESSION.search(text, max(0, s - 6), s)
                s = m.start() if m else s  # 九届|人大常委会: the body in its Nth term
            s = _with_opener(text, s, e)
            e = _with_closer(text, s, e)
            if label != "PER" and e - s > 3 and text[s] in _CONJ and ((s, s + 1) in words or s in ends):
                s += 1  # 《华盛顿邮报》和|益普索集团: a conjunction after a name is no part of the next one
            elif label == "PER" and e - s == 3:
                e = self._name_end(text, s, e)
            if label == "PER":
                e = self._translit_end(text, s, e, words)
                if text[e - 1] in _VILLAGE_END and e - s >= 2:
                    label = "LOC"  # 李庄, 张家湾: a surname and a village's suffix name a place
            surname_only = label == "PER" and self._honorific_end(text, s, e)
            if surname_only:
                e = s + 1  # 陈|教授, 王|小姐: the surname is the name, the rest a form of address
            surface = text[s:e]
            if self.word_bounds and (s in inside or e in inside):
                continue  # cuts a common word: 张三主|持
            if e - s < self.min_len and label not in ("LOC", "ADDR") and not surname_only:
                continue
            typ = LABEL_TYPE.get(label)
            if typ is None or not surface.strip():
                continue
            if typ == "Person" and not _NAME.fullmatch(surface):
                continue  # 默克尔2: a name has no digits or punctuation (a Latin one is whole: Moon, Grubby)
            attrs: dict = {"_model": label}
            if label == "GOV":
                attrs["kind"] = "government"
            elif label == "ORGO":
                attrs["kind"] = "other"
            if typ == "Organization" and surface.endswith(_COMPANY_END[:3]):
                typ, attrs = "Enterprise", {"_model": label}  # 某某有限公司 is a company whatever the label
            elif label == "ORG":
                k = org_kind(surface)
                if k == "enterprise":
                    typ = "Enterprise"
                else:
                    attrs["kind"] = k
            found.append(Candidate(s, e, typ, None, attrs, "kg_ner_model", 0.5))
        if not line:  # in articles the rules know more (posts, bodies, canonical places): the model only
            # adds names of its document types where the rules found nothing
            found = [f for f in found if f.type in self.document_types
                     and not any(c.start < f.end and f.start < c.end and c.type != f.type for c in out)]
        found = self._respect_places(out, found, text, words)
        self._places_by_context(found, text)
        if self.rules_first:  # types whose rule spans (gazetteers) beat an overlapping model span
            ruled = [c for c in out if c.type in self.rules_first]
            found = [f for f in found if f.type not in self.rules_first
                     or not any(c.start < f.end and f.start < c.end for c in ruled)]
        anchored = self._anchored_names(out, text)
        found = [f for f in found if f.type != "Person" or not any(a < f.end and f.start < b for a, b in anchored)]
        if self.weak:  # unanchored rule guesses (score below `weak`) give way to the model
            out[:] = [c for c in out if not (c.type in NER_TYPES and c.score < self.weak)]
        decides = set(NER_TYPES) if self.mode == "replace" else self.model_decides
        if decides:  # the model alone decides these types (rule spans it agrees with keep their names)
            spans = {(f.start, f.end, f.type) for f in found}
            out[:] = [c for c in out if c.type not in decides or (c.start, c.end, c.type) in spans]
        if self.mode in ("override", "replace"):
            self._override(out, found)
        elif self.mode == "merge":
            self._same_span(out, found)
        out.extend(found)
        self._repeat_names(out, text)
        self._list_names(out, text, words)
        if self.join_units:
            self._join_units(out, text)
            self._unit_tails(out, text, words)
        return doc

    @staticmethod
    def _repeat_names(out: list[Candidate], text: str) -> None:
        """Every other occurrence of a name found in the line is that name (江宏伟 … 江宏伟), over a short place
        the gazetteer read across it (在创作中|江宏伟 is no 中江)."""
        names = {text[c.start : c.end] for c in out if c.type == "Person" and c.end - c.start >= 2}
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                s, e = m.start(), m.end()
                over = [c for c in out if c.start < e and s < c.end]
                if any(c.type == "Person" for c in over):
                    continue
                if all(c.type == "Place" and c.attrs.get("_kind") == "short" and c.end - c.start <= 2 for c in over):
                    out[:] = [c for c in out if c not in over]
                    out.append(Candidate(s, e, "Person", None, {}, "kg_ner_model", 0.5))

    @staticmethod
    def _list_names(out: list[Candidate], text: str, words: list[tuple[int, int]]) -> None:
        """A Chinese name beside a found one in a list or a pairing, closed by punctuation, is a name too
        (王燕对|刘丽|、, 李明远、|周雅琴|对): the rules' name shape, the list's marks as the anchor."""
        from extract.components.persons import _list_item_end

        pf = _person_finder()
        starts = {a for a, _b in words}

        def free(a: int, b: int) -> bool:
            return not any(c.start < b and a < c.end for c in out)

        queue = [c for c in out if c.type == "Person" and _HAN_NAME.fullmatch(text[c.start : c.end])]
        while queue:
            c = queue.pop()
            e = c.end
            if e < len(text) and text[e] in _PAIR_MARKS:
                e2 = _list_item_end(text, e + 1, pf.name_at(text, e + 1))
                if e2 is not None and (e2 == len(text) or text[e2] in _ITEM_CLOSE) and free(e + 1, e2):
                    new = Candidate(e + 1, e2, "Person", None, {}, "kg_ner_model", 0.5)
                    out.append(new)
                    queue.append(new)
            s = c.start
            if s >= 3 and text[s - 1] in _PAIR_MARKS:
                s0 = pf.name_before(text, s - 1, starts=starts)
                if s0 is not None and (s0 == 0 or text[s0 - 1] in _ITEM_OPEN) and free(s0, s - 1):
                    new = Candidate(s0, s - 1, "Person", None, {}, "kg_ner_model", 0.5)
                    out.append(new)
                    queue.append(new)

    @staticmethod
    def _join_units(out: list[Candidate], text: str) -> None:
        """A body right after another is its unit, one name: 中央电视台|星光艺术团, 日报社|医院."""
        orgs = sorted((c for c in out if c.type in ("Organization", "Enterprise")), key=lambda c: c.start)
        for a, b in zip(orgs, orgs[1:], strict=False):
            if a.end == b.start and a in out and b in out and not b.attrs.get("_known") \
                    and text.endswith(_PARENT_END, a.start, a.end) and text.endswith(_UNIT_END, b.start, b.end):
                out.remove(a)
                out.remove(b)
                out.append(Candidate(a.start, b.end, "Organization", None, {"kind": a.attrs.get("kind", "other")},
                                     "kg_ner_model", max(a.score, b.score)))

    @staticmethod
    def _unit_tails(out: list[Candidate], text: str, words: list[tuple[int, int]]) -> None:
        """A section named right after its body is part of the name: 运城人民医院|宣传科, 杭州市电话局|114查号台."""
        ends = {b for _a, b in words}
        for c in [c for c in out if c.type in ("Organization", "Enterprise")]:
            m = _UNIT_TAIL.match(text, c.end)
            if not m or m.end() not in ends and m.end() < len(text) or text.startswith(("长", "主任"), m.end()) \
                    or m.group(0).endswith("办公室"):
                continue  # 科|长: a post, no section; X|办公室 people speak for, not named
            inner = [x for x in out if x is not c and x.start < m.end() and c.end < x.end]
            if all(x.type == "Person" and x.start >= c.end for x in inner):  # 查号台 is no name
                out[:] = [x for x in out if x not in inner]
                c.end = m.end()

    @staticmethod
    def _places_by_context(found: list[Candidate], text: str) -> None:
        """A "name" followed by 方向, 地区, 一带 … is a place (库皮扬斯克|方向), and so are the other names of its
        list (在顿涅茨克、库皮扬斯克等方向)."""
        found.sort(key=lambda c: c.start)
        flip = {i for i, f in enumerate(found) if f.type == "Person" and _PLACE_AFTER.match(text, f.end)}
        for i in sorted(flip, reverse=True):
            j = i
            while j > 0 and found[j - 1].type == "Person" and text[found[j - 1].end : found[j].start] in _LIST_SEP:
                j -= 1
                flip.add(j)
        for i in flip:
            f = found[i]
            found[i] = Candidate(f.start, f.end, "Place", None, {"_model": "LOC"}, f.source, f.score)

    @staticmethod
    def _anchored_names(out: list[Candidate], text: str) -> list[tuple[int, int]]:
        """Chinese names the rules read right after a post (行长|王建军): they beat the model's cut of them
        (王建|军, 王建军作). Transliterated names are left to the model."""
        from extract.components.lexicon import surnames
        from extract.components.persons import _TRANSLIT

        _single, compound, common = surnames()
        return [(c.start, c.end) for c in out if c.type == "Person" and c.score >= 1.0 and c.source == "kg_persons"
                and (text[c.start] in common or text[c.start : c.start + 2] in compound)
                and not all(ch in _TRANSLIT for ch in text[c.start : c.end]) and "·" not in text[c.start : c.end]]

    @staticmethod
    def _predict(model, text: str, words: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """(start, end, label) spans from the CRF or the spaCy model."""
        if hasattr(model, "spans"):
            return model.spans(text, words)
        cdoc = char_doc(model.vocab, text, words)
        for _name, proc in model.pipeline:
            cdoc = proc(cdoc)
        return [(ent.start_char, ent.end_char, ent.label_) for ent in cdoc.ents]

    @classmethod
    def _predict_sentences(cls, model, text: str, words: list[tuple[int, int]],
                           min_p: float = 0.0) -> list[tuple[int, int, str]]:
        """The model's spans over an article, sentence by sentence (the unit it was trained on), those
        the model is sure of (`min_p`: least marginal probability of a span's tags) when it can say so."""
        out, k = [], 0
        for m in _SENT_SPLIT.finditer(text):
            a, b = m.span()
            if not text[a:b].strip():
                continue
            while k < len(words) and words[k][1] <= a:
                k += 1
            inner = []
            for ws, we in words[k:]:
                if ws >= b:
                    break
                inner.append((max(ws, a) - a, min(we, b) - a))
            if min_p and hasattr(model, "scored_spans"):
                out += [(s + a, e + a, lab) for s, e, lab, p in model.scored_spans(text[a:b], inner) if p >= min_p]
            else:
                out += [(s + a, e + a, lab) for s, e, lab in cls._predict(model, text[a:b], inner)]
        return out

    @staticmethod
    def _respect_places(out: list[Candidate], found: list[Candidate], text: str,
                        words: list[tuple[int, int]] | None = None) -> list[Candidate]:
        """No model span that cuts a gazetteer place (福建省龙岩市武), that is only places (福建省南平市, as
        a body or as one place), that covers a body the rules read with the title after it, that cuts a
        name from our lists (national bodies, brands), or that lies inside a company's legal name the
        rules found by its suffix."""
        places = sorted((c.start, c.end) for c in out if c.type == "Place")
        bodies = [(c.start, c.end) for c in out if c.type in ("Organization", "Place")]
        legal = [(c.start, c.end) for c in out if c.type == "Enterprise" and c.source == "kg_enterprises" and c.score > 1
                 and text.endswith(("有限公司", "有限责任公司"), c.start, c.end)]
        named = [(c.start, c.end) for c in out if c.type == "Enterprise" and c.source == "kg_enterprises" and c.score > 1]
        known = [(c.start, c.end) for c in out if c.attrs.get("_known")]
        keep = []
        for f in found:
            if any(a <= f.start and f.end <= b and b - a > f.end - f.start or f.start < a < f.end < b
                   or a < f.start < b < f.end for a, b in known):
                continue  # 上合|组织: a name from our lists is not cut by the model
            if any(a <= f.start and f.end <= b and b - a > f.end - f.start for a, b in legal):
                continue  # 深圳市腾讯|计算机系统有限公司: the company's legal name, found by its suffix, stays whole
            if f.type == "Person" and any(a <= f.start and f.end < b and text[f.end : b] in _COMPANY_END for a, b in named):
                continue  # 罗氏·杜邦|公司: a name before a company's suffix names the company
            if any(a < f.start < b or a < f.end < b for a, b in places):
                continue
            if f.type == "Person" and any(f.start <= a and b - a == 1 and b <= f.end for a, b in places):
                continue  # 和|荷|方: a one-letter country is no part of a name
            tiles = [(a, b) for a, b in places if f.start <= a and b <= f.end]
            if tiles and sum(b - a for a, b in tiles) == f.end - f.start and (f.type != "Place" or len(tiles) > 1):
                if f.attrs.get("_model") != "ADDR" or f.type != "Place":
                    continue  # 福建省南平市: the gazetteer's places, with their hierarchy
                last = next(c for c in out if c.type == "Place" and (c.start, c.end) == tiles[-1])
                f.name, f.attrs = last.name, {**last.attrs, "_model": "ADDR"}  # CLUENER's one address: 福州市鼓楼区
                # is the district of the gazetteer (鼓楼区 of 福州市), named with its city
            if f.type in ("Post", "Organization") and any(a <= f.start < b for a, b in bodies) and any(
                    c.type == "Post" and f.start < c.start <= f.end and c.end >= f.end
                    and (f.type == "Post" or any(b == c.start for _a, b in bodies)
                         or c.start == f.end and words is not None and any(f.start <= a < f.end < b for a, b in words))
                    for c in out):
                continue  # body + title (龙岩市委|书记, 宁波|地委书记): the rules build the post and its body (a body
                # the rules did not read stays the model's when it ends a word or shares its end with the title:
                # 英国防部|副大臣, 伊朗石油部|长)
            keep.append(f)
        return keep

    @staticmethod
    def _trim(text: str, s: int, e: int, words: list[tuple[int, int]]) -> tuple[int, int]:
        """Drop a verb, adverb or function word the model let in at either end (持有|海通证券公司, 华北|中南部)."""
        import jieba.posseg

        tags = jieba.posseg.dt.word_tag_tab
        inner = [(a, b) for a, b in words if a < e and b > s]  # a word cut by the span is kept, as cut

        def tag(a: int, b: int) -> str:
            return (tags.get(text[a:b]) or "x")[0] if s <= a and b <= e else "x"

        while len(inner) > 1 and tag(*inner[0]) in _TRIM_HEAD:
            inner.pop(0)
        while len(inner) > 1 and tag(*inner[-1]) in _TRIM_TAIL:
            inner.pop()
        if not inner:
            return s, e
        return max(s, inner[0][0]), min(e, inner[-1][1])

    @staticmethod
    def _after_clause(text: str, s: int, e: int, words: list[tuple[int, int]]) -> int | None:
        """The start of the body named after a clause verb or a linking word the model let into an
        organisation span (日本组建|太空作战司令部), or None when no body follows it (税务机关关于银行)."""
        cut = None
        for a, b in words:
            if s < a and b < e and (text[a:b] in _LINKS or text[a:b] in _CLAUSE_VERBS):
                cut = b
        if cut is None:
            return s
        return cut if e - cut >= 3 and text.endswith(_GOV_END + _COMPANY_END + _ORG_END, cut, e) else None

    @staticmethod
    def _trim_particle(text: str, s: int, e: int, words: list[tuple[int, int]]) -> int:
        """The start of a span after a particle the model let in at its head (领导着|村党支部 -> 村党支部)."""
        import jieba.posseg

        tags = jieba.posseg.dt.word_tag_tab
        for a, b in words:
            if a == s and b < e and (tags.get(text[a:b]) or "x")[0] in _PARTICLES:
                return b
        return s

    @staticmethod
    def _not_a_body(text: str, s: int, e: int, words: list[tuple[int, int]]) -> bool:
        """Whether an organisation span the model reads ends in a word that names no body: a common word
        like a body's (政局, 新格局), people (干部) or 报道 (a verb at the end is no sign: 投资, 组织, 分行)."""
        last = next((text[a:b] for a, b in words if b == e and s <= a), None)
        if last is None:
            return False
        return last in _NOT_BODY_TAIL or last.endswith(("干部", "报道"))  # 机关干部, 媒体报道 too; not 安全局

    @staticmethod
    def _described(text: str, s: int, e: int, words: list[tuple[int, int]], description: bool = True) -> bool:
        """Whether a People's Daily place holds a description or a verb between its words (首都, 港口城市,
        介绍): it is then no one name."""
        import jieba.posseg

        tags, freq = jieba.posseg.dt.word_tag_tab, jieba.dt.FREQ
        inner = [(a, b) for a, b in words if s < a and b < e]
        for a, b in inner:
            w = text[a:b]
            if description and _DESCRIPTION.fullmatch(w) or (tags.get(w) or "x")[0] == "v" and freq.get(w, 0) >= 5000:
                return True
        return False

    @staticmethod
    def _translit_end(text: str, s: int, e: int, words: list[tuple[int, int]]) -> int:
        """A transliterated name the model cut a letter short (巴蒂斯|图塔, 萨莫拉|诺): its further letters
        join it, up to a letter that starts a word of the text (萨莫拉诺|禁区)."""
        from extract.components.persons import _STOP, _TRANSLIT

        if e - s < 2 or not all(ch in _TRANSLIT for ch in text[s:e]):
            return e
        long_starts = {a for a, b in words if b - a >= 2}
        k = e
        while k < len(text) and k - s < 6 and text[k] in _TRANSLIT and text[k] not in _STOP and k not in long_starts:
            k += 1
        return k

    @staticmethod
    def _honorific_end(text: str, s: int, e: int) -> bool:
        """Whether a model "name" is a surname and a form of address (陈教授, 王小姐, 周先生)."""
        from extract.components.lexicon import surnames

        return e - s >= 2 and text[s] in surnames()[0] and text[s + 1 : e] in _HONORIFICS

    @staticmethod
    def _name_end(text: str, s: int, e: int) -> int:
        """A 3-letter name whose last letter is a verb or function word the model let in (刘洋|算得上, 陈静|说,
        王伟|版 — jieba's new-word guess glues them, so the letter itself decides)."""
        from extract.components.lexicon import surnames

        if text[e - 1] in _NAME_TAIL_BREAK and text[s] in surnames()[0]:
            return e - 1
        return e

    def _inside_common_word(self, text: str, words: list[tuple[int, int]]) -> set[int]:
        """Offsets strictly inside a segmenter word that is a common dictionary word."""
        import jieba

        freq = jieba.dt.FREQ
        out: set[int] = set()
        for a, b in words:
            if b - a >= 2 and freq.get(text[a:b], 0) >= self.common_freq:
                if b - a >= 4 and text[b - 2 : b] in _DOCTRINE:  # 毛泽东|思想: a name in a doctrine
                    out.update(k for k in range(a + 1, b) if k != b - 2)
                else:
                    out.update(range(a + 1, b))
        return out

    def sentence_level(self, text: str) -> bool:
        """A line of a few sentences (the model's input); articles are left to the rules (0: no limit)."""
        if self.max_chars and len(text) > self.max_chars:
            return False
        body = text.strip()
        if self.max_sentences and ("\n" in body or len(_SENT_END.findall(body.rstrip("。！？!? "))) >= self.max_sentences):
            return False
        return True

    def _same_span(self, out: list[Candidate], found: list[Candidate]) -> None:
        """On the very same span the model's type wins (a club, not its city), the rule's name stays."""
        by_span = {(f.start, f.end): f for f in found}
        keep = []
        for c in out:
            f = by_span.get((c.start, c.end))
            if f is not None and (c.type in NER_TYPES or c.type == "Post"):
                if f.type != c.type and c.type not in self.rules_first and not c.attrs.get("_known"):
                    continue
                found.remove(f)
                del by_span[(c.start, c.end)]
            keep.append(c)
        out[:] = keep

    @staticmethod
    def _override(out: list[Candidate], found: list[Candidate]) -> None:
        """Drop rule candidates of the NER types (and posts) that a model span overlaps.

        A rule span equal to a model span of the same type stays instead (it carries the canonical name),
        and so does a name from our lists (a brand, a national body) on the very span the model gives
        another type (比亚迪 is the company, not a person).
        """
        known = {(c.start, c.end): c for c in out if c.attrs.get("_known")}
        for f in found:  # an outlet the model reads as a company is one (新华网, 新浪网: CLUENER's convention)
            k = known.get((f.start, f.end))
            if k is not None and k.type == "Organization" and k.attrs.get("kind") == "media" and f.type == "Enterprise":
                k.type, k.attrs = "Enterprise", {**k.attrs, "kind": "media"}
        found[:] = [f for f in found if (f.start, f.end) not in known]
        spans = {(c.start, c.end, c.type) for c in found}
        keep, same = [], set()
        for c in out:
            if c.type in NER_TYPES or c.type == "Post":
                if (c.start, c.end, c.type) in spans:
                    same.add((c.start, c.end, c.type))
                elif any(c.start < f.end and f.start < c.end for f in found):
                    continue
            keep.append(c)
        out[:] = keep
        found[:] = [f for f in found if (f.start, f.end, f.type) not in same]


@Language.factory("kg_ner_model", default_config={"path": "", "min_len": 2, "mode": "override", "max_chars": 600,
                                                  "weak": 0.75, "rules_first": "", "max_sentences": 2,
                                                  "word_bounds": True, "common_freq": 1000,
                                                  "model_decides": "", "join_units": True, "documents": False,
                                                  "document_types": "Person", "document_min_p": 0.98})
def make_ner_model(nlp: Language, name: str, path: str, min_len: int, mode: str, max_chars: int, weak: float,
                   rules_first: str, max_sentences: int, word_bounds: bool, common_freq: int,
                   model_decides: str, join_units: bool, documents: bool, document_types: str,
                   document_min_p: float) -> ModelNER:
    return ModelNER(path, min_len, mode, max_chars, weak, rules_first, max_sentences, word_bounds, common_freq,
                    model_decides, join_units, documents, document_types, document_min_p)
