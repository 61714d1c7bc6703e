"""The statistical NER component (kg_ner_model): its inputs, its merge with the rules, the shipped model."""

from __future__ import annotations

import pytest
import spacy

from extract.components.base import Candidate
from extract.components.ner_model import ModelNER, char_doc, load_model, model_present, org_kind, word_norms
from extract.nlp import build_pipeline, extract_text

SHIPPED = model_present()


def test_word_norms_mark_place_in_word():
    text = "市委书记张三"
    assert word_norms(text, [(0, 4), (4, 6)]) == ["市委书记|B", "市委书记|I", "市委书记|I", "市委书记|E", "张三|B", "张三|E"]
    assert word_norms("a", []) == ["a|S"]


def test_char_doc_has_one_token_per_character():
    nlp = spacy.blank("zh")
    doc = char_doc(nlp.vocab, "北京 市", [(0, 2), (2, 3), (3, 4)])
    assert [t.text for t in doc] == ["北", "京", " ", "市"]
    assert doc.text == "北京 市"
    assert doc[0].norm_ == "北京|B" and doc[3].norm_ == "市|S"


def test_org_kind_by_suffix():
    assert org_kind("北京市人民政府") == "government"
    assert org_kind("国家计委") == "government"
    assert org_kind("青岛啤酒股份有限公司") == "enterprise"
    assert org_kind("国务院") == "government"
    assert org_kind("北京大学") == "other"


def test_override_keeps_equal_rule_spans_and_drops_overlapped_ones():
    rules = [Candidate(0, 2, "Place", "北京市", {}, "kg_places"), Candidate(0, 7, "Organization", "北京市人民政府", {}, "kg_orgs"),
             Candidate(8, 10, "Person", None, {}, "kg_persons"), Candidate(12, 14, "Post", None, {}, "kg_posts")]
    model = [Candidate(0, 7, "Organization", None, {}, "kg_ner_model", 0.5),
             Candidate(8, 11, "Person", None, {}, "kg_ner_model", 0.5)]
    ModelNER._override(rules, model)
    assert [(c.start, c.end, c.source) for c in rules] == [(0, 7, "kg_orgs"), (12, 14, "kg_posts")]
    assert [(c.start, c.end) for c in model] == [(8, 11)]


def test_no_model_no_candidates(tmp_path):
    assert load_model(str(tmp_path)) is None
    nlp = build_pipeline({"components": {"kg_ner_model": {"path": str(tmp_path)}}})
    assert "kg_ner_model" in nlp.pipe_names
    x = extract_text("市委书记张三主持会议。", nlp)
    assert any(e.type == "Person" for e in x.entities)  # the rules still work


@pytest.mark.skipif(not SHIPPED, reason="no model in extract/models/ner/ (python -m train.ner_crf)")
def test_shipped_model_finds_unanchored_names_and_companies():
    nlp = build_pipeline()
    assert "kg_ner_model" in nlp.pipe_names
    x = extract_text("王建国和李明一起去了国家体育总局，随后访问了深圳市腾讯计算机系统有限公司。", nlp)
    by_type = {(e.type, e.name) for e in x.entities}
    assert ("Person", "王建国") in by_type  # no anchor: the rules alone miss it
    assert ("Person", "王建国") not in {(e.type, e.name) for e in extract_text(x.article.text, build_pipeline(
        {"disable": ["kg_ner_model"]})).entities}
    assert ("Enterprise", "深圳市腾讯计算机系统有限公司") in by_type
    x = extract_text("市委书记张三主持会议。", nlp)
    assert ("Person", "张三") in {(e.type, e.name) for e in x.entities}  # the model never cuts 主持
    for e in x.entities:
        for m in e.mentions:
            assert m.start < m.end


def test_merge_same_span_model_type_wins_except_for_places():
    comp = ModelNER(mode="merge", rules_first="Place")
    rules = [Candidate(0, 4, "Person", None, {}, "kg_persons"), Candidate(5, 7, "Place", "北京市", {}, "kg_places"),
             Candidate(8, 10, "Person", "王五", {}, "kg_persons")]
    model = [Candidate(0, 4, "Organization", None, {"kind": "other"}, "kg_ner_model", 0.5),
             Candidate(5, 7, "Organization", None, {}, "kg_ner_model", 0.5),
             Candidate(8, 10, "Person", None, {}, "kg_ner_model", 0.5)]
    comp._same_span(rules, model)
    assert [(c.start, c.type) for c in rules] == [(5, "Place"), (8, "Person")]
    assert [(c.start, c.type) for c in model] == [(0, "Organization")]


