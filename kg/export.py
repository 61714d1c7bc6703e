"""Gephi-ready files from the NetworkX views (kg.views): GraphML, GEXF, CSV node and edge lists.

Every file holds typed attributes only (str, int, float, bool): lists are joined with "; ", None values
are left out, and a key keeps one type across all nodes (or edges). Nodes carry `label` (the Chinese
name), `type` (Person, Place, …), `type_zh` and a colour by type: GEXF as `viz` colour and size,
GraphML and CSV as `color` ("#rrggbb") plus `r`, `g`, `b` (Gephi's GraphML importer reads those).
Edges carry `relation` (holds, postIn, containedInPlace, …, or comention), `relation_zh`, `weight`
(number of supporting articles), `first`/`last` (dates) and `articles` (IRIs joined by spaces).

CSV: `export_csv(store, target)` writes two files: when `target` is a directory (existing, or ending
in "/"), `target/nodes.csv` and `target/edges.csv`; otherwise `target` is a prefix: `PREFIX.nodes.csv`
and `PREFIX.edges.csv` (a trailing ".csv" of the prefix is dropped). Columns are Gephi's spreadsheet
names: nodes `id,label,type,…`; edges `source,target,type (Directed/Undirected),relation,weight,…`.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import networkx as nx

from kg.store import GraphStore
from kg.views import VIEWS, GraphData, local_name, to_networkx  # noqa: F401 (re-exported)

# node colours by entity type (Tableau 10)
COLORS = {
    "Person": "#e15759", "Place": "#4e79a7", "Organization": "#f28e2b", "Enterprise": "#76b7b2",
    "Program": "#59a14f", "Project": "#edc948", "Event": "#b07aa1", "Post": "#ff9da7", "Document": "#9c755f",
}
OTHER_COLOR = "#bab0ac"
FORMATS = ("graphml", "gexf", "csv")
_JOIN = {"articles": " "}  # how list attributes are joined (default "; ")


def rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _flat(key: str, value: Any) -> Any:
    """A value a GraphML/GEXF attribute can hold (None stays None: left out)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        if not value:
            return None
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return _JOIN.get(key, "; ").join(str(x) for x in items)
    return str(value)


def _flatten(items: list[dict[str, Any]]) -> None:
    """Flatten attribute dicts in place and give each key one type (str when types are mixed)."""
    types: dict[str, set[type]] = {}
    for d in items:
        for k in list(d):
            v = _flat(k, d[k])
            if v is None:
                del d[k]
                continue
            d[k] = v
            types.setdefault(k, set()).add(type(v))
    for k, ts in types.items():
        if len(ts) == 1 or ts <= {int, float}:
            cast = float if len(ts) > 1 else None
        else:
            cast = str
        if cast is not None:
            for d in items:
                if k in d:
                    d[k] = cast(d[k]) if cast is float else _to_str(d[k])


def _to_str(v: Any) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def gephi_ready(g: nx.Graph, fmt: str = "graphml") -> nx.Graph:
    """A copy of a view with flat typed attributes and colours for `fmt` (graphml, gexf or csv)."""
    h = g.copy()
    h.graph = {k: v for k, v in g.graph.items() if isinstance(v, (str, int, float, bool))}
    for n, d in h.nodes(data=True):
        d.setdefault("label", local_name(str(n)))
        color = COLORS.get(d.get("type", ""), OTHER_COLOR)
        if fmt == "gexf":
            r, gg, b = rgb(color)
            d["viz"] = {"color": {"r": r, "g": gg, "b": b, "a": 1.0}, "size": 4.0 + 2.0 * min(h.degree(n), 50) ** 0.5}
        else:
            d["color"] = color
            d["r"], d["g"], d["b"] = rgb(color)
    node_dicts = [d for _, d in h.nodes(data=True)]
    viz = [d.pop("viz", None) for d in node_dicts]
    _flatten(node_dicts)
    for d, v in zip(node_dicts, viz, strict=True):
        if v is not None:
            d["viz"] = v
    edge_dicts = [d for *_, d in h.edges(data=True)]
    for d in edge_dicts:
        d.setdefault("relation", "related")
        if fmt == "gexf":
            d.setdefault("label", d.get("relation_zh") or d["relation"])
    _flatten(edge_dicts)
    return h


