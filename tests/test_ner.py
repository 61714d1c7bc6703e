"""The entity components, each run alone on sentences written for the test."""

from __future__ import annotations

import pytest

from extract.components.base import Candidate, cands
from extract.components.gazetteer import gazetteer
from extract.components.resolve import function_word_name, select, trim_marks
from extract.model import Article
from extract.nlp import build_pipeline
from extract.nlp import extract_text as _extract_text
from extract.offsets import OffsetText

RULES = {"disable": ["kg_ner_model"]}  # these tests are about the rules; tests/test_ner_model.py has the model


def extract_text(text: str):
    return _extract_text(text, build_pipeline(RULES))



def run(text: str, upto: str, article: Article | None = None):
    """Run the default pipeline up to and including component `upto`; return the Doc."""
    nlp = build_pipeline(RULES)
    doc = nlp.make_doc(text)
    doc._.article = article
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == upto:
            break
    return doc


def found(doc, type_: str) -> set[str]:
    return {c.name or doc.text[c.start : c.end] for c in cands(doc) if c.type == type_}


def test_gazetteer_has_divisions_codes_and_hierarchy():
    g = gazetteer()
    (i,) = [j for j in g.find("武平县") if g.places[j].level == "county"]
    assert g.places[i].code == "350824"
    assert [g.places[a].name for a in g.ancestors(i)][:2] == ["龙岩市", "福建省"]
    assert len(g.find("鼓楼区")) == 4
    assert any(g.places[j].level == "township" for j in g.find("古田镇"))


def test_places_short_forms_context_and_regions():
    doc = run("龙岩市长汀县和武平县加快发展，武平的茶叶销往粤港澳大湾区和长三角。", "kg_places")
    names = found(doc, "Place")
    assert {"龙岩市", "长汀县", "武平县", "粤港澳大湾区", "长三角"} <= names
    short = [c for c in cands(doc) if doc.text[c.start : c.end] == "武平"]
    assert short and short[0].name == "武平县" and short[0].attrs["parent"] == "龙岩市"
    assert doc.user_data["kg_context"]["prefecture"] == "龙岩市"


def test_places_duplicate_county_name_resolved_by_context():
    doc = run("开封市鼓楼区的夜市很热闹。", "kg_places")
    gl = [c for c in cands(doc) if c.name == "鼓楼区"]
    assert gl[0].attrs["parent"] == "开封市"
    doc = run("南京市鼓楼区举办活动。", "kg_places")
    assert [c for c in cands(doc) if c.name == "鼓楼区"][0].attrs["parent"] == "南京市"


def test_places_officialese_abbreviations_only_in_verb_contexts():
    doc = run("龙岩市推进项目建设。客商纷纷来岩投资，闽籍企业家返乡创业。岩石很硬。", "kg_places")
    by_surface = {doc.text[c.start : c.end]: c.name for c in cands(doc) if c.type == "Place"}
    assert by_surface.get("岩") == "龙岩市"
    assert by_surface.get("闽") == "福建省"
    # 岩 in 岩石 is no place
    assert sum(1 for c in cands(doc) if doc.text[c.start : c.end] == "岩") == 1


def test_country_abbreviations_in_pairs_and_with_a_side():
    doc = run("中美两国加强合作。会谈中，俄方表示欢迎，双方就日俄和约交换了意见，公司向中方提供设备。美洲和中西部。", "kg_places")
    by_start = {c.start: c.name for c in cands(doc) if c.type == "Place" and c.end - c.start == 1}
    text = doc.text
    assert by_start[text.index("中美")] == "中国" and by_start[text.index("中美") + 1] == "美国"
    assert by_start[text.index("俄方")] == "俄罗斯"
    assert by_start[text.index("日俄")] == "日本" and by_start[text.index("日俄") + 1] == "俄罗斯"
    assert by_start[text.index("中方")] == "中国"
    assert text.index("美洲") not in by_start and text.index("中西部") not in by_start


def test_a_pair_of_countries_beats_a_region_of_the_same_letters():
    doc = run("李强表示，中欧关系关乎全球稳定，中欧经贸合作前景广阔。", "kg_places")
    one = {(c.start, c.name) for c in cands(doc) if c.type == "Place"}
    i = doc.text.index("中欧")
    assert (i, "中国") in one and (i + 1, "欧洲") in one
    assert not any(c.type == "Place" and c.end - c.start == 2 for c in cands(doc))


def test_foreign_cities_in_sports_reports_are_clubs():
    sport = run("英超第10轮，利物浦主场2比1战胜罗马，下一轮比赛在巴黎举行，北京时间今晚开球，上海球迷到场。", "kg_teams")
    teams = {sport.text[c.start : c.end] for c in cands(sport) if c.type == "Organization" and c.attrs.get("team")}
    assert teams == {"利物浦", "罗马"}
    places = found(sport, "Place")
    assert "巴黎" in places and "上海市" in places  # where it happens; a Chinese city
    assert "北京市" not in places  # 北京时间: a time zone
    travel = run("利物浦是英国的港口城市，罗马是意大利首都。", "kg_teams")
    assert not any(c.type == "Organization" for c in cands(travel))
    assert {"利物浦", "罗马"} <= found(travel, "Place")


