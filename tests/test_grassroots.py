"""Local governance below the county: villages, their party branches and who heads them.

The sentences are written for these tests; the places are real divisions of China (general knowledge
from the gazetteer), the people invented.
"""

from __future__ import annotations

from extract.model import Article
from extract.nlp import extract_article
from extract.offsets import OffsetText


def extract_text(text: str):
    """Document mode (the product's mode) on a short text of our own."""
    art = Article(doc="-", index=0, body=OffsetText.identity(text), original=text, extra={"line_mode": False})
    return extract_article(art)


def _places(x):
    return {e.name: e for e in x.entities if e.type == "Place"}


def _posts(x):
    return {(r.args["person"], r.args["post"], r.args["of"]) for r in x.relations if r.type == "holds_post"}


def test_a_village_is_its_own_place_under_its_township():
    x = extract_text("上海市嘉定区华亭镇毛桥村的村民今年种下了新品种。")
    places = _places(x)
    assert places["毛桥村"].attrs["level"] == "village"
    assert places["毛桥村"].attrs["parent"] == "华亭镇"
    assert "华亭镇" in places and places["华亭镇"].attrs["level"] == "township"
    located = {(r.args["child"], r.args["parent"]) for r in x.relations if r.type == "located_in"}
    assert ("毛桥村", "华亭镇") in located and ("华亭镇", "嘉定区") in located


def test_a_village_the_gazetteer_does_not_list_follows_its_township():
    x = extract_text("记者来到嘉定区华亭镇石榴湾村，看到新修的道路。全村都在忙。")
    places = _places(x)
    assert places["石榴湾村"].attrs["parent"] == "华亭镇"
    assert "全村" not in places


def test_containment_goes_to_the_nearest_ancestor_the_article_names():
    # the article skips the prefecture: the county lies in the province it names
    x = extract_text("福建省大田县今年新修道路一百公里。")
    located = {(r.args["child"], r.args["parent"]) for r in x.relations if r.type == "located_in"}
    assert ("大田县", "福建省") in located and not any(c == "大田县" and p == "三明市" for c, p in located)


def test_a_county_named_inside_its_committee_is_a_place_of_the_article():
    x = extract_text("福建省大田县委组织部近日召开会议，部署换届工作。")
    assert "大田县" in _places(x)
    assert any(e.type == "Organization" and e.name.startswith("大田县委") for e in x.entities)


def test_a_post_taken_up_by_a_verb_of_appointment():
    x = extract_text("去年，退伍军人李建民当上了村党支部书记。李建民说，要带着村民修路。")
    assert any(p == "李建民" and post.endswith("书记") for p, post, _of in _posts(x)), _posts(x)


def test_a_department_in_a_list_of_posts_belongs_to_the_list_body():
    x = extract_text("福建省三明市委常委、组织部部长王一凡出席会议。")
    posts = _posts(x)
    assert ("王一凡", "市委常委", "三明市") in posts, posts
    assert any(p == "王一凡" and post == "组织部部长" for p, post, _of in posts), posts


def test_a_branch_title_takes_the_village_before_it():
    x = extract_text("上海市嘉定区华亭镇毛桥村党总支书记李春明说，今年收成好。")
    assert ("李春明", "党总支书记", "毛桥村") in _posts(x), _posts(x)


def test_who_spoke_at_a_meeting_took_part_in_it():
    x = extract_text("3月5日，福建省大田县召开乡村振兴工作会。在大田县乡村振兴工作会上，县委书记王一凡说，要把产业做实。")
    events = {e.name for e in x.entities if e.type == "Event"}
    assert any(n.endswith("乡村振兴工作会") for n in events), events
    parts = {(r.args["person"], r.attrs.get("role")) for r in x.relations if r.type == "participant"}
    assert ("王一凡", "讲话") in parts, parts


def test_a_post_held_before_is_marked_past():
    x = extract_text("时任福建省大田县委书记王一凡主持会议。福建省三明市市长李建国出席。")
    tense = {r.args["person"]: r.attrs.get("tense") for r in x.relations if r.type == "holds_post"}
    assert tense == {"王一凡": "past", "李建国": None}, tense


