"""The home, search, browse and entity pages over real HTTP: `kg serve` (a real process on 127.0.0.1) over
the bundled examples built into a store on disk, with the examples as its sources."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest
from conftest import EXAMPLES, Server
from test_serve_process import http

from kg.vocab import ID

WU = ID + "person/南平市/吴建国"  # 02_interview.txt: the city party secretary interviewed
NANPING = ID + "place/350700"


@pytest.fixture(scope="module")
def server(example_store):
    srv = Server(example_store, "--sources", str(EXAMPLES))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def bare(example_store):
    """The same store served without its sources."""
    srv = Server(example_store)
    yield srv
    srv.stop()


def page(srv: Server, path: str, status: int = 200) -> str:
    path = urllib.parse.quote(path, safe="/?&=%:+;,@")  # non-ASCII names in paths as UTF-8 escapes
    code, headers, body = http(srv.url + path, headers={"Accept": "text/html"})
    assert code == status, (path, body[:2000])
    return body.decode()


def links(text: str, where: str = "") -> list[str]:
    """The hrefs of the page (inside the element with id `where`, when given), unescaped."""
    if where:
        m = re.search(rf'id="{where}".*?</(ul|table|section|div)>', text, re.S)
        assert m, f"no #{where}"
        text = m.group()
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', text)]


def total(text: str) -> int:
    return int(re.search(r'id="list-status"><strong>(\d+)</strong>', text).group(1))


def test_home_page_summarises_the_graph(server):
    text = page(server, "/")
    assert "<strong>4</strong> articles" in text
    assert re.search(r"<strong>1[0-9]</strong> people", text)  # the examples name 17-18 people
    outlets = re.search(r'id="outlets".*?</table>', text, re.S).group()
    for outlet in ("赣州日报", "闽北日报", "南方网", "衢州新闻网"):
        assert outlet in outlets
    assert "/browse/Article?outlet=" in outlets
    assert "2023-09" in text and "2024-05" in text  # the months, as a chart and a table
    assert "<svg" in text and 'href="/browse/Article?from=2024-03&amp;to=2024-03"' in text
    kinds = re.search(r'id="kinds".*?</table>', text, re.S).group()
    assert all(f'href="/browse/{k}"' in kinds for k in ("Person", "Post", "Place", "Organization", "Program"))
    # the SPARQL editor is one click away, and the page loads nothing from elsewhere
    assert '<form method="get" action="/query">' in text and "<textarea" in text
    assert 'src="http' not in text and 'href="http' not in text and "<script" not in text


def test_the_query_editor_is_at_query_and_at_slash_with_a_query(server):
    assert 'id="query-form"' in page(server, "/query")
    assert 'id="query-form"' in page(server, "/?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1"))


def test_search_finds_a_person_by_name_and_a_place_by_its_short_name(server):
    text = page(server, "/search?q=" + urllib.parse.quote("吴建国"))
    hits = re.search(r'id="hits".*?</table>', text, re.S).group()
    assert 'href="/id/person/南平市/吴建国"' in hits and "Person" in hits
    text = page(server, "/search?q=" + urllib.parse.quote("南平"))
    rows = re.findall(r"<tr><td><a href=\"([^\"]+)\">([^<]+)</a></td><td>(.*?)</td>", text)
    found = {name: kinds for _, name, kinds in rows}
    assert "Place" in found["南平市"] and "Post" in found["南平市委书记"], found
    assert rows[0][1] == "南平市"  # the shortest name containing the query first


def test_search_with_quotes_and_nothing_found(server):
    text = page(server, "/search?q=" + urllib.parse.quote('x" } ; DROP ALL #'))
    assert "0 entities" in text
    assert "<table" not in page(server, "/search?q=")


def test_a_facet_link_narrows_a_list(server):
    people = page(server, "/browse/Person")
    n = total(people)
    assert n >= 15
    place_links = links(people, "facet-place")
    assert place_links and all(h.startswith("/browse/Person?place=") for h in place_links)
    nanping = "/browse/Person?" + urllib.parse.urlencode({"place": NANPING})
    narrowed = page(server, nanping)
    assert 0 < total(narrowed) < n
    assert 'href="/id/person/南平市/吴建国"' in narrowed
    assert "/id/person/赣州市/" not in narrowed.split('id="list"')[1]
    assert "南平市" in narrowed.split('id="list-status"')[1].split("</p>")[0]  # the chosen facet is named
    # the facets combine: outlet and dates are plain query-string links too
    outlet = links(narrowed, "facet-outlet")[0]
    assert "place=" in outlet and "outlet=" in outlet
    both = page(server, outlet)
    assert 0 < total(both) <= total(narrowed)
    dated = page(server, "/browse/Person?from=2024-03&to=2024-03")  # 01_meeting.txt, 2024-03-15
    assert 0 < total(dated) < n and "/id/person/赣州市/" in dated
    assert total(page(server, "/browse/Person?from=1999&to=1999")) == 0


def test_article_list_and_its_outlet_facet(server):
    arts = page(server, "/browse/Article")
    assert total(arts) == 4
    dates = re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", arts)
    assert dates == sorted(dates, reverse=True) and len(dates) == 4
    outlet = next(h for h in links(arts, "facet-outlet") if "outlet=" in h)
    assert total(page(server, outlet)) == 1


def test_bad_browse_arguments(server):
    page(server, "/browse/Nothing", 404)
    page(server, "/browse/Person?from=last+year", 400)
    page(server, "/browse/Person?place=not%20an%20iri", 400)


def test_entity_page_shows_mention_sentences_and_its_neighbourhood(server):
    text = page(server, "/id/person/南平市/吴建国")
    mentions = text.split('id="mentions"')[1].split("</table>")[0]
    sentences = re.findall(r'<span class="sentence">(.*?)</span>', mentions)
    assert len(sentences) >= 2
    assert all(s.count("<mark>吴建国</mark>") == 1 for s in sentences)
    assert any(len(re.sub(r"<[^>]+>", "", s)) > 10 for s in sentences)  # a sentence, not the name alone
    svg = re.search(r'<section id="neighbourhood">.*?</svg>', text, re.S).group()
    assert 'href="/id/post/南平市委书记"' in svg and 'href="/id/place/350700"' in svg  # what he holds, where
    assert "任职" in svg and "<circle" in svg


def test_entity_page_without_sources_says_how_to_get_sentences(bare):
    text = page(bare, "/id/person/南平市/吴建国")
    assert "kg serve --sources" in text
    assert '<span class="sentence">' not in text
    assert "<svg" in text


def test_html_mentions_are_cut_at_the_markup(server):
    """04_portal.html: offsets point into the HTML file; the sentence shown holds no tags."""
    text = page(server, "/search?q=" + urllib.parse.quote("衢州市委书记"))
    href = re.search(r'<tr><td><a href="([^"]+)">衢州市委书记</a>', text).group(1)
    ent = page(server, href)
    sentences = re.findall(r'<span class="sentence">(.*?)</span>', ent)
    assert sentences and all("&lt;" not in s and "<mark>" in s for s in sentences)
