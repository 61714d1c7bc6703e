"""Parse money amounts and counted quantities.

`parse_money("120亿元") == {"value": 12000000000.0, "currency": "CNY"}`;
`parse_quantity("1015名干部") == (1015.0, "名")`. Arabic numerals with 万/亿 multipliers are parsed
by regex; other forms (Chinese numerals) fall back to ``jionlp.parse_money``.
`MONEY_RE` finds money amounts in running text.
"""

from __future__ import annotations

import contextlib
import io
import re

_MULT = {"": 1, "十": 10, "百": 100, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8,
         "十亿": 1e9, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12}
_CURRENCY = {"元": "CNY", "人民币": "CNY", "块": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD",
             "日元": "JPY", "英镑": "GBP"}
_MULT_RE = r"(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千)"
_CUR_RE = r"(?:美元|欧元|港元|港币|日元|英镑|元人民币|元|人民币)"

_MONEY = re.compile(rf"^(?P<num>\d+(?:[.,]\d+)*)\s*(?P<mult>{_MULT_RE})?\s*(?P<cur>{_CUR_RE})$")
MONEY_RE = re.compile(rf"\d+(?:[.,]\d+)*\s*{_MULT_RE}?\s*{_CUR_RE}")
_QTY = re.compile(rf"^(?P<num>\d+(?:[.,]\d+)*)\s*(?P<mult>{_MULT_RE})?\s*(?:余|多)?(?P<unit>[^\d\s])")


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def parse_money(expr: str) -> dict | None:
    """{"value": float, "currency": "CNY"} for a money expression, or None."""
    s = (expr or "").strip()
    m = _MONEY.match(s)
    if m:
        cur = m["cur"]
        currency = "CNY" if cur in ("元人民币", "人民币") else _CURRENCY[cur]
        return {"value": _number(m["num"]) * _MULT[m["mult"] or ""], "currency": currency}
    return _jionlp_money(s)


def _jionlp_money(s: str) -> dict | None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp

            r = jionlp.parse_money(s)
    except Exception:  # noqa: BLE001 - jionlp raises plain Exceptions on unknown forms
        return None
    if not r or not isinstance(r.get("num"), str):
        return None
    currency = _CURRENCY.get(r.get("case", ""), "CNY" if r.get("case") == "元" else r.get("case"))
    try:
        return {"value": float(r["num"]), "currency": currency}
    except ValueError:
        return None


def parse_quantity(expr: str) -> tuple[float, str] | None:
    """(value, unit) for a counted quantity such as 1015名干部 or 1500家重点企业, or None."""
    m = _QTY.match((expr or "").strip())
    if not m:
        return None
    return _number(m["num"]) * _MULT[m["mult"] or ""], m["unit"]