@pytest.mark.skipif(not SHIPPED, reason="no model in extract/models/ner/ (python -m train.ner_crf)")
def test_model_runs_on_lines_and_in_document_mode_adds_only_sure_persons():
    from extract.components.base import cands
    from extract.model import Article
    from extract.nlp import extract_article
    from extract.offsets import OffsetText

    text = "王建国和李明一起去了国家体育总局。"
    nlp = build_pipeline()

    def persons(extra, pipeline=nlp):
        art = Article("-", 0, OffsetText.identity(text), text, extra=extra)
        return {e.name for e in extract_article(art, pipeline).entities if e.type == "Person"}

    assert "王建国" in persons({})  # a short line: the model runs
    assert "王建国" in persons({"line_mode": True})
    assert "王建国" not in persons({"line_mode": False})  # an article: document mode is off by default
    assert not ModelNER().sentence_level("第一句。第二句。第三句。") and ModelNER().sentence_level("一句话。")

    article = "在大家的鼓励下，孙秀兰开起了网店，产品卖到湖南长沙。"  # no anchor for the rules
    on = build_pipeline({"components": {"kg_ner_model": {"documents": True}}})
    doc = on.make_doc(article)
    doc._.article = Article("-", 0, OffsetText.identity(article), article, extra={"line_mode": False})
    for name, proc in on.pipeline:
        doc = proc(doc)
        if name == "kg_ner_model":
            break
    model = [c for c in cands(doc) if c.source == "kg_ner_model"]
    assert model and all(c.type == "Person" for c in model), [(c.type, article[c.start : c.end]) for c in model]
    rules = [c for c in cands(doc) if c.source != "kg_ner_model"]
    assert not any(c.start < m.end and m.start < c.end and c.type != "Person" for c in rules for m in model)


def test_a_three_letter_model_name_ending_in_a_verb_ends_before_it():
    cut = ModelNER._name_end
    for text, name in (("刘洋算得上最勤快。", "刘洋"), ("主编陈静说。", "陈静"), ("比王伟版《西游记》好。", "王伟")):
        s = text.index(name)
        assert text[s : cut(text, s, s + 3)] == name
    for text in ("刘德华出席活动。", "陈晓东表示。", "王建国说。"):
        assert cut(text, 0, 3) == 3  # a given name's own last letter, or no surname at the start
    assert cut("卡鲁说道", 0, 3) == 3  # 卡 is no surname here: a transliteration keeps its letters


@pytest.mark.skipif(not SHIPPED, reason="no model in extract/models/ner/ (python -m train.ner_crf)")
def test_model_spans_respect_listed_names_anchored_chinese_names_and_conjunctions():
    nlp = build_pipeline()
    x = extract_text("上合组织成员国政治互信不断加深。", nlp)
    assert {e.name for e in x.entities if e.type == "Organization"} == {"上海合作组织"}  # the listed name, whole
    text = "受国务院委托，中国人民银行行长潘功胜作了说明。"
    x = extract_text(text, nlp)
    assert "潘功胜" in {e.name for e in x.entities if e.type == "Person"}
    text = "美国广播公司、《华盛顿邮报》和益普索集团1日联合发布的最新民调显示。"
    x = extract_text(text, nlp)
    assert not any(e.name.startswith("和") for e in x.entities), [e.name for e in x.entities]


def test_names_before_a_direction_or_area_word_are_places_with_their_list():
    text = "俄军在顿涅茨克、库皮扬斯克和红利曼等方向发动进攻。王林等地区领导出席。"
    found = [Candidate(text.index(n), text.index(n) + len(n), "Person", None, {}, "kg_ner_model", 0.5)
             for n in ("顿涅茨克", "库皮扬斯克", "王林")]
    ModelNER._places_by_context(found, text)
    assert [(text[f.start : f.end], f.type) for f in found] == [
        ("顿涅茨克", "Place"), ("库皮扬斯克", "Place"), ("王林", "Person")]


