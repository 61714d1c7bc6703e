"""The W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl), each
case as its own test named after it, over real HTTP against `kg serve` running as a real process.

The requests and expected responses are the W3C's; the test data is ours: each graph
http://kasei.us/2009/09/sparql/data/dataN.rdf holds `<dataN.rdf> a foaf:Document` (the suite names the
graphs, not their content). Differences from the suite, on purpose:
- every request carries `Authorization: Bearer TOKEN`: the suite assumes an open server, ours only
  writes with its update token (`kg serve --update-token`);
- query_multiple_dataset sends its two `named-graph-uri` parameters as two parameters: the manifest
  text percent-encodes the `&` between them, unlike the test the WG approved (w3c/rdf-tests#78).
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from conftest import Server

TOKEN = "w3c-suite-token"
DATA = "http://kasei.us/2009/09/sparql/data/"
FOAF = "http://xmlns.com/foaf/0.1/"


# -- HTTP and result helpers (shared with test_w3c_graph_store) ------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def mimetype(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()


def request(port: int, method: str, path: str, body: bytes | str | None = None,
            headers: dict[str, str] | None = None, token: bool = True) -> Reply:
    """One HTTP/1.1 request to 127.0.0.1:port, with the update token unless `token` is False."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        hdrs = dict(headers or {})
        if token:
            hdrs["Authorization"] = f"Bearer {TOKEN}"
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        return Reply(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def ok(reply: Reply) -> bool:
    """The suite's '2xx or 3xx response'."""
    return 200 <= reply.status < 400


def client_error(reply: Reply) -> bool:
    """The suite's '4xx'."""
    return 400 <= reply.status < 500


BOOLEAN_TYPES = ("application/sparql-results+json", "application/json", "application/sparql-results+xml",
                 "application/xml", "text/xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
SRX = "{http://www.w3.org/2005/sparql-results#}"


def boolean(reply: Reply) -> bool:
    """The boolean of an ASK result, which must come in a boolean results format."""
    assert ok(reply), (reply.status, reply.body)
    assert reply.mimetype in BOOLEAN_TYPES, reply.mimetype
    if "json" in reply.mimetype:
        return json.loads(reply.body)["boolean"]
    value = ET.fromstring(reply.body).find(SRX + "boolean")
    return value is not None and value.text.strip() == "true"


def rows(reply: Reply) -> list[dict[str, dict]]:
    """The rows of a SELECT result (SPARQL JSON or XML): variable -> {type, value}."""
    assert ok(reply), (reply.status, reply.body)
    assert reply.mimetype in TABULAR_TYPES, reply.mimetype
    if "json" in reply.mimetype:
        return json.loads(reply.body)["results"]["bindings"]
    out = []
    for result in ET.fromstring(reply.body).iter(SRX + "result"):
        row = {}
        for binding in result.iter(SRX + "binding"):
            term = binding[0]
            row[binding.get("name")] = {"type": term.tag.removeprefix(SRX), "value": term.text}
        out.append(row)
    return out


def rdf(reply: Reply) -> list[ox.Triple]:
    """The triples of an RDF body, read in the media type the server named."""
    fmt = ox.RdfFormat.from_media_type(reply.mimetype)
    assert fmt is not None, f"not an RDF media type: {reply.mimetype}"
    return [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(reply.body, fmt)]


def started(store) -> Server:
    """`kg serve` over `store` with an update token, as a real process."""
    return Server(store, "--update-token", TOKEN)


# -- fixtures ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = started(tmp_path_factory.mktemp("w3c-protocol") / "store")
    yield srv
    srv.stop()


@pytest.fixture()
def port(server) -> int:
    """The server's port, its store reset to the suite's graphs data0.rdf ... data3.rdf."""
    graphs = " ".join(f"GRAPH <{DATA}data{i}.rdf> {{ <{DATA}data{i}.rdf> a <{FOAF}Document> }}" for i in range(4))
    reply = request(server.port, "POST", "/sparql", f"DROP ALL ; INSERT DATA {{ {graphs} }}",
                    {"Content-Type": "application/sparql-update"})
    assert reply.status == 204, reply.body
    return server.port


def q(text: str) -> str:
    return quote(text, safe="")


def dataset(param: str, *names: str) -> str:
    return "&".join(f"{param}={q(DATA + n)}" for n in names)


FORM = {"content-type": "application/x-www-form-urlencoded"}
QUERY = {"content-type": "application/sparql-query"}
UPDATE = {"content-type": "application/sparql-update"}
DC = "http://purl.org/dc/terms/"


# -- queries -------------------------------------------------------------------------------------------


def test_query_post_form(port):
    reply = request(port, "POST", f"/sparql/?{dataset('default-graph-uri', 'data0.rdf')}", "query=ASK%20%7B%7D", FORM)
    assert boolean(reply) is True


def test_query_dataset_default_graphs_get(port):
    ask = f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}"
    path = f"/sparql/?query={q(ask)}&{dataset('default-graph-uri', 'data1.rdf', 'data2.rdf')}"
    assert boolean(request(port, "GET", path)) is True


def test_query_dataset_default_graphs_post(port):
    ask = f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}"
    reply = request(port, "POST", f"/sparql/?{dataset('default-graph-uri', 'data1.rdf', 'data2.rdf')}", ask, QUERY)
    assert boolean(reply) is True


