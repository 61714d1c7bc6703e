"""HTML -> text blocks, keeping offsets into the HTML source.

Scripts, styles, navigation, footers and other non-content elements are dropped whole, and so
are the elements a page's class or id names as chrome (``class="nav"``, ``id="footer"``,
``class="related-news"``, ``class="share-bar"``: menus, breadcrumbs, sidebars, lists of other
articles, share buttons, copyright footers); block elements become line breaks; character
references are decoded (mapped to the whole reference).
"""

from __future__ import annotations

import html as _html
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from extract.offsets import OffsetText, OffsetTextBuilder

_DROP = "script|style|noscript|template|svg|iframe|nav|footer|aside|select|button|textarea|head|object"
_BLOCK = (
    "p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|tfoot|section|article|header|main|"
    "blockquote|pre|title|figure|figcaption|address|center|form|fieldset|caption|body|html"
)
_TOKEN = re.compile(
    rf"(?P<drop><(?P<dt>{_DROP})\b[^>]*>.*?</(?P=dt)\s*>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<decl><![^>]*>|<\?[^>]*>)"
    rf"|(?P<block></?(?:{_BLOCK})\b[^>]*>)"
    r"|(?P<tag></?[a-zA-Z][^>]*>)"
    r"|(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?)"
    r"|(?P<ws>[ \t\r\n\f]+)",
    re.S | re.I,
)
# class or id words of page chrome (a word of the attribute, split at spaces, "-" and "_")
_CHROME_ATTR = re.compile(
    r"""\b(?:class|id)\s*=\s*["']?[^"'>]*?(?<![a-z0-9])(?:nav|navbar|subnav|topnav|menu|breadcrumbs?|crumbs?|"""
    r"""position|location|footer|foot|bottom|sidebar|side|aside|share|sharebar|bdshare|related|relate|relevant|"""
    r"""recommend|tuijian|xgxw|hot|hotnews|rank|ranking|copyright|toolbar|topbar|login|friendlinks?|links|"""
    r"""ads?|advert|banner|comment|comments|pager|qrcode|ewm)(?![a-z])""",
    re.I,
)
_OPEN_CLOSE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_HIDDEN = re.compile(r"<(script|style|textarea)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_H1_OPEN = re.compile(r"<h1\b", re.I)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S | re.I)
_TAGS = re.compile(r"<[^>]*>")
# separators between a page's headline and the site name in <title>: "headline_Site", "Site - headline"
_TITLE_SEP = re.compile(r"\s*(?:_|\||｜|--|——|\s[-–—]\s)\s*")
# the page's own address: <link rel="canonical" href=…>, <meta property="og:url" content=…>
_CANONICAL = re.compile(
    r"<link\b(?=[^>]*\brel\s*=\s*[\"']?canonical)[^>]*\bhref\s*=\s*[\"']([^\"'>\s]+)"
    r"|<meta\b(?=[^>]*\b(?:property|name)\s*=\s*[\"']?(?:og:url|url)[\"'\s>])[^>]*\bcontent\s*=\s*[\"']([^\"'>\s]+)",
    re.I,
)
_LOOKS_HTML = re.compile(r"<(?:!doctype|html|head|body|div|p|br|meta|span|table|h[1-6])\b", re.I)


def looks_like_html(text: str) -> bool:
    """Whether a text is HTML source (by its first tags)."""
    return bool(_LOOKS_HTML.search(text[:4096]))


def chrome_spans(src: str) -> list[tuple[int, int]]:
    """Spans of the elements whose class or id names page chrome, each with all it holds.

    An element holding the page's ``<h1>`` or a third of its CJK text or more is the article's
    container, whatever its class says (``class="main left-side"``), and stays.
    """
    hidden = [m.span() for m in _HIDDEN.finditer(src)]
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int, bool]] = []  # open elements: name, start, chrome
    h = 0
    for m in _OPEN_CLOSE.finditer(src):
        while h < len(hidden) and hidden[h][1] <= m.start():
            h += 1
        if h < len(hidden) and hidden[h][0] <= m.start():
            continue  # a tag inside a script, style or comment
        name = m.group(2).lower()
        if name in _VOID or m.group(3).rstrip().endswith("/"):
            continue
        if not m.group(1):
            chrome = name not in ("body", "html", "main", "article") and bool(_CHROME_ATTR.search(m.group(3)))
            stack.append((name, m.start(), chrome))
            continue
        # a closing tag closes the innermost open element of its name (and what it left open)
        k = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == name), None)
        if k is None:
            continue
        spans += [(start, m.end()) for _n, start, chrome in stack[k:] if chrome]
        del stack[k:]
    if not spans:
        return []
    # CJK characters before each run's end, to count a span's CJK text by bisection
    runs = [m.span() for m in _CJK_RUN.finditer(src)]
    ends = [e for _s, e in runs]
    cum = list(accumulate(e - s for s, e in runs))
    total = cum[-1] if cum else 0

    def cjk_before(x: int) -> int:
        k = bisect_right(ends, x)  # runs[:k] end at or before x
        n = cum[k - 1] if k else 0
        if k < len(runs) and runs[k][0] < x:
            n += x - runs[k][0]
        return n

    h1s = [m.start() for m in _H1_OPEN.finditer(src)]
    spans = [
        (a, e) for a, e in spans
        if bisect_left(h1s, a) == bisect_left(h1s, e) and (cjk_before(e) - cjk_before(a)) * 3 < max(total, 1)
    ]
    merged: list[tuple[int, int]] = []
    for a, e in sorted(spans):  # chrome inside chrome: the outer span only
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((a, e))
    return merged


