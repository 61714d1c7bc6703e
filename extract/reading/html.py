"""HTML -> text blocks, keeping offsets into the HTML source.

Scripts, styles, navigation, footers and other non-content elements are dropped whole; block
elements become line breaks; character references are decoded (mapped to the whole reference).
"""

from __future__ import annotations

import html as _html
import re

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


def html_to_text(src: str) -> OffsetText:
    """The visible text blocks of an HTML source, mapped onto the source."""
    orig = OffsetText.identity(src)
    b = OffsetTextBuilder()
    pos = 0
    for m in _TOKEN.finditer(src):
        s, e = m.span()
        b.copy_from(orig, pos, s)
        kind = m.lastgroup
        if kind == "dt":
            kind = "drop"
        if kind == "block":
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