def test_common_word_short_forms_need_their_parent():
    doc = run("两国人民爱好和平，东方风来满眼春。", "kg_places")
    assert not found(doc, "Place")


def test_orgs_expand_bare_jurisdiction_from_context():
    art = Article("t", 0, OffsetText.identity(""), "", source="株洲日报")
    doc = run("株洲市召开会议。市委常委会研究工作，市政府、省委和市生态环境局负责同志参加。", "kg_orgs", art)
    orgs = {c.name: c for c in cands(doc) if c.type == "Organization"}
    assert {"株洲市委常委会", "株洲市政府", "湖南省委", "株洲市生态环境局"} <= set(orgs)
    assert orgs["湖南省委"].attrs["kind"] == "party" and orgs["株洲市政府"].attrs["kind"] == "government"


def test_orgs_national_media_and_others():
    doc = run("新华社报道，国家发改委和中共中央宣传部联合发文，北京大学和人民医院专家参加。", "kg_orgs")
    orgs = {c.name: c.attrs["kind"] for c in cands(doc) if c.type == "Organization"}
    assert orgs["新华社"] == "media"
    assert orgs["国家发改委"] == "government"
    assert orgs["中共中央宣传部"] == "party"
    assert orgs.get("北京大学") == "other"


def test_national_short_forms_need_a_word_end_and_more_suffixes():
    doc = run("北大的学生去了北大荒。中国足协和亚足联发表声明，法国国民议会通过法案。", "kg_orgs")
    orgs = {c.name: c.attrs.get("kind") for c in cands(doc) if c.type == "Organization"}
    assert orgs.get("北京大学") == "other" and orgs.get("中国足协") == "other" and orgs.get("亚足联") == "other"
    assert sum(1 for c in cands(doc) if c.name == "北京大学") == 1  # not 北大|荒
    assert any(n.endswith("国民议会") and k == "government" for n, k in orgs.items()), orgs


def test_posts_full_names_and_of():
    art = Article("t", 0, OffsetText.identity(""), "", source="株洲日报")
    doc = run("株洲市召开会议，市委书记主持，芦淞区水利局局长和公司总经理参加。", "kg_posts", art)
    posts = {c.name: c for c in cands(doc) if c.type == "Post"}
    assert "株洲市委书记" in posts
    assert "芦淞区水利局局长" in posts and posts["芦淞区水利局局长"].attrs["of"] == "芦淞区水利局"
    assert "总经理" in posts and posts["总经理"].attrs["category"] == "job"


def test_persons_anchors_enumeration_and_foreign_names():
    doc = run("区委书记黄思远指出，要抓好落实。出席会议的还有区领导吴晓东、郑秀英、何国强。"
              "约翰·史密斯表示支持。龙岩发展很快。", "kg_persons")
    people = found(doc, "Person")
    assert {"黄思远", "吴晓东", "郑秀英", "何国强", "约翰·史密斯"} <= people
    assert "龙岩" not in people


def test_foreign_names_after_a_post_are_taken_whole_and_titles_are_no_names():
    doc = run("联合国秘书长古特雷斯11日发表声明。伊朗外长阿拉格希12日强调立场。"
              "【稳经济 强信心·权威访谈】专题报道。总经理马丽娜说，市长林海主持会议。", "kg_persons")
    people = found(doc, "Person")
    assert {"古特雷斯", "阿拉格希", "马丽娜", "林海"} <= people
    assert not any("信心" in p or "权威" in p for p in people), people
    assert not {"古特雷", "阿拉格", "林海主"} & people


def test_persons_never_overlap_places_or_orgs():
    doc = run("宁德市委和龙岩市政府召开座谈会。", "kg_persons")
    assert not found(doc, "Person")


def test_enterprises_full_short_and_brands():
    doc = run("福建宏远智能装备有限公司投产新线。宏远智能今年产值翻番，与宁德时代签约。", "kg_enterprises")
    ents = [c for c in cands(doc) if c.type == "Enterprise"]
    names = {c.name for c in ents}
    assert "福建宏远智能装备有限公司" in names and "宁德时代" in names
    short = [c for c in ents if doc.text[c.start : c.end] == "宏远智能"]
    assert short and short[0].name == "福建宏远智能装备有限公司"


def test_a_brand_is_no_part_of_a_longer_word():
    doc = run("美国伊利诺伊州发生一起事故。伊利发布年报。", "kg_enterprises")
    brands = [doc.text[c.start : c.end] + str(c.start) for c in cands(doc) if c.type == "Enterprise"]
    assert brands == ["伊利" + str(doc.text.index("伊利发布"))]


def test_resolve_longest_wins_and_merges_mentions():
    cs = [Candidate(0, 3, "Place", "武平县"), Candidate(0, 2, "Person"), Candidate(0, 4, "Organization", "武平县委")]
    assert [c.name for c in select(cs)] == ["武平县委"]
    x = extract_text("武平县发展茶产业。武平茶叶远销各地。")
    place = next(e for e in x.entities if e.name == "武平县")
    assert len(place.mentions) == 2 and place.aliases == ["武平"]


def test_located_in_from_hierarchy():
    x = extract_text("福建省龙岩市武平县的茶园。")
    rel = {(r.args["child"], r.args["parent"]) for r in x.relations if r.type == "located_in"}
    assert ("武平县", "龙岩市") in rel and ("龙岩市", "福建省") in rel


