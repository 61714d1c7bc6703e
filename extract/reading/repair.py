"""Repairs of crawler damage, each an offset-keeping substitution over the whole text.

- whitespace: CRLF, no-break and ideographic spaces, zero-width characters;
- pinyin-annotation mojibake: ``區(qū)`` -> ``區`` (a CJK char followed by a tone-marked syllable);
- GBK byte-shift garbage: a GBK-encoded run that lost its first byte and was decoded one byte
  late (``饼垘r`` is ``”龍巖``): re-encoded as GBK with the lost lead byte put back; runs that
  cannot be recovered are dropped so they never become entities;
- doubled or stray commas (``,,`` ``,、`` ``,。``);
- ASCII punctuation between CJK characters -> full-width, so sentence splitting works.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.offsets import OffsetText, apply_edits, apply_regex

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPEN = "“‘「『《〈（【"
_CLOSE = "”’」』》〉）】"

_NEWLINE = re.compile(r"\r\n?|\u2028|\u2029|\x0b|\x0c")
_SPACE = re.compile(r"[\xa0\u3000\u2000-\u200a\u202f\u205f\t]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# every character the three passes above act on: one fast scan tells whether any is needed
_SPACE_HINT = re.compile(r"[\r\u2028\u2029\x0b\x0c\xa0\u3000\u2000-\u200a\u202f\u205f\t\u200b-\u200d\u2060\ufeff\u00ad]")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# 區(qū), 當?shù) (the bracket itself damaged), 經(jīng
_PINYIN = re.compile(rf"[(（?](?<=[{CJK}].)([a-zü]*[{_TONED}][a-zü{_TONED}]*)[)）]?")
_TONED_HINT = re.compile(f"[{_TONED}]")
# runs of ? and ! standing for lost punctuation: 億元?!?2月 ; after a time they were lost spaces
_LOST_PUNCT_TIME = re.compile(r"[?？](?<=\d.)[?？]+")
_LOST_PUNCT = re.compile(rf"[?!](?<=[{CJK}{_CLOSE},，].)[?!]+(?=[{CJK}{_OPEN}{_CLOSE}\d])")
_DOUBLE_COMMA = re.compile(r"[,，](?=\s?[,，、。；;：？！.])")
_ASCII_PUNCT = re.compile(
    rf"[,;:?!](?:(?<=[{CJK}{_CLOSE}].)(?=\s?[{CJK}{_OPEN}\d\"])|(?<=\d.)(?=[{CJK}{_OPEN}])"
    rf"|(?<=[{CJK}{_CLOSE}][,;?!])(?=[ \t]*$))",
    re.M,
)
_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PAREN = re.compile(rf"[()](?:(?<=[{CJK}].)|(?=[{CJK}]))")
_MARK_PAIRS = ("??", "?？", "？?", "？？", "?!", "!?", "!!")
_ASCII_PUNCT_HINT = re.compile(r"[,;:?!()]")

# GBK shift garbage: rare characters or stray ASCII symbols (dangling trail bytes) in CJK text
_STRAY = re.compile(rf"[@-Z\[-`a-z{{-~](?<=[{CJK}].)(?![A-Za-z])")
_LEAD_PUNCT = set("、。“”‘’…—：；？！，")
_ASCII_TRAIL = set("@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~")
_MARK_OR_TRAIL = frozenset(_ASCII_TRAIL | set("?!"))


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """Common CJK characters: GB2312 level 1 and Big5 level 1 (built from the codecs)."""
    out = set()
    for b1 in range(0xB0, 0xD8):
        for b2 in range(0xA1, 0xFF):
            try:
                out.add(bytes((b1, b2)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    trail = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    for b1 in range(0xA4, 0xC7):
        for b2 in trail:
            if b1 == 0xC6 and b2 > 0x7E:
                break
            try:
                out.add(bytes((b1, b2)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


def normalize_space(t: OffsetText) -> OffsetText:
    """CRLF and other line breaks -> LF; zero-width characters dropped; odd spaces -> " "."""
    if not _SPACE_HINT.search(t.text):
        return t
    t = apply_regex(t, _NEWLINE, "\n")
    t = apply_regex(t, _ZERO_WIDTH, "")
    return apply_regex(t, _SPACE, " ")


def remove_pinyin(t: OffsetText) -> OffsetText:
    """Drop pinyin annotations glued to CJK characters (``區(qū)`` -> ``區``)."""
    if not _TONED_HINT.search(t.text):
        return t
    return apply_regex(t, _PINYIN, "")


def _is_clean(s: str, common: frozenset[str]) -> bool:
    return all(c in common or c in _LEAD_PUNCT for c in s)


@lru_cache(maxsize=1)
def _rare_re() -> re.Pattern:
    """A CJK character outside the common sets (one positive class: a fast scan)."""
    common = common_chars()
    ranges: list[str] = []
    for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)):
        start = None
        for cp in range(lo, hi + 2):
            rare = cp <= hi and chr(cp) not in common
            if rare and start is None:
                start = cp
            elif not rare and start is not None:
                ranges.append(chr(start) if cp - 1 == start else f"{chr(start)}-{chr(cp - 1)}")
                start = None
    return re.compile(f"[{''.join(ranges)}]")


def _recover(window: str, common: frozenset[str]) -> str | None:
    """The text a shifted GBK run stood for (its lost lead byte put back), or None."""
    try:
        raw = window.encode("gbk")
    except UnicodeEncodeError:
        return None
    for lead in (b"\xa1", b"\xa3"):
        data = lead + raw
        try:
            out = data.decode("gbk")
        except UnicodeDecodeError:
            try:
                out = data[:-1].decode("gbk")  # the run ends inside a character: its last byte was lost
            except UnicodeDecodeError:
                continue
        if len(out) >= 2 and out[0] in _LEAD_PUNCT and _is_clean(out[1:], common) and any(
            "\u4e00" <= c <= "\u9fff" for c in out
        ):
            return out
    return None


def _edit_at(text: str, seed: int, done: int, stray: bool, common: frozenset[str]) -> tuple[int, int, str] | None:
    """The repair of the garbage run around one seed: a recovery, a drop, or None."""
    if not stray and _MARK_OR_TRAIL.isdisjoint(text[max(0, seed - 7) : seed + 8]):
        return None  # a rare character alone (a name, a term): no garbage around it
    lo = max(done, seed - 6)
    hi = min(len(text), seed + 8)
    for s in range(lo, seed + 1):
        c = text[s]
        if not ("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"):
            continue
        after_mark = s > 0 and text[s - 1] in "?!"
        for e in range(hi, seed, -1):
            win = text[s:e]
            if "\n" in win or " " in win:
                continue
            has_rare = bool(_rare_re().search(win))
            has_stray = any(ch in _ASCII_TRAIL for ch in win)
            if not (after_mark or (has_rare and has_stray)):
                continue
            new = _recover(win, common)
            if new is not None:
                return s, e, new
    if stray and seed > 0 and text[seed - 1] not in common:
        s = seed - 1
        while s > done and text[s - 1] not in common and "\u3400" <= text[s - 1] <= "\u9fff":
            s -= 1
        return s, seed + 1, ""  # unrecoverable: rare characters ending in a dangling trail byte
    return None


def fix_gbk_shift(t: OffsetText) -> OffsetText:
    """Recover (or drop) runs of GBK byte-shift garbage."""
    text = t.text
    if not _rare_re().search(text):
        return t  # every run of garbage holds a rare character
    common = common_chars()
    seeds = {m.start(): False for m in _rare_re().finditer(text)}
    for m in _STRAY.finditer(text):
        seeds[m.start()] = True
    if not seeds:
        return t
    edits: list[tuple[int, int, str]] = []
    done = 0
    for seed in sorted(seeds):
        if seed < done:
            continue
        ed = _edit_at(text, seed, done, seeds[seed], common)
        if ed is not None:
            edits.append(ed)
            done = ed[1]
    return apply_edits(t, edits)


def fix_punctuation(t: OffsetText) -> OffsetText:
    """Lost punctuation runs, doubled commas, and ASCII punctuation in CJK text made full-width.

    Each pass runs only when the characters it acts on occur (cheap substring tests first).
    """
    if any(pair in t.text for pair in _MARK_PAIRS):
        t = apply_regex(t, _LOST_PUNCT_TIME, " ")
        t = apply_regex(t, _LOST_PUNCT, "。")
    t = apply_regex(t, _DOUBLE_COMMA, "")
    if _ASCII_PUNCT_HINT.search(t.text):
        t = apply_regex(t, _ASCII_PUNCT, lambda m: _WIDE[m.group(0)])
        t = apply_regex(t, _PAREN, lambda m: _WIDE[m.group(0)])
    return t


def repair(t: OffsetText) -> OffsetText:
    """All repairs, in order (before script conversion: the garbage is in the original script)."""
    t = normalize_space(t)
    t = remove_pinyin(t)
    t = fix_gbk_shift(t)
    return fix_punctuation(t)