NAMED_ASK = f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}"


def test_query_dataset_named_graphs_post(port):
    reply = request(port, "POST", f"/sparql/?{dataset('named-graph-uri', 'data1.rdf', 'data2.rdf')}", NAMED_ASK, QUERY)
    assert boolean(reply) is True


def test_query_dataset_named_graphs_get(port):
    path = f"/sparql/?query={q(NAMED_ASK)}&{dataset('named-graph-uri', 'data1.rdf', 'data2.rdf')}"
    assert boolean(request(port, "GET", path)) is True


def test_query_dataset_full(port):
    ask = (f"ASK {{\n  <{DATA}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }}\n"
           f"  GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }}\n}}")
    path = f"/sparql/?{dataset('default-graph-uri', 'data3.rdf')}&{dataset('named-graph-uri', 'data1.rdf', 'data2.rdf')}"
    assert boolean(request(port, "POST", path, ask, QUERY)) is True


def test_query_multiple_dataset(port):
    """FROM <data3.rdf> in the query, named graphs data1 and data2 by the protocol: the protocol's
    dataset wins, so both GRAPH patterns match."""
    ask = (f"ASK FROM <{DATA}data3.rdf> {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
           f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}")
    reply = request(port, "POST", f"/sparql/?{dataset('named-graph-uri', 'data1.rdf', 'data2.rdf')}", ask, QUERY)
    assert boolean(reply) is True


def test_query_get(port):
    reply = request(port, "GET", f"/sparql/?query=ASK%20%7B%7D&{dataset('default-graph-uri', 'data0.rdf')}")
    assert boolean(reply) is True


def test_query_content_type_select(port):
    reply = request(port, "POST", f"/sparql/?{dataset('default-graph-uri', 'data0.rdf')}",
                    "SELECT (1 AS ?value) {}", QUERY)
    assert [r["value"]["value"] for r in rows(reply)] == ["1"]


def test_query_content_type_ask(port):
    reply = request(port, "POST", f"/sparql/?{dataset('default-graph-uri', 'data0.rdf')}", "ASK {}", QUERY)
    assert reply.mimetype in BOOLEAN_TYPES and boolean(reply) is True


def test_query_content_type_describe(port):
    reply = request(port, "POST", f"/sparql/?{dataset('default-graph-uri', 'data0.rdf')}",
                    "DESCRIBE <http://example.org/>", QUERY)
    assert ok(reply)
    assert rdf(reply) == []  # an RDF media type, and a body that parses as it (nothing is known)


def test_query_content_type_construct(port):
    reply = request(port, "POST", f"/sparql/?{dataset('default-graph-uri', 'data0.rdf')}",
                    "CONSTRUCT { <s> <p> 1 } WHERE {}", QUERY)
    assert ok(reply)
    triples = rdf(reply)
    assert len(triples) == 1 and triples[0].object == ox.Literal("1", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))


def test_query_post_direct(port):
    assert boolean(request(port, "POST", "/sparql/", "ASK {}", QUERY)) is True


# -- updates -------------------------------------------------------------------------------------------

INSERT_DOCS = ("INSERT DATA {\n" + "".join(
    f"    GRAPH <{DATA}data{i}.rdf> {{ <{DATA}data{i}.rdf> a foaf:Document }}\n" for i in (1, 2, 3)) + "} ;\n")