@pytest.mark.parametrize("text", ["", "。。。", "abc 123"])
def test_degenerate_texts(text):
    x = extract_text(text)
    assert x.entities == [] or all(e.name for e in x.entities)


def test_places_street_address_is_one_span_and_wo_guo_is_no_name():
    x = extract_text("他住在北京市海淀区中关村大街27号，我国的首都。")
    places = {(e.name, m.start, m.end) for e in x.entities if e.type == "Place" for m in e.mentions}
    assert ("北京市海淀区中关村大街27号", 3, 17) in places
    assert not any(s == 18 for _n, s, _e in places)  # 我国


def test_places_one_character_countries_in_clear_contexts_only():
    x = extract_text("俄总统访美期间，美方表示欢迎，中方发表声明。美元汇率走高。")
    spans = sorted((m.start, e.name) for e in x.entities if e.type == "Place" for m in e.mentions)
    assert spans == [(0, "俄罗斯"), (4, "美国"), (8, "美国"), (15, "中国")]


def test_persons_after_role_nouns_not_inside_words():
    x = extract_text("他和夫人张洁清一起出席，同学习近平的讲话无关，村民向他致意。")
    names = {e.name for e in x.entities if e.type == "Person"}
    assert "张洁清" in names
    assert not names & {"习近", "向他"}


def test_resolve_trims_unpaired_brackets_and_wrapping_pairs():
    text = "她读《江城晚报》》和『星火』队的消息"
    assert trim_marks(text, 2, 8) == (3, 7)  # 《江城晚报》 -> 江城晚报
    assert trim_marks(text, 3, 8) == (3, 7)  # 江城晚报》 -> 江城晚报
    assert trim_marks(text, 10, 15) == (10, 15)  # 『星火』队 keeps its pair
    cs = [Candidate(3, 8, "Organization", None)]
    doc = run(text, "kg_orgs")
    doc._.kg_cands = cs
    doc = dict(build_pipeline(RULES).pipeline)["kg_resolve"](doc)
    assert [(m.start, m.end) for e in doc._.kg_entities for m in e.mentions] == [(3, 7)]


def test_places_natural_geography_and_former_states():
    x = extract_text("考察队从青藏高原出发，沿雅鲁藏布江而下；他年轻时在苏联留学。")
    places = {e.name: e.attrs.get("level") for e in x.entities if e.type == "Place"}
    assert places.get("青藏高原") == "region" and places.get("雅鲁藏布江") == "region"
    assert "苏联" in places


def test_places_region_name_without_trailing_diqu():
    x = extract_text("寒潮影响华北地区，西南地区有雨。")
    spans = sorted((m.start, m.end, e.name) for e in x.entities if e.type == "Place" for m in e.mentions)
    assert spans == [(4, 6, "华北"), (9, 11, "西南")]


def test_periodical_titles_hold_no_places_and_are_outlets():
    from extract.components.periodicals import PeriodicalFinder

    text = "据《伦敦晚报》报道，《江城日报》记者在伦敦采访。"
    doc = run(text, "kg_persons")
    doc._.kg_cands.append(Candidate(11, 15, "Place", None, {}, "test", 0.5))  # 江城日报 taken for a place
    doc = PeriodicalFinder()(doc)
    spans = {(doc.text[c.start : c.end], c.type) for c in cands(doc) if c.type in ("Place", "Organization")}
    assert ("伦敦", "Place") in spans and ("江城日报", "Organization") in spans
    assert not any(c.start == 2 and c.type == "Place" for c in cands(doc))  # no 伦敦 inside 《伦敦晚报》
    doc = run("《伦敦晨风》和《伦敦晨风周刊》", "kg_persons")
    doc._.kg_cands = [c for c in cands(doc) if c.type != "Organization"]
    doc = PeriodicalFinder(outlet=True, works=False)(doc)
    spans = {(doc.text[c.start : c.end], c.type) for c in cands(doc)}
    assert ("伦敦晨风周刊", "Organization") in spans and ("伦敦", "Place") in spans  # the first is no periodical


def test_enterprise_full_names_start_after_verbs_adverbs_and_numerals():
    doc = run("会上发言的还有星河集团代表，政府并未批准蓝鲸公司的申请，一些大公司也来了。", "kg_enterprises")
    names = {doc.text[c.start : c.end] for c in cands(doc) if c.type == "Enterprise"}
    assert "星河集团" in names and "蓝鲸公司" in names
    assert not any(n.startswith(("有", "未", "批准", "一些")) for n in names)


def test_org_suffix_needs_a_name_before_it_and_a_word_end():
    doc = run("他督促法院尽快执行，大学生来到红星医院。", "kg_orgs")
    names = {doc.text[c.start : c.end] for c in cands(doc) if c.type == "Organization"}
    assert "红星医院" in names
    assert not names & {"督促法院", "他督促法院"} and not any(n.endswith("大学") for n in names)


def test_post_mention_leaves_out_former():
    doc = run("前董事长王大力表示支持。", "kg_persons")
    posts = {(c.start, c.end) for c in cands(doc) if c.type == "Post"}
    assert (1, 4) in posts and (0, 4) not in posts
    assert "王大力" in found(doc, "Person")


