"""The Python API (kg/api.py) on a real store: the seed graph, or the bundled examples when shared/ is absent."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from conftest import EXAMPLES, SEEDS

from kg.api import KnowledgeGraph
from kg.vocab import ID


@pytest.fixture(scope="module")
def store_path(request) -> Path:
    return request.getfixturevalue("seed_store" if SEEDS.exists() else "example_store")


@pytest.fixture(scope="module")
def kg(store_path):
    graph = KnowledgeGraph.open(store_path, read_only=True)
    graph.sources = [str(SEEDS if SEEDS.exists() else EXAMPLES)]
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def holding(kg) -> tuple[str, str]:
    """(person IRI, post IRI) of the holds fact with an evidence span stated by the most articles."""
    rows = kg.query("""SELECT ?p ?q (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {
                         ?r rdf:reifies <<( ?p org:holds ?q )>> ; kgo:evidence ?span } }
                       GROUP BY ?p ?q ORDER BY DESC(?n) ?p ?q LIMIT 1""")
    assert rows, "the graph has no org:holds fact with evidence"
    return rows[0]["p"], rows[0]["q"]


def test_query_rows_ask_construct(kg):
    rows = kg.query("SELECT DISTINCT ?e ?l WHERE { ?e a kgo:Person ; rdfs:label ?l }")
    assert rows and all(set(r) == {"e", "l"} and r["e"].startswith(ID) for r in rows)
    assert kg.query("ASK { ?p org:holds ?post }") is True
    assert kg.query("ASK { ?p org:holds <https://example.org/none> }") is False
    triples = kg.query("CONSTRUCT { ?a schema:containedInPlace ?b } WHERE { ?a schema:containedInPlace ?b }")
    assert triples and all(p == "https://schema.org/containedInPlace" for _, p, _ in triples)
    assert len(kg) > 1000


def test_query_as_dataframe(kg):
    pd = pytest.importorskip("pandas")
    sparql = f'SELECT DISTINCT ?e ?t WHERE {{ ?e a ?t FILTER(STRSTARTS(STR(?e), "{ID}")) }}'
    df = kg.query_df(sparql)
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["e", "t"]
    assert len(df) == len(kg.query(sparql)) and len(kg.query(sparql, as_frame=True)) == len(df)


def test_find_and_entity(kg, holding):
    person, post = holding
    e = kg.entity(person)
    assert e["iri"] == person and e["type"] == "Person" and e["label"]
    assert person in kg.find(e["label"]) and kg.find(e["label"], type="Person")[0:1]
    assert kg.find(person) == [person] and kg.find("不存在的名字") == []
    assert e["attributes"]["n_articles"] >= 1
    holds = [f for f in e["facts"] if f["relation"] == "holds"]
    assert any(f["other"] == post and f["direction"] == "out" and f["other_type"] == "Post" for f in holds)
    assert all(f["weight"] == len(f["articles"]) >= 1 for f in e["facts"])
    by_name = kg.entity(kg.entity(post)["label"], type="Post")
    assert by_name["iri"] == post and any(f["relation"] == "holds" and f["direction"] == "in" for f in by_name["facts"])
    with pytest.raises(KeyError):
        kg.entity("不存在的名字")


def test_entity_aliases_and_attributes(kg):
    rows = kg.query("SELECT ?e ?a WHERE { ?e skos:altLabel ?a ; a kgo:Place } ORDER BY ?e ?a LIMIT 1") or \
        kg.query("SELECT ?e ?a WHERE { ?e skos:altLabel ?a } ORDER BY ?e ?a LIMIT 1")
    e = kg.entity(rows[0]["e"])
    assert rows[0]["a"] in e["aliases"] or rows[0]["a"] == e["label"]
    assert rows[0]["e"] in kg.find(rows[0]["a"])  # found by its alias too
    level = kg.query("SELECT ?e ?lv WHERE { ?e kgo:level ?lv } ORDER BY ?e LIMIT 1")[0]
    assert kg.entity(level["e"])["attributes"]["level"] == level["lv"]


def test_neighbors(kg, holding):
    person, post = holding
    out = kg.neighbors(person, "holds")
    assert post in {n["iri"] for n in out} and all(n["relation"] == "holds" for n in out)
    assert kg.neighbors(person, "holds_post", direction="out") == out  # the contract's name works too
    assert person in {n["iri"] for n in kg.neighbors(post, "holds", direction="in")}
    assert kg.neighbors(person, "holds", direction="in") == []
    assert len(kg.neighbors(person)) >= len(out)
    with pytest.raises(ValueError):
        kg.neighbors(person, direction="sideways")


def test_provenance_of_an_entity(kg, holding):
    person, _ = holding
    rows = kg.provenance(person)
    assert rows and all(r["kind"] == "mention" and r["start"] < r["end"] and r["file"] for r in rows)
    articles = {r["g"] for r in kg.query("SELECT ?g WHERE { GRAPH ?g { ?g a kgo:Article } }")}
    assert {r["article"] for r in rows} <= articles
    quoted = [r for r in rows if "sentence" in r]
    assert quoted, "sources were given: sentences expected"
    for r in quoted:  # the sentence holds the mention as printed (offsets into the original text)
        assert r["text"] in r["sentence"]


def test_provenance_of_a_fact(kg, holding):
    person, post = holding
    rows = kg.provenance((person, "holds", post))
    assert rows and all(r["kind"] == "evidence" and r["title"] for r in rows)
    spans = [r for r in rows if r["start"] is not None]
    assert spans and all(r["start"] < r["end"] for r in spans)
    assert any("sentence" in r for r in spans)
    label = kg.entity(post)["label"]
    assert kg.provenance((person, "holds_post", label)) == rows  # names and contract relation names work
    with pytest.raises(KeyError):
        kg.provenance((person, "holds", person))


def test_views_and_exports(kg, tmp_path):
    data = kg.graph_data()
    assert kg.graph_data() is data  # cached
    g = kg.to_networkx()
    assert isinstance(g, nx.MultiDiGraph) and g.number_of_nodes() > 20
    op = kg.to_networkx("officials-places", min_weight=1)
    assert {d for _, d in op.nodes(data="bipartite")} == {0, 1}
    w = kg.export_graphml(tmp_path / "e.graphml", types=["Person", "Post"])
    assert nx.read_graphml(tmp_path / "e.graphml").number_of_nodes() == w.number_of_nodes() > 0
    w = kg.export_gexf(tmp_path / "c.gexf", view="comention")
    assert nx.read_gexf(tmp_path / "c.gexf").number_of_edges() == w.number_of_edges() > 0
    kg.export_csv(tmp_path / "pp", view="programs-places")
    assert (tmp_path / "pp.nodes.csv").read_text(encoding="utf-8").startswith("id,label,type")
    assert (tmp_path / "pp.edges.csv").stat().st_size > 0


def test_open_build_remove_close(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        stats = kg.build(EXAMPLES, workers=1)
        assert stats.read >= 3 and stats.articles >= 3 and kg.sources == [str(EXAMPLES)]
        n = len(kg.query("SELECT ?a WHERE { GRAPH ?a { ?a a kgo:Article } }"))
        before = kg.to_networkx().number_of_nodes()
        first = sorted(p for p in EXAMPLES.iterdir() if p.is_file())[0]
        assert kg.remove(str(first)) >= 1
        assert len(kg.query("SELECT ?a WHERE { GRAPH ?a { ?a a kgo:Article } }")) < n
        assert kg.to_networkx().number_of_nodes() <= before  # the view cache was dropped
        assert kg.build([EXAMPLES], workers=1).articles >= 1  # the removed file comes back
    memory = KnowledgeGraph.open()
    assert len(memory) == 0 and memory.query("ASK { ?s ?p ?o }") is False


def test_every_reifier_has_confidence_and_extractor(kg):
    rows = kg.query("""SELECT (COUNT(?r) AS ?n) (COUNT(?c) AS ?with_c) (COUNT(?x) AS ?with_x) WHERE { GRAPH ?g {
                         ?r rdf:reifies ?t OPTIONAL { ?r kgo:confidence ?c } OPTIONAL { ?r kgo:extractor ?x } } }""")
    n = rows[0]["n"]
    assert n > 0 and rows[0]["with_c"] == n and rows[0]["with_x"] == n, rows
    confs = kg.query("SELECT DISTINCT ?c WHERE { ?r kgo:confidence ?c }")
    assert all(0 <= r["c"] <= 1 for r in confs)
    assert all(r["x"].startswith("kg-gov-news ") for r in kg.query("SELECT DISTINCT ?x WHERE { ?r kgo:extractor ?x }"))


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_kg_query_prints_triple_terms(store_path, fmt):
    import subprocess
    import sys

    q = "SELECT ?r ?t WHERE { GRAPH ?g { ?r rdf:reifies ?t } } LIMIT 3"
    cp = subprocess.run([sys.executable, "-m", "kg", "query", "--store", str(store_path), "--format", fmt, q],
                        capture_output=True, text=True, timeout=120)
    assert cp.returncode == 0, cp.stderr
    assert "<<( <https://w3id.org/govkg/id/" in cp.stdout and "Traceback" not in cp.stderr


def test_entity_label_is_the_canonical_name_not_an_alias(kg):
    rows = kg.query("""SELECT ?e ?l ?a WHERE { ?e a kgo:Place ; rdfs:label ?l ; skos:altLabel ?a
                       FILTER(STRLEN(?a) < STRLEN(?l)) } LIMIT 5""")
    assert rows, "no place with a shorter alias"
    for r in rows:
        e = kg.entity(r["e"])
        assert e["label"] == r["l"] and r["a"] in e["aliases"]


def test_kg_validate_runs_the_shapes(store_path, tmp_path):
    import shutil
    import subprocess
    import sys

    import pyoxigraph as ox

    cp = subprocess.run([sys.executable, "-m", "kg", "validate", "--store", str(store_path), "--articles", "3"],
                        capture_output=True, text=True, timeout=600)
    assert cp.returncode == 0, cp.stdout[-3000:] + cp.stderr
    assert "Conforms: True" in cp.stdout
    bad = tmp_path / "bad"
    shutil.copytree(store_path, bad)
    st = ox.Store(str(bad))
    st.update("""INSERT DATA { GRAPH <https://w3id.org/govkg/graph/entities> {
        <https://w3id.org/govkg/id/place/X> a <https://w3id.org/govkg/ontology#Place> ;
            <https://w3id.org/govkg/ontology#adminCode> "not a code" } }""")
    st.flush()
    del st
    cp = subprocess.run([sys.executable, "-m", "kg", "validate", "--store", str(bad), "--articles", "1"],
                        capture_output=True, text=True, timeout=600)
    assert cp.returncode == 1 and "Conforms: False" in cp.stdout and "place/X" in cp.stdout, cp.stdout[-2000:]


def test_dct_source_is_the_path_as_given(kg):
    files = {r["f"] for r in kg.query("SELECT DISTINCT ?f WHERE { ?a dct:source ?f }")}
    assert files and all("/" in f for f in files), files  # not the base name alone
