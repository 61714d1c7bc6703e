"""kg_programs, kg_projects, kg_events and the date/money helpers, on small invented texts."""

import re

import pytest
import spacy
from spacy.language import Language

import extract.components.events  # noqa: F401 - registers kg_events
import extract.components.programs  # noqa: F401 - registers kg_programs
import extract.components.projects  # noqa: F401 - registers kg_projects
from extract.components.base import Candidate, cands
from extract.components.dates import normalize_date
from extract.components.money import parse_money, parse_quantity
from extract.model import Article
from extract.offsets import OffsetText

# a stand-in for kg_places / kg_persons / kg_enterprises: literal names, for these texts only
_NAMES = {
    "青石市": ("Place", "青石市", {"level": "prefecture"}),
    "青石": ("Place", "青石市", {"level": "prefecture"}),
    "白河县": ("Place", "白河县", {"level": "county"}),
    "白河": ("Place", "白河县", {"level": "county"}),
    "东江": ("Place", "东江县", {"level": "county"}),
    "王立新": ("Person", "王立新", {}),
    "赵一鸣": ("Person", "赵一鸣", {}),
    "孙海": ("Person", "孙海", {}),
    "星河能源集团": ("Enterprise", "星河能源集团", {}),
}
_NAMES_RE = re.compile("|".join(sorted(map(re.escape, _NAMES), key=len, reverse=True)))


@Language.component("test_ppe_names")
def _names(doc):
    for m in _NAMES_RE.finditer(doc.text):
        t, n, a = _NAMES[m.group()]
        cands(doc).append(Candidate(m.start(), m.end(), t, n, dict(a), source="test"))
    return doc


def _nlp():
    nlp = spacy.blank("zh")
    for name in ("test_ppe_names", "kg_programs", "kg_projects", "kg_events"):
        nlp.add_pipe(name)
    return nlp


def _run(text, date="2023-12-28"):
    nlp = _nlp()
    doc = nlp.make_doc(text)
    doc._.article = Article("t", 0, OffsetText.identity(text), text, date=date)
    return nlp(doc)


def _of(doc, typ):
    return [c for c in doc._.kg_cands if c.type == typ]


def test_quoted_programs_and_speech():
    doc = _run("青石市在全市范围组织开展“百名干部进万家”活动。他说:“我们一定要把工作做好。”"
               "各地践行“三访三解”,推行“马上就办工作法”。留下了“一棵老樟树”的故事。")
    names = {c.name for c in _of(doc, "Program")}
    assert {"百名干部进万家", "三访三解", "马上就办工作法"} <= names
    assert not any("我们" in n for n in names)  # quoted speech
    assert "一棵老樟树" not in names  # a quoted phrase without program context
    full = next(c for c in _of(doc, "Program") if c.name == "百名干部进万家")
    assert doc.text[full.start : full.end] == "“百名干部进万家”活动"


def test_unquoted_general_programs():
    doc = _run("全县深入推进乡村振兴,巩固脱贫攻坚成果,深入实施全民节水三年行动计划。")
    names = {c.name for c in _of(doc, "Program")}
    assert {"乡村振兴", "脱贫攻坚", "全民节水三年行动计划"} <= names


def test_projects_with_investment_and_place():
    doc = _run("今年以来,总投资120亿元的星河能源集团储能电池、总投资8亿元的白河抽水蓄能等项目成功签约。"
               "青白高铁青石至白河段将于年内通车,东江新机场建设项目通过评审。全市13个重点项目集中开工。")
    projects = {c.name: c for c in _of(doc, "Project")}
    assert "星河能源集团储能电池" in projects
    assert projects["星河能源集团储能电池"].attrs["investment"] == 12000000000
    assert projects["白河抽水蓄能"].attrs["place"] == "白河县"
    assert "青白高铁青石至白河段" in projects
    assert projects["东江新机场建设项目"].attrs["place"] == "东江县"
    assert not any("重点项目" in n for n in projects)


