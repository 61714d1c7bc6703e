"""kg_relations on small invented texts, with a stand-in name finder and resolver."""

import re

import spacy
from spacy.language import Language

import extract.components.events  # noqa: F401 - registers kg_events
import extract.components.programs  # noqa: F401 - registers kg_programs
import extract.components.projects  # noqa: F401 - registers kg_projects
import extract.components.relations  # noqa: F401 - registers kg_relations
from extract.components.base import Candidate, cands
from extract.model import Article, Entity, Mention
from extract.offsets import OffsetText

_NAMES = {
    "青石市": ("Place", "青石市", {"level": "prefecture"}),
    "青石": ("Place", "青石市", {"level": "prefecture"}),
    "白河": ("Place", "白河县", {"level": "county"}),
    "王立新": ("Person", "王立新", {}),
    "赵一鸣": ("Person", "赵一鸣", {}),
    "孙海": ("Person", "孙海", {}),
    "钱江": ("Person", "钱江", {}),
    "星河能源集团": ("Enterprise", "星河能源集团", {}),
    "省委": ("Organization", "省委", {}),
}
_NAMES_RE = re.compile("|".join(sorted(map(re.escape, _NAMES), key=len, reverse=True)))


@Language.component("test_rel_names")
def _names(doc):
    for m in _NAMES_RE.finditer(doc.text):
        t, n, a = _NAMES[m.group()]
        cands(doc).append(Candidate(m.start(), m.end(), t, n, dict(a), source="test"))
    return doc


@Language.component("test_rel_resolve")
def _resolve(doc):
    """Same type + name -> one entity (what kg_resolve does, minus its judgement)."""
    ents: dict[tuple[str, str], Entity] = {}
    for c in cands(doc):
        name = c.name or doc.text[c.start : c.end]
        e = ents.setdefault((c.type, name), Entity(c.type, name))
        e.mentions.append(Mention(c.start, c.end))
        for k, v in c.attrs.items():
            if e.attrs.get(k) is None:
                e.attrs[k] = v
    doc._.kg_entities = list(ents.values())
    return doc


def _run(text, date="2023-12-06"):
    nlp = spacy.blank("zh")
    for name in ("test_rel_names", "kg_programs", "kg_projects", "kg_events", "test_rel_resolve", "kg_relations"):
        nlp.add_pipe(name)
    doc = nlp.make_doc(text)
    doc._.article = Article("t", 0, OffsetText.identity(text), text, date=date)
    return nlp(doc)


def _rels(doc, typ):
    return [r for r in doc._.kg_relations if r.type == typ]


def test_participants_roles():
    doc = _run("12月6日,全市整改工作推进会召开。市委书记王立新主持并讲话,市长赵一鸣出席。"
               "市领导孙海、钱江出席会议。会议指出,要学习习近平总书记重要讲话精神。")
    got = {(r.args["person"], r.attrs["role"]) for r in _rels(doc, "participant")}
    assert got == {("王立新", "主持"), ("王立新", "讲话"), ("赵一鸣", "出席"), ("孙海", "出席"), ("钱江", "出席")}
    assert {r.args["event"] for r in _rels(doc, "participant")} == {"全市整改工作推进会"}
    r = _rels(doc, "participant")[0]
    assert r.evidence and "王立新" in doc.text[r.evidence[0] : r.evidence[1]]


def test_visit_participant():
    doc = _run("今年6月15日,王立新带领相关部门负责人到白河调研。")
    rels = _rels(doc, "participant")
    assert [(r.args["person"], r.attrs["role"]) for r in rels] == [("王立新", "调研")]
    assert rels[0].args["event"].startswith("王立新")


def test_project_in_and_involved_in():
    doc = _run("总投资120亿元的星河能源集团储能电池项目成功签约。青白高铁青石至白河段将于年内通车。")
    pin = {(r.args["project"], r.args["place"]) for r in _rels(doc, "project_in")}
    assert ("青白高铁青石至白河段", "青石市") in pin and ("青白高铁青石至白河段", "白河县") in pin
    inv = {(r.args["enterprise"], r.args["project"]) for r in _rels(doc, "involved_in")}
    assert inv == {("星河能源集团", "星河能源集团储能电池项目")}


