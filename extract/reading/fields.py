"""Labelled header fields and the structure of a headline block.

Crawlers, CMS exports and reposts write an article's metadata as labelled lines before its text,
in any order and with full- or half-width colons: ``链接：URL`` / ``标题：…`` (the headline block
may go on over the next lines) / ``来源：…`` / ``作者：…`` / ``发布时间：…`` / ``内容：`` (the
text starts after it). The labels are data (resources/field_labels.txt).

`header_groups` finds such headers (one per article when several records share a file);
`headline_parts` tells the main headline of a headline block from the kicker above it (引题, often
ending with a dash) and the subtitle below it (副题, often opening with a dash), and cuts the
column tag that follows a headline (``（一线调查·基层故事）``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LABELS_FILE = Path(__file__).resolve().parent.parent / "resources" / "field_labels.txt"
TITLE_FIELDS = ("title", "kicker", "subtitle")
PEOPLE_FIELDS = ("author", "reporter", "editor")
# a header opens with one of these (a date or source line alone is a portal's meta line)
OPENING_FIELDS = ("title", "kicker", "url")
_DASH = "—–-－―"


@lru_cache(maxsize=1)
def labels() -> dict[str, str]:
    """label (lower-cased) -> field, from resources/field_labels.txt."""
    out: dict[str, str] = {}
    try:
        text = LABELS_FILE.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - resource missing: no labelled headers then
        return out
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            label, fld = (x.strip() for x in line.split("\t", 1))
            out[label.lower()] = fld
    return out


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    # CMS templates pad a label's characters to one width ("来  源：", "作　者："): spaces may stand
    # between the characters of a Chinese label
    alts = "|".join(
        r"[ \t\u3000]*".join(map(re.escape, x)) if not x.isascii() else re.escape(x)
        for x in sorted(labels(), key=len, reverse=True)
    ) or "(?!)"
    return re.compile(rf"^[ \t\u3000]*(?:【[ \t]*(?P<b>{alts})[ \t]*】|(?P<c>{alts})[ \t\u3000]*[:：])[ \t\u3000]*", re.I)


# full-width ASCII to half width, one character for one (offsets into the line stay the same)
_HALF = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@dataclass(slots=True)
class Label:
    field: str
    value_start: int  # where the value starts in the line (after the label and the colon)


def label_of(line: str) -> Label | None:
    """The field a line is labelled with (``标题：…``, ``URL: …``, ``【来源】…``), else None."""
    if not line or len(line) > 400:
        return None
    head = line[:24]
    if ":" not in head and "：" not in head and "【" not in head:  # every label has its colon or bracket
        return None
    m = _label_re().match(line[:60].translate(_HALF))
    if not m:
        return None
    word = re.sub(r"\s", "", m.group("b") or m.group("c")).lower()
    return Label(labels()[word], m.end())


@dataclass
class Header:
    """A labelled header: which lines hold which field, and where the article's text starts."""

    start: int  # index of its first line
    body: int  # index of the first line of the text (the body label's line when text follows it)
    fields: dict[str, str] = field(default_factory=dict)  # field -> value (title: its lines joined)
    lines: dict[int, Label] = field(default_factory=dict)  # labelled line -> its label
    title_lines: list[int] = field(default_factory=list)  # lines of the headline block
    title_field: dict[int, str] = field(default_factory=dict)  # its line -> title, kicker or subtitle
    body_label: int | None = None  # the line of the body label, if any

    def headline_block(self, lines: list[str], only: str | None = None) -> list[str]:
        """The lines of the headline block (`only` those of one field), labels cut off."""
        return [lines[i][self.lines[i].value_start :].strip() if i in self.lines else lines[i].strip()
                for i in self.title_lines if only is None or self.title_field.get(i) == only]

    def headline(self, lines: list[str]) -> HeadlineParts:
        """Kicker, main headline and subtitle: by their labels where the header has them
        (``引题：``, ``副标题：``), else by the shape of the block's lines (`headline_parts`)."""
        if "kicker" in self.fields or "subtitle" in self.fields:
            main = headline_parts(self.headline_block(lines, "title"))
            return HeadlineParts(main.main, self.fields.get("kicker") or main.kicker,
                                 self.fields.get("subtitle") or main.subtitle, main.main_index)
        return headline_parts(self.headline_block(lines))


def _headline_like(s: str) -> bool:
    return 0 < len(s) <= 60 and "。" not in s


def _before_body_label(lines: list[str], j: int, reach: int = 3) -> bool:
    """Whether line j and the few after it, up to a body label, are all short headline lines (a
    subtitle set off from its headline by a blank line)."""
    for k in range(j, min(len(lines), j + reach + 1)):
        lab = label_of(lines[k])
        if lab is not None:
            return lab.field == "body"
        if lines[k] and not _headline_like(lines[k]):
            return False
    return False


