"""Content negotiation with media type parameters (issue 19): `Accept: text/turtle; charset=utf-8`, as the
W3C test suites send, q-values and wildcards, for SPARQL queries, the graph store (GET and HEAD) and the
entity pages, over real HTTP against `kg serve` running as a real process on 127.0.0.1, with each of its HTTP servers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import Server
from test_w3c_protocol import Reply
from test_w3c_protocol import request as send

from serve.results import best_match

GRAPH = "http://example.org/g1"
PERSON = "http://example.org/person/1"
TRIG = f"""
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<{GRAPH}> {{ <{PERSON}> a foaf:Person ; foaf:name "王小明" . }}
"""
SELECT = "/sparql?query=" + "SELECT%20%3Fn%20WHERE%20%7B%20%3Fp%20%3Chttp%3A%2F%2Fxmlns.com%2Ffoaf%2F0.1%2Fname%3E%20%3Fn%20%7D"
CONSTRUCT = "/sparql?query=" + "CONSTRUCT%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"


@pytest.fixture(scope="module", params=["waitress", "kg"])
def port(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """`kg serve` over a small store, with each of its HTTP servers (both hand the Accept header on)."""
    path: Path = tmp_path_factory.mktemp("accept") / "store"
    store = ox.Store(str(path))
    store.load(TRIG.encode(), ox.RdfFormat.TRIG)
    store.flush()
    del store
    srv = Server(path, "--server", request.param)
    yield srv.port
    srv.stop()


def get(port: int, path: str, accept: str, method: str = "GET") -> Reply:
    return send(port, method, path, headers={"Accept": accept}, token=False)


def names_in_rdf(reply: Reply, fmt: ox.RdfFormat) -> list[str]:
    return [t.object.value for t in ox.parse(reply.body, fmt) if t.predicate.value.endswith("/name")]


def json_names(reply: Reply) -> list[str]:
    return [b["n"]["value"] for b in json.loads(reply.body)["results"]["bindings"]]


# -- the graph store: GET and HEAD --------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["text/turtle; charset=utf-8", "text/turtle;charset=UTF-8",
                                    'text/turtle; charset="utf-8"', "text/turtle; charset=utf-8; q=0.9"])
def test_graph_store_get_turtle_with_charset(port: int, accept: str) -> None:
    reply = get(port, f"/store?graph={GRAPH}", accept)
    assert reply.status == 200, reply.body
    assert reply.mimetype == "text/turtle"
    assert names_in_rdf(reply, ox.RdfFormat.TURTLE) == ["王小明"]


def test_graph_store_head_turtle_with_charset(port: int) -> None:
    reply = get(port, f"/store?graph={GRAPH}", "text/turtle; charset=utf-8", method="HEAD")
    assert reply.status == 200
    assert reply.mimetype == "text/turtle"
    assert reply.body == b""


def test_graph_store_q_values_choose(port: int) -> None:
    reply = get(port, f"/store?graph={GRAPH}", "text/turtle; charset=utf-8; q=0.5, application/n-triples;q=0.9")
    assert reply.status == 200 and reply.mimetype == "application/n-triples"
    assert names_in_rdf(reply, ox.RdfFormat.N_TRIPLES) == ["王小明"]


def test_graph_store_wildcards(port: int) -> None:
    assert get(port, f"/store?graph={GRAPH}", "*/*").mimetype == "text/turtle"
    assert get(port, f"/store?graph={GRAPH}", "text/*; charset=utf-8").mimetype == "text/turtle"


def test_graph_store_refuses_what_q_0_refuses(port: int) -> None:
    assert get(port, f"/store?graph={GRAPH}", "text/turtle; charset=utf-8; q=0").status == 406
    assert get(port, f"/store?graph={GRAPH}", "image/png; charset=utf-8").status == 406


def test_whole_dataset_as_n_quads_with_charset(port: int) -> None:
    reply = get(port, "/store", "application/n-quads; charset=utf-8")
    assert reply.status == 200 and reply.mimetype == "application/n-quads"
    assert [q.graph_name.value for q in ox.parse(reply.body, ox.RdfFormat.N_QUADS)] == [GRAPH, GRAPH]


# -- SPARQL queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["application/sparql-results+json;charset=utf-8",
                                    "application/sparql-results+json; charset=utf-8",
                                    "application/sparql-results+json; charset=utf-8; q=1.0, text/csv; q=0.5",
                                    "*/*", "application/*;q=0.8"])
def test_select_json_with_charset(port: int, accept: str) -> None:
    reply = get(port, SELECT, accept)
    assert reply.status == 200, reply.body
    assert reply.mimetype == "application/sparql-results+json"
    assert json_names(reply) == ["王小明"]


def test_select_csv_by_q_values(port: int) -> None:
    reply = get(port, SELECT, "application/sparql-results+json;q=0.2, text/csv; charset=utf-8")
    assert reply.status == 200 and reply.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(reply.body.decode("utf-8")))) == [["n"], ["王小明"]]


def test_select_refused_when_nothing_acceptable(port: int) -> None:
    assert get(port, SELECT, "application/sparql-results+json; charset=utf-8; q=0").status == 406


def test_construct_turtle_with_charset(port: int) -> None:
    reply = get(port, CONSTRUCT, "text/turtle; charset=utf-8")
    assert reply.status == 200, reply.body
    assert reply.mimetype == "text/turtle"
    assert names_in_rdf(reply, ox.RdfFormat.TURTLE) == ["王小明"]


# -- the service description and entity pages ---------------------------------------------------------


def test_service_description_turtle_with_charset(port: int) -> None:
    reply = get(port, "/sparql", "text/turtle; charset=utf-8")
    assert reply.status == 200 and reply.mimetype == "text/turtle"
    assert b"sparql-service-description" in reply.body


def test_entity_page_rdf_with_charset(port: int) -> None:
    reply = get(port, f"/entity?iri={PERSON}", "text/turtle; charset=utf-8")
    assert reply.status == 200 and reply.mimetype == "text/turtle"
    assert names_in_rdf(reply, ox.RdfFormat.TURTLE) == ["王小明"]
    assert get(port, f"/entity?iri={PERSON}", "text/html; charset=utf-8").mimetype == "text/html"


# -- the parser itself -----------------------------------------------------------------------------------


def test_best_match_rules() -> None:
    offers = ["text/turtle", "application/n-triples", "text/html"]
    assert best_match(None, offers) == "text/turtle"  # no header: anything, the server's first
    assert best_match("  ", offers) == "text/turtle"
    assert best_match("text/*;q=0.1, */*", offers) == "application/n-triples"  # the most specific range decides
    assert best_match("*/*, text/html", offers) == "text/html"  # equal q: an exact range beats a wildcard
    assert best_match("text/html;level=1;q=0.5, text/turtle;q=0.4", offers) == "text/html"
    assert best_match('text/html; foo="a,b;c"; q=0.3, text/turtle;q=0.2', offers) == "text/html"
    assert best_match("text/turtle;q=abc, application/n-triples;q=0.1", offers) == "application/n-triples"
    assert best_match("TEXT/TURTLE; Charset=UTF-8", offers) == "text/turtle"
    assert best_match("garbage, */x", offers) is None
