"""kg_posts: post titles (市委书记, 工信局副局长, 总经理, 记者) with the body and place they belong to.

A Post candidate spans the title itself (副局长); its canonical name is the full post, expanded with
the organisation or place right before it (新罗区工信局副局长), or with the article's main place for
titles that carry a bare jurisdiction (市长 -> 株洲市长, 市委书记 -> 株洲市委书记). attrs: `title`,
`of` (organisation or place canonical name), `full`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands
from extract.components.lexicon import post_titles
from extract.components.orgs import SECTION
from extract.components.tokenizer import text_of, token_bounds, token_spans

_PREFIX = r"(?:常务副|副|代理|原|前|名誉|首席|执行|专职副|专职|驻村)?"
_TENURE = ("新任", "现任", "时任", "首任", "候任", "前任")
_NOT_AFTER = set("会台部室团处厅局馆")  # 委员会, 主席台, 部长 inside 部长级 ...
_JOB_MODIFIERS = {"本报", "新", "女", "男", "老", "名", "特约", "资深", "著名", "知名", "青年", "实习", "本台", "随队"}
_SECTION = re.compile(SECTION)  # a body's section (kg_orgs' pattern)
_BARE = {"省": "province", "市": "prefecture", "县": "county", "区": "county", "州": "prefecture"}


@lru_cache(maxsize=1)
def _title_re():
    titles = sorted(post_titles(), key=len, reverse=True)
    return re.compile(_PREFIX + "(?:" + "|".join(re.escape(t) for t in titles) + ")")


class PostFinder:
    def __init__(self, expand: bool = True) -> None:
        self.expand = expand

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        out = cands(doc)
        ctx = doc.user_data.get("kg_context") or {}
        starts, ends = token_bounds(doc)
        spans = token_spans(doc)
        before = {}
        for c in out:
            if c.type in ("Organization", "Enterprise", "Place"):
                if c.end not in before or before[c.end].start > c.start:
                    before[c.end] = c
        titles = post_titles()
        found = []
        inside = [(c.start, c.end) for c in out if c.type in ("Organization", "Place")]
        rx = _title_re()
        for m in _title_matches(rx, text, found):
            s, e = m.span()
            title = m.group(0)
            cut = next((b for a, b in inside if a < s < b < e), None)
            if cut is not None:  # 党工委书记 after 株洲高新区党工委: the title is 书记; 某村党总|支书|记: 书记
                m2 = rx.fullmatch(text, cut, e) or rx.match(text, cut)
                if m2 is None:
                    continue
                s, e, title = cut, m2.end(), m2.group(0)
            if e < len(text) and text[e] in _NOT_AFTER and title[-1] != "长":
                continue
            if s not in starts and s not in before and any(a < s < b < e for a, b in spans):
                continue  # 街区|长大, 片中|将: a word of the text runs into the title, no title here
                # (but a title right after a body or place the finders read: 某村党总|支书|记)
            if e not in ends and not (e < len(text) and _name_like(text, e)):
                continue
            org = before.get(s)
            if org is None and (k := _section_before(text, s, before)) is not None:
                org, title, s = before[k], text[k:s] + title, k  # …厅|办公室|主任
            if org is None and text[max(0, s - 2) : s] in _TENURE:
                org = before.get(s - 2)  # 巴基斯坦新任总统: the country's post, as it begins
            bare_title = title.lstrip("常务副代理原前名誉首席执行专职驻村") or title
            of, of_ctx = None, False
            full = title
            if org is not None:
                of = org.name or text[org.start : org.end]
                full = of + title
            elif s not in starts and s > 0 and text[s - 1] in _BARE:
                # 市长 as 市 + 长? titles such as 市长 already include it; here: 区工信局 cases are orgs
                pass
            elif title[0] in _BARE and self.expand and bare_title in titles:
                place = ctx.get(_BARE[title[0]])
                if place and place.endswith(title[0]):
                    of, of_ctx = place, True
                    full = place[:-1] + title
            cat = titles.get(bare_title.removeprefix("副"), titles.get(bare_title, "gov"))
            if cat == "job" and org is None and s not in starts and not any(
                    a < s and b == e and text[a:s] in _JOB_MODIFIERS for a, b in spans):
                continue  # 灾后|卫生 holds no 后卫: a job title starts a word, or ends one after a modifier
                # (本报记者, 新教练; not 漫画家)
            if title[0] in "前原" and org is None and e - s > 2:
                s += 1  # 前|董事长: "former" qualifies the post, the mention is the title (both data sets)
            found.append(Candidate(s, e, "Post", full, {"title": title, "of": of, "category": cat,
                                                         "_org_start": org.start if org is not None else None,
                                                         "_org_type": org.type if org is not None else None,
                                                         "_org_jur": org.attrs.get("_jurisdiction") if org is not None else None,
                                                         "_org_body": org.attrs.get("_body_start") if org is not None else None,
                                                         "_of_ctx": of_ctx},
                                   "kg_posts", 0.9))
        out.extend(found)
        return doc


def _section_before(text: str, s: int, before: dict) -> int | None:
    """Where a body's section starts that ends at s, right before a title (…厅|办公室|主任): the
    section is part of the post and the body before it owns it; None when there is none."""
    for k in range(2, 7):
        if s - k >= 0 and _SECTION.fullmatch(text, s - k, s) and getattr(before.get(s - k), "type", "") == "Organization":
            return s - k
    return None


def _title_matches(rx: re.Pattern, text: str, found: list):
    """The title matches of `rx`, left to right; after a match the caller rejects (nothing added to
    `found`) the search goes on from its next character, so a rejected title does not hide one that
    overlaps it (党总|支书|记: 支书 inside 党总支 is none, 书记 after it is one)."""
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        n = len(found)
        yield m
        pos = m.end() if len(found) > n else m.start() + 1


def _name_like(text: str, i: int) -> bool:
    return "\u4e00" <= text[i] <= "\u9fff"


@Language.factory("kg_posts", default_config={"expand": True})
def make_posts(nlp: Language, name: str, expand: bool) -> PostFinder:
    return PostFinder(expand)
