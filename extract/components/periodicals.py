"""kg_periodicals: names in title marks. A periodical (《洛杉矶时报》) is one media outlet; the title
of any other work (《英国病人》, 《哈利·波特与魔法石》) holds no names of its own.

Runs after the statistical NER, before `kg_resolve`. A title in 《》 that ends like a periodical
(报, 日报, 时报, 晚报, 周刊, 杂志 ...) is the outlet's name: the people, places and organisations
found inside it (洛杉矶 in 《洛杉矶时报》, 第一财经 in 《第一财经日报》) are dropped; a candidate that
is the whole title without its marks stays, as an Organization of kind media (People's Daily
convention: 《费加罗报》 -> 费加罗报). With `outlet` the title becomes one when nothing found it, and so
does a title followed by its kind (《求是》杂志): "doc" (the default) does so in articles, not in line
mode (CLUENER marks such titles as books, and on held-out lines that cost more there than it gained on
People's Daily). A longer name around it (美国《时代》周刊) is left as it is.

With `works` (on by default), the people, places, posts and bodies found inside the title of a book,
film, song or game are dropped too: 英国 in 《英国病人》 names a film, not a country that the text
speaks of; an official document (《龙岩市关于…的意见》, 《…名单(草案)》) keeps its names (CLUENER labels such titles book/movie/game; on held-out lines of both data sets
this removed about 45 false names for 2 lost ones).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands, line_mode
from extract.components.tokenizer import text_of

TITLE = re.compile(r"《([^《》\n]{1,20}?(?:日报|晚报|早报|时报|快报|邮报|商报|导报|画报|周报|月报|通报|参考报|报|周刊|月刊|"
                   r"杂志|期刊|学报))》")
NER_TYPES = ("Person", "Place", "Organization", "Enterprise", "Post")
WORK = re.compile(r"《([^《》\n]{1,40})》")
# an official document keeps its names: 《龙岩市关于实施…的意见》 is issued by 龙岩市
DOCUMENT = re.compile(r"关于|(?:方案|意见|办法|通知|通报|规定|条例|决定|决议|规划|纲要|细则|名单|报告|计划|措施|法|公告|建议"
                      r"|章程|准则|指南|标准|目录|清单|公报|声明|协议|合同|备忘录|白皮书)(?:\(|（|$)")


# a periodical named in marks with its kind after them: 《求是》杂志, 《时代》周刊
TITLE_KIND = re.compile(r"《([^《》\n]{1,20})》(?=杂志|周刊|月刊|半月刊|期刊|日报|晚报)")


class PeriodicalFinder:
    def __init__(self, outlet: bool | str = "doc", works: bool = True) -> None:
        self.outlet = outlet
        self.works = works

    def _outlets(self, doc: Doc) -> bool:
        """Whether titles become outlets here: always, never, or ("doc") in articles, not in line mode."""
        if self.outlet != "doc":
            return bool(self.outlet)
        return not line_mode(doc)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        if "《" not in text:
            return doc
        out = cands(doc)
        outlet = self._outlets(doc)
        if outlet:
            for m in TITLE_KIND.finditer(text):
                s, e = m.span(1)
                if not TITLE.fullmatch(m.group(0)) and not any(c.start <= s and e <= c.end for c in out
                                                               if c.type == "Organization"):
                    out[:] = [c for c in out if not (c.type in NER_TYPES and s <= c.start < c.end <= e)]
                    out.append(Candidate(s, e, "Organization", m.group(1), {"kind": "media"}, "kg_periodicals", 1.0))
        for m in TITLE.finditer(text):
            s, e = m.span(1)
            if any(c.type in NER_TYPES and c.start < s and c.end > e for c in out):
                continue  # a longer name holds the title: 美国《时代》周刊
            out[:] = [c for c in out if not (c.type in NER_TYPES and s <= c.start < c.end <= e + 1
                                             and (c.start, c.end) != (s, e))]
            same = [c for c in out if c.type in NER_TYPES and (c.start, c.end) == (s, e)]
            for c in same:  # the outlet found by the model or the rules is an organisation
                if c.type in ("Place", "Person", "Post"):
                    c.type, c.name, c.attrs = "Organization", m.group(1), {"kind": "media"}
            if outlet and not same:
                out.append(Candidate(s, e, "Organization", m.group(1), {"kind": "media"}, "kg_periodicals", 1.0))
        if self.works:
            for m in WORK.finditer(text):
                s, e = m.span(1)
                if TITLE.fullmatch(m.group(0)) or TITLE_KIND.match(text, m.start()) or DOCUMENT.search(m.group(1)) or any(c.type in NER_TYPES and c.start < s and c.end > e for c in out):
                    continue
                out[:] = [c for c in out if not (c.type in NER_TYPES and s <= c.start < c.end <= e)]
        return doc


@Language.factory("kg_periodicals", default_config={"outlet": "doc", "works": True})
def make_periodicals(nlp: Language, name: str, outlet: bool | str, works: bool) -> PeriodicalFinder:
    return PeriodicalFinder(outlet, works)