def test_a_model_place_with_a_body_suffix_is_a_body_but_cluener_shops_stay_addresses():
    from extract.components.ner_model import place_or_body

    assert place_or_body("LOC", "青石河水泥厂") == "ORG" and place_or_body("ADDR", "青石河水泥厂") == "ORG"
    assert place_or_body("LOC", "阳光工程组委会") == "ORG"
    assert place_or_body("ADDR", "解放路新华书店") == "ADDR"  # CLUENER marks a shop as an address
    assert place_or_body("LOC", "青石河") == "LOC" and place_or_body("PER", "王厂") == "PER"


def test_a_span_takes_the_opener_of_its_quote_and_a_unit_joins_its_parent():
    from extract.components.ner_model import _with_opener

    text = "由“青岛”号导弹驱逐舰组成"
    assert _with_opener(text, 2, 11) == 1 and _with_opener(text, 1, 11) == 1
    assert _with_opener("在北京开会", 1, 3) == 1
    text = "中央电视台星光艺术团演出。招行浦发颇受追捧。"
    i = text.index("招行")
    out = [Candidate(0, 5, "Organization", None, {"kind": "media"}, "kg_orgs"),
           Candidate(5, 10, "Organization", None, {}, "kg_ner_model", 0.5),
           Candidate(i, i + 2, "Enterprise", None, {}, "kg_ner_model", 0.5),
           Candidate(i + 2, i + 4, "Enterprise", None, {}, "kg_ner_model", 0.5)]
    ModelNER._join_units(out, text)
    assert sorted((text[c.start : c.end], c.type) for c in out) == [
        ("中央电视台星光艺术团", "Organization"), ("招行", "Enterprise"), ("浦发", "Enterprise")]


@pytest.mark.skipif(not SHIPPED, reason="no model in extract/models/ner/ (python -m train.ner_crf)")
def test_no_count_of_provinces_in_a_place_and_no_unnamed_services_as_a_body():
    nlp = build_pipeline()
    text = "全国人大常委会将到河北、江西、四川三省检查森林法的实施情况。"
    x = extract_text(text, nlp)
    places = {text[m.start : m.end] for e in x.entities if e.type == "Place" for m in e.mentions}
    assert {"河北", "江西", "四川"} <= places and not any(p.endswith("三省") for p in places)
    x = extract_text("多年来同中国有关部门保持着良好的合作。", nlp)
    assert not any(e.name.endswith("有关部门") for e in x.entities)


def test_a_surname_with_a_form_of_address_is_the_surname():
    assert ModelNER._honorific_end("与陈教授刚从川西回来", 1, 4)
    assert ModelNER._honorific_end("王小姐笑着说", 0, 3)
    assert not ModelNER._honorific_end("陈晓东表示", 0, 3) and not ModelNER._honorific_end("教授说", 0, 2)


def test_a_transliterated_name_cut_short_gets_its_letters_back_up_to_a_word():
    text = "9号萨莫拉诺禁区抢点"
    words = [(0, 1), (1, 2), (2, 6), (6, 8), (8, 9), (9, 10)]
    assert ModelNER._translit_end(text, 2, 5, words) == 6
    assert ModelNER._translit_end("陈晓东表示", 0, 2, [(0, 3), (3, 5)]) == 2  # a Chinese name is left alone


def test_a_model_name_may_be_latin_but_never_holds_digits_or_punctuation():
    from extract.components.ner_model import _NAME

    for name in ("Moon", "Grubby", "JohnConnor", "阿西夫·扎尔达里", "王建国"):
        assert _NAME.fullmatch(name), name
    for name in ("内塔尼亚胡2", "王建国，", "Q：", "3D"):
        assert not _NAME.fullmatch(name), name


def test_every_other_occurrence_of_a_name_in_the_line_is_the_name():
    text = "江宏伟偏爱写生；在创作中江宏伟常把山水融进笔墨。"
    i = text.index("中江")
    out = [Candidate(0, 3, "Person", None, {}, "kg_ner_model", 0.5),
           Candidate(i, i + 2, "Place", "中江县", {"_kind": "short"}, "kg_places", 0.8)]
    ModelNER._repeat_names(out, text)
    assert sorted((text[c.start : c.end], c.type) for c in out) == [("江宏伟", "Person"), ("江宏伟", "Person")]