def test_post_responsible_person_without_its_qualifier():
    doc = run("学校相关负责人表示，有关负责人也到了。", "kg_posts")
    posts = {doc.text[c.start : c.end] for c in cands(doc) if c.type == "Post"}
    assert posts == {"负责人"}


def test_resolve_drops_function_word_persons():
    build_pipeline(RULES)  # jieba's dictionary loaded
    assert function_word_name("和夫人") and function_word_name("都承") and function_word_name("时表示")
    assert not function_word_name("向警予") and not function_word_name("连战") and not function_word_name("于海")
    text = "校长和夫人一起来了。"
    doc = run(text, "kg_orgs")
    doc._.kg_cands = [Candidate(2, 5, "Person", None, {}, "test", 0.5)]
    doc = dict(build_pipeline(RULES).pipeline)["kg_resolve"](doc)
    assert doc._.kg_entities == []


def test_sports_bookmaker_line_is_no_place():
    x = extract_text("本场比赛亚洲盘主队让半球，主场作战的辽宁盘锦队进球。")
    places = {(m.start, e.name) for e in x.entities if e.type == "Place" for m in e.mentions}
    assert not any(s == 4 for s, _n in places)  # 亚洲|盘
    assert any(n == "辽宁省" for _s, n in places)


def test_sports_cues_of_betting_previews_make_cities_clubs():
    x = extract_text("足彩推荐：都灵vs巴塞罗那，巴塞罗那上轮做客惨败。")
    kinds = {(e.name, e.type) for e in x.entities}
    assert ("巴塞罗那", "Organization") in kinds and ("巴塞罗那", "Place") not in kinds


def test_sports_foreign_countries_are_national_sides():
    x = extract_text("足彩推荐：挪威主场迎战冰岛，比赛在挪威举行，中国彩民看好主队。")
    kinds = {(m.start, e.type) for e in x.entities for m in e.mentions}
    assert (5, "Organization") in kinds and (11, "Organization") in kinds  # 挪威, 冰岛: the sides
    assert (17, "Place") in kinds and (22, "Place") in kinds  # 在挪威举行, 中国


def test_commercial_news_portals_are_companies_state_sites_organisations():
    x = extract_text("据新浪网和人民网报道，会议召开。")
    kinds = {e.name: e.type for e in x.entities}
    assert kinds.get("新浪网") == "Enterprise" and kinds.get("人民网") == "Organization"


def test_a_standing_committee_is_no_congress_event():
    x = extract_text("第十一届全国人民代表大会常务委员会副委员长李明远同志逝世。")
    assert not [e for e in x.entities if e.type == "Event"]
    assert any(e.type == "Post" and e.name.endswith("副委员长") for e in x.entities)


def test_names_inside_the_title_of_a_work_are_dropped_but_not_in_a_document():
    from extract.components.periodicals import PeriodicalFinder

    doc = run("他读过《伦敦往事》，还研究了《绍兴市关于加快乡村振兴的实施意见》。伦敦很远。", "kg_periodicals")
    places = {(c.start, doc.text[c.start : c.end]) for c in cands(doc) if c.type == "Place"}
    assert (doc.text.index("伦敦往事"), "伦敦") not in places  # a book's title
    assert (doc.text.index("伦敦很远"), "伦敦") in places
    assert (doc.text.index("绍兴市关于"), "绍兴市") in places  # an official document: its issuer
    doc = run("他读过《伦敦往事》。", "kg_persons")
    assert any(c.type == "Place" for c in cands(PeriodicalFinder(works=False)(doc)))


def test_foreign_parties_and_the_centres_of_chinese_parties():
    x = extract_text("中共中央致电越南共产党中央委员会。英国工党和朝鲜劳动党表示欢迎。"
                     "民革中央主席李青山、民进中央主席王海涛发言。")
    orgs = {e.name: e.attrs.get("kind") for e in x.entities if e.type == "Organization"}
    assert orgs.get("越南共产党中央委员会") == "party"
    assert orgs.get("英国工党") == "party" and orgs.get("朝鲜劳动党") == "party"
    assert orgs.get("民革中央") == "party" and orgs.get("民进中央") == "party"
    rels = {(r.args["person"], r.args["of"]) for r in x.relations if r.type == "holds_post"}
    assert ("李青山", "民革中央") in rels and ("王海涛", "民进中央") in rels


def test_no_person_from_a_dictionary_word_or_a_conjunction():
    x = extract_text("祝贺越南共产党成立95周年。贺电说，两党友谊深厚。在毛泽东主席和胡志明主席等领导人培育下。")
    people = {e.name for e in x.entities if e.type == "Person"}
    assert "贺电" not in people and "和胡志" not in people
    assert {"毛泽东", "胡志明"} <= people


def test_projects_are_no_ways_nor_quoted_slogans():
    x = extract_text("共同探索符合国情的社会主义发展道路，推动命运共同体建设。共建“一带一路”走深走实，国家建设取得进展。"
                     "今年将加快建设青石大道四期。")
    projects = {e.name for e in x.entities if e.type == "Project"}
    assert projects == {"青石大道四期"}, projects


