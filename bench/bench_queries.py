"""Time every README SPARQL example and every example query of the serve page on a built store.

    python bench/bench_queries.py --store DIR [--timeout 30] [--repeat 3] [--persons 50]

Each query runs in its own process (killed after --timeout seconds) over the union default graph,
as `kg query` and the endpoint run it; the line printed gives the seconds, the rows and the rows
that repeat (a DISTINCT-free query whose rows repeat multiplies a join). With --persons N the
number of Person nodes of each of the N most-mentioned person names is printed too.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def readme_queries() -> list[tuple[str, str]]:
    """(name, query) of every ```sparql block of the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"```sparql\n(.*?)```", text, re.S):
        heads = re.findall(r"\*\*([^*]+)\*\*", text[: m.start()])
        out.append(("README: " + (heads[-1].strip() if heads else "?"), m[1]))
    return out


def page_queries() -> list[tuple[str, str]]:
    """(name, query) of the serve page's examples (empty when the serve package cannot be imported)."""
    try:
        from serve.pages import EXAMPLES
    except Exception:  # noqa: BLE001 - flask missing: only the README queries
        return []
    return [("page: " + name, q) for name, q in EXAMPLES]


def _run(store: str, query: str, repeat: int, conn) -> None:
    from kg.store import GraphStore

    st = GraphStore(store, read_only=True)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        res = st.query(query)
        names = [v.value for v in res.variables]
        rows = [tuple(str(s[n]) for n in names) for s in res]
        best = min(best, time.perf_counter() - t)
    conn.send((best, len(rows), len(rows) - len(set(rows))))


def time_query(store: str, query: str, timeout: float, repeat: int = 1) -> tuple[float | None, int, int]:
    """(best seconds of `repeat` runs, or None on timeout; rows; repeated rows) of one query in a child process."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_run, args=(store, query, repeat, child))
    p.start()
    if parent.poll(timeout * repeat):
        out = parent.recv()
        p.join()
        return out
    p.kill()
    p.join()
    return None, 0, 0


def persons_per_name(store: str, n: int) -> list[tuple[str, int, int, int, int]]:
    """(name, mentions, Person nodes, resolved nodes, unresolved nodes linked by kgo:likelySameAs)
    of the `n` person names with most mention annotations (one annotation per article)."""
    from kg.store import GraphStore

    st = GraphStore(store, read_only=True)
    rows = st.select(f"""SELECT ?name ?m ?nodes (COUNT(DISTINCT ?r) AS ?resolved) (COUNT(DISTINCT ?u) AS ?linked) WHERE {{
        {{ SELECT ?name (COUNT(DISTINCT ?ann) AS ?m) (COUNT(DISTINCT ?p) AS ?nodes) WHERE {{
             ?p a kgo:Person ; rdfs:label ?name . ?ann oa:hasBody ?p }} GROUP BY ?name ORDER BY DESC(?m) LIMIT {n} }}
        OPTIONAL {{ ?r a kgo:Person ; rdfs:label ?name FILTER NOT EXISTS {{ ?r kgo:unresolved true }} }}
        OPTIONAL {{ ?u rdfs:label ?name ; kgo:likelySameAs ?x }}
        }} GROUP BY ?name ?m ?nodes ORDER BY DESC(?m)""")
    return [(r["name"], r["m"], r["nodes"], r["resolved"], r["linked"]) for r in rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--persons", type=int, default=0, help="print Person nodes of the N most-mentioned names")
    ap.add_argument("--repeat", type=int, default=1, help="run each query N times, print the best (a busy machine)")
    args = ap.parse_args(argv)
    worst = 0.0
    for name, q in readme_queries() + page_queries():
        secs, rows, dup = time_query(args.store, q, args.timeout, args.repeat)
        if secs is None:
            print(f"  >{args.timeout:.0f} s  (timed out)  {name}")
            worst = float("inf")
            continue
        worst = max(worst, secs)
        print(f"{secs:7.2f} s  {rows:6d} rows  {dup:5d} repeated  {name}")
    print(f"slowest: {worst:.2f} s")
    if args.persons:
        res = persons_per_name(args.store, args.persons)
        print(f"\nPerson nodes per name, {len(res)} most-mentioned names "
              "(nodes; resolved ones; the unresolved node linked by kgo:likelySameAs):")
        for name, m, nodes, resolved, linked in res:
            print(f"  {nodes:4d} nodes  {resolved:3d} resolved  {'linked' if linked else '      '}  {m:6d} articles  {name}")
        print(f"names with one node: {sum(1 for r in res if r[2] == 1)}/{len(res)}; "
              f"with one resolved node: {sum(1 for r in res if r[3] == 1)}/{len(res)}; "
              f"nodes in all: {sum(r[2] for r in res)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
