"""Page furniture: navigation, share buttons, breadcrumbs, footers, continuation markers.

`remove_inline_noise` drops noise phrases anywhere (``我来说两句``, ``分享到:``, ``▶▶下转08版``);
`is_noise_line` says whether a whole (simplified) line is furniture; `chrome_lines` finds the
furniture of a page that only shows in context: layout rubrics (``核心阅读``, ``编者按``), lists of
other articles' headlines under a heading (``相关新闻``, ``热点推荐``) or with their dates, channel
menus. The words are data (resources/page_chrome.txt).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from extract.offsets import OffsetText, apply_regex

CHROME_FILE = Path(__file__).resolve().parent.parent / "resources" / "page_chrome.txt"


def _each(words: str, tail: str = "") -> str:
    """``w1tail|w2tail|…`` for space-separated words: an alternation whose every branch starts
    with a literal character, which the regex engine turns into a fast scan for those characters."""
    return "|".join(re.escape(w) + tail for w in words.split())


_PAGE = r"[ \t]*第?[ \t]*[0-9０-９一二三四五六七八九十]{1,3}[ \t]*版[ \t]*[①-⑳]?"
_TO_PAGE = r"[ \t]*(?:下转|转|上接|接上?|紧接|续)" + _PAGE
_END = r"(?=[ \t]*$|[。）)])"
# phrases removed wherever they stand (simplified and traditional forms), in order of preference
_INLINE = re.compile(
    "|".join(
        (
            _each("▶ ► ▸ > 》", r"[▶►▸>》]*" + _TO_PAGE),  # ▶▶下转08版
            _each("下转 上接 接上 紧接", _PAGE),
            _each("我来说两句 我來說兩句", r"[ \t]*[|｜]?"),
            _each("分享到 分享至 分享让更多人看到 分享讓更多人看到", r"[ \t]*[:：]?[ \t]*[|｜]?"),
            r"【[ \t]*(?:字号|字號)[ \t]*[:：]?[ \t]*大[ \t]*中[ \t]*小[ \t]*】",
            _each("字号 字號", r"[ \t]*[:：]?[ \t]*大[ \t]*中[ \t]*小"),
            _each("【 [", r"[ \t]*(?:小字号|小字號|大字号|大字號|中字号|中字號)[ \t]*[】\]]"),
            _each("小字号 小字號 大字号 大字號 中字号 中字號"),
            _each("返回顶部 返回頂部 返回首页 返回首頁 回到顶部 回到頂部"),
            r"【[ \t]*(?:点击进入专题|點擊進入專題|编者按|編者按)[ \t]*】",
            _each("点击进入专题 點擊進入專題"),
            _each("通讯员供图 通訊員供图 记者供图 記者供图 本报供图 本報供图 供图", _END),
        )
    ),
    re.M,
)
# a continuation marker alone: the article it ends goes on on another page
_CONTINUATION = re.compile(_each("▶ ► ▸ > 》", r"[▶►▸>》]*" + _TO_PAGE) + "|" + _each("下转 上接 接上 紧接", _PAGE))
# a word every phrase of _INLINE holds: texts without any skip the slow alternation
_INLINE_HINT = re.compile(
    # "版" after a numeral or a space (下转 3 版, 上接第2版)
    "版(?<=[0-9０-９一二三四五六七八九十 \t]版)|两句|兩句|分享|字号|字號|返回|回到|点击进入专题|點擊進入專題|编者按|編者按|供图"
)
_NAV_WORD = re.compile(
    r"首页|首頁|新闻|新聞|频道|頻道|返回|登录|登錄|注册|註冊|打印|收藏|分享|关闭|關閉|简介|簡介|声明|聲明|联系|聯系|"
    r"加入|地图|地圖|导航|導航|专题|專題|评论|評論|订阅|訂閱|客户端|下载|下載|网站|網站|帮助|幫助|顶部|頂部|相关|相關|"
    r"好友|字号|字號|微信|微博|推荐|推薦|热点|熱點|要闻|要聞|正文|滚动|滾動|图片|圖片|视频|視頻|搜索|更多|纠错|糾錯"
)
_BREADCRUMB = re.compile(r"\S\s*(?:>>?|›|»|→|＞|/)\s*\S.*(?:>>?|›|»|→|＞)|(?:>>?|›|»|＞)\s*(?:正文|正文内容)\s*$")
# footer phrases, matched on the lower-cased line; every alternative starts with a literal
# character, so the regex engine skips quickly to the places where one may start
_FOOTER = re.compile(
    r"版权所有|版權所有|copyright|©|\(c\)\s*\d{4}|icp\s*[备備证證]|公网安备|公網安備|"
    r"许可证(?:编号|編號|号|號)?\s*[:：]?\s*[\da-z]|許可證(?:编号|編號|号|號)?\s*[:：]?\s*[\da-z]|"
    r"举报电话|舉報電話|举报邮箱|违法和不良信息|違法和不良信息|网络举报|網絡舉報|"
    r"广告联系|廣告聯系|广告合作|新闻热线|新聞熱線|未经.{0,20}授权|未經.{0,20}授權|请勿转载|請勿轉載|"
    r"建立镜像|建立鏡像|地址\s*[:：]|電話\s*[:：]\s*\d|电话\s*[:：]\s*\d|传真\s*[:：]|邮编\s*[:：]"
)
_TWO_PHONES = re.compile(r"\d{3,4}-\d{7,8}.*\d{3,4}-\d{7,8}")
_BARE_NOISE = re.compile(
    r"(?:注册|註冊|登录|登錄|登录注册|注册登录|打印|收藏|关闭|關閉|关闭窗口|關閉窗口|打印本页|打印本頁|"
    r"[|｜\s]+|>+|纠错|分享|点赞|评论|更多|上一篇|下一篇|上一页|下一页|扫一扫|微信扫一扫)"
)
_BARE_MAX = 6  # the longest word of _BARE_NOISE (its other lines start with | ｜ or >)
_TOKEN_SPLIT = re.compile(r"[\s|｜/·•]+")
_SENTENCE = re.compile(r"[。！？；]")


def remove_inline_noise(t: OffsetText) -> OffsetText:
    """Drop noise phrases wherever they stand."""
    if not _INLINE_HINT.search(t.text):
        return t
    return apply_regex(t, _INLINE, "")


def continuation_marks(text: str) -> list[tuple[int, int]]:
    """Spans of continuation markers (``▶▶下转08版``, ``上接第2版``): an article ends at each."""
    return [m.span() for m in _CONTINUATION.finditer(text)] if "版" in text else []


def is_noise_line(line: str) -> bool:
    """Whether a stripped line is page furniture (navigation, breadcrumb, footer, share bar)."""
    if not line:
        return True
    if (len(line) <= _BARE_MAX or line[0] in "|｜>") and _BARE_NOISE.fullmatch(line):
        return True
    if len(line) > 120:
        return False
    if _FOOTER.search(line.lower()) or (line.count("-") >= 2 and _TWO_PHONES.search(line)):
        return True
    if len(line) > 80 or _SENTENCE.search(line):
        return False
    if _BREADCRUMB.search(line):
        return True
    toks = [x for x in _TOKEN_SPLIT.split(line) if x]
    if len(toks) >= 2 and all(len(x) <= 8 for x in toks):
        nav = sum(1 for x in toks if _NAV_WORD.search(x))
        return nav * 2 >= len(toks) and nav >= 2
    return False


@lru_cache(maxsize=1)
def chrome_words() -> dict[str, frozenset[str]]:
    """Sections of resources/page_chrome.txt: rubrics, lists (headings), channels, prefixes."""
    out: dict[str, set[str]] = {"rubrics": set(), "lists": set(), "channels": set(), "prefixes": set()}
    section = None
    try:
        text = CHROME_FILE.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - resource missing: no context chrome then
        text = ""
    for line in text.splitlines():
        w = line.strip()
        if not w or w.startswith("#"):
            continue
        if w.startswith("[") and w.endswith("]"):
            section = w[1:-1]
            continue
        if section in out:
            out[section].add(w.lower())
    return {k: frozenset(v) for k, v in out.items()}


# decoration around a rubric or list heading: brackets, bullets, arrows, "更多"/"more" links
_DECOR = re.compile(r"^[\s【\[〖■□●◆◇▲△▶►★☆>》:：|｜]+|[\s】\]〗■□●◆◇▲△▶►★☆>》:：|｜]+$")
_MORE = re.compile(r"(?:更多|more|MORE|More)\s*[>》»]*$")
# an item of a list of headlines: a short line ending with its date ("… 2021-03-05", "…(03-05)",
# "… 2021年3月5日 10:20")
_DATED_ITEM = re.compile(
    r"[\u4e00-\u9fff].{2,50}?[\s(（\[【]*(?:(?:19|20)\d{2}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[)）\]】]*$"
)
_LIST_ITEM_MAX = 40  # the longest line a list of headlines holds
_MENU_SPLIT = re.compile(r"[\s|｜/·•]+")


def _core(line: str) -> str:
    return _MORE.sub("", _DECOR.sub("", line)).strip().lower()


def _list_heading(core: str, lists: frozenset[str]) -> bool:
    """A list heading alone, or opening a line with the first headline after a colon."""
    if core in lists:
        return True
    parts = _HEADING_SPLIT.split(core, maxsplit=1)
    return len(parts) == 2 and parts[0].strip() in lists and _list_item(parts[1].strip())


_EDITION = re.compile(r"^第?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版\s*[:：]?\s*[\u4e00-\u9fff]{0,8}$")


def _menu(line: str, channels: frozenset[str]) -> bool:
    """A channel menu: three or more short tokens, most of them channel names or ``…频道``; or
    four or more short items between bars (``甲 | 乙 | 丙 | 丁``); or one channel's name alone."""
    toks = [x for x in _MENU_SPLIT.split(line) if x]
    if len(toks) == 1 and len(line) <= 10:  # a channel's name alone: "时政", "江西频道"
        return line.lower() in channels or line.endswith(("频道", "頻道"))
    if len(toks) < 3 or any(len(x) > 8 for x in toks):
        return False
    bars = len(_BARS.findall(line))
    if bars >= 3 and bars >= len(toks) - 2 and not _PAUSES.search(line):
        return True
    hits = sum(1 for x in toks if x.lower() in channels or x.endswith("频道") or x.endswith("頻道"))
    return hits * 5 >= len(toks) * 3


