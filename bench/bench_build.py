"""Build throughput on the xwlb_news corpus beside bare `jieba.lcut` on the same texts.

    python bench/bench_build.py [--limit N] [--workers W] [--data PATH]

Prints one line per measurement: chars/s of the whole build (read, extract, load) and of
single-core jieba.lcut, and their wall-time ratio. Skips (saying so) when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "xwlb_news" / "articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=2000, help="items to use (0: all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    args = ap.parse_args()
    data = Path(args.data)
    if not data.exists():
        print(f"bench_build: {data} not found, skipped")
        return 0
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        texts = []
        with data.open(encoding="utf-8") as f, sample.open("w", encoding="utf-8") as out:
            for i, line in enumerate(f):
                if args.limit and i >= args.limit:
                    break
                out.write(line)
                texts.append(json.loads(line)["text"])
        chars = sum(len(t) for t in texts)

        import jieba

        jieba.initialize()
        t0 = time.perf_counter()
        for t in texts:
            jieba.lcut(t)
        t_jieba = time.perf_counter() - t0

        from kg.build import build
        from kg.store import GraphStore

        store = GraphStore(Path(tmp) / "store")
        t0 = time.perf_counter()
        stats = build([str(sample)], store, workers=args.workers, on_error=lambda n, r: None)
        t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        stats2 = build([str(sample)], store, workers=args.workers, on_error=lambda n, r: None)
        t_rebuild = time.perf_counter() - t0
        quads = len(store)
        store.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"items {len(texts)}, chars {chars}, workers {args.workers}")
    print(f"jieba.lcut (1 core): {t_jieba:.2f} s, {chars / t_jieba:,.0f} chars/s")
    print(f"kg build: {t_build:.2f} s, {chars / t_build:,.0f} chars/s, {stats.articles} articles, {quads} quads")
    print(f"ratio build/jieba wall time: {t_build / t_jieba:.2f}")
    print(f"rebuild unchanged: {t_rebuild:.2f} s ({100 * t_rebuild / t_build:.1f}% of first), skipped {stats2.skipped}")
    print(f"peak RSS: main {rss:.0f} MB, largest worker {rss_children:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
