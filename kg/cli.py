"""The `kg` command: build, extract, serve, query, export, remove, demo."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.store import GraphStore

EXAMPLES = Path(__file__).resolve().parent / "examples"


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr, flush=True)


class _Errors:
    """Counts and reports bad input, one stderr line each."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, name: str, reason: str) -> None:
        self.count += 1
        _err(f"{name}: {reason}")


def cmd_build(args: argparse.Namespace) -> int:
    from kg.build import build
    from kg.store import GraphStore, StoreError

    if args.scheduler and args.executor != "dask":
        _err("build: --scheduler needs --executor dask")
        return 2
    try:
        store = GraphStore(args.store)
    except StoreError as e:
        _err(str(e))
        return 2
    errors = _Errors()
    try:
        stats = build(
            args.paths, store, workers=args.workers, on_error=errors, progress=sys.stderr.isatty(),
            executor=args.executor, scheduler=args.scheduler, mentions=not args.no_mentions,
            batch_bytes=max(1, int(args.batch_mb * (1 << 20))), load=args.load,
        )
    finally:
        store.close()
    print(stats.summary(), file=sys.stderr, flush=True)
    return 0 if stats.read > 0 else 2


def cmd_extract(args: argparse.Namespace) -> int:
    from extract import extract_document
    from extract.reading import read_documents, read_lines

    errors = _Errors()
    unread: Counter[str] = Counter()  # files in folders not read, by extension: named at the end
    out = sys.stdout
    n = 0
    if args.lines:
        docs = read_lines(args.lines)
        line_mode = True
    else:
        if not args.paths:
            _err("extract: give PATH... or --lines FILE")
            return 2
        docs = read_documents(args.paths, errors, unread)
        line_mode = False
    nlp = None
    if args.ner_model:
        from extract.nlp import build_pipeline

        model = Path(args.ner_model)
        if args.ner_model != "none" and not (model / "crf.crfsuite").exists() and not (model / "config.cfg").exists():
            _err(f"extract: --ner-model {model}: no model there (crf.crfsuite or config.cfg)")
            return 2
        nlp = build_pipeline({"disable": ["kg_ner_model"]} if args.ner_model == "none"
                             else {"components": {"kg_ner_model": {"path": str(model.resolve())}}})
    for doc in docs:
        n += 1
        try:
            records = extract_document(doc, line_mode=line_mode, nlp=nlp)
        except Exception as e:  # report and go on with the other documents
            errors(str(doc.doc), f"extraction failed: {type(e).__name__}: {e}")
            continue
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out.flush()
    if unread:
        from extract.reading.documents import unread_summary

        print(f"kg extract: read {n} documents; {unread_summary(unread)}", file=sys.stderr, flush=True)
    return 0 if n > 0 else 2


def _set_sources(paths: list[str]) -> None:
    """Tell the pages where the source files are (mention sentences): $KG_SOURCES, os.pathsep-separated."""
    import os

    if paths:
        os.environ["KG_SOURCES"] = os.pathsep.join(os.path.abspath(p) for p in paths)


def cmd_serve(args: argparse.Namespace) -> int:
    import serve

    _set_sources(args.sources)

    serve.run(
        args.store, host=args.host, port=args.port, update_token=args.update_token, timeout=args.timeout, cors=args.cors,
        server=args.server,
    )
    return 0


