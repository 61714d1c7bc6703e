"""The SPARQL endpoint's routes through Flask's test client, over a real Oxigraph store on disk."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.vocab import ID
from serve.app import create_app
from serve.protocol import add_using, has_dataset_clause, query_form

A1 = "https://w3id.org/govkg/article/a1"
A2 = "https://w3id.org/govkg/article/a2"
WANG = ID + "person/某市/王小明"
LI = ID + "person/某市/李四"
TOKEN = "s3cret"

TRIG = f"""
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix kgo: <https://w3id.org/govkg/ontology#> .
<{A1}> {{
  <{A1}> schema:headline "市委召开常委会议"@zh ; schema:datePublished "2024-01-02" .
  <{WANG}> a kgo:Person ; rdfs:label "王小明"@zh ; org:holds <{ID}post/某市委书记> .
  <{ID}post/某市委书记> a org:Post ; rdfs:label "某市委书记"@zh ; org:postIn <{ID}organization/某市委> .
  <{ID}organization/某市委> a org:Organization ; rdfs:label "某市委"@zh .
  <{ID}place/430200> a schema:Place ; rdfs:label "某市"@zh .
  <{A1}#m1> a oa:Annotation ; oa:hasBody <{WANG}> ;
     oa:hasTarget [ a oa:SpecificResource ; oa:hasSource <{A1}> ;
       oa:hasSelector [ a oa:TextPositionSelector ; oa:start 10 ; oa:end 13 ] ,
                      [ a oa:TextQuoteSelector ; oa:exact "王小明" ] ] .
}}
<{A2}> {{
  <{LI}> a kgo:Person ; rdfs:label "李四"@zh .
}}
"""

PEOPLE = "SELECT ?l WHERE { ?p a kgo:Person ; rdfs:label ?l } ORDER BY ?l"


def make_store(path) -> str:
    store = ox.Store(str(path))
    store.load(TRIG.encode(), ox.RdfFormat.TRIG)
    store.flush()
    del store
    return str(path)


@pytest.fixture()
def app(tmp_path):
    app = create_app(make_store(tmp_path / "store"), update_token=TOKEN, cors="https://example.org",
                     max_body=100_000, log_requests=True)
    yield app
    app.extensions["kg_backend"].close()


@pytest.fixture()
def client(app):
    return app.test_client()


def labels(resp) -> list[str]:
    assert resp.status_code == 200, resp.data
    return [b["l"]["value"] for b in resp.get_json()["results"]["bindings"]]


AUTH = {"Authorization": f"Bearer {TOKEN}"}


# -- queries ---------------------------------------------------------------------------------------


def test_get_query_defaults_to_sparql_json_over_the_union_of_named_graphs(client):
    resp = client.get("/sparql", query_string={"query": PEOPLE})
    assert resp.mimetype == "application/sparql-results+json"
    assert labels(resp) == ["李四", "王小明"]  # facts from both article graphs


def test_post_form_and_direct_queries(client):
    assert labels(client.post("/sparql", data={"query": PEOPLE})) == ["李四", "王小明"]
    resp = client.post("/sparql", data=PEOPLE.encode(), content_type="application/sparql-query; charset=utf-8")
    assert labels(resp) == ["李四", "王小明"]


def test_default_graph_uri_and_from_restrict_the_dataset(client):
    resp = client.get("/sparql", query_string={"query": PEOPLE, "default-graph-uri": A2})
    assert labels(resp) == ["李四"]
    from_query = PEOPLE.replace("WHERE", f"FROM <{A1}> WHERE")
    assert labels(client.get("/sparql", query_string={"query": from_query})) == ["王小明"]
    q = "SELECT ?l WHERE { GRAPH ?g { ?p a kgo:Person ; rdfs:label ?l } }"
    resp = client.post("/sparql", data={"query": q, "named-graph-uri": A1})
    assert labels(resp) == ["王小明"]


@pytest.mark.parametrize("accept,mime", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv", "text/csv"),
])
def test_select_results_in_each_format(client, accept, mime):
    resp = client.get("/sparql", query_string={"query": PEOPLE}, headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.mimetype == mime
    text = resp.data.decode("utf-8")
    if mime.endswith("json"):
        got = [b["l"]["value"] for b in json.loads(text)["results"]["bindings"]]
    elif mime.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        got = [e.text for e in ET.fromstring(text).iter(ns + "literal")]
    elif mime == "text/csv":
        got = [row["l"] for row in csv.DictReader(io.StringIO(text))]
    else:
        got = [line.split("@")[0].strip('"') for line in text.splitlines()[1:]]
    assert got == ["李四", "王小明"]


def test_format_parameter_overrides_accept(client):
    resp = client.get("/sparql", query_string={"query": PEOPLE, "format": "csv"}, headers={"Accept": "text/turtle"})
    assert resp.mimetype == "text/csv"
    assert "王小明" in resp.data.decode()


@pytest.mark.parametrize("mime", [
    "text/turtle", "application/n-triples", "application/n-quads", "application/trig",
    "application/rdf+xml", "application/ld+json",
])
def test_construct_in_each_rdf_format(client, mime):
    q = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kgo:Person ; rdfs:label ?l }"
    resp = client.get("/sparql", query_string={"query": q}, headers={"Accept": mime})
    assert resp.status_code == 200, resp.data
    assert resp.mimetype == mime
    triples = list(ox.parse(resp.data, ox.RdfFormat.from_media_type(mime)))
    assert sorted(t.object.value for t in triples) == ["李四", "王小明"]


def test_construct_defaults_to_turtle_and_ask_to_json(client):
    resp = client.get("/sparql", query_string={"query": f"DESCRIBE <{LI}>"})
    assert resp.mimetype == "text/turtle"
    assert "李四" in resp.data.decode()
    resp = client.get("/sparql", query_string={"query": "ASK { ?p rdfs:label '王小明'@zh }"})
    assert resp.get_json() == {"head": {}, "boolean": True}


def test_not_acceptable(client):
    resp = client.get("/sparql", query_string={"query": PEOPLE}, headers={"Accept": "image/png"})
    assert resp.status_code == 406
    # a SELECT when only graph formats are acceptable
    resp = client.get("/sparql", query_string={"query": PEOPLE}, headers={"Accept": "text/turtle"})
    assert resp.status_code == 406


def test_malformed_query_gives_400_with_the_parsers_message(client):
    resp = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert resp.status_code == 400
    assert "error at 1:" in resp.data.decode()


@pytest.mark.parametrize("kwargs,status", [
    ({"method": "GET", "query_string": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ({"method": "POST", "data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
    ({"method": "GET", "query_string": {"update": "CLEAR ALL"}}, 400),
    ({"method": "POST", "data": {"default-graph-uri": A1}}, 400),
    ({"method": "POST", "data": "ASK {}", "content_type": "text/plain"}, 415),
    ({"method": "POST", "data": b"ASK {}"}, 415),
    ({"method": "PUT", "data": "ASK {}", "content_type": "application/sparql-query"}, 405),
])
def test_protocol_errors(client, kwargs, status):
    resp = client.open("/sparql", **kwargs)
    assert resp.status_code == status, resp.data


def test_request_body_limit(client):
    resp = client.post("/sparql", data=b"ASK {} #" + b"x" * 200_000, content_type="application/sparql-query")
    assert resp.status_code == 413


def test_result_size_limit(tmp_path):
    app = create_app(make_store(tmp_path / "store"), max_result_bytes=100, log_requests=False)
    try:
        resp = app.test_client().get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert resp.status_code == 500
        assert "limit of 100 bytes" in resp.data.decode()
    finally:
        app.extensions["kg_backend"].close()


def test_big_results_are_streamed_whole(client):
    q = "SELECT ?i WHERE { VALUES ?x { 0 1 2 3 4 5 6 7 8 9 } VALUES ?y { 0 1 2 3 4 5 6 7 8 9 } " \
        "VALUES ?z { 0 1 2 3 4 5 6 7 8 9 } VALUES ?w { 0 1 2 3 4 5 6 7 8 9 } BIND(?x*1000+?y*100+?z*10+?w AS ?i) }"
    resp = client.get("/sparql", query_string={"query": q})
    assert resp.is_streamed
    assert resp.headers.get("Content-Length") is None
    values = sorted(int(b["i"]["value"]) for b in json.loads(resp.get_data())["results"]["bindings"])
    assert values == list(range(10_000))


# -- updates ---------------------------------------------------------------------------------------

INSERT = f'INSERT DATA {{ GRAPH <{A2}> {{ <{ID}person/某市/赵六> a kgo:Person ; rdfs:label "赵六"@zh }} }}'


def people(client) -> list[str]:
    return labels(client.get("/sparql", query_string={"query": PEOPLE}))


def test_update_needs_the_token(client):
    assert client.post("/sparql", data={"update": INSERT}).status_code == 401
    assert client.post("/sparql", data={"update": INSERT}, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/sparql", data={"update": INSERT}, headers={"Authorization": "Basic xyz"}).status_code == 401
    assert people(client) == ["李四", "王小明"]  # nothing changed
    assert client.post("/sparql", data={"update": INSERT}, headers=AUTH).status_code == 204
    assert people(client) == ["李四", "王小明", "赵六"]


def test_direct_update_and_malformed_update(client):
    resp = client.post("/sparql", data=INSERT.encode(), content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 204
    assert "赵六" in people(client)
    resp = client.post("/sparql", data=b"INSERT DATA { oops", content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 400
    assert "error at" in resp.data.decode()


def test_updates_refused_without_a_configured_token(tmp_path):
    app = create_app(make_store(tmp_path / "store"), log_requests=False)
    try:
        resp = app.test_client().post("/sparql", data={"update": INSERT}, headers=AUTH)
        assert resp.status_code == 403
    finally:
        app.extensions["kg_backend"].close()


def test_using_graph_uri(client):
    copy = f"INSERT {{ GRAPH <{A2}> {{ ?p a <{ID}Copied> }} }} WHERE {{ ?p a kgo:Person }}"
    resp = client.post("/sparql", data={"update": copy, "using-graph-uri": A1}, headers=AUTH)
    assert resp.status_code == 204
    q = f"SELECT ?p WHERE {{ ?p a <{ID}Copied> }}"
    got = [b["p"]["value"] for b in client.get("/sparql", query_string={"query": q}).get_json()["results"]["bindings"]]
    assert got == [WANG]  # only the people of graph A1 were matched
    resp = client.post("/sparql", data={"update": f"WITH <{A1}> {copy[6:]}", "using-graph-uri": A1}, headers=AUTH)
    assert resp.status_code == 400


def test_protocol_lexer():
    assert query_form("PREFIX a: <http://x/select> # ASK\n CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert has_dataset_clause("SELECT * FROM <http://g> WHERE {}")
    assert not has_dataset_clause('SELECT ?from WHERE { ?s ex:from "FROM" } # FROM')
    out = add_using('DELETE { ?s ?p "WHERE" } WHERE { ?s ?p ?o } ; DELETE WHERE { ?a ?b ?c }', ["http://g"], [])
    assert out == 'DELETE { ?s ?p "WHERE" } USING <http://g> WHERE { ?s ?p ?o } ; DELETE WHERE { ?a ?b ?c }'


# -- service description, health, CORS, log ------------------------------------------------------------


def test_service_description(client):
    resp = client.get("/sparql")
    assert resp.mimetype == "text/turtle"
    graph = list(ox.parse(resp.data, ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.object == ox.NamedNode(sd + "Service") for t in graph)
    assert any(t.object == ox.NamedNode(sd + "SPARQL11Update") for t in graph)
    browser = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 302 and browser.headers["Location"].endswith("/")
    asked = client.get("/sparql?format=ttl", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert asked.status_code == 200 and asked.mimetype == "text/turtle"


def test_health(client):
    resp = client.get("/health")
    assert resp.status_code == 200
    assert resp.get_json()["status"] == "ok"


def test_cors(client):
    resp = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert resp.headers["Access-Control-Allow-Origin"] == "https://example.org"
    pre = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    other = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_one_log_line_per_request(client, capsys):
    client.get("/sparql", query_string={"query": "ASK {}"}, buffered=True)
    client.get("/nope", buffered=True)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert '"GET /sparql?query=ASK' in lines[0] and " 200 " in lines[0]
    assert " 404 " in lines[1]


# -- Graph Store Protocol ----------------------------------------------------------------------------

G = "https://w3id.org/govkg/graph/test"
TTL = f'<{ID}place/1> <http://www.w3.org/2000/01/rdf-schema#label> "甲县"@zh .'


def test_graph_store_protocol(client):
    assert client.put(f"/store?graph={G}", data=TTL, content_type="text/turtle").status_code == 401
    resp = client.put("/store", query_string={"graph": G}, data=TTL, content_type="text/turtle", headers=AUTH)
    assert resp.status_code == 201
    resp = client.get("/store", query_string={"graph": G}, headers={"Accept": "application/n-triples"})
    assert resp.mimetype == "application/n-triples"
    assert resp.data.decode().count("\n") == 1 and "甲县" in resp.data.decode()
    assert client.head("/store", query_string={"graph": G}).status_code == 200
    more = f'<{ID}place/2> <http://www.w3.org/2000/01/rdf-schema#label> "乙县"@zh .'
    resp = client.post("/store", query_string={"graph": G}, data=more.encode(), content_type="text/turtle", headers=AUTH)
    assert resp.status_code == 200  # added to an existing graph
    assert len(list(ox.parse(client.get("/store", query_string={"graph": G}).data, ox.RdfFormat.TURTLE))) == 2
    # PUT replaces
    assert client.put("/store", query_string={"graph": G}, data=more, content_type="text/turtle", headers=AUTH).status_code == 204
    assert "甲县" not in client.get("/store", query_string={"graph": G}).data.decode()
    # the graph is visible to queries (union default graph)
    assert "乙县" in labels(client.get("/sparql", query_string={"query": "SELECT ?l WHERE { ?s rdfs:label ?l }"}))
    assert client.delete("/store", query_string={"graph": G}, headers=AUTH).status_code == 200
    assert client.get("/store", query_string={"graph": G}).status_code == 404
    assert client.delete("/store", query_string={"graph": G}, headers=AUTH).status_code == 404


def test_graph_store_multipart_and_errors(client):
    files = {
        "a": (io.BytesIO(TTL.encode()), "a.ttl"),
        "b": (io.BytesIO(f'<{ID}x> <{ID}p> "丙" .'.encode()), "b.nt"),
    }
    resp = client.post("/store", query_string={"graph": G}, data=files, content_type="multipart/form-data", headers=AUTH)
    assert resp.status_code == 201, resp.data
    assert len(list(ox.parse(client.get("/store", query_string={"graph": G}).data, ox.RdfFormat.TURTLE))) == 2
    resp = client.post("/store", query_string={"graph": G}, data="x", content_type="image/png", headers=AUTH)
    assert resp.status_code == 415
    resp = client.post("/store", query_string={"graph": G}, data="<a> <b", content_type="text/turtle", headers=AUTH)
    assert resp.status_code == 400
    whole = client.get("/store", headers={"Accept": "application/n-quads"})
    assert whole.mimetype == "application/n-quads"
    assert f"<{A2}>" in whole.data.decode() and f"<{G}>" in whole.data.decode()


# -- pages ---------------------------------------------------------------------------------------------


def test_query_page_is_self_contained(client):
    html = client.get("/").data.decode()
    assert "<textarea" in html and "kgo:Person" in html and "org:holds" in html
    assert 'src="http' not in html and 'href="http' not in html  # nothing loaded from elsewhere
    js = client.get("/static/app.js")
    assert js.status_code == 200 and b"fetch(" in js.data


def test_entity_page_html_and_turtle(client):
    resp = client.get("/id/person/某市/王小明", headers={"Accept": "text/html"})
    assert resp.status_code == 200
    html = resp.data.decode()
    assert "<h1>王小明</h1>" in html
    assert "某市委书记" in html  # the label of the post it holds
    assert "市委召开常委会议" in html and "10–13" in html  # the mention, with its article
    assert "2024-01-02" in html and "<td>王小明</td>" in html  # its date and quoted text
    assert "/entity?iri=" in html
    ttl = client.get("/id/person/某市/王小明", headers={"Accept": "text/turtle"})
    assert ttl.mimetype == "text/turtle"
    assert any(t.object.value == "王小明" for t in ox.parse(ttl.data, ox.RdfFormat.TURTLE))
    by_iri = client.get("/entity", query_string={"iri": WANG})
    assert "<h1>王小明</h1>" in by_iri.data.decode()
    assert client.get("/id/person/nobody").status_code == 404


def test_entity_page_shows_the_mention_in_its_sentence(client):
    quote = f"<{A1}#q2>"
    ctx = (f"INSERT DATA {{ GRAPH <{A1}> {{ <{A1}#m2> a oa:Annotation ; oa:hasBody <{LI}> ; oa:hasTarget <{A1}#t2> . "
           f"<{A1}#t2> oa:hasSource <{A1}> ; oa:hasSelector {quote} . {quote} a oa:TextQuoteSelector ; "
           f'oa:exact "李四" ; oa:prefix "会议由" ; oa:suffix "主持。" }} }}')
    assert client.post("/sparql", data={"update": ctx}, headers=AUTH).status_code == 204
    html = client.get("/id/person/某市/李四", headers={"Accept": "text/html"}).data.decode()
    assert "…会议由<mark>李四</mark>主持。…" in html
    assert f'href="/entity?iri={A1}"' in html  # the article's page, listing its facts


def test_entity_page_reads_char_fragment_targets(client):
    """The build's own form: one annotation, one `#char=start,end` target per mention."""
    ins = (f"INSERT DATA {{ GRAPH <{A2}> {{ <{A2}/mention/li> a oa:Annotation ; oa:motivatedBy oa:identifying ; "
           f"oa:hasBody <{LI}> ; oa:hasTarget <{A2}#char=3,5> , <{A2}#char=20,22> . "
           f'<{A2}#char=20,22> rdf:value "李肆" }} }}')
    assert client.post("/sparql", data={"update": ins}, headers=AUTH).status_code == 204
    html = client.get("/id/person/某市/李四", headers={"Accept": "text/html"}).data.decode()
    assert "3–5" in html and "20–22" in html  # offsets read from the fragments
    assert "<td>李四</td>" in html and "<td>李肆</td>" in html  # the label, else the printed text
    assert f'href="/entity?iri={A2}"' in html  # the article is the IRI before the fragment
    assert f"{A2}#char=" not in html.split("Mentions in articles")[1].split("</table>")[0]


