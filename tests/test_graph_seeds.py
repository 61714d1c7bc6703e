"""The seed graph over SPARQL: articles, posts, one node per place, containment, events, money, SHACL."""

from __future__ import annotations

import pytest

from kg.store import GraphStore


@pytest.fixture(scope="module")
def store(seed_store):
    s = GraphStore(seed_store, read_only=True)
    yield s


def one(store: GraphStore, q: str):
    rows = store.select(q)
    assert len(rows) == 1, rows
    return next(iter(rows[0].values()))


def test_eleven_news_articles(store):
    assert one(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }") == 11


def test_every_article_is_a_named_graph_holding_its_facts(store):
    rows = store.select("SELECT DISTINCT ?a WHERE { GRAPH ?a { ?a a schema:NewsArticle } }", union=False)
    assert len(rows) == 11


def test_posts_held_inside_article_graphs(store):
    n = one(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p org:holds ?post } ?post org:postIn ?o }")
    assert n >= 30


def test_one_node_for_longyan_mentioned_in_two_articles(store):
    rows = store.select('SELECT DISTINCT ?e WHERE { ?e rdfs:label "龙岩市"@zh }')
    assert len(rows) == 1
    e = rows[0]["e"]
    arts = one(store, f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?a oa:hasBody <{e}> ; oa:hasTarget ?t }} }}")
    assert arts >= 2


def test_county_city_province_containment(store):
    assert store.query(
        """ASK { ?w rdfs:label "武平县"@zh ; schema:containedInPlace+ ?l .
                 ?l rdfs:label "龙岩市"@zh ; schema:containedInPlace+ ?f .
                 ?f rdfs:label "福建省"@zh }"""
    )


def test_dated_events(store):
    assert one(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event ; schema:startDate ?d }") >= 15


def test_investment_as_a_monetary_amount(store):
    rows = store.select(
        "SELECT ?v ?c WHERE { ?x a schema:MonetaryAmount ; schema:value ?v ; schema:currency ?c }"
    )
    assert any(r["v"] == 12000000000 and r["c"] == "CNY" for r in rows), rows


def test_mentions_point_into_the_original_files(store, tmp_path):
    from conftest import SEEDS

    rows = store.select(
        """SELECT ?src ?s ?e ?exact WHERE {
             ?a a oa:Annotation ; oa:hasTarget ?t . ?art dct:source ?src .
             BIND(xsd:integer(STRBEFORE(STRAFTER(STR(?t), "#char="), ",")) AS ?s)
             BIND(xsd:integer(STRAFTER(STRAFTER(STR(?t), "#char="), ",")) AS ?e)
             FILTER(STRSTARTS(STR(?t), CONCAT(STR(?art), "#char=")))
             ?t rdf:value ?exact } LIMIT 300"""
    )  # the spans whose printed text differs from the name (an alias, traditional script): each checked
    checked = 0
    for r in rows:
        text = (SEEDS / r["src"]).read_text(encoding="utf-8")
        assert text[r["s"] : r["e"]] == r["exact"]
        checked += 1
    assert checked >= 100


def test_seed_graph_is_shacl_clean(store):
    import pyoxigraph as ox

    from kg.rdf import validate_shapes
    from kg.vocab import META_GRAPH, ONTOLOGY_GRAPH

    quads = [
        q
        for q in store.store.quads_for_pattern(None, None, None)
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in (ONTOLOGY_GRAPH, META_GRAPH)
    ]
    conforms, report = validate_shapes(quads)
    assert conforms, report[:3000]
