"""The W3C SPARQL 1.1 Graph Store HTTP Protocol test suite (w3c/rdf-tests,
sparql/sparql11/http-rdf-update/manifest.ttl), each case as its own test named after it, over real
HTTP against `kg serve` running as a real process.

The suite's placeholders: $HOST$ is 127.0.0.1:PORT, $GRAPHSTORE$ is `store` (our graph store at
/store), $NEWPATH$ the Location a POST to the store answers. The suite is a sequence (each GET checks
the state its write left); here each test replays the writes it depends on, so it runs alone too.
Differences from the manifest text, on purpose:
- every request carries `Authorization: Bearer TOKEN`: the suite assumes an open server, ours only
  writes with its update token (`kg serve --update-token`);
- the graph is `$GRAPHSTORE$/person/1.ttl` throughout: the manifest's "PUT - graph already in store"
  and its GET name `$GRAPHSTORE$/person/1`, which contradicts its own "GET of POST - existing graph"
  (that expects the content of that PUT in `/person/1.ttl`);
- "PUT - mismatched payload" sends a body that does not match its Content-Type (RDF/XML declared as
  Turtle); the manifest's body there is valid Turtle;
- "DELETE - existing graph" first PUTs the graph `person/2.ttl` it deletes (nothing earlier makes it);
- "GET of POST - after noop" first POSTs an empty graph to $NEWPATH$ (the no-op).
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from test_w3c_protocol import request, started

GS = "store"
TURTLE = {"Content-Type": "text/turtle; charset=utf-8"}
GET_TURTLE = {"Accept": "text/turtle", "Content-Type": "text/turtle; charset=utf-8"}
PREFIXES = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n@prefix v: <http://www.w3.org/2006/vcard/ns#> .\n\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = started(tmp_path_factory.mktemp("w3c-gsp") / "store")
    yield srv
    srv.stop()


@pytest.fixture()
def port(server) -> int:
    """The server's port, its store emptied."""
    reply = request(server.port, "POST", "/sparql", "DROP ALL", {"Content-Type": "application/sparql-update"})
    assert reply.status == 204, reply.body
    return server.port


def host(port: int) -> str:
    return f"127.0.0.1:{port}"


def person(port: int) -> str:
    return f"http://{host(port)}/{GS}/person/1"


def john(port: int) -> str:
    return PREFIXES + f'<{person(port)}> a foaf:Person;\n    foaf:businessCard [\n        a v:VCard;\n' \
        '        v:fn "John Doe"\n    ].\n'


def jane(port: int) -> str:
    return PREFIXES + f'<{person(port)}> a foaf:Person;\n    foaf:businessCard [\n        a v:VCard;\n' \
        '        v:fn "Jane Doe"\n    ].\n'


ALICE = PREFIXES + '[]  a foaf:Person;\n    foaf:businessCard [\n        a v:VCard;\n' \
    '        v:given-name "Alice"\n    ] .\n'


def same_graph(body: bytes, expected: str) -> bool:
    return isomorphic(Graph().parse(data=body.decode("utf-8"), format="turtle"),
                      Graph().parse(data=expected, format="turtle"))


# the writes of the suite, in its order


def put_initial_state(port: int) -> None:
    assert request(port, "PUT", f"/{GS}/person/1.ttl", john(port), TURTLE).status == 201


def put_graph_already_in_store(port: int) -> None:
    put_initial_state(port)
    assert request(port, "PUT", f"/{GS}/person/1.ttl", jane(port), TURTLE).status == 204


def post_existing_graph(port: int) -> None:
    put_graph_already_in_store(port)
    body = f'@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n\n<{person(port)}> foaf:name "Jane Doe"\n'
    assert request(port, "POST", f"/{GS}/person/1.ttl", body, TURTLE).status == 200


BOUNDARY = "a6fe4cd636164618814be9f8d3d1a0de"


