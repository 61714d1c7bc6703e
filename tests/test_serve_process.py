"""The endpoint as a real waitress process over real HTTP: SPARQLWrapper, rdflib's SPARQLStore,
concurrent updates, and the query time limit (killable workers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from test_serve import LI, PEOPLE, TOKEN, WANG, make_store

ROOT = Path(__file__).resolve().parents[1]


class ServeProcess:
    """`serve.run(...)` in a subprocess on a free port of 127.0.0.1 (port 0: the server picks one)."""

    def __init__(self, store: str, **kwargs) -> None:
        args = ", ".join(f"{k}={v!r}" for k, v in {"port": 0, **kwargs}.items())
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", f"import serve; serve.run({store!r}, {args})"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env, text=True,
        )
        line = self.proc.stdout.readline()  # blocks until the server prints its URL (or dies)
        if not line.startswith("Serving "):
            self.proc.kill()
            raise AssertionError(f"server did not start: {line}{self.proc.stderr.read()}")
        self.base = line.split()[1].rstrip("/")
        self.sparql = self.base + "/sparql"

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=20)
        return err


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None):
    """(status, headers, body) of one request."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


@pytest.fixture(scope="module", params=["waitress", "kg"])
def server(request, tmp_path_factory):
    """The endpoint under each HTTP server `kg serve --server` offers."""
    store = make_store(tmp_path_factory.mktemp("serve") / "store")
    srv = ServeProcess(store, update_token=TOKEN, threads=8, server=request.param)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def kg_server(tmp_path_factory):
    """The built-in HTTP server (serve.httpserver), whose own request handling the raw tests check."""
    store = make_store(tmp_path_factory.mktemp("serve-kg") / "store")
    srv = ServeProcess(store, update_token=TOKEN, threads=8, server="kg")
    yield srv
    srv.stop()


