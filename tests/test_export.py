"""NetworkX views (kg/views.py) and Gephi exports (kg/export.py, `kg export`).

A hand-written store pins the semantics (weights, dates, filters); the seed store checks the
deliverable (>= 150 labelled nodes of the seven types, files igraph and networkx read back).
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import igraph
import networkx as nx
import pytest
from conftest import run_kg

from kg.export import COLORS, csv_paths, export_csv, export_gexf, export_graphml, gephi_ready
from kg.rdf import record_to_nquads
from kg.store import GraphStore
from kg.views import VIEWS, GraphData, to_networkx
from kg.vocab import ID

SEVEN = {"Person", "Place", "Organization", "Enterprise", "Program", "Project", "Event"}


def ent(etype: str, name: str, at: int, **attrs) -> dict:
    return {"type": etype, "name": name, "aliases": attrs.pop("aliases", []),
            "mentions": [{"start": at, "end": at + len(name), "text": name}], **attrs}


def record(doc: str, date: str | None, with_program: bool = True) -> dict:
    """A made-up article about a county: an official, a program, a project and an enterprise."""
    ents = [
        ent("Person", "甲乙丙", 10, jurisdiction="青山市", official=True),
        ent("Place", "青山市", 0, level="prefecture", parent="东海省"),
        ent("Place", "绿水县", 300, level="county", parent="青山市"),
        ent("Place", "白云市", 900, level="prefecture", parent="东海省"),
        ent("Project", "绿水县物流园", 320, place="绿水县", investment={"value": 300000000, "currency": "CNY"}),
        ent("Enterprise", "青山新材料有限公司", 340, aliases=["青山新材料"]),
        ent("Organization", "青山市委", 30, kind="party", jurisdiction="青山市"),
        ent("Event", "全市项目推进会", 60, place="青山市", date=date),
    ]
    rels = [
        {"type": "holds_post", "person": "甲乙丙", "post": "市委书记", "of": "青山市", "evidence": {"start": 5, "end": 20}},
        {"type": "located_in", "child": "绿水县", "parent": "青山市"},
        {"type": "project_in", "project": "绿水县物流园", "place": "绿水县"},
        {"type": "involved_in", "enterprise": "青山新材料", "project": "绿水县物流园"},
        {"type": "participant", "event": "全市项目推进会", "person": "甲乙丙", "role": "主持"},
    ]
    if with_program:
        ents.append(ent("Program", "三访三问", 200))
        rels.append({"type": "launched_by", "program": "三访三问", "by": "青山市委"})
    return {"doc": doc, "article": 0, "title": f"{doc} 标题", "date": date, "source": "青山日报",
            "entities": ents, "relations": rels}


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory) -> GraphStore:
    store = GraphStore(tmp_path_factory.mktemp("hand") / "store")
    store.load_ontology()
    for rec in (record("a.txt", "2024-01-10"), record("b.txt", "2024-03-05"),
                record("c.txt", "2024-06-01", with_program=False), record("d.txt", None, with_program=False)):
        store.bulk_load_nquads(record_to_nquads(rec))
    return store


@pytest.fixture(scope="module")
def data(hand_store) -> GraphData:
    return GraphData(hand_store)


def by_label(g: nx.Graph, label: str) -> str:
    (node,) = [n for n, d in g.nodes(data=True) if d["label"] == label]
    return node


def test_entity_view_nodes_edges_weights_and_dates(data):
    g = to_networkx(data, "entities")
    person, post = by_label(g, "甲乙丙"), by_label(g, "青山市委书记")
    assert g.nodes[person]["type"] == "Person" and g.nodes[person]["official"] is True
    assert g.nodes[person]["n_articles"] == 4
    assert (g.nodes[person]["first"], g.nodes[person]["last"]) == ("2024-01-10", "2024-06-01")
    assert g.nodes[by_label(g, "青山新材料有限公司")]["aliases"] == ["青山新材料"]
    assert g.nodes[by_label(g, "绿水县物流园")]["investment"] == 300000000.0
    holds = g.get_edge_data(person, post)["holds"]
    assert holds["relation"] == "holds" and holds["relation_zh"] == "担任"
    assert holds["weight"] == 4 and len(holds["articles"]) == 4  # the undated article counts too
    assert (holds["first"], holds["last"]) == ("2024-01-10", "2024-06-01")
    launched = g.get_edge_data(by_label(g, "三访三问"), by_label(g, "青山市委"))["launchedBy"]
    assert launched["weight"] == 2
    assert {t for _, t in g.nodes(data="type")} >= SEVEN


def test_date_filter_keeps_what_articles_of_the_period_say(data):
    g = to_networkx(data, "entities", since="2024-03", until="2024-03")
    person, post = by_label(g, "甲乙丙"), by_label(g, "青山市委书记")
    assert g.get_edge_data(person, post)["holds"]["weight"] == 1
    assert g.nodes[person]["n_articles"] == 1
    g = to_networkx(data, "entities", since="2024-04-01")
    assert not [n for n, t in g.nodes(data="type") if t == "Program"]  # only a.txt and b.txt name it


def test_type_place_and_weight_filters(data):
    g = to_networkx(data, "entities", types="Person,Post")
    assert {t for _, t in g.nodes(data="type")} == {"Person", "Post"}
    g = to_networkx(data, "entities", place="绿水县")
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {"绿水县", "绿水县物流园", "青山新材料有限公司"} <= labels  # the enterprise via its project
    assert not labels & {"青山市", "白云市", "甲乙丙"}
    g = to_networkx(data, "entities", place="青山市")
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {"甲乙丙", "青山市委书记", "三访三问", "绿水县"} <= labels and "白云市" not in labels
    g = to_networkx(data, "entities", min_weight=3)
    assert g.number_of_edges() > 0 and all(w >= 3 for *_, w in g.edges(data="weight"))
    assert all(g.degree(n) > 0 for n in g)
    with pytest.raises(ValueError):
        to_networkx(data, "entities", place="无此地")
    with pytest.raises(ValueError):
        to_networkx(data, "entities", types=["Planet"])
    with pytest.raises(ValueError):
        to_networkx(data, "no-such-view")


def test_comention_by_article_and_by_window(data):
    g = to_networkx(data, "comention")
    a, b = by_label(g, "甲乙丙"), by_label(g, "白云市")
    assert g[a][b]["weight"] == 4 and g[a][b]["relation"] == "comention"
    near = to_networkx(data, "comention", window=50)
    assert near.has_edge(by_label(near, "甲乙丙"), by_label(near, "青山市"))  # offsets 10 and 0
    assert not any(d["label"] == "白云市" for _, d in near.nodes(data=True))  # 890 characters away


def test_bipartite_views(data):
    g = to_networkx(data, "officials-places")
    person, city = by_label(g, "甲乙丙"), by_label(g, "青山市")
    assert g.nodes[person]["bipartite"] == 0 and g.nodes[city]["bipartite"] == 1
    assert "holds" in g[person][city]["relation"] and g[person][city]["posts"] == ["青山市委书记"]
    assert g[person][city]["weight"] == 4
    p = to_networkx(data, "programs-places")
    prog = by_label(p, "三访三问")
    assert "launched_by" in p[prog][by_label(p, "青山市")]["relation"]
    assert p[prog][by_label(p, "白云市")]["relation"] == "comention"
    wide = to_networkx(data, "programs-places", types=["Program", "Project"])
    proj = by_label(wide, "绿水县物流园")
    assert "location" in wide[proj][by_label(wide, "绿水县")]["relation"]


def test_files_are_flat_typed_and_coloured(data, tmp_path):
    g = export_graphml(data, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    node = back.nodes[by_label(back, "青山新材料有限公司")]
    assert node["aliases"] == "青山新材料" and node["color"] == COLORS["Enterprise"]
    assert isinstance(node["n_articles"], int)
    h = gephi_ready(g, "graphml")
    for _, d in h.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
    export_gexf(data, tmp_path / "g.gexf", view="officials-places")
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ET.parse(tmp_path / "g.gexf").getroot()
    colours = root.findall(".//g:node/viz:color", ns)
    assert colours and {c.get("r") for c in colours} >= {"225", "78"}  # Person red, Place blue
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == len(colours)
    export_csv(data, tmp_path / "out" / "pp.csv", view="programs-places")
    nodes_csv, edges_csv = csv_paths(tmp_path / "out" / "pp.csv")
    assert nodes_csv.name == "pp.nodes.csv"
    edges = list(csv.DictReader(edges_csv.open(encoding="utf-8")))
    assert edges and all(e["type"] == "Undirected" and e["source"].startswith(ID + "program/") for e in edges)
    assert csv_paths(tmp_path)[0] == tmp_path / "nodes.csv"


# -- the seed graph ---------------------------------------------------------------------------------


def test_seed_graphml_meets_the_bar(seed_store, tmp_path):
    out = tmp_path / "seed.graphml"
    cp = run_kg("export", "graphml", "--store", str(seed_store), "-o", str(out))
    assert b"nodes" in cp.stderr
    g = nx.read_graphml(out)
    types = Counter(d.get("type") for _, d in g.nodes(data=True))
    assert g.number_of_nodes() >= 150, types
    assert SEVEN <= set(types), types
    assert all(d.get("label") for _, d in g.nodes(data=True))
    assert g.number_of_edges() > 0 and all(d.get("relation") for *_, d in g.edges(data=True))
    ig = igraph.Graph.Read_GraphML(str(out))
    assert (ig.vcount(), ig.ecount()) == (g.number_of_nodes(), g.number_of_edges())
    assert all(ig.vs["label"]) and all(ig.es["relation"])


@pytest.mark.parametrize("view", VIEWS)
def test_seed_views_export_as_gexf_and_csv(seed_store, tmp_path, view):
    gexf = tmp_path / f"{view}.gexf"
    run_kg("export", "gexf", "--view", view, "--store", str(seed_store), "-o", str(gexf))
    g = nx.read_gexf(gexf)
    assert g.number_of_nodes() > 0 and g.number_of_edges() > 0
    assert all(d.get("label") for _, d in g.nodes(data=True))
    run_kg("export", "csv", "--view", view, "--store", str(seed_store), "-o", str(tmp_path / "csv") + "/")
    nodes = list(csv.DictReader((tmp_path / "csv" / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "csv" / "edges.csv").open(encoding="utf-8")))
    assert (len(nodes), len(edges)) == (g.number_of_nodes(), g.number_of_edges())
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids and e["relation"] for e in edges)


def test_seed_filters_on_the_command_line(seed_store, tmp_path):
    full = nx.read_graphml(_export(seed_store, tmp_path / "full.graphml"))
    places = Counter(d["label"] for _, d in full.nodes(data=True) if d["type"] == "Place")
    parent = max((n for n, d in full.nodes(data=True) if d["type"] == "Place"),
                 key=lambda n: sum(1 for u, _, r in full.in_edges(n, data="relation") if r == "containedInPlace"))
    sub = nx.read_graphml(_export(seed_store, tmp_path / "sub.graphml", "--place", parent))
    assert 0 < sub.number_of_nodes() < full.number_of_nodes() and parent in sub
    assert places  # the seed graph has places
    people = nx.read_graphml(_export(seed_store, tmp_path / "p.graphml", "--types", "Person,Post"))
    assert {d["type"] for _, d in people.nodes(data=True)} == {"Person", "Post"}
    heavy = nx.read_graphml(_export(seed_store, tmp_path / "w.graphml", "--min-weight", "2"))
    assert all(int(w) >= 2 for *_, w in heavy.edges(data="weight"))
    cp = run_kg("export", "graphml", "--store", str(seed_store), "-o", str(tmp_path / "x"), "--types", "Planet", check=False)
    assert cp.returncode == 2 and b"unknown entity types" in cp.stderr


def _export(store: Path, out: Path, *args: str) -> Path:
    run_kg("export", "graphml", "--store", str(store), "-o", str(out), *args)
    return out


def test_example_store_exports(example_store, tmp_path):
    out = tmp_path / "ex.gexf"
    run_kg("export", "gexf", "--store", str(example_store), "-o", str(out))
    g = nx.read_gexf(out)
    assert g.number_of_nodes() > 20 and all(d.get("label") for _, d in g.nodes(data=True))
    cp = run_kg("export", "graphml", "--store", str(tmp_path / "absent"), "-o", str(tmp_path / "y"), check=False)
    assert cp.returncode == 2