def test_events_date_place_and_joined_names():
    doc = _run("12月6日,市委常委会(扩大)会议暨全市“三访三解”活动交流会和整改工作推进会召开。"
               "9月11日,召开青石市委六届六次全会。会议指出,要抓落实。")
    events = _of(doc, "Event")
    names = {c.name for c in events}
    joined = "市委常委会(扩大)会议暨全市“三访三解”活动交流会和整改工作推进会"
    assert joined in names
    assert "会议" not in names
    plenum = next(c for c in events if c.name == "青石市委六届六次全会")
    assert plenum.attrs["date"] == "2023-09-11"
    assert plenum.attrs["place"] == "青石市"
    assert next(c for c in events if c.name == joined).attrs["date"] == "2023-12-06"


def test_openings_and_visits():
    doc = _run("12月26日,青白高铁青石至白河段正式开通运营。今年6月15日,王立新带领相关部门负责人到白河县调研。")
    names = {c.name: c for c in _of(doc, "Event")}
    assert names["青白高铁青石至白河段开通运营"].attrs["date"] == "2023-12-26"
    visit = next(c for n, c in names.items() if n.startswith("王立新"))
    assert visit.attrs["date"] == "2023-06-15"
    assert visit.attrs["place"] == "白河县"
    assert visit.attrs["_participants"] == [("王立新", "调研")]


@pytest.mark.parametrize(
    "expr,base,want",
    [
        ("12月6日", "2023-12-28", "2023-12-06"),
        ("今年6月15日", "2023-12-28", "2023-06-15"),
        ("去年8月", "2023-12-28", "2022-08"),
        ("今年以来", "2023-10-20", "2023-01/2023-10"),
        ("1—10月", "2023-11-20", "2023-01/2023-10"),
        ("12月28日", "2024-01-05", "2023-12-28"),
        ("二〇二一年七月一日", None, "2021-07-01"),
        ("2021-7-2", None, "2021-07-02"),
        ("12月6日", None, None),
    ],
)
def test_normalize_date(expr, base, want):
    assert normalize_date(expr, base) == want


def test_money_and_quantity():
    assert parse_money("120亿元") == {"value": 12000000000, "currency": "CNY"}
    assert parse_money("1.3亿元")["value"] == pytest.approx(130000000)
    assert parse_money("一百二十亿元")["value"] == pytest.approx(12000000000)
    assert parse_money("很多钱") is None
    assert parse_quantity("1015名干部") == (1015, "名")
    assert parse_quantity("1500家重点企业") == (1500, "家")


def _run_undated(text, original):
    """An article without its own date, on a page (`original`) that states the year."""
    nlp = _nlp()
    doc = nlp.make_doc(text)
    doc._.article = Article("t", 1, OffsetText.identity(text), original, date=None)
    return nlp(doc)


def test_dateline_day_dates_a_meeting_report():
    text = ("青石日报讯(记者/某某) 3月9日,白河县委常委会会议召开。会上进行了《安全生产法》专题讲座。"
            "会议强调,要深入学习贯彻省委十一届三次全会精神。")
    doc = _run_undated(text, "2022年青石日报第3版\n" + text)
    events = {c.name: c.attrs["date"] for c in _of(doc, "Event")}
    assert events["白河县委常委会会议"] == "2022-03-09"
    assert events["《安全生产法》专题讲座"] == "2022-03-09"  # no own date: the dateline's day
    assert events["省委十一届三次全会"] is None  # only referred back to (学习贯彻…精神)


def test_dateline_day_only_for_reports():
    doc = _run("王立新在白河县调研时说,去年的青石论坛很成功。", date="2023-05-02")
    assert all(c.attrs["date"] != "2023-05-02" for c in _of(doc, "Event"))


def test_lead_day_and_article_base():
    from extract.components.dates import article_base, lead_day

    assert lead_day("新华社青石5月3日电 近日,……", "2021-12-31") == "2021-05-03"
    assert lead_day("青石网6月2日报道(记者 某某) 5月30日,青石论坛开幕。", "2021-08-01") == "2021-05-30"
    assert lead_day("5月30日,青石论坛开幕。", "2021-08-01") is None  # no dateline
    text = "青石日报讯(记者/某某) 9月15日,会议召开。"
    art = Article("t", 2, OffsetText.identity(text), "2020年第一版。" + text, date=None)
    assert article_base(art) == "2020-09-15"
    art.date = "2021-01-02"
    assert article_base(art) == "2021-01-02"