def header_groups(lines: list[str]) -> list[Header]:
    """The labelled headers of a text given as stripped lines, in order.

    A header opens with a labelled line and goes on over labelled lines, the lines continuing the
    headline block (short, no full stop) and blank lines; it ends at a body label (``内容：``,
    ``正文：``), at a second title or URL label (the next record's), or at the first other line
    (the text starts there). It counts when it ends at a body label, or holds two fields one of
    which is a title, kicker or URL (a date and a place label alone are a notice's lines).
    """
    out: list[Header] = []
    n = len(lines)
    i = 0
    while i < n:
        lab = label_of(lines[i])
        if lab is None or lab.field == "body":
            i += 1
            continue
        h = Header(start=i, body=n)
        last: str | None = None
        j = i
        while j < n:
            s = lines[j]
            lab = label_of(s)
            if lab is not None:
                if lab.field == "body":
                    h.body_label = j
                    h.lines[j] = lab
                    h.body = j if s[lab.value_start :].strip() else j + 1
                    break
                if lab.field in h.fields and lab.field in ("title", "url") and j > i:
                    h.body = j
                    break
                h.lines[j] = lab
                value = s[lab.value_start :].strip()
                last = lab.field
                if lab.field in TITLE_FIELDS:
                    h.title_lines.append(j)
                    h.title_field[j] = lab.field
                    h.fields[lab.field] = (h.fields.get(lab.field, "") + " " + value).strip()
                else:
                    h.fields[lab.field] = value
                j += 1
                continue
            if not s:
                # a blank line ends the headline block, unless its label's value is still to come
                if last in TITLE_FIELDS and h.fields.get(last):
                    last = None
                j += 1
                continue
            if last in TITLE_FIELDS and _headline_like(s) or (
                "title" in h.fields and "body" not in h.fields and _before_body_label(lines, j)
            ):
                fld = last if last in TITLE_FIELDS else "title"
                h.title_lines.append(j)
                h.title_field[j] = fld
                h.fields[fld] = (h.fields.get(fld, "") + " " + s).strip()
                last = fld
                j += 1
                continue
            h.body = j
            break
        if h.body_label is not None or (len(h.fields) >= 2 and any(f in h.fields for f in OPENING_FIELDS)):
            out.append(h)
        i = max(j, i + 1) if h.body_label is None else h.body_label + 1
    return out


# a column tag after a headline: a short parenthesised label without sentence punctuation
# ("（走基层·一线故事）", "（新时代新作为）"); a byline in parentheses is none
_COLUMN_TAG = re.compile(r"[（(]([^（）()。，,；;！？]{2,24})[）)]\s*$")
_NOT_COLUMN = re.compile(r"记者|通讯员|摄|编辑|责编|作者|\d{4}")
# two to four short phrases side by side: the parallel wording of a main headline ("甲乙丙丁 戊己庚辛")
_PHRASE_SPLIT = re.compile(r"[\s\u3000，,、]+")


def column_tag(line: str) -> tuple[int, int] | None:
    """The span of a column (series) tag closing a headline line, else None."""
    m = _COLUMN_TAG.search(line)
    if not m or m.start() == 0 or _NOT_COLUMN.search(m.group(1)):
        return None
    return m.start(), m.end()


def _without_tag(line: str) -> str:
    span = column_tag(line)
    return line[: span[0]].rstrip() if span else line


def _parallel(s: str) -> bool:
    """Whether a line is 2-4 phrases of like length side by side (the shape of a main headline)."""
    parts = [p for p in _PHRASE_SPLIT.split(s.strip("“”\"")) if p]
    if not 2 <= len(parts) <= 4:
        return False
    lens = [len(p) for p in parts]
    return min(lens) >= 3 and max(lens) <= 10 and max(lens) <= 2 * min(lens) + 1


def _headline_score(line: str) -> float:
    """How much a line of a headline block looks like its main headline rather than a kicker or
    subtitle: the main headline is short, often parallel phrases, and carries the column tag."""
    core = _without_tag(line)
    return 2.0 * _parallel(core) + 1.0 * (column_tag(line) is not None) - 0.1 * len(core)


@dataclass(slots=True)
class HeadlineParts:
    main: str | None
    kicker: str | None = None
    subtitle: str | None = None
    main_index: int | None = None  # index of the main headline in the lines given


def headline_parts(lines: list[str]) -> HeadlineParts:
    """Kicker, main headline and subtitle of a headline block (its lines, top to bottom).

    A line ending with a dash (or a colon) is a kicker, one opening with a dash a subtitle; of the
    other lines the main headline is the one that looks most like one (`_headline_score`); the
    lines above it are the kicker, those below the subtitle. Column tags are cut off.
    """
    rows = [(k, s.strip()) for k, s in enumerate(lines) if s and s.strip()]
    if not rows:
        return HeadlineParts(None)
    plain = []
    for k, s in rows:
        core = _without_tag(s)
        if core and core[-1] in _DASH + "：:" and not (len(core) > 1 and core[0] in _DASH):
            continue  # kicker
        if core and core[0] in _DASH:
            continue  # subtitle
        plain.append((k, s))
    if not plain:
        plain = rows[:1]
    best = max(plain, key=lambda r: (_headline_score(r[1]), -r[0]))
    k = best[0]
    above = [_without_tag(s).rstrip(_DASH + "：: ") for j, s in rows if j < k]
    below = [_without_tag(s).lstrip(_DASH + " ") for j, s in rows if j > k]
    return HeadlineParts(
        main=_without_tag(best[1]) or best[1],
        kicker=" ".join(x for x in above if x) or None,
        subtitle=" ".join(x for x in below if x) or None,
        main_index=k,
    )