def test_store_held_by_another_writer_is_served_read_only(tmp_path):
    path = make_store(tmp_path / "store")
    holder = ox.Store(path)  # e.g. a build still running: RocksDB lets one process write
    app = create_app(path, update_token=TOKEN, log_requests=False)
    try:
        client = app.test_client()
        assert app.extensions["kg_backend"].read_only
        assert people(client) == ["李四", "王小明"]
        assert client.post("/sparql", data={"update": INSERT}, headers=AUTH).status_code == 403
    finally:
        app.extensions["kg_backend"].close()
        del holder


def test_queries_in_worker_processes(tmp_path):
    """With a time limit, queries run in worker processes over a checkpoint refreshed after writes."""
    app = create_app(make_store(tmp_path / "store"), update_token=TOKEN, timeout=60, workers=2, log_requests=False)
    try:
        client = app.test_client()
        assert people(client) == ["李四", "王小明"]
        assert client.get("/sparql", query_string={"query": "SELECT ?x WHERE {"}).status_code == 400
        assert client.post("/sparql", data={"update": INSERT}, headers=AUTH).status_code == 204
        assert people(client) == ["李四", "王小明", "赵六"]
        q = "SELECT ?i WHERE { VALUES ?x { 0 1 2 3 4 5 6 7 8 9 } VALUES ?y { 0 1 2 3 4 5 6 7 8 9 } " \
            "VALUES ?z { 0 1 2 3 4 5 6 7 8 9 } VALUES ?w { 0 1 2 3 4 5 6 7 8 9 } BIND(?x*1000+?y*100+?z*10+?w AS ?i) }"
        resp = client.get("/sparql", query_string={"query": q}, headers={"Accept": "text/csv"})
        assert resp.is_streamed
        assert sorted(int(v) for v in resp.get_data().decode().split()[1:]) == list(range(10_000))
    finally:
        app.extensions["kg_backend"].close()
    assert not (tmp_path / ".store.serve-checkpoints").exists()