def test_a_given_name_ending_in_a_stop_letter_before_a_date_and_no_career_verb_in_a_company():
    x = extract_text("国务院副总理刘国中29日在农业农村部作报告。市长王平在29日召开的会议上讲话。"
                     "1975年至1979年，历任石油工业部管道局电力通讯工程公司办公室副主任。")
    names = {e.name for e in x.entities if e.type in ("Person", "Enterprise")}
    assert {"刘国中", "王平", "石油工业部管道局电力通讯工程公司"} <= names, names
    assert not {"刘国", "王平在"} & names


def test_politburo_and_secretariat_posts_and_no_event_from_a_back_reference():
    x = extract_text("中共中央政治局常委、中央书记处书记赵立新出席全球文明对话部长级会议开幕式。"
                     "他表示，习近平主席高度重视此次会议。")
    rels = {(r.args["person"], r.args["post"], r.args["of"]) for r in x.relations if r.type == "holds_post"}
    assert ("赵立新", "常委", "中央政治局") in rels and ("赵立新", "书记", "中央书记处") in rels
    events = {e.name for e in x.entities if e.type == "Event"}
    assert events == {"全球文明对话部长级会议开幕式"}, events


def test_a_transliterated_name_right_after_a_post_without_a_chinese_surname():
    x = extract_text("这株树由美国前总统尼克松在1972年访华时赠送。俄罗斯外长伊万诺夫说，双方将加强合作。")
    people = {e.name for e in x.entities if e.type == "Person"}
    assert {"尼克松", "伊万诺夫"} <= people, people


def test_country_pairs_with_a_qualifier_before_the_relation_word():
    doc = run("这符合中葡双方的长远利益。美方谋求强化日美安全合作。希望以美中元首会晤为起点。", "kg_places")
    one = {(c.start, c.name) for c in cands(doc) if c.type == "Place" and c.end - c.start == 1}
    t = doc.text
    assert {(t.index("中葡"), "中国"), (t.index("中葡") + 1, "葡萄牙")} <= one
    assert {(t.index("日美"), "日本"), (t.index("日美") + 1, "美国")} <= one
    assert (t.index("美中"), "美国") in one and (t.index("以美中"), "以色列") not in one


def test_news_roundup_items_do_not_borrow_sports_cues_or_titles_from_each_other():
    x = extract_text("越捷航空开通“河内—昆岛”航线，做好灾后卫生防疫工作。\n"
                     "共有750余名选手晋级总决赛。首个半程马拉松今天在北京举行。将赴缅甸曼德勒市支持当地防疫。")
    names = {(e.type, e.name) for e in x.entities}
    assert not any(t == "Person" for t, _ in names), names  # 生防疫, 晋级, 马拉松, 曼德勒 are no people
    assert not any(t == "Organization" and n in ("河内", "缅甸") for t, n in names)  # no sports paragraph


def test_sub_units_before_a_title_and_a_foreign_name_by_its_parts():
    x = extract_text("国家发改委价格司司长陈明表示支持。公安部刑事侦查局巡视员张涛介绍情况。"
                     "习近平向巴基斯坦新任总统阿西夫·扎尔达里致贺电。对此，总统扎尔达里表示感谢。")
    rels = {(r.args["person"], r.args["post"], r.args["of"]) for r in x.relations if r.type == "holds_post"}
    assert ("陈明", "司长", "国家发改委价格司") in rels
    assert ("张涛", "巡视员", "公安部刑事侦查局") in rels
    assert ("阿西夫·扎尔达里", "总统", "巴基斯坦") in rels
    people = [e for e in x.entities if e.type == "Person"]
    assert not any(e.name == "扎尔达里" for e in people)
    assert "扎尔达里" in next(e for e in people if e.name == "阿西夫·扎尔达里").aliases


def test_china_europe_trains_are_two_countries_not_central_europe():
    doc = run("中欧班列高质量发展取得显著成效。", "kg_places")
    assert {c.name for c in cands(doc) if c.type == "Place"} == {"中国", "欧洲"}


def test_movements_bodies_and_companies_after_a_description():
    x = extract_text("哈马斯打击以军特种部队。联合国近东救济工程处方面表示关切。德国化工巨头巴斯夫集团2日发出警告。"
                     "美达拉斯电信设备故障，美国达拉斯地区航班延误。活动在伊利沙伯体育馆举行。")
    got = {(e.type, e.name) for e in x.entities}
    assert ("Organization", "哈马斯") in got
    assert not any(t == "Project" for t, _ in got), got  # 工程处 is a body
    assert ("Enterprise", "巴斯夫集团") in got
    assert not any(t == "Person" for t, _ in got), got  # 达拉斯 is a city
    assert not any(t == "Enterprise" and n == "伊利" for t, n in got)


def test_the_party_group_of_a_state_body_is_a_party_body():
    x = extract_text("全国政协党组召开会议。市卫健委党组书记李明主持。")
    kinds = {e.name: e.attrs.get("kind") for e in x.entities if e.type == "Organization"}
    assert kinds.get("全国政协党组") == "party" and kinds.get("市卫健委党组", "party") == "party"


def test_a_foreign_name_jieba_tags_as_a_place_and_no_verb_as_its_third_letter():
    x = extract_text("国家主席习近平向俄罗斯总统普京致慰问电。宏达集团总裁李强做专题报告。")
    people = {e.name for e in x.entities if e.type == "Person"}
    assert {"普京", "李强"} <= people and not people & {"普京致", "李强做"}, people


