"""Traditional -> simplified script (OpenCC t2s) keeping the character map to the original."""

from __future__ import annotations

import operator
import re
from functools import lru_cache

from extract.offsets import OffsetText, OffsetTextBuilder

_NON_CJK = re.compile(r"[^\u4e00-\u9fff]+")
TRADITIONAL_SHARE = 0.06  # share of CJK characters changed by t2s above which a text counts as traditional
# code points holding every character t2s converts (CJK, compatibility ideographs, extensions B-H)
_T2S_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))
# characters t2s leaves alone but converts inside a phrase of OpenCC's TSPhrases (瞭解 -> 了解)
_PHRASE_ONLY = "么俱哩坏彷沈甦瞭藉衹覆"


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _t2s_chars() -> str:
    """The BMP characters t2s converts on their own, from the installed OpenCC itself (every code
    point of `_T2S_RANGES` converted alone), or "" when OpenCC's output is unexpected."""
    chars = [chr(cp) for lo, hi in _T2S_RANGES for cp in range(lo, hi + 1)]
    conv = _converter().convert("\n".join(chars)).split("\n")
    if len(conv) != len(chars):  # pragma: no cover - unexpected OpenCC output
        return ""
    return "".join(sorted(a for a, b in zip(chars, conv, strict=True) if a != b and a <= "\uffff"))


@lru_cache(maxsize=1)
def _t2s_hint() -> re.Pattern:
    """A character t2s may change: a text without any is simplified already (no OpenCC call)."""
    alone = _t2s_chars()
    if not alone:  # pragma: no cover - convert every CJK text
        return re.compile(f"[{''.join(f'{chr(lo)}-{chr(hi)}' for lo, hi in _T2S_RANGES)}]")
    # BMP characters one by one (a fast bitmap class); beyond the BMP any ideograph is a hint
    return re.compile(f"[{alone}{_PHRASE_ONLY}\U00020000-\U000323AF]")


@lru_cache(maxsize=1)
def _t2s_alone() -> re.Pattern:
    """A character t2s converts on its own (a traditional-only character)."""
    return re.compile(f"[{_t2s_chars() or _PHRASE_ONLY}]")


def to_simplified(text: str) -> str:
    """A plain string in simplified script."""
    if not text or not _t2s_hint().search(text):
        return text
    return _converter().convert(text)


def script_of(text: str, simplified: str | None = None) -> str:
    """"traditional" when a fair share of the CJK characters of `text` are traditional, else "simplified".

    With its t2s conversion `simplified`, the share counts the characters the conversion changed;
    without, the characters t2s converts on their own (no OpenCC call: a quick count).
    """
    if simplified is None:
        if not _t2s_hint().search(text):
            return "simplified"
        changed = len(_t2s_alone().findall(text))
    else:
        if simplified == text:
            return "simplified"
        changed = sum(map(operator.ne, text, simplified))
    n_cjk = len(text) - sum(map(len, _NON_CJK.findall(text)))
    return "traditional" if n_cjk and changed / n_cjk >= TRADITIONAL_SHARE else "simplified"


def simplify(t: OffsetText) -> tuple[OffsetText, str]:
    """Convert an analysed text to simplified script; returns it and "traditional"/"simplified"."""
    conv = to_simplified(t.text)
    if conv == t.text:
        return t, "simplified"
    if len(conv) == len(t.text):
        out = OffsetText(conv, list(t._a), list(t._o), list(t._ol), list(t._exact))
    else:  # a phrase changed length somewhere: convert line by line, then char by char
        b = OffsetTextBuilder()
        pos = 0
        for line in t.text.splitlines(keepends=True):
            end = pos + len(line)
            c = to_simplified(line)
            if c == line:
                b.copy_from(t, pos, end)
            elif len(c) == len(line):
                b.replace(t, pos, end, c)
            else:
                for i in range(pos, end):
                    b.replace(t, i, i + 1, to_simplified(t.text[i]))
            pos = end
        out = b.build()
    return out, script_of(t.text, conv if len(conv) == len(t.text) else None)