def _print_rows(rows: list[dict[str, Any]], names: list[str], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=names)
        w.writeheader()
        w.writerows(rows)
    else:
        cells = [[("" if r[n] is None else str(r[n])) for n in names] for r in rows]
        widths = [max([_width(n)] + [_width(c[i]) for c in cells]) for i, n in enumerate(names)]
        print("  ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)))
        print("  ".join("-" * w for w in widths))
        for c in cells:
            print("  ".join(_pad(x, w) for x, w in zip(c, widths, strict=True)))
        print(f"({len(rows)} rows)")


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def _open_read_only(path: str) -> GraphStore | None:
    """The store at `path` opened for reading, or None after one stderr line saying why not."""
    from kg.store import GraphStore, StoreError

    if not Path(path).exists():
        _err(f"no store at {path}")
        return None
    try:
        return GraphStore(path, read_only=True)
    except StoreError as e:
        _err(str(e))
        return None


def cmd_query(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from kg.store import term_value

    store = _open_read_only(args.store)
    if store is None:
        return 2
    try:
        res = store.query(args.sparql)
    except SyntaxError as e:
        _err(f"malformed SPARQL: {e}")
        return 2
    if isinstance(res, ox.QueryBoolean):
        print(json.dumps(bool(res)) if args.format == "json" else str(bool(res)).lower())
        return 0
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        rows = [{n: term_value(s[n]) for n in names} for s in res]
        _print_rows(rows, names, args.format)
        return 0
    sys.stdout.buffer.write(res.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export import csv_paths, export

    store = _open_read_only(args.store)
    if store is None:
        return 2
    filters = {"types": args.types, "since": args.since, "until": args.until, "place": args.place,
               "min_weight": args.min_weight}
    if args.window is not None:
        if args.view != "comention":
            _err("--window applies to --view comention only")
            return 2
        filters["window"] = args.window
    try:
        g = export(store, args.format, args.output, view=args.view, **filters)
    except ValueError as e:
        _err(str(e))
        return 2
    where = " and ".join(map(str, csv_paths(args.output))) if args.format == "csv" else args.output
    print(f"wrote {where}: {args.view} view, {g.number_of_nodes()} nodes, {g.number_of_edges()} edges",
          file=sys.stderr)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from kg.build import remove
    from kg.store import GraphStore

    store = GraphStore(args.store)
    n = sum(remove(store, t) for t in args.targets)
    store.close()
    print(f"removed {n} article graphs", file=sys.stderr)
    return 0 if n else 1


def cmd_validate(args: argparse.Namespace) -> int:
    """SHACL-validate the store (ontology/shapes.ttl); exit status 0 conforms, 1 violations, 2 no store."""
    from kg.rdf import validate_store

    store = _open_read_only(args.store)
    if store is None:
        return 2
    conforms, report, n = validate_store(store, args.articles)
    lines = report.splitlines()
    if not args.full and len(lines) > 200:
        lines = lines[:200] + [f"… ({len(lines) - 200} more lines: --full prints them all)"]
    print("\n".join(lines))
    print(f"kg validate: {n} article graphs and the entities graph: {'conform' if conforms else 'violations'}",
          file=sys.stderr)
    return 0 if conforms else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from kg.build import build
    from kg.store import GraphStore

    store_dir = args.store
    store = GraphStore(store_dir)
    stats = build([str(EXAMPLES)], store, workers=1, on_error=_Errors())
    store.close()
    print(f"demo store {store_dir}: {stats.summary()}", file=sys.stderr, flush=True)
    if args.no_serve:
        return 0
    import serve

    _set_sources([str(EXAMPLES)])

    serve.run(store_dir, host=args.host, port=args.port)
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kg", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="read files and folders, extract, load into the store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--store", required=True, metavar="DIR")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="extraction processes (default: all cores; 1: in this process)")
    p.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="local: a process pool on this machine; dask: a Dask cluster")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler (tcp://host:8786); without it --executor dask starts a LocalCluster")
    p.add_argument("--no-mentions", action="store_true",
                   help="leave out mention annotations (about 1/4 of the quads; faster, no provenance spans)")
    p.add_argument("--batch-mb", type=float, default=8, metavar="MB", help="N-Quads per bulk load (default 8)")
    p.add_argument("--load", choices=["after", "during"], default="after",
                   help="after (default): load once extraction is done (N-Quads wait in a temporary file beside "
                        "the store); during: load while extracting")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("extract", help="print extraction records (JSON Lines)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; - for stdin")
    p.add_argument("--lines", metavar="FILE", help="every line of FILE is its own document")
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--ner-model", metavar="DIR",
                   help="the statistical NER's model folder (default: the shipped one; none: rules alone)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("serve", help="serve the store as a SPARQL endpoint")
    p.add_argument("--store", required=True, metavar="DIR")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--update-token", default=None, metavar="T")
    p.add_argument("--timeout", type=float, default=None, metavar="S", help="query time limit (503 past it)")
    p.add_argument("--cors", default=None, metavar="ORIGINS", help="allowed CORS origins ('*' or comma-separated)")
    p.add_argument("--sources", nargs="+", default=[], metavar="PATH",
                   help="the files and folders the store was built from: entity pages show mentions in their sentences")
    p.add_argument(
        "--server", choices=["waitress", "kg"], default="waitress",
        help="HTTP server: waitress (production WSGI server, default) or kg (built-in, lower per-request overhead)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("query", help="run a SPARQL query on the store")
    p.add_argument("sparql")
    p.add_argument("--store", required=True, metavar="DIR")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser(
        "export", help="export a NetworkX view of the graph for Gephi (GraphML, GEXF, CSV)",
        description="Write a view of the graph as GraphML, GEXF (colours by type) or CSV. For csv, -o is a "
        "folder (existing or ending in /) receiving nodes.csv and edges.csv, or a prefix P giving "
        "P.nodes.csv and P.edges.csv.")
    p.add_argument("format", choices=["graphml", "gexf", "csv"])
    p.add_argument("--store", required=True, metavar="DIR")
    p.add_argument("--view", default="entities", choices=["entities", "comention", "officials-places", "programs-places"])
    p.add_argument("--types", default=None, metavar="T,T", help="entity types to keep, e.g. Person,Place,Post")
    p.add_argument("--since", default=None, metavar="DATE", help="only articles published on or after DATE")
    p.add_argument("--until", default=None, metavar="DATE", help="only articles published on or before DATE")
    p.add_argument("--place", default=None, metavar="NAME", help="only the subtree of this place (name or IRI)")
    p.add_argument("--min-weight", type=int, default=1, metavar="N", help="drop edges seen in fewer than N articles")
    p.add_argument("--window", type=int, default=None, metavar="CHARS",
                   help="comention: mentions at most CHARS apart (default: same article)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("remove", help="remove articles (by IRI) or the articles of files (by path)")
    p.add_argument("targets", nargs="+")
    p.add_argument("--store", required=True, metavar="DIR")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("validate", help="check the store against the SHACL shapes (ontology/shapes.ttl)")
    p.add_argument("--store", required=True, metavar="DIR")
    p.add_argument("--articles", type=int, default=None, metavar="N",
                   help="validate the entities graph and the first N article graphs (default: all)")
    p.add_argument("--full", action="store_true", help="print the whole report")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("demo", help="build the bundled example corpus and serve it")
    p.add_argument("--store", default="kg-demo-store", metavar="DIR")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--no-serve", action="store_true", help="build only")
    p.set_defaults(func=cmd_demo)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
