"""One IRI per real-world entity across articles (kg/ids.py): persons keyed by the evidence of their
own posts, never by whatever place the article mentions. Real builds into Oxigraph on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import place_info
from kg import KnowledgeGraph
from kg.api import AmbiguousName
from kg.ids import person_iris
from kg.vocab import ID

# invented people and events in real cities
ARTICLES = {
    "a_changsha.txt": (
        "长沙市召开优化营商环境推进会\n\n2024-04-02 09:00 来源:长沙晚报\n\n"
        "长沙晚报讯(记者 周文涛) 4月1日,长沙市召开优化营商环境推进会。会议传达学习中共中央总书记林国栋的"
        "重要讲话精神。市委书记刘国平出席会议并讲话,市委副书记、市长陈建中主持会议。市领导马立新、赵红出席。"
        "企业代表何小梅在会上发言。\n"
    ),
    "b_changsha.txt": (
        "长沙市部署防汛工作\n\n2024-05-20 10:00 来源:长沙晚报\n\n"
        "长沙晚报讯 5月19日,长沙市召开防汛工作会议。市委书记刘国平主持会议并讲话。"
        "会议要求各区县做好防汛准备。\n"
    ),
    "c_chengdu.txt": (
        "成都市召开招商引资大会\n\n2024-06-11 08:30 来源:成都日报\n\n"
        "成都日报讯 6月10日,成都市召开招商引资大会。会议传达了国家主席林国栋致大会的贺信。"
        "市委书记刘国平出席会议并讲话,市长王海涛主持会议。企业代表何小梅在会上发言。\n"
    ),
    "d_wuhan.txt": (  # names without a post: unresolved nodes
        "武汉市召开干部大会\n\n2024-07-02 09:00 来源:长江日报\n\n"
        "长江日报讯 7月1日,武汉市召开干部大会。会议指出,要深入学习林国栋在座谈会上的讲话精神。王海涛、何小梅等参加会议。\n"
    ),
}


@pytest.fixture(scope="module")
def kg(tmp_path_factory) -> KnowledgeGraph:
    return _built(tmp_path_factory.mktemp("identity"))


def _built(d: Path) -> KnowledgeGraph:
    """ARTICLES written to d/src and built into the store d/store."""
    src = d / "src"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    g = KnowledgeGraph.open(d / "store")
    g.build([str(src)], workers=1)
    return g


def _persons_named(kg: KnowledgeGraph, name: str) -> dict[str, set[str]]:
    """Person IRI -> base names of the files whose articles mention it."""
    rows = kg.query(
        f"""SELECT DISTINCT ?p ?file WHERE {{
              ?p a kgo:Person ; rdfs:label "{name}"@zh .
              GRAPH ?art {{ ?a oa:hasBody ?p }} ?art dct:source ?file }}"""
    )
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["p"], set()).add(Path(r["file"]).name)
    return out


def test_same_name_same_city_merges(kg):
    people = _persons_named(kg, "刘国平")
    changsha = [iri for iri, files in people.items() if "a_changsha.txt" in files]
    assert len(changsha) == 1
    assert "b_changsha.txt" in people[changsha[0]]  # the same node in both Changsha articles
    assert changsha[0] == f"{ID}person/长沙市/刘国平"


def test_same_name_other_city_stays_apart(kg):
    people = _persons_named(kg, "刘国平")
    assert len(people) == 2, people  # Changsha's and Chengdu's party secretaries
    chengdu = [iri for iri, files in people.items() if "c_chengdu.txt" in files]
    assert len(chengdu) == 1 and "a_changsha.txt" not in people[chengdu[0]]


def test_national_leader_quoted_in_two_cities_is_one_node(kg):
    people = _persons_named(kg, "林国栋")
    assert people[f"{ID}person/中国/林国栋"] == {"a_changsha.txt", "c_chengdu.txt"}
    assert people[f"{ID}person/林国栋"] == {"d_wuhan.txt"}  # named without a post: unresolved
    assert len(people) == 2


def test_unresolved_person_is_linked_to_the_one_resolved_node_when_places_agree(kg):
    links = {(r["u"], r["r"]) for r in kg.query("SELECT ?u ?r WHERE { ?u kgo:likelySameAs ?r }")}
    assert (f"{ID}person/林国栋", f"{ID}person/中国/林国栋") in links  # a national leader
    # 王海涛 is Chengdu's mayor, but the Wuhan article does not mention Chengdu; 何小梅 has no resolved node
    assert not any(u in (f"{ID}person/王海涛", f"{ID}person/何小梅") for u, _ in links), links


def test_person_without_post_is_one_unresolved_node(kg):
    people = _persons_named(kg, "何小梅")  # no post in either article: not keyed by the article's city
    assert list(people) == [f"{ID}person/何小梅"], people
    assert kg.query(f"ASK {{ <{ID}person/何小梅> kgo:unresolved true }}")
    assert not kg.query(f"ASK {{ <{ID}person/长沙市/刘国平> kgo:unresolved ?x }}")
    assert kg.query(f"ASK {{ <{ID}person/长沙市/刘国平> kgo:jurisdiction/rdfs:label \"长沙市\"@zh }}")


def test_reporter_is_a_person_of_the_outlet(kg):
    assert set(_persons_named(kg, "周文涛")) == {f"{ID}person/长沙晚报/周文涛"}
    rows = kg.query("SELECT ?p WHERE { ?a schema:author ?p }")
    assert {r["p"] for r in rows} == {f"{ID}person/长沙晚报/周文涛"}


def test_entity_with_a_shared_name_warns_and_lists_candidates(kg):
    with pytest.warns(AmbiguousName):
        e = kg.entity("刘国平")
    assert e["iri"] == f"{ID}person/长沙市/刘国平"  # the most-mentioned: two articles
    assert e["candidates"] == [f"{ID}person/长沙市/刘国平", f"{ID}person/成都市/刘国平"]
    assert kg.entity("何小梅")["attributes"]["unresolved"] is True
    assert kg.entity(f"{ID}person/成都市/刘国平")["label"] == "刘国平"


def test_record_keys_follow_posts_not_the_article_place():
    def rec(persons, relations, source=None, reporters=()):
        return {"doc": "x.txt", "article": 0, "source": source, "reporters": list(reporters),
                "entities": [{"type": "Person", "name": n, "posts": p, "jurisdiction": "雅典"} for n, p in persons]
                + [{"type": "Place", "name": "美国", "level": "country"}],
                "relations": [{"type": "holds_post", "person": n, "post": post, "of": of} for n, post, of in relations]}

    ids = person_iris(rec([("甲乙丙", ["国务院副总理"]), ("丁戊", ["美国总统"]), ("己庚", None), ("辛壬", ["总理"]),
                           ("癸子", ["株洲市委书记"]), ("丑寅", ["某某科技有限公司董事长"])],
                          [("甲乙丙", "副总理", "国务院"), ("丁戊", "总统", "美国"), ("辛壬", "总理", None),
                           ("癸子", "市委书记", "株洲市"), ("丑寅", "董事长", "某某科技有限公司")]))
    assert ids["甲乙丙"] == f"{ID}person/中国/甲乙丙"  # a national post: under 中国
    assert ids["丁戊"] == f"{ID}person/美国/丁戊"  # a foreign head of state: under the country
    assert ids["己庚"] == f"{ID}person/己庚"  # no post: unresolved, not 雅典
    assert ids["辛壬"] == f"{ID}person/中国/辛壬"  # 总理 with no other body named
    assert ids["癸子"].endswith("/person/株洲市/癸子")
    assert ids["丑寅"] == f"{ID}person/某某科技有限公司/丑寅"  # a post of a body with no place
    # a title read alone whose full name names a foreign country: under that country, not 中国
    foreign = person_iris(rec([("未申", ["越南国家主席"]), ("酉戌", ["巴基斯坦总理"])],
                              [("未申", "国家主席", None), ("酉戌", "总理", None)]), place_info)
    assert foreign == {"未申": f"{ID}person/越南/未申", "酉戌": f"{ID}person/巴基斯坦/酉戌"}
    staff = person_iris(rec([("卯辰", None)], [], source="某某日报", reporters=["卯辰", "巳午"]))
    assert staff == {"卯辰": f"{ID}person/某某日报/卯辰", "巳午": f"{ID}person/某某日报/巳午"}


def test_places_are_one_node_across_articles(kg):
    rows = kg.query('SELECT DISTINCT ?p WHERE { ?p rdfs:label "长沙市"@zh }')
    assert len(rows) == 1
    assert rows[0]["p"].endswith("/430100")  # keyed by the administrative code


def test_national_office_holders_are_one_person_across_cities():
    from kg.ids import entity_iri

    a = entity_iri({"type": "Person", "name": "王大明", "jurisdiction": "龙岩市", "posts": ["总书记"]})
    b = entity_iri({"type": "Person", "name": "王大明", "jurisdiction": "运城市", "posts": ["国务院副总理"]})
    c = entity_iri({"type": "Person", "name": "王大明", "jurisdiction": "运城市", "posts": ["运城市委书记"]})
    assert a == b and a.endswith("/person/中国/王大明")
    assert c != a


def test_removing_an_article_removes_only_what_it_alone_described(tmp_path):
    g = _built(tmp_path)
    src = tmp_path / "src"
    ent = "https://w3id.org/govkg/graph/entities"

    def described() -> set[tuple[str, str, str]]:
        return {(r["s"], r["p"], str(r["o"])) for r in g.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ent}> {{ ?s ?p ?o }} }}")}

    full = described()
    assert (f"{ID}person/成都市/王海涛", "http://www.w3.org/2000/01/rdf-schema#label", "王海涛") in full
    assert g.query("ASK { ?u kgo:likelySameAs ?r }")
    assert g.remove(str(src / "c_chengdu.txt")) == 1
    after = described()
    assert not any(s == f"{ID}person/成都市/王海涛" for s, _, _ in after)  # only Chengdu's article knew him
    assert any(s == f"{ID}person/长沙市/刘国平" for s, _, _ in after)
    assert any(s == f"{ID}person/中国/林国栋" for s, _, _ in after)  # still quoted in Changsha
    assert g.query(f"ASK {{ <{ID}person/林国栋> kgo:likelySameAs <{ID}person/中国/林国栋> }}")
    g.close()
    # the same as a store built without that article
    (src / "c_chengdu.txt").unlink()
    h = KnowledgeGraph.open(tmp_path / "store2")
    h.build([str(src)], workers=1)
    assert {(r["s"], r["p"], str(r["o"])) for r in h.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ent}> {{ ?s ?p ?o }} }}")} == after


def test_a_post_held_now_keys_a_person_before_a_past_one():
    rec = {"doc": "x.txt", "article": 0, "date": "2024-05-01",
           "entities": [{"type": "Person", "name": "甲乙", "posts": ["上海市委书记", "浙江省委书记"]}],
           "relations": [{"type": "holds_post", "person": "甲乙", "post": "市委书记", "of": "上海市", "tense": "past"},
                         {"type": "holds_post", "person": "甲乙", "post": "省委书记", "of": "浙江省"}]}
    assert person_iris(rec, place_info) == {"甲乙": f"{ID}person/浙江省/甲乙"}
    from kg.rdf import record_to_quads

    asof = {str(q.subject.value) for q in record_to_quads(rec, places=place_info)
            if q.predicate.value.endswith("#asOf")}
    former = {str(q.subject.value) for q in record_to_quads(rec, places=place_info)
              if q.predicate.value.endswith("#former")}
    assert len(asof) == 1 and len(former) == 1 and not asof & former  # a past post proves nothing as of the date
