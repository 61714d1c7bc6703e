"""One IRI per real-world entity across articles (kg/ids.py): both directions of the person rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import KnowledgeGraph

ARTICLES = {
    "a_changsha.txt": (
        "长沙市召开优化营商环境推进会\n\n2024-04-02 09:00 来源:长沙晚报\n\n"
        "长沙晚报讯 4月1日,长沙市召开优化营商环境推进会。市委书记刘国平出席会议并讲话,"
        "市委副书记、市长陈建中主持会议。市领导马立新、赵红出席。\n"
    ),
    "b_changsha.txt": (
        "长沙市部署防汛工作\n\n2024-05-20 10:00 来源:长沙晚报\n\n"
        "长沙晚报讯 5月19日,长沙市召开防汛工作会议。市委书记刘国平主持会议并讲话。"
        "会议要求各区县做好防汛准备。\n"
    ),
    "c_chengdu.txt": (
        "成都市召开招商引资大会\n\n2024-06-11 08:30 来源:成都日报\n\n"
        "成都日报讯 6月10日,成都市召开招商引资大会。市委书记刘国平出席会议并讲话,"
        "市长王海涛主持会议。\n"
    ),
}


@pytest.fixture(scope="module")
def kg(tmp_path_factory) -> KnowledgeGraph:
    d: Path = tmp_path_factory.mktemp("identity")
    src = d / "src"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    g = KnowledgeGraph.open(d / "store")
    g.build([str(src)], workers=1)
    return g


def _persons_named(kg: KnowledgeGraph, name: str) -> dict[str, set[str]]:
    rows = kg.query(
        f"""SELECT DISTINCT ?p ?file WHERE {{
              ?p a kgo:Person ; rdfs:label "{name}"@zh .
              GRAPH ?art {{ ?a oa:hasBody ?p }} ?art dct:source ?file }}"""
    )
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["p"], set()).add(r["file"])
    return out


def test_same_name_same_city_merges(kg):
    people = _persons_named(kg, "刘国平")
    changsha = [iri for iri, files in people.items() if "a_changsha.txt" in files]
    assert len(changsha) == 1
    assert "b_changsha.txt" in people[changsha[0]]  # the same node in both Changsha articles


def test_same_name_other_city_stays_apart(kg):
    people = _persons_named(kg, "刘国平")
    assert len(people) == 2, people  # Changsha's and Chengdu's party secretaries
    chengdu = [iri for iri, files in people.items() if "c_chengdu.txt" in files]
    assert len(chengdu) == 1 and "a_changsha.txt" not in people[chengdu[0]]


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