def write_graphml(g: nx.Graph, path: str | os.PathLike) -> nx.Graph:
    """Write a view as GraphML (UTF-8); returns the flattened graph written."""
    h = gephi_ready(g, "graphml")
    nx.write_graphml(h, path, encoding="utf-8", named_key_ids=True)
    return h


def write_gexf(g: nx.Graph, path: str | os.PathLike) -> nx.Graph:
    """Write a view as GEXF 1.2 (UTF-8, viz colours); returns the flattened graph written."""
    h = gephi_ready(g, "gexf")
    nx.write_gexf(h, path, encoding="utf-8", version="1.2draft")
    return h


def csv_paths(target: str | os.PathLike) -> tuple[Path, Path]:
    """(nodes.csv, edges.csv) for a directory or a prefix (see the module docstring)."""
    t = str(target)
    if t.endswith(("/", os.sep)) or Path(t).is_dir():
        d = Path(t)
        return d / "nodes.csv", d / "edges.csv"
    if t.endswith(".csv"):
        t = t[:-4]
    return Path(t + ".nodes.csv"), Path(t + ".edges.csv")


def write_csv(g: nx.Graph, target: str | os.PathLike) -> tuple[Path, Path]:
    """Write the node and edge lists of a view as UTF-8 CSV; returns their paths."""
    h = gephi_ready(g, "csv")
    nodes_path, edges_path = csv_paths(target)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    first = ["id", "label", "type"]
    node_keys = first + sorted({k for _, d in h.nodes(data=True) for k in d} - set(first))
    with open(nodes_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=node_keys)
        w.writeheader()
        for n, d in h.nodes(data=True):
            w.writerow({"id": n, **{k: _to_str(v) for k, v in d.items() if k != "id"}})
    kind = "Directed" if h.is_directed() else "Undirected"
    first = ["source", "target", "type", "relation", "weight"]
    edge_keys = first + sorted({k for *_, d in h.edges(data=True) for k in d} - set(first))
    with open(edges_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=edge_keys)
        w.writeheader()
        for u, v, d in h.edges(data=True):
            if h.nodes[u].get("bipartite") == 1 and h.nodes[v].get("bipartite") == 0:
                u, v = v, u  # bipartite views: the person/program first, the place second
            row = {k: _to_str(x) for k, x in d.items() if k not in ("source", "target", "type")}
            w.writerow({"source": u, "target": v, "type": kind, **row})
    return nodes_path, edges_path


def export(store: GraphStore | GraphData, fmt: str, target: str | os.PathLike, view: str = "entities",
           **filters: Any) -> nx.Graph:
    """Build the view (filters as in kg.views.to_networkx) and write it as graphml, gexf or csv."""
    g = to_networkx(store, view, **filters)
    if fmt == "graphml":
        write_graphml(g, target)
    elif fmt == "gexf":
        write_gexf(g, target)
    elif fmt == "csv":
        write_csv(g, target)
    else:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return g


def export_graphml(store: GraphStore | GraphData, path: str | os.PathLike, view: str = "entities",
                   **filters: Any) -> nx.Graph:
    """Write the view as GraphML for Gephi; returns the view (a NetworkX graph)."""
    return export(store, "graphml", path, view, **filters)


def export_gexf(store: GraphStore | GraphData, path: str | os.PathLike, view: str = "entities",
                **filters: Any) -> nx.Graph:
    """Write the view as GEXF for Gephi; returns the view."""
    return export(store, "gexf", path, view, **filters)


def export_csv(store: GraphStore | GraphData, target: str | os.PathLike, view: str = "entities",
               **filters: Any) -> nx.Graph:
    """Write the view as nodes.csv and edges.csv (see `csv_paths`); returns the view."""
    return export(store, "csv", target, view, **filters)
