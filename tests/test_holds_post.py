"""kg_holds_post on invented sentences, through the real pipeline (extract_text)."""

from extract.nlp import extract_text


def _holds(text):
    x = extract_text(text)
    return x, [r for r in x.relations if r.type == "holds_post"]


def _args(rels):
    return {(r.args["person"], r.args["post"], r.args["of"]) for r in rels}


def test_general_secretary_is_a_post_of_the_central_committee():
    _, rels = _holds("习近平总书记指出,要把基层工作抓实。")
    assert ("习近平", "总书记", "中共中央") in _args(rels)


def test_manager_after_a_company_belongs_to_the_company():
    text = "青禾新材料科技有限公司总经理张建华说,今年订单增长。青禾新材料科技有限公司行政副总经理李明介绍了情况。"
    _, rels = _holds(text)
    ofs = {p: o for _, p, o in _args(rels)}
    assert ofs.get("总经理", "").endswith("有限公司")
    deputy = [o for p, o in ofs.items() if p.endswith("副总经理")]  # 行政副总经理: the title as written
    assert deputy and deputy[0].endswith("有限公司")


def test_party_body_and_place_before_a_bare_title():
    _, rels = _holds("1990年,时任浙江温州地委书记王建国深入基层调研。")
    got = _args(rels)
    assert any(p == "地委书记" and o and o.startswith("温州") for _, p, o in got), got


def test_honorific_title_repeats_the_post_held():
    x, rels = _holds("近日,大同市委书记张志强接受专访。专访中,张志强书记介绍了经验。")
    got = _args(rels)
    assert ("张志强", "市委书记", "大同市") in got
    assert not any(p == "书记" and o is None for _, p, o in got), got
    person = next(e for e in x.entities if e.type == "Person" and e.name == "张志强")
    assert "书记" not in person.attrs["posts"]


def test_evidence_covers_post_and_name_in_either_order():
    text = "习近平总书记指出,要抓落实。市委书记刘海涛主持会议。"
    x, rels = _holds(text)
    for r in rels:
        s, e = r.evidence
        span = text[s:e]
        assert e > s
        assert r.args["person"] in span and r.args["post"][-2:] in span, (span, r.args)


def test_former_post_names():
    from kg.ids import post_is_former, post_name

    assert post_is_former("中宣部原副部长") and post_is_former("原副市长")
    assert not post_is_former("太原市委书记") and not post_is_former("平原县县长")
    assert post_name("中共中央宣传部原副部长", None) == "中共中央宣传部副部长"
    assert post_name("原副部长", "中共中央宣传部") == "中共中央宣传部副部长"


def test_coordinated_posts_share_the_body_of_the_first():
    _, rels = _holds("总台记者专访了青州市委副书记、市长林国华。")
    got = _args(rels)
    assert ("林国华", "市委副书记", "青州市") in got, got
    assert ("林国华", "市长", "青州市") in got, got


def test_a_district_committee_written_with_its_level_letter_twice():
    x, rels = _holds("上海市委常委、浦东新区区委书记张立群出席。")
    assert ("张立群", "市委常委", "上海市") in _args(rels)
    assert ("张立群", "区委书记", "浦东新区") in _args(rels)
    assert not any(e.type == "Organization" and e.name == "区委" for e in x.entities)


def test_a_foreign_city_committee_and_a_company_legal_name_kept_whole():
    x, rels = _holds("会见由河内市委书记丁进勇率领的代表团，随后访问了深圳市腾讯计算机系统有限公司。")
    assert ("丁进勇", "市委书记", "河内") in _args(rels)
    assert any(e.type == "Organization" and e.name == "河内市委" for e in x.entities)
    assert any(e.type == "Enterprise" and e.name == "深圳市腾讯计算机系统有限公司" for e in x.entities)


def test_a_council_is_the_body_of_its_president():
    _, rels = _holds("国务院总理李强在新德里会见欧洲理事会主席米歇尔，双方就合作交换意见。")
    assert ("米歇尔", "主席", "欧洲理事会") in _args(rels)


def test_a_state_title_in_a_list_does_not_borrow_the_party_body_and_list_names_are_whole():
    x, rels = _holds("中共中央总书记、国家主席、中央军委主席习近平出席。市领导王毅、刘国中、杨洁篪、李长春、陈全国、陈希参加了会见。")
    got = _args(rels)
    assert ("习近平", "国家主席", "中共中央") not in got and ("习近平", "总书记", "中共中央") in got
    people = {e.name for e in x.entities if e.type == "Person"}
    assert {"刘国中", "杨洁篪", "李长春", "陈全国"} <= people, people  # 长春, 全国 inside a list item
    assert not any(e.type == "Place" for e in x.entities)