def test_update_dataset_default_graph(port):
    update = (f"PREFIX dc: <{DC}>\nPREFIX foaf: <{FOAF}>\nCLEAR ALL ;\nINSERT DATA {{\n"
              f"    GRAPH <{DATA}data1.rdf> {{\n        <{DATA}data1.rdf> a foaf:Document\n    }}\n}} ;\n"
              "INSERT {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
              "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}")
    assert ok(request(port, "POST", f"/sparql/?{dataset('using-graph-uri', 'data1.rdf')}", update, UPDATE))
    ask = (f"ASK {{\n    GRAPH <http://example.org/protocol-update-dataset-test/> {{\n"
           f"        <{DATA}data1.rdf> a <{DC}BibliographicResource>\n    }}\n}}")
    assert boolean(request(port, "POST", "/sparql/", ask, QUERY)) is True


def _check_graph_test(port: int, graph: str) -> bool:
    ask = (f"ASK {{\n    GRAPH <{graph}> {{\n        <{DATA}data1.rdf> a <{DC}BibliographicResource> .\n"
           f"        <{DATA}data2.rdf> a <{DC}BibliographicResource> .\n    }}\n    FILTER NOT EXISTS {{\n"
           f"        GRAPH <{graph}> {{\n            <{DATA}data3.rdf> a <{DC}BibliographicResource> .\n"
           "        }\n    }\n}")
    return boolean(request(port, "POST", "/sparql/", ask, QUERY))


def test_update_dataset_default_graphs(port):
    graph = "http://example.org/protocol-update-dataset-graphs-test/"
    update = (f"PREFIX dc: <{DC}>\nPREFIX foaf: <{FOAF}>\nDROP ALL ;\n{INSERT_DOCS}"
              f"INSERT {{\n    GRAPH <{graph}> {{\n        ?s a dc:BibliographicResource\n    }}\n}}\n"
              "WHERE {\n    ?s a foaf:Document\n}")
    path = f"/sparql/?{dataset('using-graph-uri', 'data1.rdf', 'data2.rdf')}"
    assert ok(request(port, "POST", path, update, UPDATE))
    assert _check_graph_test(port, graph) is True


def test_update_dataset_named_graphs(port):
    graph = "http://example.org/protocol-update-dataset-named-graphs-test/"
    update = (f"PREFIX dc: <{DC}>\nPREFIX foaf: <{FOAF}>\nDROP ALL ;\n{INSERT_DOCS}"
              f"INSERT {{\n    GRAPH <{graph}> {{\n        ?s a dc:BibliographicResource\n    }}\n}}\n"
              "WHERE {\n    GRAPH ?g {\n        ?s a foaf:Document\n    }\n}")
    path = f"/sparql/?{dataset('using-named-graph-uri', 'data1.rdf', 'data2.rdf')}"
    assert ok(request(port, "POST", path, update, UPDATE))
    assert _check_graph_test(port, graph) is True


def test_update_dataset_full(port):
    graph = "http://example.org/protocol-update-dataset-full-test/"
    update = (f"PREFIX dc: <{DC}>\nPREFIX foaf: <{FOAF}>\nDROP ALL ;\n{INSERT_DOCS}"
              f"INSERT {{\n    GRAPH <{graph}> {{\n        ?s <http://example.org/in> ?in\n    }}\n}}\n"
              "WHERE {\n    {\n        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n    }\n"
              "    UNION\n    {\n        ?s a foaf:Document .\n        BIND(\"default\" AS ?in)\n    }\n}")
    path = f"/sparql/?{dataset('using-graph-uri', 'data1.rdf')}&{dataset('using-named-graph-uri', 'data2.rdf')}"
    assert ok(request(port, "POST", path, update, UPDATE))
    ask = (f"ASK {{\n    GRAPH <{graph}> {{\n        <{DATA}data1.rdf> <http://example.org/in> \"default\" .\n"
           f"        <{DATA}data2.rdf> <http://example.org/in> <{DATA}data2.rdf> .\n    }}\n"
           f"    FILTER NOT EXISTS {{\n        GRAPH <{graph}> {{\n            <{DATA}data3.rdf> ?p ?o\n"
           "        }\n    }\n}")
    assert boolean(request(port, "POST", "/sparql/", ask, QUERY)) is True