def test_a_township_party_committee_named_only_in_a_title_is_part_of_the_title():
    only_title = extract_text("上海市嘉定区华亭镇党委书记李春明说，今年收成好。")
    assert not any(e.type == "Organization" for e in only_title.entities), only_title.entities
    assert any(r.args["person"] == "李春明" for r in only_title.relations if r.type == "holds_post")
    spoken_of = extract_text("上海市嘉定区华亭镇党委近日召开会议。华亭镇党委书记李春明主持。")
    assert any(e.type == "Organization" and e.name == "华亭镇党委" for e in spoken_of.entities), spoken_of.entities


def test_an_unquoted_campaign_after_a_launching_verb():
    x = extract_text("去年起，福建省大田县全面实行村级财务公开专项整治，还开展整改整治工作。")
    programs = {e.name for e in x.entities if e.type == "Program"}
    assert any(p.startswith("村级财务公开") for p in programs), programs
    assert not any(p.startswith("整改") for p in programs), programs


def test_a_branch_secretary_is_named_after_the_title_even_when_words_run_across_it():
    # the segmenter cuts 党总支|书记 (支书, a title itself, runs across the cut); 支 there counts nobody
    x = extract_text("青石村党总支书记王秀兰说，今年村里修了路。")
    assert "王秀兰" in {e.name for e in x.entities if e.type == "Person"}, x.entities
    counted = extract_text("全县组建了三支专家队伍，一批专家下乡。")
    assert not any(e.type == "Person" for e in counted.entities), counted.entities


def test_same_named_towns_of_two_counties_are_two_places_and_one_town_is_one(tmp_path):
    from extract import extract_document
    from extract.reading import read_documents
    from kg.ids import entity_iri

    texts = {"a.txt": "标题：长沙县见闻\n\n　　湖南省长沙县高桥镇今年新修了道路。\n",
             "b.txt": "标题：徽县见闻\n\n　　甘肃省徽县高桥镇今年新修了道路。\n",
             "c.txt": "标题：长沙县又见闻\n\n　　长沙县高桥镇的茶叶今年丰收。\n"}
    iris = {}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        (doc,) = read_documents([str(tmp_path / name)], lambda n, r: None)
        (rec,) = extract_document(doc)
        (town,) = [e for e in rec["entities"] if e["type"] == "Place" and e["name"] == "高桥镇"]
        iris[name] = entity_iri(town)
    assert iris["a.txt"] != iris["b.txt"]
    assert iris["a.txt"] == iris["c.txt"]


def test_villages_of_the_gazetteer_in_sentences_we_write():
    """Twenty villages drawn evenly from the gazetteer, each in an address chain of our own sentence."""
    from extract.components.gazetteer import gazetteer

    g = gazetteer()
    townships = sorted(t for t in g.villages_of if g.places[t].parent is not None)
    picked = []
    for t in townships[:: max(1, len(townships) // 20)][:20]:
        village = next((v for v in g.villages_of[t].split("\t") if len(v) >= 3 and v.endswith("村")), None)
        if village:
            picked.append((t, village))
    found = 0
    for t, village in picked:
        chain = "".join(g.places[a].name for a in reversed(g.ancestors(t)) if g.places[a].name != "中国")
        x = extract_text(f"记者近日来到{chain}{g.places[t].name}{village}，看到新修的道路通到家门口。")
        hit = _places(x).get(village)
        found += hit is not None and hit.attrs.get("level") == "village" and bool(hit.attrs.get("within_code"))
    assert len(picked) >= 15 and found >= 0.9 * len(picked), (found, len(picked))


def test_a_section_before_its_head_title_belongs_to_the_post():
    x = extract_text("浙江省水利厅办公室主任王一凡说，路修好了。福建省公安厅办公室近日召开会议。")
    orgs = {e.name for e in x.entities if e.type == "Organization"}
    assert "浙江省水利厅" in orgs and "浙江省水利厅办公室" not in orgs, orgs
    assert "福建省公安厅办公室" in orgs  # a section spoken of as such stays a body
    posts = {(r.args["person"], r.args["post"]) for r in x.relations if r.type == "holds_post"}
    assert any(p == "王一凡" and post.endswith("办公室主任") for p, post in posts), posts