def test_entity_heading_is_the_canonical_name_not_an_alias(tmp_path):
    store = ox.Store(str(tmp_path / "store"))
    place = ox.NamedNode("https://w3id.org/govkg/id/place/999900")
    rdfs, skos = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
    store.add(ox.Quad(place, ox.NamedNode(rdfs + "label"), ox.Literal("青石市", language="zh")))
    store.add(ox.Quad(place, ox.NamedNode(skos + "altLabel"), ox.Literal("石", language="zh")))  # sorts first
    store.flush()
    del store
    app = create_app(str(tmp_path / "store"))
    try:
        html = app.test_client().get("/entity", query_string={"iri": place.value}).data.decode()
    finally:
        app.extensions["kg_backend"].close()
    assert "<h1>青石市</h1>" in html


def test_graph_store_delete_of_an_article_drops_the_descriptions_only_it_supported(tmp_path):
    from kg.build import build
    from kg.store import ENTITIES_GRAPH, GraphStore

    src = tmp_path / "a.txt"
    src.write_text("标题：青石县见闻\n\n　　福建省大田县县长王一凡主持召开会议。\n", encoding="utf-8")
    gs = GraphStore(tmp_path / "store")
    build([str(src)], gs)
    article = next(q.graph_name.value for q in gs.store.quads_for_pattern(None, None, None)
                   if q.graph_name.value.startswith("https://w3id.org/govkg/article/"))
    before = len(list(gs.store.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES_GRAPH))))
    gs.close()
    assert before > 0
    app = create_app(str(tmp_path / "store"), update_token=TOKEN)
    try:
        resp = app.test_client().delete("/store", query_string={"graph": article}, headers=AUTH)
        assert resp.status_code == 200
        store = app.extensions["kg_backend"].store
        assert not store.contains_named_graph(ox.NamedNode(article))
        assert not list(store.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES_GRAPH)))
    finally:
        app.extensions["kg_backend"].close()
