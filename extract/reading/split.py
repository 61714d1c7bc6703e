"""Document -> articles: clean, repair, simplify, classify lines, split, join broken lines, read metadata.

A file may hold several articles (a newspaper page). An article starts at a short headline block
followed by a dateline (``X日报讯``, ``新华社X月X日电``, ``X日报全媒体记者/A``); the text before the
first headline is page furniture. A trailing run of paragraphs that continues none of the last
article's vocabulary after an unfinished line is an untitled fragment of its own. A file of
crawled records (``连接：URL`` / ``标题：…`` / ``内容：``, `fields.header_groups`) holds one article
per labelled header.

Metadata, first found first kept: the header's fields; the header zone's meta lines (``来源：``,
a date); a repost's citation of the printed page (its day); the URL's day (`outlets.date_of_url`);
a dateline (its outlet; its month and day in the year the text states); the citation's paper; the
URL's outlet (`outlets.outlet_of_url`); the page's other articles' outlet; the page's masthead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Article, Document
from extract.offsets import OffsetText, OffsetTextBuilder
from extract.reading import metadata as md
from extract.reading.fields import (
    PEOPLE_FIELDS,
    TITLE_FIELDS,
    Header,
    column_tag,
    header_groups,
)
from extract.reading.html import html_site_name, html_title, html_to_text, html_url, looks_like_html
from extract.reading.noise import chrome_lines, continuation_marks, is_noise_line, remove_inline_noise
from extract.reading.outlets import date_of_url, find_url, outlet_of_url
from extract.reading.repair import repair
from extract.reading.script import script_of, simplify, to_simplified
from extract.reading.spam import remove_spam

_TERMINAL = re.compile(r"(?:[。！？!?…；;]|[。！？!?][”’」』）)]|[）)]|[.．])$")
_PAUSE_END = frozenset("，、,：:；;（(“‘《—-+")
_DANGLING = set("的地得和与及或在对把被将为从向以于之其并而且但由让使给跟同至等所")
_CAPTION = re.compile(r"(?:供图|摄|摄影|图片来源.*|资料图片?)$|^图为")
_BIGRAM_CJK = re.compile(r"[\u4e00-\u9fff]{2,}")
_COMMA_SPLIT = re.compile(r"[，,]")
_DASHES = "—–－―"
FRAGMENT_COHESION = 0.2  # shared-bigram share above which a trailing run is never a fragment


@dataclass(slots=True)
class Line:
    start: int  # analysed offsets of the stripped line
    end: int
    text: str
    kind: str  # empty, noise, meta, dateline, byline, text, title (a labelled headline block's line)


def _lines(t: OffsetText) -> list[Line]:
    out = []
    pos = 0
    for raw in t.text.split("\n"):
        body = raw.strip()
        lead = 0 if len(body) == len(raw) else len(raw) - len(raw.lstrip())
        out.append(Line(pos + lead, pos + lead + len(body), body, ""))
        pos += len(raw) + 1
    return out


def _terminal(s: str) -> bool:
    """Whether a line ends a sentence (the pattern looks at most at the last two characters)."""
    return _TERMINAL.search(s[-2:]) is not None


def _pause_end(s: str) -> bool:
    """Whether a line ends inside a sentence (a comma, colon, opening bracket or quote, a dash)."""
    return bool(s) and s[-1] in _PAUSE_END


def _headline_like(s: str) -> bool:
    return 0 < len(s) <= 50 and "。" not in s and "；" not in s and not _pause_end(s)


def _subheading_like(s: str) -> bool:
    """An in-body subheading (not a sentence broken by the page layout)."""
    if len(s) > 30 or _pause_end(s) or s[-1] in _DANGLING or "。" in s:
        return False
    parts = [p for p in _COMMA_SPLIT.split(s) if p]
    if len(parts) > 1:
        lens = [len(p) for p in parts]
        return min(lens) >= 3 and max(lens) <= 2 * min(lens)
    return True


def _kind(s: str) -> str:
    """The kind of a stripped line on its own (`_classify` then looks at its neighbours)."""
    if not s:
        return "empty"
    if is_noise_line(s) or (len(s) < 300 and ("http" in s or "www." in s) and find_url(s) == s):  # a URL alone
        return "noise"
    if md.dateline(s):
        return "dateline"
    if md.is_meta_line(s):
        return "meta"
    if len(s) <= 50 and md.bylines(s) != ([], []) and len(s) - sum(len(n) for n in sum(md.bylines(s), [])) <= 16:
        return "byline"
    return "text"


def _classify(lines: list[Line]) -> None:
    for ln in lines:
        ln.kind = _kind(ln.text)
    for i in chrome_lines([ln.text for ln in lines]):
        if lines[i].kind == "text":  # a meta line between bars ("日期 | 来源：X | 作者：Y") stays one
            lines[i].kind = "noise"


def _cut_start(ln: Line, n: int) -> None:
    """Drop the first n characters of a line from the text (a field label)."""
    rest = ln.text[n:]
    ln.start += len(ln.text) - len(rest.lstrip())
    ln.text = rest.strip()
    ln.end = ln.start + len(ln.text)


def _apply_headers(lines: list[Line], headers: list[Header]) -> None:
    """Give a labelled header's lines their kinds: URL lines are dropped, the headline block's
    lines lose their labels and column tags (they stay in the text: places and people in a
    headline are the article's), date and source lines are meta lines, people lines bylines, and
    a body label is cut from the text that follows it on its line."""
    for h in headers:
        for i in h.title_lines:
            ln = lines[i]
            lab = h.lines.get(i)
            if lab is not None:
                _cut_start(ln, lab.value_start)
            tag = column_tag(ln.text)
            if tag:
                ln.text = ln.text[: tag[0]].rstrip()
                ln.end = ln.start + len(ln.text)
            ln.kind = "title" if ln.text else "empty"
        for i, lab in h.lines.items():
            ln = lines[i]
            if lab.field == "url":
                ln.kind = "noise"
            elif lab.field == "body":
                _cut_start(ln, lab.value_start)
                ln.kind = _kind(ln.text)
            elif lab.field in ("source", "date"):
                ln.kind = "meta"
            elif lab.field in PEOPLE_FIELDS:
                ln.kind = "byline"
            elif lab.field not in TITLE_FIELDS:
                ln.kind = "noise"


def _field_people(h: Header) -> tuple[list[str], list[str]]:
    """(reporters, editors) of a header's author, reporter and editor fields."""
    reps: list[str] = []
    eds: list[str] = []
    for fld in PEOPLE_FIELDS:
        value = h.fields.get(fld)
        if not value:
            continue
        r, e = md.bylines(value)
        names = r + e or [x for x in md.NAME_SEP.split(value) if re.fullmatch(f"[{md.CJK}]{{2,4}}", x)]
        (eds if fld == "editor" else reps).extend(names)
    return reps, eds


def _is_body(ln: Line) -> bool:
    return ln.kind == "dateline" or (ln.kind == "text" and not _headline_like(ln.text))


def _content(lines: list[Line], lo: int, hi: int) -> list[int]:
    return [i for i in range(lo, hi) if lines[i].kind not in ("empty", "noise")]


def _article_starts(lines: list[Line]) -> list[int]:
    """Indices of lines where an article starts (the first is 0)."""
    starts = [0]
    for i, ln in enumerate(lines):
        if ln.kind != "dateline":
            continue
        block: list[int] = []
        j = i - 1
        while j >= 0 and len(block) < 6:
            k = lines[j].kind
            if k in ("empty", "noise"):
                j -= 1
                continue
            if k == "text" and _headline_like(lines[j].text):
                block.append(j)
                j -= 1
                continue
            break
        if not block:
            continue
        if j >= 0 and not (lines[j].kind == "text" and _terminal(lines[j].text)) and lines[j].kind != "byline":
            continue
        start = block[-1]
        if start > starts[-1]:
            starts.append(start)
    # furniture before the first headline is not an article of its own
    while len(starts) > 1 and not any(_is_body(lines[i]) for i in range(starts[0], starts[1])):
        starts.pop(0)
        starts[0] = 0
    return starts


def _bigrams(text: str) -> set[str]:
    out = set()
    for run in _BIGRAM_CJK.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def _after_marks(t: OffsetText, lines: list[Line], marks: list[int]) -> set[int]:
    """The first content line after each continuation marker (`marks`: original end offsets)."""
    out: set[int] = set()
    if not marks:
        return out
    content = [(t.orig_start(ln.start), i) for i, ln in enumerate(lines) if ln.kind not in ("empty", "noise")]
    for m in marks:
        nxt = next((i for o, i in content if o >= m), None)
        if nxt is not None:
            out.add(nxt)
    return out


def _fragment_start(lines: list[Line], bounds: list[tuple[int, int]]) -> int | None:
    """The line where an untitled fragment trailing the page's last article starts, or None.

    The page was cut after an unfinished line, and what follows belongs to another article: it
    shares less vocabulary (CJK bigrams) with the article it trails than the page's other, unrelated
    articles share with it on average (and less than `FRAGMENT_COHESION` of it in any case).
    """
    lo, hi = bounds[-1]
    others = [_bigrams(" ".join(lines[k].text for k in _content(lines, a, b))) for a, b in bounds[:-1]]
    content = [i for i in _content(lines, lo, hi) if lines[i].kind == "text"]
    for n, i in enumerate(content[:-1]):
        ln = lines[i]
        if _terminal(ln.text) or _subheading_like(ln.text) or not _is_body(ln):
            continue
        before = _bigrams(" ".join(lines[k].text for k in content[: n + 1]))
        after = _bigrams(" ".join(lines[k].text for k in content[n + 1 :]))
        if len(after) < 20 or len(before) < 20:
            continue
        own = len(after & before) / len(after)
        unrelated = sum(len(after & o) for o in others) / (len(after) * len(others))
        if own < FRAGMENT_COHESION and own < unrelated:
            return content[n + 1]
    return None


def _title(lines: list[Line], zone: list[int]) -> tuple[str | None, int | None]:
    """The headline of a header zone, and the index of its first line."""
    metas = [i for i in zone if lines[i].kind == "meta"]
    heads = [i for i in zone if lines[i].kind == "text" and _headline_like(lines[i].text) and not md.bare_name_line(lines[i].text)]
    if metas:
        above = [i for i in heads if i < metas[0]]
        if above:
            k = above[-1]
            # a subtitle opening with a dash right under the headline: "headline ——subtitle"
            if lines[k].text[0] in _DASHES and len(above) > 1 and lines[above[-2]].text[-1] not in _DASHES and all(
                lines[j].kind == "empty" for j in range(above[-2] + 1, k)
            ):
                return lines[above[-2]].text + " " + lines[k].text, above[-2]
            return lines[k].text, k
    if len(heads) >= 2 and md.site_name(lines[heads[0]].text):  # the site's masthead above the headline
        heads = heads[1:]
    if not heads:
        return None, None
    parts = [lines[heads[0]].text]
    for a, b in zip(heads, heads[1:], strict=False):
        prev = lines[a].text
        glue = "" if b == a + 1 and len(prev) >= 20 and not prev.endswith(" ") else " "
        parts.append(glue + lines[b].text)
    return "".join(parts), heads[0]


def _dedup(xs: list[str]) -> list[str]:
    return list(dict.fromkeys(x for x in xs if x))


_PAREN_BYLINE = re.compile(r"[（(][^（()）]{0,40}(?:记者|编|通讯员|审核|采写|贡献)[^（()）]{0,40}[）)]")


def _people(lines: list[Line], idx: list[int], zone: list[int]) -> tuple[list[str], list[str]]:
    reps: list[str] = []
    eds: list[str] = []
    for i in idx:
        s = lines[i].text
        frags = []
        if i in zone or lines[i].kind in ("byline", "meta") or len(s) <= 50:
            frags.append(s)
        elif lines[i].kind == "dateline":
            frags.append(s[:80])
        if s not in frags and ("记者" in s or "编" in s or "通讯员" in s or "审核" in s or "采写" in s or "贡献" in s):
            frags += _PAREN_BYLINE.findall(s)
        if i in zone and lines[i].kind == "text":
            reps += md.bare_name_line(s)
        for f in frags:
            r, e = md.bylines(f)
            reps += r
            eds += e
    return _dedup(reps), _dedup(eds)


def _joins(lines: list[Line], a: int, b: int, zone: set[int]) -> bool:
    """Whether line b continues the sentence of line a (broken by the page layout)."""
    la, lb = lines[a], lines[b]
    if la.kind not in ("text", "dateline") or lb.kind != "text" or _terminal(la.text):
        return False
    if a in zone or b in zone:  # header: only a headline wrapped over two lines
        return b == a + 1 and b in zone and _headline_like(la.text) and _headline_like(lb.text) and len(la.text) >= 20
    return _pause_end(la.text) or la.text[-1] in _DANGLING or not _subheading_like(la.text)


def _body(t: OffsetText, lines: list[Line], idx: list[int], zone: set[int]) -> OffsetText:
    """The kept lines, broken sentences joined, others separated by their newline."""
    b = OffsetTextBuilder()
    order = list(idx)
    # a photo caption between the two halves of a broken sentence moves after the joined sentence
    for n in range(len(order) - 2):
        a, c, d = order[n], order[n + 1], order[n + 2]
        if (
            lines[a].kind == "text"
            and _is_body(lines[a])
            and not _terminal(lines[a].text)
            and _CAPTION.search(lines[c].text)
            and lines[d].kind == "text"
        ):
            order[n + 1], order[n + 2] = d, c
    text = t.text
    s0 = e0 = 0  # the pending span of the source to copy (adjacent pieces are copied at once)
    for n, i in enumerate(order):
        ln = lines[i]
        if ln.start != e0:
            b.copy_from(t, s0, e0)
            s0 = ln.start
        e0 = ln.end
        if n + 1 == len(order):
            break
        if _joins(lines, i, order[n + 1], zone):
            continue
        nl = text.find("\n", ln.end)
        if nl == e0:
            e0 += 1
        elif nl != -1:
            b.copy_from(t, s0, e0)
            s0, e0 = nl, nl + 1
        else:
            b.copy_from(t, s0, e0)
            b.replace(t, ln.end, ln.end, "\n")
            s0 = e0 = ln.end
    b.copy_from(t, s0, e0)
    return b.build()


def _analysed(doc: Document) -> OffsetText:
    if looks_like_html(doc.original) and not doc.fields:
        return html_to_text(doc.original)
    return OffsetText.identity(doc.original)


def split_document(doc: Document, line_mode: bool = False) -> list[Article]:
    """Clean, repair, convert script, split into articles and read their metadata."""
    t = repair(_analysed(doc))
    if line_mode:
        t, script = simplify(t)
        return [Article(doc=doc.doc, index=0, body=t, original=doc.original, script=script,
                        extra={"line_mode": True})]
    marks = [t.to_original(s, e)[1] for s, e in continuation_marks(t.text)]
    t = remove_inline_noise(t)
    t, _ = simplify(t)
    t, spam = remove_spam(t)
    t = remove_inline_noise(t)
    lines = _lines(t)
    _classify(lines)
    headers = [] if doc.fields else header_groups([ln.text for ln in lines])
    head_at: dict[int, tuple[Header, str | None, dict[str, str]]] = {}
    for h in headers:
        parts = h.headline([ln.text for ln in lines])
        head_at[h.start] = (h, parts.main, {k: v for k, v in (("kicker", parts.kicker), ("subtitle", parts.subtitle)) if v})
    _apply_headers(lines, headers)
    if doc.fields:
        starts = [0]
    elif headers:  # a crawled record per header; what stands before the first is its page's
        starts = [0] + [h.start for h in headers[1:]]
    else:
        starts = _article_starts(lines)
        # an article ends at a continuation marker: what follows is another piece
        starts = sorted(set(starts) | {i for i in _after_marks(t, lines, marks) if i > 0})
    bounds = list(zip(starts, starts[1:] + [len(lines)], strict=True))
    if len(bounds) > 1:
        frag = _fragment_start(lines, bounds)
        if frag is not None:
            lo, hi = bounds[-1]
            bounds[-1:] = [(lo, frag), (frag, hi)]
    year = md.year_context(t.text)
    is_html = looks_like_html(doc.original) and not doc.fields
    page_url = str(doc.fields["url"]).strip() if doc.fields.get("url") else (html_url(doc.original) if is_html else None)
    infos = []
    site = None
    for n, (lo, hi) in enumerate(bounds):
        idx = _content(lines, lo, hi)
        hd = next((head_at[i] for i in range(lo, hi) if i in head_at), None)
        if hd is not None:  # a labelled header: the text starts after it
            first_body = next((i for i in idx if i >= hd[0].body and _is_body(lines[i])), hi)
        else:
            first_body = next((i for i in idx if _is_body(lines[i])), hi)
        zone = [i for i in idx if i < first_body]
        is_fragment = n > 0 and bounds[n - 1][1] == lo and not zone and lines[first_body].kind != "dateline"
        if hd is not None and hd[1]:
            title, tstart = hd[1], None
        else:
            title, tstart = (None, None) if is_fragment else _title(lines, zone)
        if tstart is not None:  # site names and furniture above the headline are dropped
            idx = [i for i in idx if i >= tstart or lines[i].kind in ("meta", "byline")]
        url = (hd[0].fields.get("url") and find_url(hd[0].fields["url"])) if hd is not None else None
        url = url or next((lines[i].text for i in range(lo, first_body) if find_url(lines[i].text) == lines[i].text), None)
        url = url or (page_url if n == 0 or hd is None else None)
        date = source = None
        if hd is not None:
            date = md.normalize_date(hd[0].fields.get("date"))
            source = md.clean_source(hd[0].fields.get("source"))
        for i in zone:
            if lines[i].kind == "meta":
                date = date or md.meta_date(lines[i].text)
                source = source or md.meta_source(lines[i].text)
        cited = next((c for i in idx[::-1] if (c := md.print_citation(lines[i].text))), None)
        if cited:  # a repost's citation of the printed page: its day (and its paper, after a dateline's)
            date = date or cited[1]
        date = date or date_of_url(url)  # the URL's day before a dateline's month and day
        dl = next((i for i in idx if lines[i].kind == "dateline"), None)
        if dl is not None and (dl <= first_body):
            outlet, mo, da = md.dateline(lines[dl].text)
            source = source or outlet
            if not date and mo and year:
                date = md.iso_date(year, mo, da)
        source = source or (cited[0] if cited else None) or outlet_of_url(url)
        reps, eds = _people(lines, idx, zone)
        if hd is not None:
            fr, fe = _field_people(hd[0])
            reps, eds = _dedup(fr + reps), _dedup(fe + eds)
        if n == 0:  # the masthead of the page: its source when nothing else names one
            site = next((md.site_name(lines[i].text) for i in range(lo, first_body)
                         if lines[i].kind == "text" and lines[i].text != title and md.site_name(lines[i].text)), None)
        infos.append((lo, hi, idx, set(zone), title, date, source, reps, eds, url, hd[2] if hd is not None else {}))
    page_title = html_title(doc.original) if is_html else None
    if page_title and infos:  # a page without <h1>: its <title> names the (first) article
        infos[0] = (*infos[0][:4], to_simplified(page_title), *infos[0][5:])
    doc_source = md.dominant(i[6] for i in infos)
    if is_html and not site:
        site = md.site_name(to_simplified(html_site_name(doc.original) or ""))
    doc_source = doc_source or md.clean_source(site)
    arts = []
    f = doc.fields
    for lo, hi, idx, zone, title, date, source, reps, eds, url, heading in infos:
        body = _body(t, lines, idx, zone)
        if f:
            title = to_simplified(str(f["title"])) if f.get("title") else title
            date = md.normalize_date(f.get("date")) or date
            source = to_simplified(str(f["source"])) if f.get("source") else source
        if not body.text and len(infos) > 1:
            continue
        s0, e0 = t.to_original(lines[lo].start, lines[hi - 1].end) if hi > lo else (0, 0)
        arts.append(
            Article(
                doc=doc.doc,
                index=len(arts),
                body=body,
                original=doc.original,
                title=title,
                date=date,
                source=source or doc_source,
                reporters=_dedup(reps + eds),
                editors=eds,
                url=url,
                tampered=bool(spam),
                spam=list(spam),
                script=script_of(doc.original[s0:e0]),
                extra={"line_mode": False, **heading},  # kicker, subtitle of a labelled headline block
            )
        )
    return arts