def test_opening_event_leaves_the_project_its_name():
    doc = _run("12月26日,青白高铁青石至白河段正式开通运营。")
    ev = next(c for c in _of(doc, "Event") if c.name.endswith("开通运营"))
    proj = next(c for c in _of(doc, "Project") if c.name == "青白高铁青石至白河段")
    assert ev.start >= proj.end  # no overlap: both survive resolution


def test_quoted_activities_tours_and_named_speeches():
    doc = _run("今年3月,白河县举办“红色故事进万家暨志愿服务月”活动。举行“海外学子青石行”活动。"
               "王立新发表“七一”重要讲话后,全市掀起学习热潮。把“学党史、悟思想”目标贯穿始终,坚持“知行合一、笃定力行”。",
               date="2021-08-17")
    ev = {c.name: c for c in _of(doc, "Event")}
    assert ev["红色故事进万家暨志愿服务月"].attrs["date"] == "2021-03"
    assert "海外学子青石行" in ev  # a tour to a named place
    assert not any("力行" in n for n in ev)  # …力行 is no tour
    speech = ev["“七一”重要讲话"]
    assert speech.attrs["date"] == "2021-07-01"
    assert speech.attrs["_participants"] == [("王立新", "讲话")]


def test_project_place_ignores_far_away_districts():
    from extract.components.gazetteer import gazetteer

    g = gazetteer()
    far = next(i for i in g.find("路北区") if g.places[i].level == "county")
    city = next(i for i in g.find("运城市") if g.places[i].level == "prefecture")
    prov = next(a for a in g.ancestors(city) if g.places[a].level == "province")
    text = "运城市今年将推进学苑路北延等道路建设。"

    @Language.component("test_far_places")
    def _far(doc):
        cs = cands(doc)
        cs.append(Candidate(0, 3, "Place", "运城市", {"level": "prefecture", "_idx": city}, source="test"))
        i = text.index("路北")
        cs.append(Candidate(i, i + 2, "Place", "路北区", {"level": "county", "_idx": far}, source="test"))
        doc.user_data["kg_context_idx"] = {"province": prov}
        return doc

    nlp = spacy.blank("zh")
    nlp.add_pipe("test_far_places")
    nlp.add_pipe("kg_projects")
    doc = nlp.make_doc(text)
    doc._.article = Article("t", 0, OffsetText.identity(text), text, date="2021-08-17")
    doc = nlp(doc)
    proj = next(c for c in _of(doc, "Project") if c.name == "学苑路北延")
    assert proj.attrs["place"] == "运城市"


def test_every_quote_of_an_accepted_program_is_a_mention():
    doc = _run("——解读“三访三解”\n青石市深入开展“三访三解”活动。")
    spans = [(c.start, c.end) for c in _of(doc, "Program") if c.name == "三访三解"]
    assert len(spans) == 2


def test_a_quoted_place_before_a_where_word_is_no_program():
    from extract.components.programs import find_programs

    names = {c.name for c in find_programs("坦克在维和人员所在的“蓝线”附近活动。全市开展“四下基层”主题活动。")}
    assert names == {"四下基层"}


def test_a_project_database_and_a_first_of_its_kind_are_no_project_names():
    from extract.nlp import extract_text

    x = extract_text("江苏建立省级民间投资重点产业项目库，200个入库项目享受支持。这几天，拉萨南北山绿化工程正在推进。"
                     "这个绿化工程是西藏首个规模化山体生态修复工程，计划用十年时间完成。", )
    projects = {e.name for e in x.entities if e.type == "Project"}
    assert projects == {"拉萨南北山绿化工程"}, projects


def test_no_event_from_a_hall_or_a_cut_bracket():
    from extract.nlp import extract_text

    x = extract_text("习近平在人民大会堂亲切会见代表。2025国际青春诗会（中国—拉美国家专场）座谈会在京举行。")
    assert not any(e.type == "Event" and ("人民大会" == e.name or "）" in e.name and "（" not in e.name)
                   for e in x.entities)