def html_to_text(src: str) -> OffsetText:
    """The visible text blocks of an HTML source, mapped onto the source."""
    orig = OffsetText.identity(src)
    b = OffsetTextBuilder()
    pos = 0
    for m in _tokens(src):
        s, e = m.span()
        b.copy_from(orig, pos, s)
        kind = m.lastgroup
        if kind == "dt":
            kind = "drop"
        if kind in ("block", "chrome"):
            b.replace(orig, s, e, "\n")
        elif kind == "ent":
            ch = _html.unescape(m.group(0))
            if ch == m.group(0):
                b.copy_from(orig, s, e)
            else:
                b.replace(orig, s, e, " " if ch in "\xa0\u3000" else ch)
        elif kind == "ws":
            if m.group(0) == " ":
                b.copy_from(orig, s, e)
            else:
                b.replace(orig, s, e, " ")
        pos = e
    b.copy_from(orig, pos, len(src))
    return b.build()


def _tokens(src: str):
    """The tokens of the source outside its chrome elements; a chrome element is one block token."""
    at = 0
    for a, e in chrome_spans(src):
        yield from _TOKEN.finditer(src, at, a)
        yield _ChromeToken(a, e)
        at = e
    yield from _TOKEN.finditer(src, at)


class _ChromeToken:
    """A chrome element standing in the token stream as a dropped block."""

    lastgroup = "chrome"

    def __init__(self, s: int, e: int) -> None:
        self._span = (s, e)

    def span(self) -> tuple[int, int]:
        return self._span


def _visible(fragment: str) -> str:
    return " ".join(_html.unescape(_TAGS.sub(" ", fragment)).split())


def html_title(src: str) -> str | None:
    """The headline a page's ``<title>`` gives when the page has no ``<h1>`` with text, else None.

    The site name around it (``headline_Site``, ``Site - headline``) is dropped: the longest part wins.
    """
    if any(_visible(m.group(1)) for m in _H1.finditer(src)):
        return None
    m = _TITLE.search(src)
    if not m:
        return None
    parts = [p for p in _TITLE_SEP.split(_visible(m.group(1))) if p]
    return max(parts, key=len) if parts else None


def html_url(src: str) -> str | None:
    """The address a page gives itself (a canonical link or an ``og:url`` meta tag), else None."""
    m = _CANONICAL.search(src[:65536])
    if not m:
        return None
    url = _html.unescape(m.group(1) or m.group(2)).strip()
    return url if url.lower().startswith(("http://", "https://", "//")) else None


def html_site_name(src: str) -> str | None:
    """The site's name that a page's ``<title>`` gives beside the headline (``headline_Site``)."""
    m = _TITLE.search(src)
    if not m:
        return None
    parts = [p for p in _TITLE_SEP.split(_visible(m.group(1))) if p]
    if len(parts) < 2:
        return None
    longest = max(parts, key=len)
    return next((p for p in parts if p != longest), None)
