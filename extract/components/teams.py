"""kg_teams: in sports reports, a foreign city stands for its club (利物浦战胜罗马).

Metonymy: sports news names clubs by their city. In a paragraph with sports cues (联赛, 主场, 战胜,
进球, 英超 ...), a Place that is a city outside China (a gazetteer world city, without an admin code)
becomes an Organization (kind other, attrs team=True), unless the text says it is where something
happens (在巴黎举行, 抵达米兰). So does a foreign country (荷兰主场迎战冰岛: the national side; option
`countries`, on by default: held-out CLUENER gained, People's Daily unchanged). Chinese places stay
places (北京时间, 中国). A place before 盘 is a bookmaker's line (亚洲盘: the Asian handicap), no place.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import cands
from extract.components.gazetteer import gazetteer
from extract.components.tokenizer import text_of

SPORTS = re.compile(
    "联赛|主场|客场|战胜|击败|逼平|负于|不敌|进球|球队|射门|赛季|首发|欧冠|英超|意甲|西甲|德甲|法甲|欧联|联盟杯|足总杯"
    "|主帅|球迷|比分|胜平负|让球|赔率|盘口|亚盘|主队|客队|平局|对阵|绝杀|扳平|净胜"
    "|[A-Za-z\u4e00-\u9fff]vs[A-Za-z\u4e00-\u9fff]|足彩|胜负彩|竞彩|彩民|德比|[作做博稳]胆|防平|做客|欧战|上轮|本轮|连胜|连败|不胜|惨败"
    "|前锋|后卫(?!生)|门将|(?<!集)中场(?![所地])|锦标赛|[八四]强|强队|小组赛|半决赛|淘汰赛"
    "|射手|预选赛|世预赛|客胜|主胜|任九|任选九|亚指|受注|丢球|失球|助攻|红牌|黄牌|点球|积分榜"
    "|皇马|巴萨|曼联|切尔西|国米|拜仁|阿森纳")
# words that are sports cues only beside another one (输给 an election, 冷门 a subject, 强队 a sector)
WEAK_SPORTS = re.compile("输给|冷门|爆冷|夺冠|冠军|亚军|季军|晋级|出局|战绩|比赛")
_WHERE_BEFORE = re.compile("(?:在|于|赴|到|抵达|来到|前往|飞往|飞抵|位于|移师)$")
_LINE = re.compile("盘(?!山|县|州|锦)")  # 亚洲盘, 欧洲盘, 澳门盘: a bookmaker's line (Asian handicap), no place
_LIST_SEP = ("、", "和", "与", "及", "对")
_WHERE_AFTER = re.compile("举行|举办|召开|开幕|时间|当地"
                          "|[0-9０-９一二三四五六七八九十]+月[0-9０-９一二三四五六七八九十]+日电")  # 本报巴黎6月18日电: a dateline
# after a country, a person of that nationality (哥伦比亚|裁判, 爱尔兰|前锋); after a city, its club's (利物浦|主帅)
_NATIONALITY = re.compile("(?:籍|裔)?(?:裁判|主裁|球员|选手|外援|前锋|后卫|中场|门将|队员|总统|总理|政府|媒体|记者|人|球迷|观众)")


class TeamFinder:
    def __init__(self, window: int = 4, countries: bool = True) -> None:
        self.window = window
        self.countries = countries

    def _foreign_country(self, name: str) -> bool:
        g = gazetteer()
        found = g.find(name)
        return bool(found) and name != "中国" and all(g.places[i].level == "country" for i in found)

    def _world_city(self, name: str) -> bool:
        g = gazetteer()
        found = g.find(name)
        if not found:
            return False
        places = [g.places[i] for i in found]
        return all(p.level == "prefecture" and not p.code for p in places)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        if not (SPORTS.search(text) or len(set(WEAK_SPORTS.findall(text))) >= 2):
            return doc
        seen: dict[int, bool] = {}

        def sporty(i: int) -> bool:  # the paragraph holding offset i is a sports report
            a = text.rfind("\n", 0, i) + 1
            if a not in seen:
                b = text.find("\n", i)
                b = b if b >= 0 else len(text)
                seen[a] = bool(SPORTS.search(text, a, b)) or len({m.group() for m in WEAK_SPORTS.finditer(text, a, b)}) >= 2
            return seen[a]

        out = cands(doc)
        out[:] = [c for c in out if not (c.type == "Place" and _LINE.match(text, c.end) and sporty(c.start))]
        for c in out:
            if c.type != "Place" or not sporty(c.start):
                continue
            name = c.name or text[c.start : c.end]
            if not (self._world_city(name) or self.countries and self._foreign_country(name)):
                continue
            if _WHERE_BEFORE.search(text, max(0, c.start - self.window), c.start) or _WHERE_AFTER.match(text, c.end):
                continue
            if _NATIONALITY.match(text, c.end) and self._foreign_country(name):
                continue
            c.type, c.name = "Organization", text[c.start : c.end]
            c.attrs = {"kind": "other", "team": True}
        teams = {(c.start, c.end) for c in out if c.attrs.get("team")}
        for c in out:  # 对中国、丹麦、韩国等强队: China among the teams of a list is its team too
            if c.type == "Place" and text[c.start : c.end] == "中国" and any(
                    text[b:c.start] in _LIST_SEP or text[c.end : a] in _LIST_SEP for a, b in teams):
                c.type, c.name = "Organization", "中国"
                c.attrs = {"kind": "other", "team": True}
        return doc


@Language.factory("kg_teams", default_config={"window": 4, "countries": True})
def make_teams(nlp: Language, name: str, window: int, countries: bool) -> TeamFinder:
    return TeamFinder(window, countries)