def test_a_common_way_word_after_a_place_is_no_street_and_new_country_pairs():
    doc = run("会议通过《中华人民共和国道路交通安全法》。宣介中国人权发展道路。家住南京东路。受俄乌冲突影响。", "kg_places")
    names = {doc.text[c.start : c.end] for c in cands(doc) if c.type == "Place"}
    assert not any(n.endswith("道路") for n in names), names
    assert "中华人民共和国" in names
    one = {(c.start, c.name) for c in cands(doc) if c.type == "Place" and c.end - c.start == 1}
    i = doc.text.index("俄乌")
    assert {(i, "俄罗斯"), (i + 1, "乌克兰")} <= one


def test_a_one_letter_country_after_a_conjunction_is_no_name():
    x = extract_text("在习近平主席和荷方领导人战略引领下，中荷合作成果丰硕。")
    assert {e.name for e in x.entities if e.type == "Person"} == {"习近平"}
    assert "荷兰" in {e.name for e in x.entities if e.type == "Place"}


def test_country_short_names_special_regions_and_former_states():
    doc = run("印尼政府对此表示关切。前苏联的教科书占统治地位。科技兴港战略使香港特区发展。", "kg_places")
    got = {(doc.text[c.start : c.end], c.name) for c in cands(doc) if c.type == "Place"}
    assert ("印尼", "印度尼西亚") in got
    assert ("苏联", "苏联") in got and not any(t == "前苏联" for t, _ in got)
    assert ("香港特区", "香港特别行政区") in got


def test_a_one_letter_city_after_arriving_and_before_a_visit():
    doc = run("宾格曼一行于五月二十四日抵京访华。", "kg_places")
    assert {(doc.text[c.start : c.end], c.name) for c in cands(doc) if c.type == "Place"} >= {("京", "北京市"), ("华", "中国")}


def test_countries_in_a_championship_report_are_teams_china_among_them():
    x = extract_text("世界男排锦标赛八强出炉：b组的美国、俄罗斯、立陶宛晋级。在对中国、丹麦、韩国等强队时拿下一分。")
    teams = {e.name for e in x.entities if e.type == "Organization" and e.attrs.get("team")}
    assert {"美国", "俄罗斯", "立陶宛", "中国", "丹麦", "韩国"} <= teams, teams
    x = extract_text("中国同丹麦、韩国保持友好关系。")
    assert {e.name for e in x.entities if e.type == "Place"} >= {"中国", "丹麦", "韩国"}


def test_a_state_administration_by_its_pattern_and_no_project_from_contest_events():
    x = extract_text("由国家新闻出版署主办的大会在南京召开，国家文物局协办。大赛设置网络信息安全、无人机操控、3D打印等28个比赛项目。")
    orgs = {e.name for e in x.entities if e.type == "Organization"}
    assert {"国家新闻出版署", "国家文物局"} <= orgs, orgs
    assert not any(e.type == "Project" for e in x.entities), [e.name for e in x.entities if e.type == "Project"]
    x = extract_text("龙岩市加快推进龙岩大道、溪南大桥等12个重点项目建设。")
    assert {"龙岩大道", "溪南大桥"} <= {e.name for e in x.entities if e.type == "Project"}


def test_news_roundup_names_titles_and_networks():
    x = extract_text("国务院总理李强将在北京同新开发银行行长罗塞芙、国际货币基金组织总裁格奥尔基耶娃举行对话会。"
                     "北京城市轨道交通实现地铁路网1至19号线全部通车。北京同仁堂股份有限公司发布公告。"
                     "黑龙江启动“冷水鱼·冬捕季”系列活动，包含冬捕冬钓、冰雪渔猎那达慕等活动。金沙江上游叶巴滩水电站投产。")
    got = {(e.type, e.name) for e in x.entities}
    assert ("Enterprise", "新开发银行") in got and ("Enterprise", "北京同仁堂股份有限公司") in got, got
    assert ("Person", "格奥尔基耶娃") in got and ("Person", "格奥尔基") not in got
    people = {n for t, n in got if t == "Person"}
    assert not people & {"冷水鱼·冬捕季", "那达慕", "叶巴滩"}, people
    assert not any(t == "Project" and n.startswith("地铁路") for t, n in got)


def test_foreign_names_whole_and_foreign_towns_in_a_list_of_places_are_no_people():
    x = extract_text("英国保守党议员大卫·沃伯顿因涉丑闻宣布辞职。此前，英国前首相鲍里斯·约翰逊宣布辞职。"
                     "加拿大环境部对加蒂诺、蒙洛里耶等地发布了烟霾警示。")
    people = {e.name for e in x.entities if e.type == "Person"}
    assert {"大卫·沃伯顿", "鲍里斯·约翰逊"} <= people, people
    assert not people & {"加蒂诺", "蒙洛里耶", "大卫·沃伯顿因"}, people


def test_agencies_similes_and_events_named_after_a_title():
    x = extract_text("由中国中央广播电视总台制作的《平“语”近人——习近平喜欢的典故》（马来语版）启播仪式在吉隆坡举行。"
                     "马来西亚国家新闻社官网、马新社电台等多家媒体播发相关报道。"
                     "外卖骑手就像这片创新热土的“毛细血管”，保障着城市的高效运转。凭借性能强大的中国工程机械热销全球。")
    got = {(e.type, e.name) for e in x.entities}
    assert ("Event", "《平“语”近人——习近平喜欢的典故》（马来语版）启播仪式") in got, got
    assert ("Organization", "马新社") in got and not any(t == "Person" and n == "马新社" for t, n in got)
    assert not any(t in ("Program", "Project") for t, _ in got), got


