"""Traditional -> simplified script (OpenCC t2s) keeping the character map to the original."""

from __future__ import annotations

import operator
import re
from functools import lru_cache

from extract.offsets import OffsetText, OffsetTextBuilder

_CJK = re.compile(r"[\u4e00-\u9fff]")
TRADITIONAL_SHARE = 0.06  # share of CJK characters changed by t2s above which a text counts as traditional


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """A plain string in simplified script."""
    return _converter().convert(text) if text else text


def script_of(text: str, simplified: str | None = None) -> str:
    """"traditional" when t2s changes a fair share of the CJK characters of `text`, else "simplified"."""
    conv = to_simplified(text) if simplified is None else simplified
    n_cjk = len(_CJK.findall(text))
    if not n_cjk or conv == text:
        return "simplified"
    changed = sum(map(operator.ne, text, conv))
    return "traditional" if changed / n_cjk >= TRADITIONAL_SHARE else "simplified"


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