def _pointer(line: str, prefixes: frozenset[str]) -> bool:
    """A line opening with a pointer to other pages and a colon (``下一篇：…``, ``当前位置：…``)."""
    m = _POINTER.match(line)
    return bool(m) and m.group(1) in prefixes


_SENTENCE_MARK = re.compile(r"[。；]|[。！？…]$")
_HEADING_SPLIT = re.compile(r"[:：>》]+")
_POINTER = re.compile(r"[【\[]?\s*([\u4e00-\u9fff]{2,6})\s*[】\]]?\s*[:：]")
_BARS = re.compile(r"[|｜]")
_PAUSES = re.compile(r"[。，；]")


def _list_item(line: str) -> bool:
    """A headline of a list: short, no sentence's full stop in it or at its end."""
    return len(line) <= _LIST_ITEM_MAX and not _SENTENCE_MARK.search(line)


def chrome_lines(lines: list[str]) -> set[int]:
    """Indices of stripped (simplified) lines that are page chrome in their context.

    - a rubric of the layout alone on its line (``核心阅读``, ``【编者按】``, ``相关新闻>>``);
    - the lines after a list heading (``延伸阅读``, ``热点推荐``) while they are short lines
      without a sentence's full stop (other articles' headlines), up to the next line of prose;
    - runs of two or more short lines ending with a date (a list of headlines with their days);
    - channel menus (``首页 时政 社会 财经 …``, ``江西频道 | 要闻``), a newspaper's page label
      (``第03版：要闻``), pointers to other pages (``上一篇：…``, ``当前位置：…``).
    """
    words = chrome_words()
    out: set[int] = set()
    in_list = False
    dated: list[int] = []
    for i, s in enumerate(lines):
        if not s:
            continue
        if len(s) > 80 or "。" in s:  # prose: none of the patterns below holds a sentence
            in_list = False
            if len(dated) >= 2:
                out.update(dated)
            dated = []
            continue
        core = _core(s)
        if core in words["rubrics"] or _list_heading(core, words["lists"]):
            out.add(i)
            in_list = _list_heading(core, words["lists"])
            continue
        if in_list and _list_item(s):
            out.add(i)
            continue
        in_list = False
        if len(s) <= 60 and ":" not in s and "：" not in s and _DATED_ITEM.fullmatch(s):
            dated.append(i)
        else:
            if len(dated) >= 2:
                out.update(dated)
            dated = []
        if len(s) <= 80 and (_menu(s, words["channels"]) or _EDITION.match(s) or _pointer(s, words["prefixes"])):
            out.add(i)
    if len(dated) >= 2:
        out.update(dated)
    return out
