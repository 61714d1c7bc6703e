"""The pages in a real headless browser (Chromium from the distribution; skipped when absent): the query
page's JavaScript runs the query against the server and renders the table, links and errors; the home,
search, browse and entity pages (drawn on the server) show the graph, and no request leaves 127.0.0.1."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest
from conftest import EXAMPLES, Server
from test_serve import TOKEN, make_store
from test_serve_process import ServeProcess

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")


def rendered(url: str) -> str:
    """The page's DOM after its scripts ran (a virtual time budget lets the fetch finish)."""
    cp = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert cp.returncode == 0, cp.stderr[-2000:]
    return cp.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = ServeProcess(make_store(tmp_path_factory.mktemp("browser") / "store"), update_token=TOKEN)
    yield srv
    srv.stop()


def test_query_page_runs_the_query_and_links_entities(server):
    q = "SELECT ?p ?l WHERE { ?p a kgo:Person ; rdfs:label ?l } ORDER BY ?l"
    dom = rendered(f"{server.base}/?query={urllib.parse.quote(q)}")
    table = re.search(r"<table>.*?</table>", dom, re.S)
    assert table, dom[-3000:]
    assert "李四" in table.group() and "王小明" in table.group()
    assert 'href="/id/person/某市/王小明"' in table.group()
    assert "2 rows" in dom
    assert re.search(r'id="dl-csv" href="/sparql\?format=csv&amp;query=', dom)


def test_query_page_shows_the_parser_error(server):
    dom = rendered(f"{server.base}/?query={urllib.parse.quote('SELECT ?x WHERE {')}")
    error = re.search(r'<pre id="error"[^>]*>(.*?)</pre>', dom, re.S)
    assert error and "error at 1:" in error.group(1)
    assert "Error 400" in dom


# -- the home, search, browse and entity pages over the bundled examples ------------------------------

QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-features=AutofillServerCommunication",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


@pytest.fixture(scope="module")
def examples(example_store):
    srv = Server(example_store, "--sources", str(EXAMPLES))
    yield srv
    srv.stop()


def page_dom(url: str, netlog: Path) -> str:
    """The DOM of a page; every network request Chromium made is written to `netlog`."""
    cp = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", *QUIET, f"--log-net-log={netlog}",
         "--virtual-time-budget=5000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert cp.returncode == 0, cp.stderr[-2000:]
    return cp.stdout


def page_requests(netlog: Path) -> list[str]:
    """The URLs requested for the page: the main frame and every request the page initiated (style sheets,
    scripts, images, fetches), as opposed to Chromium's own traffic (updates, autofill, accounts)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for ev in log["events"]:
        p = ev.get("params") or {}
        if ev["type"] == start and "url" in p and (
                p.get("request_type") == "main frame" or p.get("initiator", "").startswith("http")):
            urls.append(p["url"])
    return urls


def assert_local(netlog: Path, base: str) -> None:
    urls = page_requests(netlog)
    assert urls, "no request recorded"
    assert all(u.startswith(base + "/") for u in urls), urls
    assert any(u.endswith("/static/style.css") for u in urls), urls


def test_home_page_shows_the_summary(examples, tmp_path):
    dom = page_dom(examples.url + "/", tmp_path / "net.json")
    assert re.search(r"<strong>4</strong> articles", dom)
    assert "赣州日报" in re.search(r'id="outlets".*?</table>', dom, re.S).group()
    assert re.search(r'id="kinds".*?人物 · people.*?</table>', dom, re.S)
    assert '<svg' in dom and '<form class="search" method="get" action="/search"' in dom
    assert 'action="/query"' in dom  # the editor, one click away
    assert_local(tmp_path / "net.json", examples.url)


def test_a_search_for_a_name_finds_its_entity(examples, tmp_path):
    # the URL the home page's search form sends
    dom = page_dom(examples.url + "/search?" + urllib.parse.urlencode({"q": "吴建国"}), tmp_path / "net.json")
    hits = re.search(r'id="hits".*?</table>', dom, re.S).group()
    assert re.search(r'href="/id/person/(%E5%8D%97%E5%B9%B3%E5%B8%82|南平市)/(%E5%90%B4%E5%BB%BA%E5%9B%BD|吴建国)">吴建国</a>', hits)
    assert "Person" in hits
    assert_local(tmp_path / "net.json", examples.url)


def _total(dom: str) -> int:
    return int(re.search(r'id="list-status"><strong>(\d+)</strong>', dom).group(1))


def test_a_facet_link_narrows_a_list(examples, tmp_path):
    dom = page_dom(examples.url + "/browse/Person", tmp_path / "net.json")
    n = _total(dom)
    facet = re.search(r'id="facet-outlet".*?href="([^"]+)"', dom, re.S).group(1).replace("&amp;", "&")
    narrowed = page_dom(examples.url + facet, tmp_path / "net2.json")
    assert 0 < _total(narrowed) < n
    assert 'class="remove"' in narrowed  # the chosen facet, with a link that removes it
    assert_local(tmp_path / "net2.json", examples.url)


def test_an_entity_page_shows_mention_sentences_and_its_neighbourhood(examples, tmp_path):
    dom = page_dom(examples.url + "/id/person/" + urllib.parse.quote("南平市/吴建国"), tmp_path / "net.json")
    sentences = re.findall(r'<span class="sentence">(.*?)</span>', dom)
    assert len(sentences) >= 2 and all("<mark>吴建国</mark>" in s for s in sentences)
    svg = re.search(r'<section id="neighbourhood">.*?</svg>', dom, re.S)
    assert svg and "南平市委书记" in svg.group() and "<circle" in svg.group()
    assert_local(tmp_path / "net.json", examples.url)
