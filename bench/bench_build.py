"""Build throughput on the xwlb_news corpus beside bare `jieba.lcut` on the same texts.

    python bench/bench_build.py [--limit N] [--workers W] [--no-mentions] [--load during] [--dask-check] [--profile N]

Prints one line per measurement: single-core jieba.lcut over the texts, the whole `kg build`
(read, extract, load; run as its own process) and their wall-time ratio, a second build of the
unchanged corpus, peak RSS of the build process and of its largest worker. `--dask-check`
also builds the sample on a Dask LocalCluster and compares a hash of the sorted N-Quads with
the local build. `--profile N` times each stage in one process on N items (where time goes).
Skips (saying so) when the data is absent.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "xwlb_news" / "articles.jsonl"

CHILD = """
import json, resource, sys, time
from kg.build import build
from kg.store import GraphStore
paths, store, workers, mentions, executor, load = json.loads(sys.argv[1])
st = GraphStore(store)
t0 = time.perf_counter()
s = build(paths, st, workers=workers, on_error=lambda n, r: None, mentions=mentions, executor=executor, load=load)
st.close()
wall = time.perf_counter() - t0
print(json.dumps({"wall": wall, "articles": s.articles, "skipped": s.skipped, "failed": s.failed,
  "quads": s.quads, "load": s.load_seconds, "executor": s.executor, "summary": s.summary(),
  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
  "rss_workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_build(paths: list[str], store: Path, workers: int, mentions: bool, executor: str = "local",
              load: str = "after") -> dict:
    """One `build` in its own process (so its RSS is its own); its figures as a dict."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    arg = json.dumps([paths, str(store), workers, mentions, executor, load])
    t0 = time.perf_counter()
    cp = subprocess.run([sys.executable, "-c", CHILD, arg], capture_output=True, text=True, env=env, cwd=ROOT)
    if cp.returncode != 0:
        raise SystemExit(f"build failed:\n{cp.stderr}")
    out = json.loads(cp.stdout.strip().splitlines()[-1])
    out["process_wall"] = time.perf_counter() - t0  # with interpreter start-up and imports
    return out


def nquads_hash(store: Path) -> tuple[int, str]:
    from kg.store import GraphStore

    st = GraphStore(store, read_only=True)
    lines = sorted(str(q) for q in st.store.quads_for_pattern(None, None, None, None))
    del st
    return len(lines), hashlib.sha1("\n".join(lines).encode()).hexdigest()


def profile(sample: Path, n: int, mentions: bool) -> None:
    """Time each stage on `n` items in this process: read, split, jieba (make_doc), components, record, rdf, load."""
    import pyoxigraph as ox

    from extract.model import to_record
    from extract.nlp import build_pipeline
    from extract.reading import read_documents, split_document
    from kg.ids import article_iri
    from kg.rdf import record_to_nquads

    t = collections.Counter()
    c0 = time.perf_counter()
    nlp = build_pipeline()
    load_pipeline = time.perf_counter() - c0
    c0 = time.perf_counter()
    docs = []
    for d in read_documents([str(sample)], lambda name, reason: None):
        docs.append(d)
        if len(docs) >= n:
            break
    t["read"] = time.perf_counter() - c0
    nq = []
    for d in docs:
        c0 = time.perf_counter()
        arts = split_document(d)
        t["split (reading)"] += time.perf_counter() - c0
        for a in arts:
            c0 = time.perf_counter()
            doc = nlp.make_doc(a.text)
            t["make_doc (jieba)"] += time.perf_counter() - c0
            doc._.article = a
            for name, proc in nlp.pipeline:
                c0 = time.perf_counter()
                doc = proc(doc)
                t[name] += time.perf_counter() - c0
            from extract.model import Extraction

            x = Extraction(a, list(doc._.kg_entities or []), list(doc._.kg_relations or []))
            c0 = time.perf_counter()
            rec = to_record(x)
            t["to_record"] += time.perf_counter() - c0
            c0 = time.perf_counter()
            iri = article_iri(rec["doc"], rec["article"], url=rec.get("url"))
            nq.append(record_to_nquads(rec, iri, mentions=mentions))
            t["rdf (record_to_nquads)"] += time.perf_counter() - c0
    with tempfile.TemporaryDirectory() as tmp:
        st = ox.Store(tmp)
        c0 = time.perf_counter()
        data = b""
        for x in nq:
            data += x
            if len(data) >= 8 << 20:
                st.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                data = b""
        if data:
            st.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        st.flush()
        t["load (bulk_load, 8 MB batches)"] = time.perf_counter() - c0
        del st
    import jieba

    texts = [d.original for d in docs]
    c0 = time.perf_counter()
    for x in texts:
        jieba.lcut(x)
    tj = time.perf_counter() - c0
    total = sum(t.values())
    quads = sum(x.count(b"\n") for x in nq)
    print(f"profile: {len(docs)} items, {sum(map(len, texts))} chars, {quads} quads, one process "
          f"(pipeline load {load_pipeline:.1f} s, not counted)")
    for k, v in t.most_common():
        print(f"  {k:34s} {v:7.2f} s  {100 * v / total:5.1f}%  {v / tj:5.2f}x jieba")
    print(f"  {'total':34s} {total:7.2f} s  = {total / tj:.2f}x bare jieba.lcut ({tj:.2f} s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=2000, help="items to use (0: all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--no-mentions", action="store_true", help="build without mention annotations")
    ap.add_argument("--load", choices=["after", "during"], default="after", help="when the build loads (kg build --load)")
    ap.add_argument("--dask-check", action="store_true", help="compare a Dask LocalCluster build with the local one")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="time each stage on N items, in one process")
    args = ap.parse_args()
    data = Path(args.data)
    if not data.exists():
        print(f"bench_build: {data} not found, skipped")
        return 0
    sys.path.insert(0, str(ROOT))
    mentions = not args.no_mentions
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        texts = []
        with data.open(encoding="utf-8") as f, sample.open("w", encoding="utf-8") as out:
            for i, line in enumerate(f):
                if args.limit and i >= args.limit:
                    break
                out.write(line)
                try:
                    texts.append(json.loads(line).get("text") or "")
                except json.JSONDecodeError:
                    pass
        chars = sum(len(t) for t in texts)
        if args.profile:
            profile(sample, args.profile, mentions)
            return 0

        import jieba

        jieba.initialize()
        t0 = time.perf_counter()
        for t in texts:
            jieba.lcut(t)
        t_jieba = time.perf_counter() - t0
        from extract.components.tokenizer import jieba_engine

        engine = jieba_engine()
        engine.initialize()
        t0 = time.perf_counter()
        for t in texts:
            engine.lcut(t)
        t_engine = time.perf_counter() - t0

        store = Path(tmp) / "store"
        first = run_build([str(sample)], store, args.workers, mentions, load=args.load)
        second = run_build([str(sample)], store, args.workers, mentions, load=args.load)
        quads, digest = nquads_hash(store)
        print(f"items {len(texts)}, chars {chars}, workers {args.workers}, mentions {mentions}")
        print(f"jieba.lcut (1 core): {t_jieba:.2f} s, {chars / t_jieba:,.0f} chars/s")
        print(f"kg build: {first['wall']:.2f} s ({first['process_wall']:.2f} s with start-up), "
              f"{chars / first['wall']:,.0f} chars/s, {first['articles']} articles, {quads} quads in the store "
              f"[{first['executor']}; writer busy {first['load']:.1f} s]")
        print(f"ratio build/jieba wall time: {first['wall'] / t_jieba:.2f}")
        if engine.__name__ != "jieba":
            print(f"(the pipeline cuts with {engine.__name__}: its lcut takes {t_engine:.2f} s; "
                  f"ratio build/{engine.__name__} {first['wall'] / t_engine:.2f})")
        print(f"rebuild unchanged: {second['wall']:.2f} s ({100 * second['wall'] / first['wall']:.1f}% of first; "
              f"{second['process_wall']:.2f} s with start-up), skipped {second['skipped']}")
        print(f"peak RSS: build process {first['rss']:.0f} MB, largest worker {first['rss_workers']:.0f} MB")
        if args.dask_check:
            dstore = Path(tmp) / "dask"
            d = run_build([str(sample)], dstore, args.workers, mentions, executor="dask")
            dq, dd = nquads_hash(dstore)
            same = "identical" if (dq, dd) == (quads, digest) else "DIFFERENT"
            print(f"dask LocalCluster build: {d['wall']:.2f} s, {dq} quads, sorted N-Quads sha1 {dd[:12]} "
                  f"vs local {digest[:12]}: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
