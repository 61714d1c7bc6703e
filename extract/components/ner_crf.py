"""A character CRF for sentence-level NER (python-crfsuite): features and tagger.

Each character is described by its neighbours (unigrams and bigrams in a +-2 window), its script
class, the jieba word that holds it (place in the word, length, the word itself, its dictionary
frequency band) and what our general knowledge says of it: inside a gazetteer place (level, full
or short form), a listed national body or company brand, a post title (resources/posts.txt), a
surname (single, common, compound), an organisation-final character, a run of transliteration
letters (克林顿). Labels are BIO over PER, LOC, COMPANY, GOV, ORGO, ORG, POS.

The model file is `crf.crfsuite` in the model folder (trained by `python -m train.ner_crf`);
`kg_ner_model` uses it when the folder holds one. Features must match between training and use,
so both call `char_features`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MODEL_FILE = "crf.crfsuite"
_ORG_END = set("部委局厅院会司署处办社团队军所校馆行站台")


@lru_cache(maxsize=1)
def _knowledge() -> tuple:
    import jieba

    from extract.components.gazetteer import gazetteer
    from extract.components.lexicon import post_titles, surnames

    single, compound, common = surnames()
    posts = set(post_titles())
    import jieba.posseg

    from extract.components.enterprises import _brands
    from extract.components.orgs import _tables
    from extract.components.persons import _TRANSLIT

    known = (_tables()[3], _brands()[1])  # national bodies and outlets, company brands
    return (gazetteer(), set(single), set(compound), set(common), posts, jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab,
            known, _TRANSLIT)


def _ctype(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    return "S" if c.isspace() else "P"


def char_features(text: str, words: list[tuple[int, int]]) -> list[list[str]]:
    """CRF features of each character of `text`, given the segmenter's words (char offsets)."""
    g, single, compound, common, posts, freq, tags, known, translit = _knowledge()
    n = len(text)
    wpos, wlen, word = ["S"] * n, [1] * n, [""] * n
    prev_w, next_w = [""] * n, [""] * n
    wtag = ["x"] * n
    for k, (a, b) in enumerate(words):
        tg = tags.get(text[a:b], "x")
        w = text[a:b] if b - a >= 2 else ""
        before = text[words[k - 1][0] : words[k - 1][1]] if k else "^"
        after = text[words[k + 1][0] : words[k + 1][1]] if k + 1 < len(words) else "$"
        for i in range(a, b):
            wlen[i], word[i], wtag[i] = min(b - a, 5), w, tg
            wpos[i] = "S" if b - a == 1 else "B" if i == a else "E" if i == b - 1 else "M"
        prev_w[a], next_w[b - 1] = before, after
    gz = ["O"] * n
    for s, e, key in g.iter_matches(text):
        i0, kind = g.keys[key][0]
        tag = g.places[i0].level[:3] + kind[:1]
        for i in range(s, e):
            gz[i] = ("B-" if i == s else "I-") + tag
    kn = ["O"] * n
    for k, rx in enumerate(known):
        for m in rx.finditer(text):
            if m.end() - m.start() >= 2:
                for i in range(m.start(), m.end()):
                    kn[i] = ("B" if i == m.start() else "I") + "ob"[k]
    tr = [0] * n
    run = 0
    for i in range(n - 1, -1, -1):  # length of the run of transliteration letters from i on
        run = run + 1 if text[i] in translit else 0
        tr[i] = min(run, 3)
    types = [_ctype(c) for c in text]
    padded = "##" + text + "##"
    out = []
    for i, c in enumerate(text):
        p2, p1, n1, n2 = padded[i], padded[i + 1], padded[i + 3], padded[i + 4]
        f = ["b", "c0=" + c, "c-1=" + p1, "c1=" + n1, "c-2=" + p2, "c2=" + n2,
             "b-1=" + p1 + c, "b1=" + c + n1, "b-2=" + p2 + p1, "b2=" + n1 + n2,
             "t=" + types[i], "t-1=" + (types[i - 1] if i else "X"), "t1=" + (types[i + 1] if i + 1 < n else "X"),
             "wp=" + wpos[i], f"wl={wlen[i]}", f"wpwl={wpos[i]}{wlen[i]}", "gz=" + gz[i],
             "gz-1=" + (gz[i - 1] if i else "X"), "gz1=" + (gz[i + 1] if i + 1 < n else "X")]
        f.append("tri=" + p1 + c + n1)
        f += ["kn=" + kn[i], f"tr={tr[i]}", f"tr-1={tr[i - 1] if i else 0}"]
        f += ["pos=" + wtag[i], "pos-wp=" + wtag[i] + wpos[i],
              "pos-1=" + (wtag[i - 1] if i else "^"), "pos1=" + (wtag[i + 1] if i + 1 < n else "$")]
        if prev_w[i]:
            f.append("pw=" + prev_w[i])
        if next_w[i]:
            f.append("nw=" + next_w[i])
        w = word[i]
        if w:
            f += ["w=" + w, f"wf={len(str(freq.get(w, 0)))}"]
            if w in posts:
                f.append("post")
            if w[-1] in _ORG_END:
                f.append("wend_org")
        if c in single:
            f.append("sur")
        if c in common:
            f.append("csur")
        if c in _ORG_END:
            f.append("orgend")
        if p1 + c in compound:
            f.append("csur2")
        out.append(f)
    return out


def bio(n: int, spans: list[tuple[int, int, str]], tags: str = "bio") -> list[str]:
    """Per-character labels of n characters from (start, end, label) spans (overlaps: the first wins):
    BIO, or with tags="bioes" also E- (last of a span) and S- (a one-character span)."""
    y, end = ["O"] * n, -1
    for s, e, lab in sorted(spans):
        if s >= end and 0 <= s < e <= n:
            y[s] = "B-" + lab
            for i in range(s + 1, e):
                y[i] = "I-" + lab
            if tags == "bioes":
                if e - s == 1:
                    y[s] = "S-" + lab
                else:
                    y[e - 1] = "E-" + lab
            end = e
    return y


def spans_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) spans of a BIO or BIOES sequence (a stray I- or E- opens a span)."""
    out, start, lab = [], None, None
    for i, t in enumerate([*tags, "O"]):
        if t == "O" or t[0] in "BS" or t[2:] != lab:
            if start is not None:
                out.append((start, i, lab))
            start, lab = (i, t[2:]) if t != "O" else (None, None)
        if t[0] in "ES" and start is not None:
            out.append((start, i + 1, lab))
            start, lab = None, None
    return out


class CRFTagger:
    """A trained CRF: `spans(text, words)` -> [(start, end, label)]."""

    def __init__(self, path: str | Path) -> None:
        import pycrfsuite

        self.path = Path(path)
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(self.path / MODEL_FILE))

    def spans(self, text: str, words: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        if not text:
            return []
        return spans_of(self.tagger.tag(char_features(text, words)))

    def scored_spans(self, text: str, words: list[tuple[int, int]]) -> list[tuple[int, int, str, float]]:
        """Spans with the model's confidence: the least marginal probability of the span's tags."""
        if not text:
            return []
        tags = self.tagger.tag(char_features(text, words))
        return [(s, e, lab, min(self.tagger.marginal(tags[i], i) for i in range(s, e)))
                for s, e, lab in spans_of(tags)]


def has_crf(path: str | Path) -> bool:
    return (Path(path) / MODEL_FILE).exists()