def test_sparqlwrapper_select_ask_construct(server):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(PEOPLE)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["l"]["value"] for r in rows] == ["李四", "王小明"]
    sw.setMethod(POST)
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert [e.firstChild.data for e in doc.getElementsByTagName("literal")] == ["李四", "王小明"]
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode("utf-8").splitlines()[1:] == ["李四", "王小明"]

    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(f"CONSTRUCT WHERE {{ <{WANG}> ?p ?o }}")
    sw.setReturnFormat(TURTLE)
    assert "王小明" in sw.query().convert().decode("utf-8")
    sw.setReturnFormat(XML)  # CONSTRUCT as RDF/XML, parsed by rdflib
    graph = sw.query().convert()
    assert any(str(o) == "王小明" for o in graph.objects())

    sw = SPARQLWrapper(server.sparql)
    sw.setQuery("ASK { ?p rdfs:label '李四'@zh }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(server):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(server.sparql))
    rows = graph.query("SELECT ?l WHERE { ?p a <https://w3id.org/govkg/ontology#Person> ; "
                       "<http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l")
    assert [str(r[0]) for r in rows] == ["李四", "王小明"]
    assert (URIRef(LI), RDFS.label, Literal("李四", lang="zh")) in graph
    assert len(list(graph.triples((None, RDFS.label, None)))) == 5


def test_errors_over_http(server):
    status, _, body = http(server.sparql + "?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE {"}))
    assert status == 400 and b"error at" in body
    status, _, _ = http(server.sparql, form(update="CLEAR ALL"))
    assert status == 401
    status, _, _ = http(server.sparql, b"ASK {}", {"Content-Type": "text/plain"})
    assert status == 415
    status, _, body = http(server.base + "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_concurrent_updates_never_lose_a_write(server):
    counter = "https://w3id.org/govkg/id/test/counter"
    p = "https://w3id.org/govkg/ontology#count"
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    assert http(server.sparql, f"INSERT DATA {{ <{counter}> <{p}> 0 }}".encode(), auth)[0] == 204
    increment = (f"DELETE {{ <{counter}> <{p}> ?n }} INSERT {{ <{counter}> <{p}> ?m }} "
                 f"WHERE {{ <{counter}> <{p}> ?n BIND(?n + 1 AS ?m) }}").encode()
    failures: list[int] = []

    def work() -> None:
        for _ in range(100):
            status = http(server.sparql, increment, auth)[0]
            if status != 204:
                failures.append(status)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    q = urllib.parse.urlencode({"query": f"SELECT ?n WHERE {{ <{counter}> <{p}> ?n }}"})
    status, _, body = http(f"{server.sparql}?{q}")
    assert [b["n"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["400"]


def _workers(pid: int) -> set[int]:
    """The query worker processes of server `pid` (its multiprocessing children but the resource tracker)."""
    kids = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                cmd = (d / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in cmd:
                kids.add(int(d.name))
    return kids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to see worker processes")
def test_timeout_kills_the_query_and_the_server_recovers(tmp_path):
    store = make_store(tmp_path / "store")
    srv = ServeProcess(store, update_token=TOKEN, timeout=2)
    try:
        # the idle worker that will take the query (spawned at start-up)
        deadline = time.monotonic() + 30
        while not (before := _workers(srv.proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert before, "no worker process"
        patterns = " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(7))
        status, _, body = http(srv.sparql, form(query=f"SELECT (COUNT(*) AS ?n) WHERE {{ {patterns} }}"))
        assert status == 503, body
        assert b"time limit" in body
        deadline = time.monotonic() + 10
        while before & _workers(srv.proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not before & _workers(srv.proc.pid), "the overrunning worker is still running"
        # the server still answers, and sees writes made after its checkpoint
        status, _, body = http(srv.sparql, form(query=PEOPLE), {"Accept": "text/csv"})
        assert status == 200 and body.decode().split() == ["l", "李四", "王小明"]
        insert = f'INSERT DATA {{ GRAPH <{LI}g> {{ <{LI}2> a kgo:Person ; rdfs:label "孙七"@zh }} }}'
        assert http(srv.sparql, form(update=insert), {"Authorization": f"Bearer {TOKEN}"})[0] == 204
        status, _, body = http(srv.sparql, form(query=PEOPLE), {"Accept": "text/csv"})
        assert body.decode().split() == ["l", "孙七", "李四", "王小明"]
    finally:
        err = srv.stop()
    assert "503" in err  # the request log line
    assert not (Path(store).parent / ".store.serve-checkpoints").exists()


def test_kg_serve_on_the_example_store(example_store):
    """`python -m kg serve` over the bundled examples: every example query of the page answers with rows,
    and a person's page shows the articles mentioning them."""
    from conftest import Server

    from serve.pages import EXAMPLES

    srv = Server(example_store)
    try:
        url = srv.url + "/sparql"
        for title, q in EXAMPLES:
            status, _, body = http(url, form(query=q))
            assert status == 200, (title, body)
            assert json.loads(body)["results"]["bindings"], f"no rows for the example {title!r}"
        status, _, body = http(url, form(query="SELECT ?p ?l WHERE { ?a oa:hasBody ?p . ?p a kgo:Person ; rdfs:label ?l } LIMIT 1"))
        row = json.loads(body)["results"]["bindings"][0]
        status, _, page = http(srv.url + "/entity?" + urllib.parse.urlencode({"iri": row["p"]["value"]}),
                               headers={"Accept": "text/html"})
        html = page.decode()
        assert status == 200 and f"<h1>{row['l']['value']}</h1>" in html
        assert "Mentions in articles" in html and 'href="/entity?iri=https://w3id.org/govkg/article/' in html
    finally:
        srv.stop()


# -- the HTTP/1.1 server (serve.httpserver) on raw sockets --------------------------------------------


def raw(server, data: bytes, wait_close: bool = True) -> bytes:
    """Send raw bytes to the server; everything it answers until it closes the connection."""
    import socket

    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def test_keep_alive_serves_pipelined_requests_in_order(kg_server):
    ask = b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n"
    health = b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    out = raw(kg_server, ask + ask + health)
    assert out.count(b"HTTP/1.1 200 OK") == 3
    assert out.rindex(b"text/csv") < out.index(b"application/json")  # the ASKs answered first
    assert out.rstrip().endswith(b"}")  # the health JSON, then the server closed


def test_expect_100_continue_and_chunked_request_bodies(kg_server):
    import socket

    update = f'INSERT DATA {{ GRAPH <{LI}g> {{ <{LI}3> a kgo:Person ; rdfs:label "周八"@zh }} }}'.encode()
    host, port = kg_server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-update\r\n"
                  b"Authorization: Bearer " + TOKEN.encode() + b"\r\nExpect: 100-continue\r\n"
                  b"Content-Length: " + str(len(update)).encode() + b"\r\nConnection: close\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")  # before the body is sent
        s.sendall(update)
        assert s.recv(100).startswith(b"HTTP/1.1 204 ")
    half = len(PEOPLE) // 2
    chunked = (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nAccept: text/csv\r\n"
               f"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{len(PEOPLE[:half].encode()):x}\r\n{PEOPLE[:half]}"
               f"\r\n{len(PEOPLE[half:].encode()):x}\r\n{PEOPLE[half:]}\r\n0\r\n\r\n").encode()
    out = raw(kg_server, chunked).decode()
    assert out.startswith("HTTP/1.1 200 ") and "周八" in out


def test_http10_stream_ends_with_the_connection(kg_server):
    q = urllib.parse.quote("SELECT ?i WHERE { VALUES ?x { 0 1 2 3 4 5 6 7 8 9 } VALUES ?y { 0 1 2 3 4 5 6 7 8 9 } "
                           "VALUES ?z { 0 1 2 3 4 5 6 7 8 9 } VALUES ?w { 0 1 2 3 4 5 6 7 8 9 } "
                           "BIND(?x*1000+?y*100+?z*10+?w AS ?i) }")
    out = raw(kg_server, f"GET /sparql?query={q} HTTP/1.0\r\nAccept: text/csv\r\n\r\n".encode())
    head, _, body = out.partition(b"\r\n\r\n")
    assert b"Transfer-Encoding" not in head and b"Connection: close" in head
    assert sorted(int(x) for x in body.split()[1:]) == list(range(10_000))


@pytest.mark.parametrize("request_bytes,status", [
    (b"NONSENSE\r\n\r\n", b"400"),
    (b"GET / HTTP/2.0\r\n\r\n", b"505"),
    (b"GET / HTTP/1.1\r\nX: " + b"a" * 70_000 + b"\r\n\r\n", b"431"),
    (b"POST /sparql HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", b"400"),
])
def test_malformed_requests_are_refused(kg_server, request_bytes, status):
    assert raw(kg_server, request_bytes).startswith(b"HTTP/1.1 " + status)


def test_query_workers_outlive_the_thread_that_spawned_them(tmp_path):
    """Each HTTP connection has its own thread; a worker spawned while serving one must survive it."""
    import pyoxigraph as ox

    from serve.execute import QueryJob
    from serve.worker import WorkerPool

    store = ox.Store(make_store(tmp_path / "store"))
    pool = WorkerPool(store, tmp_path / "checkpoints", size=1, prespawn=0)
    job = QueryJob(PEOPLE, "text/csv", None)

    def run() -> list[tuple]:
        src = pool.source(job)
        msgs = [src.recv(30)]
        while msgs[-1][0] not in ("end", "error"):
            msgs.append(src.recv(30))
        src.close(msgs[-1][0] == "end")
        return msgs

    try:
        first: list = []
        t = threading.Thread(target=lambda: first.append(run()))
        t.start()
        t.join()
        assert first[0][-1] == ("end",)
        time.sleep(0.5)  # had the worker been tied to that thread, it would be dead by now
        assert [w.proc.is_alive() for w in pool._idle] == [True]  # (the pool would replace a dead one)
        second = run()
        assert second[-1] == ("end",), second
        assert b"".join(m[1] for m in second if m[0] == "chunk").decode().split() == ["l", "李四", "王小明"]
    finally:
        pool.close()