def test_an_address_the_model_reads_over_several_places_stays_whole_a_place_does_not():
    text = "荷银在中国北京设有分行。"
    rules = [Candidate(3, 5, "Place", "中国", {}, "kg_places"), Candidate(5, 7, "Place", "北京市", {}, "kg_places")]
    addr = Candidate(3, 7, "Place", None, {"_model": "ADDR"}, "kg_ner_model", 0.5)
    loc = Candidate(3, 7, "Place", None, {"_model": "LOC"}, "kg_ner_model", 0.5)
    assert ModelNER._respect_places(rules, [addr], text) == [addr]  # CLUENER's convention: 中国北京 is one address
    assert ModelNER._respect_places(rules, [loc], text) == []  # People's Daily's: 中国, 北京


def test_a_listed_outlet_the_model_reads_as_a_company_becomes_one():
    text = "新华网东京3月8日电"
    out = [Candidate(0, 3, "Organization", "新华网", {"kind": "media", "_known": True}, "kg_orgs", 1.15)]
    found = [Candidate(0, 3, "Enterprise", None, {"_model": "COMPANY"}, "kg_ner_model", 0.5)]
    ModelNER._override(out, found)
    assert [(c.type, c.name, c.attrs.get("kind")) for c in out] == [("Enterprise", "新华网", "media")] and not found
    assert text[0:3] == "新华网"


@pytest.mark.skipif(not SHIPPED, reason="no model in extract/models/ner/ (python -m train.ner_crf)")
def test_a_model_name_ending_in_a_village_suffix_is_a_place():
    text = "偏远的梁沟村为什么能吸引这么多游客？"
    x = extract_text(text, build_pipeline())
    assert not any(e.type == "Person" for e in x.entities), [(e.type, e.name) for e in x.entities]


def test_a_place_with_a_description_or_a_verb_inside_is_no_one_name():
    text = "在法国港口城市马赛召开。在老舍家中介绍纪念馆新馆规划方案。"
    words = [(0, 1), (1, 3), (3, 7), (7, 9), (9, 11), (11, 12), (12, 13), (13, 15), (15, 17), (17, 19), (19, 22),
             (22, 24), (24, 26), (26, 28), (28, 29)]
    assert ModelNER._described(text, 1, 9, words)  # 法国|港口城市|马赛
    assert ModelNER._described(text, 13, 24, words, description=False)  # 老舍|家中|介绍|…: a verb inside
    assert not ModelNER._described(text, 1, 3, words)


def test_a_span_takes_the_closer_of_its_opening_mark():
    from extract.components.ner_model import _with_closer

    text = "据英国《北海医学周刊》报道，万通国际组织（wtio）证实"
    assert text[1 : _with_closer(text, 1, text.index("》"))] == "英国《北海医学周刊》"
    s = text.index("万通")
    assert text[s : _with_closer(text, s, text.index("）"))] == "万通国际组织（wtio）"
    assert _with_closer(text, 1, 3) == 3


def test_an_organisation_span_ending_in_a_common_word_is_no_body():
    from extract.components.tokenizer import blank_zh, token_spans

    doc = blank_zh()("选举过后，巴西政局趋于稳定。上个月，山西平遥县组织机关干部参加培训。美国国土安全局发布新规。")
    text, words = doc.text, token_spans(doc)

    def span(s: str) -> tuple[int, int]:
        i = text.index(s)
        return i, i + len(s)

    assert ModelNER._not_a_body(text, *span("巴西政局"), words)  # 政局: a situation
    assert ModelNER._not_a_body(text, *span("山西平遥县组织机关干部"), words)  # cadres, not a body
    assert not ModelNER._not_a_body(text, *span("美国国土安全局"), words)  # 安全局 is one, though it ends in 全局


def test_a_name_beside_a_found_one_in_a_list_or_a_pairing_is_a_name():
    text = "半决赛对阵：李明远、周雅琴对陈春花、王燕对刘丽。张三对此表示欢迎。"
    words = [(i, i + 1) for i in range(len(text))]
    out = [Candidate(text.index(n), text.index(n) + len(n), "Person", None, {}, "kg_ner_model", 0.5)
           for n in ("李明远", "陈春花", "王燕", "张三")]
    ModelNER._list_names(out, text, words)
    names = {text[c.start : c.end] for c in out if c.type == "Person"}
    assert names == {"李明远", "周雅琴", "陈春花", "王燕", "刘丽", "张三"}, names  # not 此表 after 张三对