def post_multipart_formdata(port: int) -> None:
    post_existing_graph(port)
    parts = [("lastName.ttl", f'<{person(port)}> foaf:familyName "Doe"'),
             ("firstName.ttl", f'<{person(port)}> foaf:givenName "Jane"')]
    body = "".join(
        f'--{BOUNDARY}\nContent-Disposition: form-data; name="{name}"; filename="{name}"\n'
        f"Content-Type: text/turtle; charset=utf-8\n\n@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n{triple}\n\n"
        for name, triple in parts) + f"--{BOUNDARY}--\n"
    reply = request(port, "POST", f"/{GS}/person/1.ttl", body,
                    {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    assert reply.status == 200, reply.body


def post_create_new_graph(port: int) -> str:
    reply = request(port, "POST", f"/{GS}", ALICE, TURTLE)
    assert reply.status == 201, reply.body
    location = reply.headers["Location"]
    assert location.startswith(f"http://{host(port)}/")
    return location.removeprefix(f"http://{host(port)}")


# -- the cases ---------------------------------------------------------------------------------------


def test_put__initial_state(port):
    put_initial_state(port)


def test_get_of_put__initial_state(port):
    put_initial_state(port)
    reply = request(port, "GET", f"/{GS}?graph=/{GS}/person/1.ttl", headers=GET_TURTLE)
    assert reply.status == 200 and reply.mimetype == "text/turtle"
    assert same_graph(reply.body, john(port))


def test_put__graph_already_in_store(port):
    put_graph_already_in_store(port)


def test_get_of_put__graph_already_in_store(port):
    put_graph_already_in_store(port)
    reply = request(port, "GET", f"/{GS}/person/1.ttl", headers=GET_TURTLE)
    assert reply.status == 200 and same_graph(reply.body, jane(port))


def test_put__default_graph(port):
    assert request(port, "PUT", f"/{GS}?default", ALICE, TURTLE).status == 201


def test_get_of_put__default_graph(port):
    assert request(port, "PUT", f"/{GS}?default", ALICE, TURTLE).status == 201
    reply = request(port, "GET", f"/{GS}?default", headers=GET_TURTLE)
    assert reply.status == 200 and same_graph(reply.body, ALICE)


def test_put__mismatched_payload(port):
    assert request(port, "PUT", f"/{GS}?default", ALICE, TURTLE).status == 201
    rdf_xml = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               'xmlns:foaf="http://xmlns.com/foaf/0.1/">\n'
               f'  <foaf:Person rdf:about="{person(port)}"><foaf:name>Jane Doe</foaf:name></foaf:Person>\n</rdf:RDF>\n')
    assert request(port, "PUT", f"/{GS}?default", rdf_xml, TURTLE).status == 400
    reply = request(port, "GET", f"/{GS}?default", headers=GET_TURTLE)
    assert same_graph(reply.body, ALICE)  # unchanged


def test_delete__existing_graph(port):
    assert request(port, "PUT", f"/{GS}/person/2.ttl", john(port), TURTLE).status == 201
    assert request(port, "DELETE", f"/{GS}/person/2.ttl").status == 200


def test_get_of_delete__existing_graph(port):
    assert request(port, "PUT", f"/{GS}/person/2.ttl", john(port), TURTLE).status == 201
    assert request(port, "DELETE", f"/{GS}/person/2.ttl").status == 200
    assert request(port, "GET", f"/{GS}/person/2.ttl").status == 404


def test_delete__nonexistent_graph(port):
    assert request(port, "DELETE", f"/{GS}/person/2.ttl").status == 404


def test_post__existing_graph(port):
    post_existing_graph(port)


def test_get_of_post__existing_graph(port):
    post_existing_graph(port)
    reply = request(port, "GET", f"/{GS}/person/1.ttl", headers=GET_TURTLE)
    expected = PREFIXES + f'<{person(port)}> a foaf:Person;\n    foaf:name "Jane Doe";\n' \
        '    foaf:businessCard [\n        a v:VCard;\n        v:fn "Jane Doe"\n    ] .\n'
    assert reply.status == 200 and same_graph(reply.body, expected)


def test_post__multipart_formdata(port):
    post_multipart_formdata(port)


def test_get_of_post__multipart_formdata(port):
    post_multipart_formdata(port)
    reply = request(port, "GET", f"/{GS}/person/1.ttl", headers=GET_TURTLE)
    expected = PREFIXES + f'<{person(port)}> a foaf:Person;\n    foaf:name "Jane Doe";\n' \
        '    foaf:givenName "Jane";\n    foaf:familyName "Doe";\n' \
        '    foaf:businessCard [\n        a v:VCard;\n        v:fn "Jane Doe"\n    ] .\n'
    assert reply.status == 200 and same_graph(reply.body, expected)


def test_post__create__new_graph(port):
    post_create_new_graph(port)


def test_get_of_post__create__new_graph(port):
    newpath = post_create_new_graph(port)
    reply = request(port, "GET", newpath, headers=GET_TURTLE)
    assert reply.status == 200 and same_graph(reply.body, ALICE)


def test_get_of_post__after_noop(port):
    newpath = post_create_new_graph(port)
    assert request(port, "POST", newpath, "", TURTLE).status == 200  # an empty graph: nothing changes
    reply = request(port, "GET", newpath, headers=GET_TURTLE)
    assert reply.status == 200 and same_graph(reply.body, ALICE)


def test_head_on_an_existing_graph(port):
    put_initial_state(port)
    reply = request(port, "HEAD", f"/{GS}/person/1.ttl", headers=TURTLE)
    assert reply.status == 200
    assert reply.mimetype == "text/turtle"  # what a GET would send, without the body
    assert reply.body == b""


def test_head_on_a_nonexisting_graph(port):
    assert request(port, "HEAD", f"/{GS}/person/4.ttl").status == 404


# -- what the token changes (not part of the W3C suite) ------------------------------------------------


def test_writes_without_the_token_are_refused(port):
    assert request(port, "PUT", f"/{GS}/person/1.ttl", john(port), TURTLE, token=False).status == 401
    assert request(port, "GET", f"/{GS}/person/1.ttl").status == 404
