"""What an article's URL says: the outlet that published it and the day it went out.

- `outlet_of_url`: host and path against a table of outlets (resources/outlets.txt, general
  knowledge: ``paper.people.com.cn/rmrb`` is 人民日报, the rest of people.com.cn 人民网);
- `date_of_url`: the date a CMS writes into a path (``/2021-03/05/``, ``/20210305/``,
  ``t20210305_``, ``/2021/0305/``, ``/2021/03/05/``, ``/2021/3/5/``, ``2021-03-05``);
- `find_url`: the first http(s) URL of a string.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from extract.reading.metadata import iso_date

OUTLETS_FILE = Path(__file__).resolve().parent.parent / "resources" / "outlets.txt"

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.I)
# year, month, day with or without separators ("-", "/", "_", "."): 2021-03/05, 20210305, 2021/0305
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
# the same with one-digit month or day between two equal separators: /art/2021/3/5/
_URL_DATE_SHORT = re.compile(r"(?<!\d)((?:19|20)\d{2})([-/_.])(\d{1,2})\2(\d{1,2})(?!\d)")


@lru_cache(maxsize=1)
def _outlets() -> tuple[tuple[str, bool, str, str], ...]:
    """(host, exact host only, path prefix, outlet) rows of the table, longest patterns first."""
    rows = []
    try:
        text = OUTLETS_FILE.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - resource missing: no outlet from URLs then
        return ()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        pattern, outlet = (x.strip() for x in line.split("\t", 1))
        exact = pattern.startswith("=")
        pattern = pattern.lstrip("=").lower()
        host, _, path = pattern.partition("/")
        rows.append((host, exact, "/" + path.strip("/") if path else "", outlet))
    rows.sort(key=lambda r: (len(r[0]) + len(r[2])), reverse=True)
    return tuple(rows)


def _split(url: str) -> tuple[str, str]:
    """(host without "www." and port, path) of a URL; a scheme-less URL is read as http."""
    u = url.strip()
    if not re.match(r"[a-z][a-z0-9+.-]*://", u, re.I):
        u = "http://" + u
    try:
        parts = urlsplit(u)
    except ValueError:
        return "", ""
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host, parts.path or "/"


def outlet_of_url(url: str | None) -> str | None:
    """The outlet a URL belongs to by the table of outlets (the longest host/path match), else None."""
    if not url:
        return None
    host, path = _split(url)
    if not host:
        return None
    low = path.lower()
    for h, exact, prefix, outlet in _outlets():
        if not (host == h or (not exact and host.endswith("." + h))):
            continue
        if prefix and not (low == prefix or low.startswith(prefix + "/") or low.startswith(prefix + "_")):
            continue
        return outlet
    return None


def date_of_url(url: str | None) -> str | None:
    """The publication date written into a URL's path (the first valid year-month-day), else None."""
    if not url:
        return None
    _host, path = _split(url)
    for m in _URL_DATE.finditer(path):
        d = iso_date(*m.groups())
        if d:
            return d
    for m in _URL_DATE_SHORT.finditer(path):
        d = iso_date(m.group(1), m.group(3), m.group(4))
        if d:
            return d
    return None


def find_url(text: str) -> str | None:
    """The first http(s) (or www.) URL in a string, without trailing punctuation."""
    m = _URL.search(text)
    return m.group(0).rstrip(".,;:!?)]'\"") if m else None