def test_a_section_right_after_its_body_is_part_of_its_name():
    text = "运城人民医院宣传科李建国同志说。赵晓敏是杭州市电话局114查号台接线员。农业银行杭州分行办公室人士称。"
    words = [(i, i + 1) for i in range(len(text))]
    out = []
    for name in ("运城人民医院", "杭州市电话局", "农业银行杭州分行"):
        i = text.index(name)
        out.append(Candidate(i, i + len(name), "Organization", None, {}, "kg_ner_model", 0.5))
    i = text.index("查号台")
    out.append(Candidate(i, i + 3, "Person", None, {}, "kg_persons", 0.6))  # 查 read as a surname
    ModelNER._unit_tails(out, text, words)
    spans = sorted((text[c.start : c.end], c.type) for c in out)
    assert spans == [("农业银行杭州分行", "Organization"), ("杭州市电话局114查号台", "Organization"),
                     ("运城人民医院宣传科", "Organization")], spans


def test_schools_and_stations_the_model_reads_as_addresses_are_bodies():
    from extract.components.ner_model import place_or_body

    assert place_or_body("ADDR", "北京电视台") == "ORG" and place_or_body("ADDR", "美国耶鲁大学") == "ORG"
    assert place_or_body("ADDR", "王府井大街") == "ADDR" and place_or_body("ADDR", "希尔顿酒店") == "ADDR"


def test_a_model_body_before_a_title_stays_when_the_rules_read_no_body_there():
    text = "美国防部副防长林恩表示。龙岩市委书记张三说。"
    rules = [Candidate(0, 2, "Place", "美国", {}, "kg_places"), Candidate(4, 7, "Post", None, {}, "kg_posts"),
             Candidate(12, 16, "Organization", "龙岩市委", {}, "kg_orgs"), Candidate(16, 18, "Post", None, {}, "kg_posts")]
    body = Candidate(0, 4, "Organization", None, {"_model": "GOV"}, "kg_ner_model", 0.5)  # 美国防部
    post = Candidate(12, 18, "Post", None, {"_model": "POS"}, "kg_ner_model", 0.5)  # 龙岩市委书记
    assert ModelNER._respect_places(rules, [body, post], text) == [body]  # the rules build 龙岩市委 + 书记


def test_an_organisation_span_holding_a_verb_or_a_link_keeps_the_body_after_it_or_nothing():
    from extract.components.tokenizer import blank_zh, token_spans

    for text, span, want in (("日本组建太空作战司令部意味着", "日本组建太空作战司令部", "太空作战司令部"),
                             ("全省税务机关关于银行卡盗刷", "全省税务机关关于银行", None),
                             ("生态环境部土壤和地下水及固废防治技术委员会", "生态环境部土壤和地下水及固废防治技术委员会",
                              "生态环境部土壤和地下水及固废防治技术委员会"),
                             ("国家体育总局水上项目中心", "国家体育总局", "国家体育总局")):
        doc = blank_zh()(text)
        s = text.index(span)
        got = ModelNER._after_clause(text, s, s + len(span), token_spans(doc))
        assert (None if got is None else text[got : s + len(span)]) == want, (text, got)


def test_a_model_body_cut_from_a_word_that_runs_into_the_title_gives_way_to_the_rules():
    text = "时任浙江宁波地委书记王建国。伊朗石油部长哈桑宣布。"
    words = [(0, 2), (2, 4), (4, 6), (6, 10), (10, 13), (13, 14), (14, 16), (16, 20), (20, 23), (23, 25), (25, 26)]
    rules = [Candidate(4, 6, "Place", "宁波市", {}, "kg_places"), Candidate(8, 10, "Post", None, {}, "kg_posts"),
             Candidate(14, 16, "Place", "伊朗", {}, "kg_places"), Candidate(18, 20, "Post", None, {}, "kg_posts")]
    wenzhou = Candidate(4, 8, "Organization", None, {"_model": "GOV"}, "kg_ner_model", 0.5)  # 宁波地委|书记
    egypt = Candidate(14, 19, "Organization", None, {"_model": "ORG"}, "kg_ner_model", 0.5)  # 伊朗石油部|长
    assert ModelNER._respect_places(rules, [wenzhou, egypt], text, words) == [egypt]