def test_launched_by():
    doc = _run("青石市在全市范围组织开展“百名干部进万家”活动。白河的“七访七解”受到欢迎。"
               "认真落实省委“学深悟透”行动部署。群众说“好”。")
    got = {(r.args["program"], r.args["by"]) for r in _rels(doc, "launched_by")}
    assert ("百名干部进万家", "青石市") in got
    assert ("七访七解", "白河县") in got
    assert ("学深悟透", "省委") in got
    assert all(p != "好" for p, _ in got)


def test_no_relations_without_entities():
    doc = _run("今天天气很好。")
    assert doc._.kg_relations == []


def test_launched_by_one_launcher_speakers_and_exhortations():
    doc = _run("赵一鸣:我们认真落实,青石持续开展“三访三解”活动。王立新说,“三访三解”成效明显。\n"
               "要深入开展“清风行动”。\n"
               "今年是孙海提出“一线工作法”30周年。")
    got = {(r.args["program"], r.args["by"]) for r in _rels(doc, "launched_by")}
    assert ("三访三解", "青石市") in got  # the clause's subject, not the interview's speaker
    assert not any(p == "三访三解" and b != "青石市" for p, b in got)  # one launcher per program
    assert not any(p == "清风行动" for p, _ in got)  # an exhortation launches nothing
    assert ("一线工作法", "孙海") in got  # 提出: the person who conceived it


def test_launched_by_our_city():
    doc = _run("白河县依托网络推出“一网通办”。今年以来,我市“一网通办”行动不断升级。青石市成效明显。")
    got = {(r.args["program"], r.args["by"]) for r in _rels(doc, "launched_by")}
    assert ("一网通办", "白河县") in got


def test_reporters_are_not_participants():
    text = "青石日报讯(记者/孙海) 12月6日,王立新主持召开青石市专题会议。"
    nlp = spacy.blank("zh")
    for name in ("test_rel_names", "kg_programs", "kg_projects", "kg_events", "test_rel_resolve", "kg_relations"):
        nlp.add_pipe(name)
    doc = nlp.make_doc(text)
    doc._.article = Article("t", 0, OffsetText.identity(text), text, date="2023-12-06", reporters=["孙海"])
    doc = nlp(doc)
    who = {r.args["person"] for r in _rels(doc, "participant")}
    assert who == {"王立新"}


def test_involved_in_not_across_list_items():
    doc = _run("总投资80亿元的白河抽水蓄能、总投资50亿元的星河能源集团储能电池等项目成功签约。")
    inv = {(r.args["enterprise"], r.args["project"]) for r in _rels(doc, "involved_in")}
    assert all(p.startswith("星河能源集团") for _, p in inv), inv


def test_located_in_needs_the_parent_named():
    from extract.nlp import extract_text

    def located(text):
        return {(r.args["child"], r.args["parent"]) for r in extract_text(text).relations if r.type == "located_in"}

    assert ("山西省", "中国") in located("中国各地积极行动,山西省、贵州省代表参加。")
    assert not any(p == "中国" for _, p in located("山西省、贵州省代表参加。"))
    assert located("南平市召开会议。") == set()  # the province is not stated
    assert ("南平市", "福建省") in located("福建省南平市召开会议。")
    assert ("三明市", "福建省") in located("三明市、永安市、尤溪县、将乐县干部参加会议。")  # several places of it


def test_launched_by_the_centre_and_not_by_a_verb_for_something_else():
    doc = _run("中央要求,改革要见实效,开展好“百县千村行”实践活动。青石市建立长效机制,推动“一网通办”落地。")
    got = {(r.args["program"], r.args["by"]) for r in _rels(doc, "launched_by")}
    assert ("百县千村行", "中共中央") in got
    assert not any(p == "一网通办" for p, _ in got)  # 建立 launches the 机制, not “一网通办”


def test_participants_are_the_names_next_to_the_verb_at_the_event_held():
    # a headline: the meeting held, then the speech it studied, then who chaired it
    doc = _run("青石市委理论学习中心组举行第三次集体学习 学习贯彻王立新同志在全省工作推进大会上的重要讲话精神"
               " 赵一鸣主持并讲话\n市领导孙海、 钱江,白河县委书记出席。")
    got = {(r.args["event"], r.args["person"], r.attrs["role"]) for r in _rels(doc, "participant")}
    assert ("第三次集体学习", "赵一鸣", "主持") in got
    assert not any(p == "王立新" for _, p, _ in got), got  # named earlier in the line, not chairing
    assert not any(e == "全省工作推进大会" for e, _, _ in got), got  # only referred back to
    assert {p for _, p, r in got if r == "出席"} == {"孙海", "钱江"}  # a list across a space and a comma
