"""Throughput of the reading stage (decode + clean + script + split + metadata), one core.

    python bench/bench_reading.py [N_ITEMS]

Prints chars/s on shared/data/xwlb_news/articles.jsonl (skipped with a message when absent) and
on the seed corpus (repeated to make the timing meaningful).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from extract.reading import read_documents, split_document  # noqa: E402


def run(paths: list[str], repeat: int = 1) -> tuple[int, int, float]:
    errors: list[tuple[str, str]] = []
    chars = arts = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for doc in read_documents(paths, lambda n, r: errors.append((n, r))):
            chars += len(doc.original)
            arts += len(split_document(doc))
    return chars, arts, time.perf_counter() - t0


def main() -> None:
    xwlb = SHARED / "data" / "xwlb_news" / "articles.jsonl"
    if xwlb.exists():
        chars, arts, dt = run([str(xwlb)])
        print(f"xwlb_news: {chars:,} chars, {arts:,} articles in {dt:.2f} s = {chars / dt / 1e6:.2f} M chars/s")
    else:
        print(f"xwlb_news: skipped ({xwlb} not present)")
    seeds = SHARED / "corpus" / "seeds"
    if seeds.exists():
        run([str(seeds)])  # warm up (OpenCC, regexes)
        chars, arts, dt = run([str(seeds)], repeat=20)
        print(f"seeds x20: {chars:,} chars, {arts:,} articles in {dt:.2f} s = {chars / dt / 1e6:.2f} M chars/s")
    else:
        print(f"seeds: skipped ({seeds} not present)")


if __name__ == "__main__":
    main()
