"""Article metadata from header lines, datelines and bylines (all on simplified text).

- dates: ``2023-11-20 09:19``, ``2021年08月17日07:15``, ``新华社福州12月6日电`` + a year context;
- sources: ``来源:X`` (``X-Y频道`` -> X), the outlet of a dateline (``株洲日报讯``, ``新华社…电``);
- people: reporters (``记者 A B 见习记者 C``, ``全媒体记者/A``, ``通讯员/B``) and editors
  (``责任编辑:X``, ``(责编:X、Y)``, ``编辑:``, ``审核:``), and a bare name line under a headline.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

SURNAMES_FILE = Path(__file__).resolve().parent.parent / "resources" / "surnames.txt"
CJK = "\u4e00-\u9fff"
_CJK_ONLY = re.compile(f"[{CJK}]+")

# "(?<!\d\d\d\d\d)" after the year's four digits: no digit before it (a leading look-behind would
# keep the regex engine from scanning fast for the first digit)
DATE_NUM = re.compile(r"((?:19|20)\d{2})(?<!\d\d\d\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?")
_TIME = re.compile(r"\d{1,2}:\d{2}")
_SOURCE = re.compile(r"(?:来[ \u3000]*源|来[ \u3000]*自|稿[ \u3000]*源|出[ \u3000]*处)\s*[:：]\s*([^\s|｜/:：()（）]{2,40})")
_OUTLET = rf"[{CJK}]{{2,12}}?(?:日报|晚报|早报|时报|商报|新闻网|新闻|网|报|电视台|广播电视台|融媒体中心|客户端)"
_AGENCY = r"新华社|中新社|中新网|人民网|央视网|央广网|光明网|国际在线|中国新闻社"
_DATELINE = re.compile(
    rf"^\s*(?:[（(【]\s*)?(?P<agency>{_AGENCY}|本报|{_OUTLET})"
    rf"(?:[{CJK}]{{0,10}}?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日(?:电|讯|报道|消息)|(?:讯|消息|专电|电))"
)
_DATELINE_HINT = re.compile("电|讯|消息|报道")  # every dateline holds one of these words
_BYLINE_OUTLET = re.compile(rf"^\s*[（(]?\s*(?P<agency>{_AGENCY}|{_OUTLET})\s*(?:全媒体|融媒体|特约|首席|见习|实习)?记者\s*[/／]?")
_ROLE = (
    r"(?:(?:全媒体|融媒体|特约|首席|见习|实习|本报|本网|通讯)?记者|通讯员|实习生|作者|撰文|撰稿|摄影|"
    r"责任编辑|责编|编辑|主编|审核|审校|校对|终审|二审|一审|三审|值班编辑|监制|编审)"
)
_EDITOR_ROLES = {"责任编辑", "责编", "编辑", "主编", "审核", "审校", "校对", "终审", "二审", "一审", "三审", "值班编辑", "监制", "编审"}
_ROLE_RE = re.compile(_ROLE)
# the same roles for scanning a text: the core words only (each starts with a literal character, so
# the engine skips fast to candidates; a "全媒体" before "记者" changes neither the end nor the kind)
_ROLE_SCAN = re.compile(
    r"记者|通讯员|实习生|作者|撰文|撰稿|摄影|责任编辑|责编|编辑|主编|审核|审校|校对|终审|二审|一审|三审|值班编辑|监制|编审"
)
_NAME_SEP = re.compile(r"[\s、，,/／;；]+")
NAME_SEP = _NAME_SEP  # between the names of a byline
_FUTURE_YEAR = re.compile(r"(?:将于|将在|到|至|—|－|-|~|～|预计|计划|力争|目标)\s*((?:19|20)\d{2})\s*年")
_YEAR = re.compile(r"((?:19|20)\d{2})(?<!\d\d\d\d\d)\s*年")
GENERIC_SOURCES = {"日报", "本网", "网", "本报", "报", "新闻", "网站", "原创", "综合", "本站", "新闻中心"}


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames) from resources/surnames.txt."""
    words: list[str] = []
    try:
        for line in SURNAMES_FILE.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                words += line.split()
    except OSError:  # pragma: no cover - resource missing: names are not checked then
        pass
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) > 1)


def looks_like_name(s: str) -> bool:
    """A 2-4 character CJK string starting with a surname."""
    if not 2 <= len(s) <= 4 or not _CJK_ONLY.fullmatch(s):
        return False
    single, compound = surnames()
    if s[:2] in compound and len(s) >= 3:
        return True
    return s[0] in single and len(s) <= 3


