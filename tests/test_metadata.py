"""Article metadata from what real files carry, and page chrome that never yields entities.

Every example here is made up for the test (invented headlines, names and paths on the real
hosts of the outlets); the last tests score the shared dev and seed articles with the real scorer.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import need_shared

from extract import extract_document
from extract.model import Document
from extract.reading import split_document
from extract.reading.fields import column_tag, header_groups, headline_parts, label_of
from extract.reading.metadata import clean_source
from extract.reading.noise import chrome_lines
from extract.reading.outlets import date_of_url, find_url, outlet_of_url


def _arts(text: str, name: str = "x.txt"):
    return split_document(Document(doc=name, original=text))


def _one(text: str):
    arts = _arts(text)
    assert len(arts) == 1, [a.title for a in arts]
    return arts[0]


# -- the crawler's layout: 连接 / 标题 (kicker, headline, subtitle) / 内容 ----------------------------

CRAWLED = (
    "连接：http://paper.people.com.cn/rmrb/html/2021-03/05/nw.D110000renmrb_20210305_2-07.htm\n"
    "标题：婺源县扎实推进产业升级带动群众增收——\n"
    "果园变成聚宝盆（乡村振兴在路上·产业篇）\n"
    "\n"
    "内容：\n"
    "　　核心阅读\n"
    "　　近年来，婺源县立足山区资源，发展特色水果产业，带动全县农民增收。\n"
    "　　\n"
    "　　走进婺源县白石镇东岭村，漫山果树郁郁葱葱。村党支部书记李大海介绍，全村已种植果树3000亩。\n"
    "　　（本报记者 王晓明 陈立）\n"
)


def test_crawled_record_gives_title_date_source_url():
    a = _one(CRAWLED)
    assert a.title == "果园变成聚宝盆"
    assert a.date == "2021-03-05"
    assert a.source == "人民日报"
    assert a.url and a.url.startswith("http://paper.people.com.cn/rmrb/")
    assert a.reporters == ["王晓明", "陈立"]


def test_crawled_record_text_has_no_labels_url_rubric_or_column_tag():
    a = _one(CRAWLED)
    for chrome in ("连接", "http", "标题：", "内容：", "核心阅读", "乡村振兴在路上", "产业篇"):
        assert chrome not in a.text, chrome
    # the headline block stays in the text (its places and people are the article's), line by line
    assert a.text.startswith("婺源县扎实推进产业升级带动群众增收——\n果园变成聚宝盆\n")
    # and every analysed character still maps into the original
    for k, ch in enumerate(a.text):
        s, e = a.body.to_original(k, k + 1)
        if ch.strip():
            assert a.original[s:e] == ch


def test_title_label_with_its_value_on_the_next_lines_and_a_dash_subtitle():
    text = (
        "链接: http://www.xinhuanet.com/politics/2021-07/09/c_1127600000.htm\n"
        "标题：\n"
        "让山里孩子走出大山（奋斗在一线）\n"
        "——记三位乡村教师的坚守\n"
        "内容：\n"
        "新华社长沙7月8日电（记者张华、刘明）在婺源县的大山深处，三位乡村教师坚守讲台二十年。\n"
    )
    a = _one(text)
    assert a.title == "让山里孩子走出大山"
    assert a.date == "2021-07-09"  # the URL's day, not the dateline's
    assert a.source == "新华社"
    assert {"张华", "刘明"} <= set(a.reporters)
    assert "奋斗在一线" not in a.text and "记三位乡村教师的坚守" in a.text


def test_fields_in_any_order_width_and_spacing_and_an_explicit_source_wins():
    text = (
        "来源 : 江西日报\n"
        "作者：张明远  刘小华\n"
        "发布时间：2021年04月02日 09:30\n"
        "原文链接：https://www.news.cn/local/2021-04/01/c_1127280000.htm\n"
        "标题:东岭村里种茶忙\n"
        "正文：春分过后，婺源县东岭村的茶园里一片繁忙。村民们趁着好天气采摘春茶。\n"
        "茶叶已成为当地群众增收的主要来源。\n"
    )
    a = _one(text)
    assert a.title == "东岭村里种茶忙"
    assert a.source == "江西日报"  # the field, not the URL's outlet
    assert a.date == "2021-04-02"  # the field, not the URL's day
    assert {"张明远", "刘小华"} <= set(a.reporters)
    # the URL and the labels of the headline and the text go; source, author and date lines stay
    assert "东岭村里种茶忙\n春分过后" in a.text
    assert "原文链接" not in a.text and "正文" not in a.text and "标题" not in a.text


def test_several_crawled_records_in_one_file_are_several_articles():
    one = "连接：http://paper.people.com.cn/rmrb/html/2021-05/06/nw.D110000renmrb_20210506_1-04.htm\n标题：{}\n\n内容：\n{}\n"
    text = one.format("婺源县新建十所学校", "今年以来，婺源县新建学校十所，新增学位五千个。") + one.format(
        "白水县修通致富路", "白水县今年修通农村公路三百公里，群众出行更加方便。"
    )
    arts = _arts(text)
    assert [a.title for a in arts] == ["婺源县新建十所学校", "白水县修通致富路"]
    assert all(a.date == "2021-05-06" and a.source == "人民日报" for a in arts)
    assert "白水县" not in arts[0].text


@pytest.mark.parametrize(
    "lines, main, kicker, subtitle",
    [
        # kicker above, closed by a dash
        (["婺源县多措并举推进基层减负——", "会议少了 实事多了（基层治理新观察）"], "会议少了 实事多了", "婺源县多措并举推进基层减负", None),
        # kicker without a dash: the main headline is the short parallel line carrying the column tag
        (["白水县探索村级事务规范化管理", "村里账目清 群众心里明（基层治理新实践）"], "村里账目清 群众心里明", "白水县探索村级事务规范化管理", None),
        # main headline first, a plain subtitle below it
        (["茶园绿了 腰包鼓了", "一个山村的产业振兴调查（乡村观察）"], "茶园绿了 腰包鼓了", None, "一个山村的产业振兴调查"),
        # a long kicker and a short main headline with a comma
        (["婺源县三百余名返乡青年投身乡村建设", "回村，干出一番新天地"], "回村，干出一番新天地", "婺源县三百余名返乡青年投身乡村建设", None),
        # a subtitle opening with a dash
        (["把课上到田间地头", "——记一位农技推广员"], "把课上到田间地头", None, "记一位农技推广员"),
        # one line
        (["婺源县召开全县经济工作会议"], "婺源县召开全县经济工作会议", None, None),
    ],
)
def test_headline_parts(lines, main, kicker, subtitle):
    p = headline_parts(lines)
    assert (p.main, p.kicker, p.subtitle) == (main, kicker, subtitle)


def test_column_tag_is_not_a_byline():
    assert column_tag("果园变成聚宝盆（乡村振兴在路上）") is not None
    assert column_tag("会议召开（记者 王明）") is None
    assert column_tag("（乡村振兴在路上）") is None  # a line that is only brackets is no headline with a tag


@pytest.mark.parametrize(
    "line, field",
    [
        ("标题：某某", "title"),
        ("标题 : 某某", "title"),
        ("  来源：某报", "source"),
        ("【责任编辑】王明", "editor"),
        ("URL: http://example.com/a", "url"),
        ("发稿时间：2021-01-01", "date"),
        ("副标题：某某", "subtitle"),
        ("引题：某某", "kicker"),
        ("正文：", "body"),
        ("标题党泛滥", None),
        ("他说：今天来源不明", None),
    ],
)
def test_label_of(line, field):
    lab = label_of(line)
    assert (lab.field if lab else None) == field


def test_a_notice_with_date_and_place_labels_is_no_header():
    lines = ["会议安排如下。", "时间：2021年3月5日上午9时", "地点：县政府三楼会议室", "请各单位准时参加。"]
    assert header_groups(lines) == []


def test_an_interview_label_is_no_header():
    text = "访婺源县委书记王建国：扎根基层办实事\n2021-06-01 10:00 来源：青山日报\n记者：请问婺源县如何推进乡村振兴？\n王建国：我们始终把群众放在心上。\n"
    a = _one(text)
    assert a.title == "访婺源县委书记王建国：扎根基层办实事"
    assert a.source == "青山日报" and a.date == "2021-06-01"
    assert "请问婺源县如何推进乡村振兴" in a.text


# -- the URL: outlet and date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("http://paper.people.com.cn/rmrb/html/2021-01-02/nw.D110000renmrb_20210102_1-01.htm", "人民日报"),
        ("http://paper.people.com.cn/rmrbhwb/html/2021-01/02/content_1.htm", "人民日报海外版"),
        ("http://jx.people.com.cn/n2/2021/0102/c190260-34500000.html", "人民网"),
        ("http://www.people.com.cn/n1/2021/0102/c1001-31900000.html", "人民网"),
        ("http://www.xinhuanet.com/politics/2021-01/02/c_1126900000.htm", "新华社"),
        ("https://www.news.cn/local/2021-01/02/c_1126900001.htm", "新华社"),
        ("https://news.cctv.com/2021/01/02/ARTIabcdef.shtml", "央视网"),
        ("https://www.chinanews.com/gn/2021/01-02/9376000.shtml", "中国新闻网"),
        ("https://epaper.gmw.cn/gmrb/html/2021-01/02/nw.D110000gmrb_20210102_1-01.htm", "光明日报"),
        ("https://news.gmw.cn/2021-01/02/content_34500000.htm", "光明网"),
        ("http://paper.ce.cn/jjrb/html/2021-01/02/content_435000.htm", "经济日报"),
        ("http://zqb.cyol.com/html/2021-01/02/nw.D110000zgqnb_20210102_1-01.htm", "中国青年报"),
        ("http://www.qstheory.cn/dukan/qs/2021-01/01/c_1126900000.htm", "求是网"),
        ("http://www.gov.cn/xinwen/2021-01/02/content_5576000.htm", "中国政府网"),
        ("http://www.jiangxi.gov.cn/art/2021/1/2/art_393_3000000.html", None),
        ("http://www.fjsen.com/r/2021-01/02/content_30500000.htm", "东南网"),
        ("https://epaper.jxxw.com.cn/html/2021-01/02/content_1.htm", "江西日报"),
        ("https://example.org/2021/01/02/a.html", None),
        ("", None),
    ],
)
def test_outlet_of_url(url, outlet):
    assert outlet_of_url(url) == outlet


@pytest.mark.parametrize(
    "url, date",
    [
        ("http://paper.people.com.cn/rmrb/html/2021-03/05/nw.D110000renmrb_20210305_2-07.htm", "2021-03-05"),
        ("http://example.com/a/20210305/b.html", "2021-03-05"),
        ("http://example.com/art/t20210305_123456.html", "2021-03-05"),
        ("http://jx.people.com.cn/n2/2021/0305/c1-2.html", "2021-03-05"),
        ("http://example.com/2021/03/05/x.html", "2021-03-05"),
        ("http://example.com/art/2021/3/5/art_1.html", "2021-03-05"),
        ("http://example.com/news/2021-03-05/x.html", "2021-03-05"),
        ("http://example.com/c_1127280000.htm", None),
        ("http://example.com/2021/13/45/x.html", None),
    ],
)
def test_date_of_url(url, date):
    assert date_of_url(url) == date


def test_find_url():
    assert find_url("连接：http://example.com/a/b.htm。") == "http://example.com/a/b.htm"
    assert find_url("没有网址") is None


@pytest.mark.parametrize(
    "value, outlet",
    [
        ("人民网-江西频道", "人民网"),
        ("人民网－人民日报", "人民日报"),
        ("新华网 - 新华社", "新华社"),
        ("中国江西网-江西日报", "江西日报"),
        ("青山日报", "青山日报"),
        ("本网", None),
    ],
)
def test_clean_source(value, outlet):
    assert clean_source(value) == outlet


def test_bare_url_line_and_html_canonical_link():
    a = _one("http://www.xinhuanet.com/local/2021-08/09/c_1127700000.htm\n婺源县召开全县经济工作会议\n8日，婺源县召开全县经济工作会议，部署下半年工作。\n")
    assert (a.date, a.source, a.title) == ("2021-08-09", "新华社", "婺源县召开全县经济工作会议")
    assert "xinhuanet" not in a.text
    html = (
        '<html><head><link rel="canonical" href="https://www.chinanews.com/gn/2021/08-09/9540000.shtml">'
        "<title>婺源县召开全县经济工作会议-中新网</title></head><body><h1>婺源县召开全县经济工作会议</h1>"
        "<p>8日，婺源县召开全县经济工作会议，部署下半年工作。</p></body></html>"
    )
    a = split_document(Document(doc="a.html", original=html))[0]
    assert a.source == "中国新闻网" and a.url.startswith("https://www.chinanews.com/")


def test_jsonl_url_gives_date_and_source_when_the_fields_do_not():
    doc = Document(
        doc="a.jsonl:1",
        original="婺源县新建十所学校\n\n今年以来，婺源县新建学校十所。",
        fields={"title": "婺源县新建十所学校", "url": "http://paper.people.com.cn/rmrb/html/2021-05-06/nw.D110000renmrb_20210506_1-04.htm"},
    )
    a = split_document(doc)[0]
    assert (a.date, a.source) == ("2021-05-06", "人民日报")


# -- page chrome ----------------------------------------------------------------------------------


def test_chrome_lines_in_context():
    lines = [
        "首页 时政 社会 财经 图片 视频",  # 0 menu
        "江西频道 | 要闻 | 地方",  # 1 menu
        "【编者按】",  # 2 rubric
        "今年以来，婺源县坚持把发展产业作为重中之重，推动特色产业不断壮大。",  # 3 prose
        "相关新闻",  # 4 list heading
        "白水县召开全县干部大会",  # 5
        "",
        "红石镇启动新一轮村庄整治",  # 7
        "东岭村全面推进乡村振兴，成效明显。",  # 8 prose ends the list
        "婺源县举办农民丰收节 2021-09-23",  # 9 dated items
        "白水县开展防汛演练 (09-22)",  # 10
        "记者 王明",  # 11
        "东岭网首页 | 手机东岭网 | 东岭日报 | 订阅 | 社区",  # 12 a bar menu
        "第03版：要闻",  # 13 a newspaper's page label
        "上一篇：白水县召开全县干部大会",  # 14 a pointer to another article
        "会议指出，要抓好三件事：产业、就业、教育。",  # 15 prose
        "东岭频道",  # 16 a channel's name alone
        "时政",  # 17
        "婺源县",  # 18 a place alone is no channel
    ]
    assert chrome_lines(lines) == {0, 1, 2, 4, 5, 7, 9, 10, 12, 13, 14, 16, 17}


PORTAL = (
    "人民网\n"
    "人民网>>江西频道>>地方\n"
    "首页 时政 社会 财经 图片 视频 专题\n"
    "\n"
    "婺源县召开乡村振兴推进会\n"
    "2021年09月23日08:15 | 来源：人民网－江西频道\n"
    "\n"
    "人民网南昌9月23日电 9月22日，婺源县召开乡村振兴推进会，县委书记王建国出席会议并讲话。\n"
    "会议要求，全县上下要抓好产业发展，确保群众持续增收。\n"
    "(责编：李芳、赵强)\n"
    "\n"
    "热点推荐\n"
    "白水县县长刘志强调研红石镇\n"
    "东岭村开展环境整治\n"
    "关于人民网 | 报社介绍 | 诚聘英才 | 广告服务 | 网站声明 | 联系我们\n"
    "人民网版权所有，未经书面授权禁止使用\n"
)


def test_portal_page_metadata():
    a = _one(PORTAL)
    assert a.title == "婺源县召开乡村振兴推进会"
    assert a.date == "2021-09-23"
    assert a.source == "人民网"
    assert {"李芳", "赵强"} <= set(a.reporters)


def test_portal_chrome_never_yields_entities():
    recs = extract_document(Document(doc="portal.txt", original=PORTAL))
    assert len(recs) == 1
    names = {e["name"] for e in recs[0]["entities"]}
    # the article's own people and places are found ...
    assert "王建国" in names and "婺源县" in names
    # ... and nothing of the sidebar's headlines, the menu or the footer
    for n in names:
        for chrome in ("白水", "刘志强", "红石", "东岭", "江西频道", "诚聘英才", "时政"):
            assert chrome not in n, (n, chrome)


# -- the shared articles, scored by the real scorer ----------------------------------------------


def _score(corpus: str, gold: str, tmp_path) -> dict:
    src = need_shared("corpus", corpus)
    gold_dir = need_shared("gold", gold)
    scorer = need_shared("eval", "score_seeds.py")
    pred = tmp_path / f"{corpus}.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for p in sorted(src.glob("*.txt")):
            doc = Document(doc=str(p), original=p.read_text(encoding="utf-8"))
            for rec in extract_document(doc):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out = tmp_path / f"{corpus}.json"
    cp = subprocess.run(
        [sys.executable, str(scorer), str(pred), "--gold", str(gold_dir), "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert cp.returncode == 0, cp.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_dev_articles_metadata_with_the_real_scorer(tmp_path):
    """The 16 dev articles (crawled 人民日报 records): measured 16/16 title, date and source."""
    r = _score("dev", "dev", tmp_path)
    assert r["meta_title"] >= 15 / 16, r["meta_title"]
    assert r["meta_date"] >= 15 / 16, r["meta_date"]
    assert r["meta_source"] >= 15 / 16, r["meta_source"]
    assert r["spam"] == 0
    assert r["split_ok"] == r["split_total"]


def test_seed_articles_metadata_with_the_real_scorer(tmp_path):
    """The seeds: measured title 10/10, date 5/5, source 10/11 (one source is a spam-tampered name)."""
    r = _score("seeds", "seeds", tmp_path)
    assert r["meta_title"] == 1.0 and r["meta_date"] == 1.0
    assert r["meta_source"] >= 10 / 11
    assert r["spam"] == 0


def test_html_elements_named_as_chrome_are_dropped():
    html = (
        '<html><head><script>var s = "<div class=nav>";</script></head><body>'
        '<div id="topnav"><ul><li>首页</li><li>时政</li><li>白水新闻</li></ul></div>'
        '<div class="position">当前位置：首页 &gt; 红石要闻</div>'
        '<div class="main left-side"><h1>婺源县召开乡村振兴推进会</h1>'
        "<p>9月22日，婺源县召开乡村振兴推进会，县委书记王建国出席会议并讲话。</p>"
        '<div class="related_news"><h3>相关新闻</h3><ul><li><a href="/a">白水县县长刘志强调研红石镇</a></li></ul></div>'
        '<div class="share-bar">分享到 微信 微博</div></div>'
        '<div class="footer"><p>东岭网 版权所有</p></div></body></html>'
    )
    (a,) = split_document(Document(doc="p.html", original=html))
    assert a.title == "婺源县召开乡村振兴推进会"
    assert "王建国出席会议" in a.text
    for chrome in ("白水", "红石", "刘志强", "东岭", "分享", "时政"):
        assert chrome not in a.text, chrome
    # a container whose class looks like chrome but holds the headline stays
    assert "县委书记王建国" in a.text


def test_association_page_names_its_site_as_source():
    text = (
        "江西省青年创业促进会\n"
        "首页 | 协会概况 | 协会动态 | 政策法规 | 联系我们\n"
        "婺源县举办青年创业培训班\n"
        "发布时间：2021-06-01  浏览次数：235\n"
        "6月1日，婺源县青年创业培训班开班，来自全县各乡镇的60余名青年参加培训。\n"
    )
    a = _one(text)
    assert (a.title, a.date, a.source) == ("婺源县举办青年创业培训班", "2021-06-01", "江西省青年创业促进会")
    html = (
        "<html><head><title>婺源县举办青年创业培训班_江西省青年创业促进会</title></head><body>"
        "<p>6月1日，婺源县青年创业培训班开班，来自全县各乡镇的60余名青年参加培训。</p></body></html>"
    )
    a = split_document(Document(doc="a.html", original=html))[0]
    assert (a.title, a.source) == ("婺源县举办青年创业培训班", "江西省青年创业促进会")


def test_labelled_kicker_and_subtitle():
    text = (
        "引题：婺源县推进茶产业提质增效\n"
        "标题：一片茶叶富了一方百姓\n"
        "副标题：记东岭村的茶园之变\n"
        "来源：江西日报\n"
        "正文：\n"
        "春分过后，婺源县东岭村的茶园里一片繁忙。\n"
    )
    a = _one(text)
    assert a.title == "一片茶叶富了一方百姓"
    assert a.extra["kicker"] == "婺源县推进茶产业提质增效" and a.extra["subtitle"] == "记东岭村的茶园之变"
    assert a.source == "江西日报"


def test_padded_and_full_width_labels():
    text = (
        "ＵＲＬ：http://www.xinhuanet.com/local/2021-10/11/c_1127900000.htm\n"
        "标　题：婺源县秋收进度过半\n"
        "来  源：新华网\n"
        "作  者：张明远\n"
        "正　文：\n"
        "眼下，婺源县各地抢抓晴好天气收割晚稻，秋收进度已过半。\n"
    )
    a = _one(text)
    assert (a.title, a.date, a.source) == ("婺源县秋收进度过半", "2021-10-11", "新华网")
    assert "张明远" in a.reporters
    assert "ＵＲＬ" not in a.text and "标　题" not in a.text


def test_print_citation_of_a_repost_gives_date_and_paper():
    text = (
        "婺源县秋收进度过半\n"
        "\n"
        "眼下，婺源县各地抢抓晴好天气收割晚稻，秋收进度已过半。\n"
        "《 东岭日报 》（ 2021年10月12日 第 07 版）\n"
    )
    a = _one(text)
    assert (a.date, a.source) == ("2021-10-12", "东岭日报")


@pytest.mark.parametrize(
    "line, reporters, editors",
    [
        ("本报记者 王晓明 陈立、赵东", ["王晓明", "陈立", "赵东"], []),
        ("新华社记者 张华 刘明", ["张华", "刘明"], []),
        ("（记者 王明 通讯员 李华）", ["王明", "李华"], []),
        ("（本报记者王晓明、陈 立）", ["王晓明", "陈立"], []),
        ("（王晓明参与采写）", ["王晓明"], []),
        ("作者：张明远", ["张明远"], []),
        ("作  者：张明远  责任编辑：刘华", ["张明远"], ["刘华"]),
        ("（责编：李芳、赵强）", [], ["李芳", "赵强"]),
        ("记者走进婺源县东岭村", [], []),
        ("他告诉记者，村里变化很大", [], []),
    ],
)
def test_bylines(line, reporters, editors):
    from extract.reading.metadata import bylines

    assert bylines(line) == (reporters, editors)


def test_subtitle_set_off_by_a_blank_line_stays_in_the_headline_block():
    text = (
        "连接：http://paper.people.com.cn/rmrb/html/2021-06-07/nw.D110000renmrb_20210607_5-04.htm\n"
        "标题：把课上到田间地头\n"
        "\n"
        "——记婺源县一位农技推广员\n"
        "内容：\n"
        "清晨六点，农技推广员王建华已经来到东岭村的稻田边。\n"
    )
    a = _one(text)
    assert a.title == "把课上到田间地头" and a.extra["subtitle"] == "记婺源县一位农技推广员"
    assert "内容" not in a.text and a.text.endswith("稻田边。")


def test_portal_headline_with_a_dash_subtitle_above_the_meta_line():
    text = (
        "东岭网 > 新闻中心 > 要闻\n"
        "\n"
        "把课上到田间地头\n"
        "\n"
        "——记婺源县一位农技推广员\n"
        "\n"
        "2021-06-07 09:30 来源：东岭日报\n"
        "\n"
        "清晨六点，农技推广员王建华已经来到东岭村的稻田边。\n"
    )
    a = _one(text)
    assert a.title == "把课上到田间地头 ——记婺源县一位农技推广员"
    assert (a.date, a.source) == ("2021-06-07", "东岭日报")


def test_meta_line_between_bars_is_no_menu():
    text = (
        "婺源县秋收进度过半\n"
        "2021-10-11 09:30 | 来源：东岭日报 | 作者：张明远 | 编辑：刘华\n"
        "眼下，婺源县各地抢抓晴好天气收割晚稻，秋收进度已过半。\n"
    )
    a = _one(text)
    assert (a.title, a.date, a.source) == ("婺源县秋收进度过半", "2021-10-11", "东岭日报")
    assert "张明远" in a.reporters and "刘华" in a.editors
