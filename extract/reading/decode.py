"""Bytes -> text: encoding detection with a cheap strict-decode cascade, and bad-input checks."""

from __future__ import annotations

import codecs
import re


class ReadError(Exception):
    """The input cannot be read as a text document; the message says why."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 control bytes other than \t \n \v \f \r and ESC: a text file holds (almost) none of them
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_STR = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BIG5_HINT = re.compile("[這們個說對會時為來過國當學還發經點問們關與]")
_GB_HINT = re.compile("[这们个说对会时为来过国当学还发经点问们关与]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM betrays itself by NUL bytes in every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros.count(0) > 0.3 * len(zeros):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a document's bytes; returns (text, encoding) or raises ReadError with the reason."""
    if not data.strip():
        raise ReadError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                raise ReadError(f"undecodable {enc} text with a BOM ({e.reason} at byte {e.start})") from None
            return _checked(text), "utf-8-sig" if enc == "utf-8-sig" else enc
    text = _utf16_without_bom(data)
    if text is not None:
        return _checked(text), "utf-16"
    if len(_CONTROL.findall(data[:65536])) > 8 or b"\x00" in data[:65536]:
        raise ReadError("binary file (control bytes), not text")
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    # truncated UTF-8: only the last (multi-byte) character is cut
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        raise ReadError(f"truncated UTF-8 text (ends inside a character at byte {utf8_error.start})")
    _reject_damaged_utf8(data, utf8_error)
    cands = []
    for enc in ("gb18030", "big5"):
        try:
            cands.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if len(cands) == 2:  # both decode: the one whose text looks like Chinese wins
        (gb, _), (b5, _) = cands
        score_gb = len(_GB_HINT.findall(gb)) + len(_BIG5_HINT.findall(gb))
        score_b5 = len(_GB_HINT.findall(b5)) + len(_BIG5_HINT.findall(b5))
        cands = [cands[1]] if score_b5 > score_gb else [cands[0]]
    if cands:
        text, enc = cands[0]
        return _checked(text), enc
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - charset-normalizer failure is just "no guess"
        best = None
    if best is not None and best.encoding:
        text = str(best)
        if _CJK.search(text) or not _CONTROL_STR.search(text):
            return _checked(text), best.encoding
    raise ReadError(f"undecodable text (not UTF-8: {utf8_error.reason} at byte {utf8_error.start}; not GB18030 or Big5)")


def _reject_damaged_utf8(data: bytes, error: UnicodeDecodeError) -> None:
    """UTF-8 text with a few invalid bytes is damaged UTF-8, not another encoding: say so.

    Text in GB18030 or Big5 read as UTF-8 gives mostly replacement characters and few CJK ones;
    damaged UTF-8 gives many CJK characters and a few replacements.
    """
    lenient = data[:262144].decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    cjk = len(_CJK.findall(lenient))
    if cjk >= 8 and bad * 10 < cjk:
        raise ReadError(f"broken UTF-8 text ({bad} invalid bytes, the first at byte {error.start}: {error.reason})")


def _checked(text: str) -> str:
    if not text.strip():
        raise ReadError("empty file (only whitespace)")
    if len(_CONTROL_STR.findall(text[:65536])) > 8:
        raise ReadError("binary file (control characters), not text")
    return text
