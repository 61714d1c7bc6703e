"""kg_ner_model: a statistical NER (spaCy, character tokens) beside the rules, for sentence-level input.

The model reads one token per character; each token's NORM is the jieba word that holds it plus the
character's place in that word (B/I/E/S), so the network sees word boundaries and word identity.
Labels: PER, LOC, COMPANY, GOV, ORGO (other organisation), ORG (organisation of unknown kind, from
People's Daily data; its kind is guessed from the suffix), POS (post title). The model lives in
extract/models/ner/ (trained by `python -m train.ner`); without it the component is not in the pipeline.

It runs in line mode only: when the Article says so (`article.extra["line_mode"]`), else on short
texts (a line of fewer than `max_sentences` sentences and at most `max_chars` characters); articles are left to the rules and gazetteers, which
anchor posts and names for the relations, and the model would cost ~10x the throughput.
Merging (mode "merge", the default): on the very same span the model's type beats a rule's (a club,
not its city) except for places (`rules_first`: the gazetteer wins), and a rule span equal to a model
span of its type stays with its canonical name; every other overlap is settled by `kg_resolve` (the
longer span wins: 北京市人民政府 over 北京市). mode "override": a model span removes the rule
candidates it overlaps; "add": model spans only join the candidates.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.components.base import Candidate, cands
from extract.components.tokenizer import text_of, token_spans

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"
LABEL_TYPE = {"PER": "Person", "LOC": "Place", "COMPANY": "Enterprise", "GOV": "Organization",
              "ORGO": "Organization", "ORG": "Organization", "POS": "Post"}
_GOV_END = ("政府", "委员会", "委", "部", "局", "厅", "署", "办", "院", "法院", "检察院", "党", "会议", "人大", "政协",
            "公安", "海关", "中央", "军", "军区", "武警", "办公室", "大使馆", "领事馆", "总局", "司", "处", "科", "所")
_COMPANY_END = ("公司", "集团", "银行", "厂", "店", "酒店", "宾馆", "商场", "超市", "证券", "保险", "基金", "电视台",
                "航空", "制药", "股份")


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


@lru_cache(maxsize=2)
def load_model(path: str = str(MODEL_DIR)) -> Language | None:
    """The trained NER pipeline, or None when it is absent."""
    p = Path(path)
    if not (p / "config.cfg").exists():
        return None
    import spacy

    return spacy.load(p)


_NAME = re.compile(r"[\u4e00-\u9fff]+(?:[·•・][\u4e00-\u9fff]+)*")
_SENT_END = re.compile(r"[。！？!?]")
NER_TYPES = ("Person", "Place", "Organization", "Enterprise")


class ModelNER:
    def __init__(self, path: str = "", min_len: int = 2, mode: str = "merge", max_chars: int = 600,
                 weak: float = 0.0, rules_first: str = "Place", max_sentences: int = 2,
                 word_bounds: bool = True, common_freq: int = 1000) -> None:
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
        if not text.strip() or not (flag if flag is not None else self.sentence_level(text)):
            return doc
        cdoc = char_doc(nlp.vocab, text, token_spans(doc))
        for _name, proc in nlp.pipeline:
            cdoc = proc(cdoc)
        out = cands(doc)
        found: list[Candidate] = []
        inside = self._inside_common_word(text, token_spans(doc))
        for ent in cdoc.ents:
            s, e = ent.start_char, ent.end_char
            surface = text[s:e]
            if self.word_bounds and (s in inside or e in inside):
                continue  # cuts a common word: 张三主|持
            if e - s < self.min_len and ent.label_ != "LOC":
                continue
            typ = LABEL_TYPE.get(ent.label_)
            if typ is None or not surface.strip():
                continue
            if typ == "Person" and not _NAME.fullmatch(surface):
                continue  # 内塔尼亚胡2: a name has no digits, Latin letters or punctuation
            attrs: dict = {"_model": ent.label_}
            if ent.label_ == "GOV":
                attrs["kind"] = "government"
            elif ent.label_ == "ORGO":
                attrs["kind"] = "other"
            if typ == "Organization" and surface.endswith(_COMPANY_END[:3]):
                typ, attrs = "Enterprise", {"_model": ent.label_}  # 某某有限公司 is a company whatever the label
            elif ent.label_ == "ORG":
                k = org_kind(surface)
                if k == "enterprise":
                    typ = "Enterprise"
                else:
                    attrs["kind"] = k
            found.append(Candidate(s, e, typ, None, attrs, "kg_ner_model", 0.5))
        found = self._respect_places(out, found)
        if self.rules_first:  # types whose rule spans (gazetteers) beat an overlapping model span
            ruled = [c for c in out if c.type in self.rules_first]
            found = [f for f in found if f.type not in self.rules_first
                     or not any(c.start < f.end and f.start < c.end for c in ruled)]
        if self.weak:  # unanchored rule guesses (score below `weak`) give way to the model
            out[:] = [c for c in out if not (c.type in NER_TYPES and c.score < self.weak)]
        if self.mode == "replace":  # the model alone decides the NER types (rules keep their names)
            spans = {(f.start, f.end, f.type) for f in found}
            out[:] = [c for c in out if c.type not in NER_TYPES or (c.start, c.end, c.type) in spans]
        if self.mode in ("override", "replace"):
            self._override(out, found)
        elif self.mode == "merge":
            self._same_span(out, found)
        out.extend(found)
        return doc

    @staticmethod
    def _respect_places(out: list[Candidate], found: list[Candidate]) -> list[Candidate]:
        """No model span that cuts a gazetteer place (福建省龙岩市武) or that is only places (福建省南平市 as a body)."""
        places = sorted((c.start, c.end) for c in out if c.type == "Place")
        keep = []
        for f in found:
            if any(a < f.start < b or a < f.end < b for a, b in places):
                continue
            if f.type != "Place":
                tiles = [(a, b) for a, b in places if f.start <= a and b <= f.end]
                if tiles and sum(b - a for a, b in tiles) == f.end - f.start:
                    continue
            keep.append(f)
        return keep

    def _inside_common_word(self, text: str, words: list[tuple[int, int]]) -> set[int]:
        """Offsets strictly inside a segmenter word that is a common dictionary word."""
        import jieba

        freq = jieba.dt.FREQ
        out: set[int] = set()
        for a, b in words:
            if b - a >= 2 and freq.get(text[a:b], 0) >= self.common_freq:
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

        A rule span equal to a model span of the same type stays instead (it carries the canonical name).
        """
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


@Language.factory("kg_ner_model", default_config={"path": "", "min_len": 2, "mode": "merge", "max_chars": 600,
                                                  "weak": 0.0, "rules_first": "Place", "max_sentences": 2,
                                                  "word_bounds": True, "common_freq": 1000})
def make_ner_model(nlp: Language, name: str, path: str, min_len: int, mode: str, max_chars: int, weak: float,
                   rules_first: str, max_sentences: int, word_bounds: bool, common_freq: int) -> ModelNER:
    return ModelNER(path, min_len, mode, max_chars, weak, rules_first, max_sentences, word_bounds, common_freq)
