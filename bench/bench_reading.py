"""Throughput of the reading stage (decode + clean + script + split + metadata), one core.

    python bench/bench_reading.py

Prints chars/s on shared/data/xwlb_news/articles.jsonl (all items; skipped with a message when
absent) and on the seed corpus (repeated to make the timing meaningful), both as CPU time of this
process (the one-core figure, robust on a shared machine) and as wall time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from extract.reading import read_documents, split_document  # noqa: E402


def run(paths: list[str], repeat: int = 1) -> tuple[int, int, float, float]:
    """(chars, articles, wall seconds, CPU seconds of this process)."""
    errors: list[tuple[str, str]] = []
    chars = arts = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for doc in read_documents(paths, lambda n, r: errors.append((n, r))):
            chars += len(doc.original)
            arts += len(split_document(doc))
    return chars, arts, time.perf_counter() - t0, time.process_time() - c0


def report(name: str, chars: int, arts: int, wall: float, cpu: float) -> None:
    # CPU time is the one-core figure on a shared machine; wall time includes waiting for a core
    print(
        f"{name}: {chars:,} chars, {arts:,} articles: {chars / cpu / 1e6:.2f} M chars/s CPU ({cpu:.2f} s), "
        f"{chars / wall / 1e6:.2f} M chars/s wall ({wall:.2f} s)"
    )


def main() -> None:
    xwlb = SHARED / "data" / "xwlb_news" / "articles.jsonl"
    if xwlb.exists():
        run([str(SHARED / "corpus" / "seeds")] if (SHARED / "corpus" / "seeds").exists() else [])  # warm up
        report("xwlb_news (all items)", *run([str(xwlb)]))
    else:
        print(f"xwlb_news: skipped ({xwlb} not present)")
    seeds = SHARED / "corpus" / "seeds"
    if seeds.exists():
        run([str(seeds)])  # warm up (OpenCC, regexes)
        report("seeds x20", *run([str(seeds)], repeat=20))
    else:
        print(f"seeds: skipped ({seeds} not present)")


if __name__ == "__main__":
    main()
