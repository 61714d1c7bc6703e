"""Site-hijack spam: gambling brands injected into news pages (``福建`` replaced by ``必威体育:``).

Two detectors: a lexicon of gambling/casino/lottery brands (resources/spam_brands.txt), and the
injection pattern itself, an unknown ``X体育:``/``X娱乐:`` string repeated in name slots. The
strings are removed from the analysed text (the replaced original words are not restored).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from extract.offsets import OffsetText, apply_regex

RESOURCE = Path(__file__).resolve().parent.parent / "resources" / "spam_brands.txt"
_CJK = "\u4e00-\u9fff"


def _sections() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    cur = None
    for line in RESOURCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            cur = out.setdefault(line[1:-1], [])
        elif cur is not None:
            cur.extend(line.split())
    return out


def _alt(words) -> str:
    """A trie-shaped alternation of words (fast to match: no backtracking over siblings)."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


@lru_cache(maxsize=1)
def spam_regexes() -> tuple[re.Pattern, re.Pattern]:
    """(CJK brands and rooted names, latin brands); each may take an injected trailing colon."""
    sec = _sections()
    suffixes = sec.get("suffixes", [])
    cjk_brands = [w for w in sec.get("brands", []) if not w.isascii()]
    latin = [w.lower() for w in sec.get("brands", []) if w.isascii()]
    colon = r"(?:\s*[:：](?=\S))?"
    suf = _alt(suffixes + [x.lower() for x in suffixes if x.isascii()])
    cjk = rf"(?:{_alt(cjk_brands)}(?:{suf})*|{_alt(sec.get('roots', []))}(?:{suf})+){colon}"
    lat = rf"(?:{_alt(latin)})(?![A-Za-z0-9])(?:{suf})*{colon}"
    return re.compile(cjk), re.compile(lat, re.I)


@lru_cache(maxsize=1)
def _hints() -> tuple[re.Pattern, re.Pattern]:
    """Fast necessary conditions of the two regexes above: some brand or root occurs (CJK), and
    some latin brand occurs in the lower-cased text. Both are plain word alternations starting with
    a literal, which the regex engine scans for quickly."""
    sec = _sections()
    words = [w for w in sec.get("brands", []) if not w.isascii()] + sec.get("roots", [])
    latin = [w.lower() for w in sec.get("brands", []) if w.isascii()]
    return re.compile(_alt(words)), re.compile(_alt(latin))


_ASCII_LETTER = re.compile(r"[A-Za-z]")
# an unknown injected brand: "X体育:" glued to the next word, repeated
_INJECTED = re.compile(rf"(?:体育|娱乐|彩票|棋牌|电竞|真人|娱乐城|官网)[:：](?=[{_CJK}])")


def _injected(text: str) -> list[str]:
    """Unknown "X体育:" strings repeated at least 3 times: the longest prefix that keeps the count."""
    ends = [m for m in _INJECTED.finditer(text)]
    if len(ends) < 3:
        return []
    out = []
    for k in range(2, 7):
        counts = Counter(text[max(0, m.start() - k) : m.end()] for m in ends)
        best, n = counts.most_common(1)[0]
        if n < 3 or not re.fullmatch(rf"[{_CJK}A-Za-z0-9]+\S*", best[:k]):
            break
        out = [best]
    return out


def find_spam(text: str) -> list[str]:
    """The distinct spam strings (without an injected colon) found in a text."""
    cjk, lat = spam_regexes()
    cjk_hint, lat_hint = _hints()
    found = [m.group(0) for m in cjk.finditer(text)] if cjk_hint.search(text) else []
    if _ASCII_LETTER.search(text) and lat_hint.search(text.lower()):
        found += [m.group(0) for m in lat.finditer(text) if not (m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum())]
    if "：" in text or ":" in text:
        found += _injected(text)
    out: dict[str, None] = {}
    for s in found:
        out.setdefault(s.rstrip(":：").strip(), None)
    return [s for s in out if s]


def remove_spam(t: OffsetText) -> tuple[OffsetText, list[str]]:
    """The text without spam strings, and the strings found."""
    spam = find_spam(t.text)
    if not spam:
        return t, []
    t = apply_regex(t, re.compile(rf"(?:{_alt(spam)})(?:\s*[:：](?=\S))?", re.I), "")
    return t, spam