def iso_date(y: int | str, m: int | str, d: int | str) -> str | None:
    y, m, d = int(y), int(m), int(d)
    if 1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def normalize_date(value) -> str | None:
    """An ISO date from a field value (``20220924``, ``2022-09-24 10:00``, ``2022年9月24日``)."""
    if value is None:
        return None
    s = str(value).strip()
    m = re.fullmatch(r"((?:19|20)\d{2})(\d{2})(\d{2})", s[:8]) if s[:8].isdigit() else None
    if m:
        return iso_date(*m.groups())
    m = DATE_NUM.search(s)
    return iso_date(*m.groups()) if m else None


# a labelled date: "发布时间：2021-06-01", "日期: 2021年6月1日"
_DATE_FIELD = re.compile(r"(?:时[ \u3000]*间|日[ \u3000]*期)\s*[:：]\s*(?:19|20)\d{2}\s*[-/.年]")
# a role padded to the width of another ("作  者：", "编　辑："): its characters joined again
_SPACED_ROLE = re.compile(r"(作|记|编|撰|摄|校)[ \u3000]+(者|辑|稿|文|影|对)(?=\s*[:：/／])")


def is_meta_line(line: str) -> bool:
    """A header line carrying the date and/or the source (not a sentence of the body)."""
    if len(line) > 100:
        return False
    if _SOURCE.search(line) or ("。" not in line and _DATE_FIELD.search(line)):
        return True
    m = DATE_NUM.search(line)
    if m and (_TIME.search(line) or len(line) - len(m.group(0)) <= 12):
        return True
    return False


# a repost's citation of the printed page: "《某某日报》（2021年03月05日 第 07 版）"
_CITATION = re.compile(
    r"^[（(]?\s*《\s*([^《》]{2,20}?)\s*》\s*[（(]?\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
    r"\s*(?:第?\s*[0-9０-９]{1,3}\s*版)?\s*[）)]?\s*[）)]?$"
)


def print_citation(line: str) -> tuple[str | None, str | None] | None:
    """(outlet, date) of a line citing the printed page an article appeared on, else None."""
    if "《" not in line or len(line) > 60:
        return None
    m = _CITATION.match(line.strip())
    if not m:
        return None
    return clean_source(m.group(1)), normalize_date(m.group(2))


def meta_date(line: str) -> str | None:
    m = DATE_NUM.search(line)
    return iso_date(*m.groups()) if m else None


_WEBSITE = re.compile(r"(?:网|网站|在线|客户端|新闻)$")
_PUBLISHER = re.compile(r"..+(?:日报|晚报|早报|时报|商报|报|杂志|周刊)|新华社|中新社|.*通讯社")


def clean_source(s: str | None) -> str | None:
    """The outlet of a source field: ``X网-Y频道`` is X网; a website reposting a paper's or an
    agency's copy (``X网-Y日报``, ``X网－新华社``) gives the paper or agency, its publisher."""
    if not s:
        return None
    parts = [p.strip() for p in re.split(r"[-_－—|｜·•]+", s.strip()) if p.strip()]
    if not parts:
        return None
    s = parts[0]
    if _WEBSITE.search(s):
        s = next((p for p in parts[1:] if _PUBLISHER.fullmatch(p) and not p.endswith("频道")), s)
    s = re.sub(r"(?:频道|客户端)$", "", s)
    if len(s) < 2 or s in GENERIC_SOURCES:
        return None
    return s


# the name of a site or its publisher alone on a line (a page's masthead): an outlet or a body
_SITE_NAME = re.compile(
    rf"[{CJK}]{{2,20}}?(?:网站|新闻网|网|日报|晚报|报社|报|电视台|协会|学会|联合会|商会|研究会|促进会|基金会|"
    rf"委员会|人民政府|政府|办公室|办公厅|厅|局|委|研究院|中心)"
)


def site_name(line: str) -> str | None:
    """The line itself when it is only the name of a site or its publisher (``江西省某某协会``,
    ``某某新闻网``): the source of a page that names no other."""
    s = line.strip()
    return s if _SITE_NAME.fullmatch(s) and s not in GENERIC_SOURCES else None


def meta_source(line: str) -> str | None:
    m = _SOURCE.search(line)
    return clean_source(m.group(1)) if m else None


def dateline(line: str) -> tuple[str | None, int | None, int | None] | None:
    """(outlet, month, day) of a dateline opening a paragraph, or None."""
    m = _DATELINE.match(line) if _DATELINE_HINT.search(line) else None
    if m:
        agency = m.group("agency")
        outlet = None if agency == "本报" else clean_source(agency)
        md = (int(m.group("m")), int(m.group("d"))) if m.group("m") else (None, None)
        return outlet, md[0], md[1]
    m = _BYLINE_OUTLET.match(line) if "记者" in line else None
    if m:
        return clean_source(m.group("agency")), None, None
    return None


