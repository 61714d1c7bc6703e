"""Normalise Chinese date expressions to ISO dates or periods.

`normalize_date("12月6日", "2023-12-28") == "2023-12-06"`; periods come out as ``2023``, ``2023-08``
or ``start/end`` ranges (``今年以来`` -> ``2023-01/2023-12``, ``1—10月`` -> ``2023-01/2023-10``).
Common forms are handled by compiled regexes; anything else falls back to ``jionlp.parse_time``.
`DATE_RE` finds date expressions in running text.
"""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date, timedelta

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:\d{4}|[零〇一二三四五六七八九]{4})"
_REL_YEAR = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
_REL_DAY = {"今天": 0, "今日": 0, "当天": 0, "当日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1}
_DASH = r"[—\-–~～至到]"

# One expression, anchored (used by normalize_date).
_FULL = re.compile(rf"^(?:(?P<y>{_YEAR})年|(?P<ry>今年|本年|当年|去年|上年|前年|明年))?"
                   rf"(?:(?P<m>{_NUM})月(?:份)?(?:(?P<d>{_NUM})[日号])?)?(?P<since>以来)?$")
_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_MONTH_RANGE = re.compile(rf"^(?:(?P<y>{_YEAR})年|(?P<ry>今年|本年|去年|上年|前年|明年))?"
                          rf"(?P<m1>{_NUM})(?:月份?)?{_DASH}(?P<m2>{_NUM})月份?$")
_DAY_ONLY = re.compile(rf"^(?P<d>{_NUM})[日号]$")

# Date expressions in running text (longest forms first).
DATE_RE = re.compile(
    rf"(?:(?:{_YEAR})年|今年|去年|前年|明年|上年|本年|当年)?(?:{_NUM})(?:月份?)?{_DASH}(?:{_NUM})月份?"
    rf"|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}"
    rf"|(?:(?:{_YEAR})年|今年|去年|前年|明年|上年|本年|当年)(?:{_NUM})月(?:(?:{_NUM})[日号])?"
    rf"|(?:{_NUM})月(?:{_NUM})[日号]"
    rf"|(?:{_YEAR})年(?!代)"
    rf"|(?:今年|去年|前年|明年)(?:以来)?"
    rf"|(?:{_NUM})月份?(?!份额)"
    rf"|昨天|昨日|今天|今日|当天|当日"
)


def _cn_int(s: str) -> int:
    """'12', '十二', '二〇二三' -> int."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    n = 0
    for ch in s:
        n = n * 10 + _CN_DIGITS[ch]
    return n


def _base(base: str | None) -> date | None:
    if not base:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", base)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = re.match(r"(\d{4})", base)
    return date(int(m[1]), 1, 1) if m else None


def _year(m: re.Match, b: date | None, month: int | None = None, day: int | None = None) -> int | None:
    if m["y"]:
        return _cn_int(m["y"])
    if b is None:
        return None
    if m["ry"]:
        return b.year + _REL_YEAR[m["ry"]]
    # month/day without a year: the base year, unless that lands well after the base date
    if month is not None:
        try:
            d = date(b.year, month, day or 1)
        except ValueError:
            return b.year
        if d > b + timedelta(days=31):
            return b.year - 1
    return b.year


def _valid(y: int, mo: int, d: int | None = None) -> bool:
    try:
        date(y, mo, d or 1)
    except ValueError:
        return False
    return True


def normalize_date(expr: str, base: str | None) -> str | None:
    """ISO date (yyyy-mm-dd), month (yyyy-mm), year (yyyy) or period (a/b) for `expr`.

    `base` is the article date (ISO); relative forms (今年, 去年8月, 12月6日) need it.
    """
    s = re.sub(r"\s+", "", expr or "")
    if not s:
        return None
    b = _base(base)
    if s in _REL_DAY:
        return (b + timedelta(days=_REL_DAY[s])).isoformat() if b else None
    m = _ISO.match(s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    m = _MONTH_RANGE.match(s)
    if m:
        m1, m2 = _cn_int(m["m1"]), _cn_int(m["m2"])
        y = _year(m, b)
        if y is None or not (1 <= m1 <= m2 <= 12):
            return None
        return f"{y:04d}-{m1:02d}/{y:04d}-{m2:02d}"
    m = _DAY_ONLY.match(s)
    if m and b:
        d = _cn_int(m["d"])
        return f"{b.year:04d}-{b.month:02d}-{d:02d}" if _valid(b.year, b.month, d) else None
    m = _FULL.match(s)
    if m and (m["y"] or m["ry"] or m["m"]):
        mo = _cn_int(m["m"]) if m["m"] else None
        d = _cn_int(m["d"]) if m["d"] else None
        y = _year(m, b, mo, d)
        if y is None:
            return None
        if m["since"]:
            start = f"{y:04d}-{mo or 1:02d}"
            end_m = b.month if b and b.year == y else 12
            return f"{start}/{y:04d}-{end_m:02d}"
        if mo is None:
            return f"{y:04d}"
        if not _valid(y, mo, d):
            return None
        return f"{y:04d}-{mo:02d}-{d:02d}" if d else f"{y:04d}-{mo:02d}"
    return _jionlp_date(s, b)


def _jionlp_date(s: str, b: date | None) -> str | None:
    """Fallback: jionlp.parse_time, reduced to a day, month or period."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp

            tb = {"year": b.year, "month": b.month, "day": b.day} if b else None
            r = jionlp.parse_time(s, time_base=tb) if tb else jionlp.parse_time(s)
    except Exception:  # noqa: BLE001 - jionlp raises plain Exceptions on unknown forms
        return None
    times = r.get("time") or []
    if len(times) != 2 or not isinstance(times[0], str):
        return None
    start, end = times[0][:10], times[1][:10] if isinstance(times[1], str) else None
    if end == start:
        return start
    if end and start[:7] == end[:7] and start.endswith("-01"):
        return start[:7]
    if end and start[:4] == end[:4] and start.endswith("-01-01") and end.endswith("-12-31"):
        return start[:4]
    return f"{start}/{end}" if end else start


# A dateline opening a report: "X日报讯（记者/A） 12月6日，", "新华社福州12月6日电", "X网12月28日报道（…） 12月26日，".
_DATELINE_DAY = re.compile(
    rf"(?P<own>(?:{_YEAR}年)?{_NUM}月{_NUM}日)电"
    rf"|(?:讯|电|报道|消息)(?:\s*[（(][^）)\n]{{0,60}}[）)])?\s*(?P<lead>(?:{_YEAR}年)?{_NUM}月{_NUM}[日号])[，,]"
)
_LEAD_CHARS = 400


def dateline(text: str, base: str | None) -> tuple[str, int] | None:
    """(ISO day, offset where the lead paragraph's text starts) of a report's dateline near the top."""
    for m in _DATELINE_DAY.finditer(text, 0, min(len(text), _LEAD_CHARS)):
        d = normalize_date(m.group("lead") or m.group("own"), base)
        if d and len(d) == 10:
            return d, m.end()
    return None


def lead_day(text: str, base: str | None) -> str | None:
    """The day a report's dateline gives (the date opening its lead paragraph, else the dateline's own)."""
    found = dateline(text, base)
    return found[0] if found else None


def article_base(article) -> str | None:
    """The date relative expressions of an article resolve against: its own date, else its dateline's
    day in the year its document states (a newspaper page whose later articles carry no date)."""
    if article is None:
        return None
    if getattr(article, "date", None):
        return article.date
    from extract.reading.metadata import year_context

    year = year_context(getattr(article, "original", "") or "")
    if not year:
        return None
    year_end = f"{year:04d}-12-31"
    return lead_day(article.text, year_end) or year_end
