"""The query page in a real headless browser (Chromium from the distribution; skipped when absent):
its JavaScript runs the query against the server and renders the table, links and errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.parse

import pytest
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