def test_a_periodical_is_an_outlet_in_articles_and_its_kind_may_follow_the_marks():
    text = "第24期《求是》杂志将发表重要文章。据《洛杉矶时报》报道，市场回暖。"
    x = extract_text(text)
    media = {e.name for e in x.entities if e.type == "Organization" and e.attrs.get("kind") == "media"}
    assert {"求是", "洛杉矶时报"} <= media, media
    nlp = build_pipeline({"disable": ["kg_ner_model"]})
    art = Article(doc="-", index=0, body=OffsetText.identity(text), original=text, extra={"line_mode": True})
    from extract.nlp import extract_article

    lines = extract_article(art, nlp)
    assert "洛杉矶时报" not in {e.name for e in lines.entities}  # CLUENER marks it a book: no outlet in line mode


def test_a_foreign_name_before_a_title_and_a_name_before_etc_and_a_cue():
    x = extract_text("2025年，习近平主席同扎尔达里总统、夏巴兹总理分别会面。巴方愿为促进巴中铁杆友谊不懈努力。王东峰等参加会见。")
    people = {e.name for e in x.entities if e.type == "Person"}
    assert {"扎尔达里", "夏巴兹", "王东峰"} <= people, people
    assert "巴中市" not in {e.name for e in x.entities if e.type == "Place"}


def test_job_titles_of_cluener_and_no_function_word_as_a_given_name():
    x = extract_text("请慧明大师上台，慧明大师来之前我们通过电话。学生王小明获奖。记者张建国报道。")
    posts = {e.name for e in x.entities if e.type == "Post"}
    people = {e.name for e in x.entities if e.type == "Person"}
    assert {"大师", "学生"} <= posts, posts
    assert "来之前" not in people and {"王小明", "张建国"} <= people, people


def test_betting_and_scoring_words_make_a_sports_paragraph():
    for text, team in (("阿森纳近三轮除输给利物浦外全部取胜，本场亚指开出平半盘口。", "利物浦"),
                       ("本轮可以留意马耳他。近4场预选赛马耳他全部告负。", "马耳他")):
        x = extract_text(text)
        assert team in {e.name for e in x.entities if e.type == "Organization" and e.attrs.get("team")}, text
    x = extract_text("利物浦是英国西北部的港口城市。")
    assert "利物浦" in {e.name for e in x.entities if e.type == "Place"}


def test_a_county_by_its_former_name_is_the_district_it_became():
    x = extract_text("早在2003年，崇礼县就修建了首个雪场。张家口崇礼县政法委书记王建设出席。")
    places = {e.name: e for e in x.entities if e.type == "Place"}
    assert "崇礼区" in places and places["崇礼区"].attrs.get("parent") == "张家口市", list(places)


def test_a_county_committee_by_the_former_name_and_no_county_from_an_acting_head():
    x = extract_text("2003年调任监利县委副书记，后任代县长、县长。")  # 监利 is a county-level city today
    orgs = {e.name for e in x.entities if e.type == "Organization"}
    assert "监利县委" in orgs, orgs
    assert not any(e.type == "Place" and e.name == "代县" for e in x.entities)  # 代|县长: the acting head


def test_a_dateline_and_a_nationality_are_no_teams_and_no_name_starts_inside_a_word():
    x = extract_text("本报巴黎7月2日电今天在里昂，哥伦比亚裁判罗哈斯先后出示两张红牌，丹麦队和南非队战成2∶2平。"
                     "利物浦主帅克洛普赛后接受采访。")
    places = {e.name for e in x.entities if e.type == "Place"}
    teams = {e.name for e in x.entities if e.attrs.get("team")}
    assert {"巴黎", "哥伦比亚"} <= places and "利物浦" in teams, (places, teams)
    x = extract_text("交管部门设立了路况广播台，及时向驾驶员发布路况信息。")
    assert not any(e.type == "Person" for e in x.entities)


def test_an_election_or_a_subject_is_no_sports_report():
    x = extract_text("特朗普在选举中输给拜登，美国媒体作了报道。报考冷门专业的学生赴英国留学。")
    assert {"美国", "英国"} <= {e.name for e in x.entities if e.type == "Place"}
    assert not any(e.attrs.get("team") for e in x.entities)


def test_a_time_zone_is_no_place_and_a_modal_verb_no_surname():
    x = extract_text("据我国地震台网测定，北京时间6月6日19时发生地震。智利华裔议员能到先辈生活过的故乡参观。他在北京工作。")
    assert not any(e.type == "Person" for e in x.entities), [e.name for e in x.entities if e.type == "Person"]
    beijing = [e for e in x.entities if e.name == "北京市"]
    assert beijing and len(beijing[0].mentions) == 1  # 在北京工作, not 北京时间