def year_context(text: str) -> int | None:
    """The most recent year the text states as past or present (not a plan's target year)."""
    future = {m.start(1) for m in _FUTURE_YEAR.finditer(text)}
    years = [int(m.group(1)) for m in _YEAR.finditer(text) if m.start(1) not in future]
    return max(years) if years else None


_AFTER_ROLE = re.compile(r"\s*[:：/／]\s*|\s+")
# an opening parenthesis (and an outlet) right before a role: "（记者张华、刘明）", "(本报记者王明)"
_PAREN_ROLE = re.compile(rf"[（(]\s*(?:本报|本台|本网|[{CJK}]{{2,8}}?(?:报|社|台|网))?\s*(?:全媒体|融媒体|特约|首席|见习|实习)?$")
_CLOSING = re.compile(r"[）)】\]]")
# a two-character name spaced out to the width of three ("韩 鑫") between byline separators
_SPACED_NAME = re.compile(rf"(?:(?<=^)|(?<=[、，,/／]))\s*([{CJK}])[ \u3000]([{CJK}])(?=\s*(?:[、，,/／）)]|$))")
# helpers named after the text: "（王明参与采写）", "（王明、李华对本文亦有贡献）"
_CONTRIBUTORS = re.compile(rf"[（(]([{CJK}、，, ]{{2,30}}?)(?:参与采写|参与报道|参与调研|对本文亦有贡献|亦有贡献)[）)]")


def names_after_roles(text: str) -> list[tuple[str, str]]:
    """(role, name) pairs of byline fragments: ``记者 张三 李四``, ``责任编辑:王五``, ``（记者张三、李四）``."""
    out = []
    if "\u3000" in text or " " in text:
        text = _SPACED_ROLE.sub(r"\1\2", text)
    for m in _ROLE_SCAN.finditer(text):
        sep = _AFTER_ROLE.match(text, m.end())
        if not sep:  # "记者走进…", "告诉记者，…": not a byline, unless a parenthesis opens with it
            if m.group(0) not in ("记者", "通讯员") or not _PAREN_ROLE.search(text[max(0, m.start() - 14) : m.start()]):
                continue
        end = sep.end() if sep else m.end()
        rest = _SPACED_NAME.sub(r"\1\2", _CLOSING.split(text[end : end + 40], maxsplit=1)[0])
        # "编辑:秋凤", "记者/陈正明": any 2-4 character name ("记者:请问…" is an interview label)
        strong = bool(sep) and ("/" in sep.group(0) or "／" in sep.group(0) or (m.group(0) in _EDITOR_ROLES and not sep.group(0).isspace()))
        for tok in _NAME_SEP.split(rest):
            tok = tok.strip("()（）[]【】")
            if tok.endswith("摄") and looks_like_name(tok[:-1]):  # "（记者张华摄）": a photographer's credit
                tok = tok[:-1]
            if not tok or _ROLE_RE.match(tok):
                break
            if not (looks_like_name(tok) or strong and 2 <= len(tok) <= 4 and _CJK_ONLY.fullmatch(tok)):
                break
            out.append((m.group(0), tok))
    for m in _CONTRIBUTORS.finditer(text):
        names = [x for x in _NAME_SEP.split(_SPACED_NAME.sub(r"\1\2", m.group(1))) if x]
        if names and all(looks_like_name(x) for x in names):
            out += [("记者", x) for x in names]
    return out


def bylines(text: str) -> tuple[list[str], list[str]]:
    """(reporters, editors) named in a byline/editor fragment of text."""
    reporters: list[str] = []
    editors: list[str] = []
    for role, name in names_after_roles(text):
        if role in ("摄影",):
            continue
        (editors if role in _EDITOR_ROLES else reporters).append(name)
    return reporters, editors


def bare_name_line(line: str) -> list[str]:
    """Names of a header line made only of person names (``张临山   赵芳``), else []."""
    toks = [x for x in re.split(r"[\s、，,]+", line.strip()) if x]
    if 1 <= len(toks) <= 6 and all(looks_like_name(x) for x in toks):
        return toks
    return []


def dominant(values) -> str | None:
    """The most common non-empty value (first seen on ties)."""
    c = Counter(v for v in values if v)
    return c.most_common(1)[0][0] if c else None
