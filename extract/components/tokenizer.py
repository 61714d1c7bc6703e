"""The segmenter: jieba (default, with the gazetteers' names as user words) or pkuseg (a model path).

Components work on character offsets; tokens only tell them where words start and end
(`token_bounds`), which keeps short place forms and names from matching inside longer words.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate
from pathlib import Path

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

_SPACE = re.compile(r"\s")


ENGINES = ("auto", "jieba", "jieba_next")


@cache
def jieba_engine(name: str = "auto"):
    """The module that cuts jieba words: `jieba`, or `jieba_next` (jieba's algorithm and dictionary in
    Rust, ~4x faster, the same words). "auto": jieba_next when it is installed and ships jieba's dict.
    """
    import logging

    import jieba

    if name not in ENGINES:
        raise ValueError(f"unknown jieba engine {name!r} (one of {', '.join(ENGINES)})")
    jieba.setLogLevel(logging.WARNING)
    if name == "jieba":
        return jieba
    try:
        import jieba_next
    except ImportError:
        if name == "jieba_next":
            raise
        return jieba
    same = Path(jieba_next.DEFAULT_DICT_NAME).name == Path(jieba.DEFAULT_DICT_NAME).name and _dict_bytes(
        jieba_next) == _dict_bytes(jieba)
    if not same and name == "auto":
        return jieba  # another dictionary: other words
    (getattr(jieba_next, "set_log_level", None) or jieba_next.setLogLevel)(logging.WARNING)
    return jieba_next


def _dict_bytes(mod) -> int:
    return (Path(mod.__file__).parent / mod.DEFAULT_DICT_NAME).stat().st_size


_PLACE_LED_WORDS = ("使馆", "女足", "男足", "女篮", "男篮", "女排", "男排", "女垒")


@cache
def load_user_words(engine: str = "auto") -> int:
    """Add full place names, national bodies and company names to jieba's dictionary (once).

    They go into `jieba` (whose FREQ table the components read) and into the cutting engine.
    """
    import jieba

    from extract.components.gazetteer import gazetteer
    from extract.components.lexicon import read_table

    mods = {id(m): m for m in (jieba, jieba_engine(engine))}.values()
    for m in mods:
        m.initialize()
    words = set()
    g = gazetteer()
    for key, lst in g.keys.items():
        if len(key) >= 3 and any(kind != "short" for _, kind in lst):
            words.add(key)
    for row in read_table("national_orgs.txt"):
        words.add(row[0])
    for row in read_table("enterprises.txt"):
        words.add(row[0])
    for m in mods:
        freq = m.dt.FREQ
        for w in sorted(words):
            if not freq.get(w):  # absent, or only a prefix of a longer word (jieba stores those as 0)
                m.add_word(w, 2000)
        # jieba's 中共福建省委 hides the place inside one word: 中共|福建省委, as the bodies are read
        # and 美国驻华大使馆, 中国女足 the country before its mission or team
        for w in [w for w, f in freq.items() if f and (w.startswith("中共") and (w[2:4] in g.keys or w[2:5] in g.keys)
                                                      or w.endswith(_PLACE_LED_WORDS) and w[:2] in g.keys)]:
            m.del_word(w)
    return len(words)


def blank_zh(segmenter: str = "jieba", pkuseg_model: str | None = None, user_words: bool = True,
             engine: str = "auto") -> spacy.Language:
    """A blank Chinese spaCy pipeline with the chosen segmenter (jieba: cut by `jieba_engine(engine)`)."""
    if pkuseg_model:
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
        nlp.tokenizer.initialize(pkuseg_model=pkuseg_model)
        return nlp
    cut = None
    if segmenter == "jieba":
        mod = jieba_engine(engine)
        if user_words:
            load_user_words(engine)
        else:
            mod.initialize()
        cut = mod.dt.lcut
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    nlp.tokenizer = RecordingTokenizer(nlp.tokenizer, cut)
    return nlp


class RecordingTokenizer:
    """Wraps spaCy's Chinese tokenizer; keeps the text and the token offsets on the Doc (no re-joins)."""

    def __init__(self, inner, cut=None) -> None:
        self.inner = inner
        self.vocab = inner.vocab
        self.cut = cut

    def __call__(self, text: str) -> Doc:
        if self.cut is None:
            return self.inner(text)
        words = self.cut(text)
        ends = list(accumulate(map(len, words)))
        starts = [0, *ends[:-1]] if ends else []
        # jieba's words tile the text (whitespace comes as its own words), so they are the Doc's
        # tokens as they are, without trailing spaces: doc.text == text
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["kg_text"] = text
        if _SPACE.search(text):
            keep = [not w.isspace() for w in words]
            starts = [a for a, k in zip(starts, keep, strict=True) if k]
            ends = [e for e, k in zip(ends, keep, strict=True) if k]
        doc.user_data["kg_spans"] = list(zip(starts, ends, strict=True))
        doc.user_data["kg_bounds"] = (set(starts), set(ends))
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for t in texts:
            yield self(t)

    def to_bytes(self, **kw):
        return self.inner.to_bytes(**kw)

    def from_bytes(self, data, **kw):
        self.inner.from_bytes(data, **kw)
        return self

    def to_disk(self, path, **kw):
        return self.inner.to_disk(path, **kw)

    def from_disk(self, path, **kw):
        self.inner.from_disk(path, **kw)
        return self


def text_of(doc: Doc) -> str:
    """doc.text, cached on the Doc (spaCy rebuilds it from the tokens on every access)."""
    t = doc.user_data.get("kg_text")
    if t is None:
        t = doc.user_data["kg_text"] = doc.text
    return t


def token_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the tokens, cached on the Doc."""
    sp = doc.user_data.get("kg_spans")
    if sp is None:
        arr = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        sp = doc.user_data["kg_spans"] = [(a, a + n) for a, n in arr]
    return sp


def token_bounds(doc: Doc) -> tuple[set[int], set[int]]:
    """(token start offsets, token end offsets) of a Doc, cached on the Doc."""
    b = doc.user_data.get("kg_bounds")
    if b is None:
        sp = token_spans(doc)
        b = doc.user_data["kg_bounds"] = ({a for a, _ in sp}, {e for _, e in sp})
    return b


def aligned(doc: Doc, start: int, end: int) -> bool:
    starts, ends = token_bounds(doc)
    return start in starts and end in ends