def test_natives_military_ranks_weekdays_and_city_nicknames():
    x = extract_text("黄石单板厂的江西籍厂主商国富心里着急。新四军军长叶挺及陈毅同志一起到达。"
                     "若斯潘总理周二晚表示协议意义重大。300多名嘉宾齐聚蓉城。")
    people = {e.name for e in x.entities if e.type == "Person"}
    places = {e.name for e in x.entities if e.type == "Place"}
    assert {"商国富", "叶挺", "陈毅"} <= people and not any(n.startswith("周二") for n in people), people
    assert {"江西省", "成都市"} <= places, places
    rels = {(r.args["person"], r.args["post"]) for r in x.relations if r.type == "holds_post"}
    assert ("叶挺", "军长") in rels


def test_parties_by_name_alone_missions_and_national_teams():
    x = extract_text("这是保守党候选人的竞选口号。新芬党同意参加会谈。各民主党派积极建言献策。国民党第38军宣布起义。"
                     "美国驻华大使馆发表声明，里昂总领事馆开馆。李元伟介绍了国家女篮和中国女足的备战情况。")
    orgs = {e.name: e.attrs.get("kind") for e in x.entities if e.type == "Organization"}
    assert orgs.get("保守党") == "party" and orgs.get("新芬党") == "party"
    assert "民主党" not in orgs and "国民党" not in orgs  # 民主党派 is a class; 国民党第96军 a unit of it
    assert orgs.get("美国驻华大使馆") == "government" and orgs.get("里昂总领事馆") == "government"
    assert "国家女篮" in orgs and "中国女足" in orgs
    assert not any(e.type == "Post" and e.name == "领事" for e in x.entities)  # inside 总领事馆


def test_a_place_inside_a_jieba_word_for_a_party_committee_is_read():
    x = extract_text("中共福建省委常委会召开会议。")
    assert any(e.type == "Organization" and e.name.endswith("福建省委常委会") for e in x.entities), x.entities


def test_works_after_a_place_and_foreign_companies_with_a_dot():
    x = extract_text("株洲齿轮厂厂长王某介绍，合肥污水处理厂二期工程已经建成，是全省最大的污水处理项目。厂里还有一个标准件厂。")
    firms = {e.name for e in x.entities if e.type == "Enterprise"}
    firms |= {e.name for e in extract_text("他说，罗氏·杜邦公司是知名的化工公司。").entities if e.type == "Enterprise"}
    assert {"株洲齿轮厂", "合肥污水处理厂", "罗氏·杜邦公司"} <= firms, firms
    assert "污水处理" not in firms and "标准件厂" not in firms


def test_places_in_meeting_contexts_and_against_china():
    x = extract_text("首发式今晚在京举行。个别西方政客的反华言论。")
    places = {e.name for e in x.entities if e.type == "Place"}
    assert {"北京市", "中国"} <= places, places


def test_a_body_in_its_nth_term_and_a_paper_office():
    text = "会议决定提请第八届全国人大第二次会议审议。成立大会上，经济日报社社长徐心华讲话。我国大城市普遍采用包月制。"
    x = extract_text(text)
    orgs = {text[m.start : m.end] for e in x.entities if e.type == "Organization" for m in e.mentions}
    assert {"第八届全国人大", "经济日报社"} <= orgs, orgs
    events = {e.name for e in x.entities if e.type == "Event"}
    assert "第八届全国人大第二次会议" in events, events  # not 决定提请…
    assert not any(e.type == "Place" for e in x.entities)  # 大城市 is no 大城县


def test_job_titles_after_a_modifier_and_no_title_across_a_word():
    text = "总经理仲跻伟接受本报记者专访。新教练佐拉没有到场。埃雷拉在一个繁华的街区长大。恐怖漫画家斯蒂夫同名绘本。海军上尉纳特说。"
    x = extract_text(text)
    posts = {text[m.start : m.end] for e in x.entities if e.type == "Post" for m in e.mentions}
    assert {"记者", "教练", "上尉"} <= posts, posts
    assert "区长" not in posts and "画家" not in posts


def test_more_brands_but_not_their_common_senses():
    x = extract_text("银联与联通合作推出新卡，必和必拓称智利铜矿运作正常。多地出现暴雪天气，全国首创的做法盛大开幕。")
    firms = {e.name for e in x.entities if e.type == "Enterprise"}
    assert {"中国银联", "中国联通", "必和必拓"} <= firms, firms
    assert not firms & {"暴雪娱乐", "首创集团", "盛大游戏"}, firms


def test_intergovernmental_bodies_and_academies_are_government():
    x = extract_text("欧盟和北约发表声明。中国科学院院士出席。")
    kinds = {e.name: e.attrs.get("kind") for e in x.entities if e.type == "Organization"}
    assert kinds.get("欧盟") == "government" and kinds.get("北约") == "government", kinds
    assert kinds.get("中国科学院") == "government", kinds


def test_referees_and_players_name_the_person_after_them_and_a_position_is_no_city():
    x = extract_text("阿根廷裁判罗哈斯出示了两张黄牌。乌拉圭主力中卫戈尔丁受伤。全省税务机关关于银行卡盗刷立案52起。")
    people = {e.name for e in x.entities if e.type == "Person"}
    assert {"罗哈斯", "戈尔丁"} <= people, people
    assert not any(e.type == "Place" and e.name.startswith("中卫") for e in x.entities)
    assert not any(e.type == "Enterprise" for e in x.entities)  # 银行|卡 names no bank