def test_update_post_form(port):
    assert ok(request(port, "POST", "/sparql/", "update=CLEAR+ALL", FORM))
    assert boolean(request(port, "POST", "/sparql/", "ASK { GRAPH ?g { ?s ?p ?o } }", QUERY)) is False


def test_update_post_direct(port):
    assert ok(request(port, "POST", "/sparql/", "CLEAR ALL", UPDATE))
    assert boolean(request(port, "POST", "/sparql/", "ASK { GRAPH ?g { ?s ?p ?o } }", QUERY)) is False


def test_update_base_uri(port):
    graph = "http://example.org/protocol-base-test/"
    update = (f"CLEAR GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> "
              "<http://example.org/p> <test> } }")
    assert ok(request(port, "POST", "/sparql/", update, UPDATE))
    select = (f"SELECT ?o WHERE {{\n    GRAPH <{graph}> {{\n        <http://example.org/s> "
              "<http://example.org/p> ?o\n    }\n}")
    result = rows(request(port, "POST", "/sparql/", select, QUERY))
    assert len(result) == 1
    o = result[0]["o"]
    assert o["type"] == "uri" and o["value"] != "test" and o["value"].startswith("http://")


# -- errors --------------------------------------------------------------------------------------------


def test_bad_query_method(port):
    reply = request(port, "PUT", f"/sparql/?query=ASK%20%7B%7D&{dataset('default-graph-uri', 'data0.rdf')}", b"", FORM)
    assert client_error(reply)


def test_bad_multiple_queries(port):
    assert client_error(request(port, "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"))


def test_bad_query_wrong_media_type(port):
    assert client_error(request(port, "POST", "/sparql/", "ASK {}", {"content-type": "text/plain"}))


def test_bad_query_missing_form_type(port):
    assert client_error(request(port, "POST", "/sparql/", "query=ASK%20%7B%7D"))


def test_bad_query_missing_direct_type(port):
    assert client_error(request(port, "POST", "/sparql/", "ASK {}"))


def test_bad_query_non_utf8(port):
    body = "ASK {}".encode("utf-16")  # with a byte order mark
    reply = request(port, "POST", "/sparql/", body, {"content-type": "application/sparql-query; charset=UTF-16"})
    assert client_error(reply)


def test_bad_query_syntax(port):
    assert client_error(request(port, "GET", "/sparql/?query=ASK%20%7B"))


def test_bad_update_get(port):
    assert client_error(request(port, "GET", "/sparql/?update=CLEAR%20ALL"))
    assert boolean(request(port, "POST", "/sparql/", "ASK { GRAPH ?g { ?s ?p ?o } }", QUERY)) is True  # not run


def test_bad_multiple_updates(port):
    assert client_error(request(port, "POST", "/sparql/", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM))


def test_bad_update_wrong_media_type(port):
    assert client_error(request(port, "POST", "/sparql/", "CLEAR NAMED", {"content-type": "text/plain"}))


def test_bad_update_missing_form_type(port):
    assert client_error(request(port, "POST", "/sparql/", "update=CLEAR%20NAMED"))


def test_bad_update_non_utf8(port):
    body = "CLEAR NAMED".encode("utf-16")
    reply = request(port, "POST", "/sparql/", body, {"content-type": "application/sparql-update; charset=UTF-16"})
    assert client_error(reply)
    assert boolean(request(port, "POST", "/sparql/", "ASK { GRAPH ?g { ?s ?p ?o } }", QUERY)) is True  # not run


def test_bad_update_syntax(port):
    assert client_error(request(port, "POST", "/sparql/", "update=CLEAR%20XYZ", FORM))


def test_bad_update_dataset_conflict(port):
    update = ("PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
              "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
              "WHERE {\n    ?person foaf:givenName 'Bill'\n}")
    reply = request(port, "POST", "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople", update, UPDATE)
    assert client_error(reply)


# -- what the token changes (not part of the W3C suite) ------------------------------------------------


def test_updates_without_the_token_are_refused(port):
    assert request(port, "POST", "/sparql/", "CLEAR ALL", UPDATE, token=False).status == 401
    assert boolean(request(port, "POST", "/sparql/", "ASK { GRAPH ?g { ?s ?p ?o } }", QUERY)) is True
