"""Extraction throughput on one core: the NLP pipeline beside bare `jieba.lcut` on the same texts.

    python bench/bench_extract.py [--limit N] [--data PATH] [--profile]
    python bench/bench_extract.py --seeds            # seed scorer (../shared/eval/score_seeds.py)
    python bench/bench_extract.py --spans GOLD.jsonl [--traditional]   # CLUENER / PD98 line mode
    python bench/bench_extract.py --config '{"disable": ["kg_ner_model"]}'   # any pipeline config

Prints chars/s of extraction over xwlb_news items as `kg build` reads them (reading: cleaning,
script, splitting, metadata; then the whole pipeline: segmentation, every component, resolution,
relations), chars/s of `jieba.lcut` alone, and the per-component share of
the time. Skips (saying so) when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CONFIG: dict = {}
DEFAULT = ROOT.parent / "shared" / "data" / "xwlb_news" / "articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=2000, help="items to use (0: all)")
    ap.add_argument("--profile", action="store_true", help="time each component")
    ap.add_argument("--seeds", action="store_true", help="extract the seed corpus and run the seed scorer")
    ap.add_argument("--spans", help="a CLUENER/PD98 gold file: extract its sentences in line mode and score them")
    ap.add_argument("--traditional", action="store_true", help="with --spans: feed the sentences in traditional script")
    ap.add_argument("--keep", help="with --spans: also write the extracted records to this file")
    ap.add_argument("--config", default="{}", help="build_pipeline config as JSON (e.g. disable kg_ner_model)")
    args = ap.parse_args()
    global CONFIG
    CONFIG = json.loads(args.config)
    if args.seeds:
        return score_seeds()
    if args.spans:
        return score_spans(Path(args.spans), args.traditional, args.keep)
    data = Path(args.data)
    if not data.exists():
        print(f"skipped: {data} not present")
        return 0
    from itertools import islice

    from extract.nlp import build_pipeline, extract_article
    from extract.reading import read_documents, split_document

    docs = list(islice(read_documents([str(data)], lambda name, reason: None), args.limit or None))
    texts = [d.original for d in docs]
    chars = sum(map(len, texts))

    t0 = time.perf_counter()
    nlp = build_pipeline(CONFIG)
    print(f"pipeline built in {time.perf_counter() - t0:.2f} s: {' '.join(nlp.pipe_names)}")
    for a in split_document(docs[0]):
        extract_article(a, nlp)  # warm caches

    import jieba

    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    t_jieba = time.perf_counter() - t0
    from extract.components.tokenizer import jieba_engine

    engine = jieba_engine(CONFIG.get("jieba_engine", "auto"))
    t0 = time.perf_counter()
    for t in texts:
        engine.lcut(t)
    t_engine = time.perf_counter() - t0

    spent: Counter = Counter()
    t0 = time.perf_counter()
    n_ent = 0
    for d in docs:
        a = time.perf_counter()
        arts = split_document(d)  # reading: cleaning, script, splitting, metadata
        spent["reading"] += time.perf_counter() - a
        for art in arts:
            if args.profile:
                a = time.perf_counter()
                doc = nlp.make_doc(art.text)
                spent["tokenizer"] += time.perf_counter() - a
                doc._.article = art
                for name, proc in nlp.pipeline:
                    a = time.perf_counter()
                    doc = proc(doc)
                    spent[name] += time.perf_counter() - a
                n_ent += len(doc._.kg_entities or [])
            else:
                n_ent += len(extract_article(art, nlp).entities)
    t_nlp = time.perf_counter() - t0
    print(f"texts {len(texts)}, chars {chars}, entities {n_ent}")
    print(f"extract (one core): {chars / t_nlp:,.0f} chars/s ({t_nlp:.1f} s, reading included: {spent['reading']:.1f} s)")
    print(f"jieba.lcut alone:   {chars / t_jieba:,.0f} chars/s ({t_jieba:.1f} s)")
    print(f"ratio extract/jieba wall time: {t_nlp / t_jieba:.2f}")
    if engine.__name__ != "jieba":
        print(f"the pipeline cuts with {engine.__name__}.lcut: {chars / t_engine:,.0f} chars/s ({t_engine:.1f} s);"
              f" ratio extract/{engine.__name__} {t_nlp / t_engine:.2f}")
    if args.profile:
        total = sum(spent.values())
        for name, s in spent.most_common():
            print(f"  {name:<16}{s:8.2f} s {100 * s / total:5.1f}%")
    return 0


def _article(doc_id: str, original: str):
    """An Article of a whole text: the reading stage's when present, else t2s over the text."""
    import opencc

    from extract.model import Article
    from extract.offsets import OffsetText, OffsetTextBuilder

    body = OffsetText.identity(original)
    simp = opencc.OpenCC("t2s").convert(original)
    if simp != original and len(simp) == len(original):
        b = OffsetTextBuilder()
        b.replace(body, 0, len(original), simp)
        body = b.build()
    return Article(doc=doc_id, index=0, body=body, original=original, extra={"line_mode": True})


def score_seeds() -> int:
    import subprocess
    import tempfile

    from extract.model import Document, to_record
    from extract.nlp import build_pipeline, extract_article

    shared = ROOT.parent / "shared"
    seeds, scorer = shared / "corpus" / "seeds", shared / "eval" / "score_seeds.py"
    if not seeds.exists():
        print(f"skipped: {seeds} not present")
        return 0
    try:
        from extract.reading import split_document
    except ImportError:
        split_document = None
    nlp = build_pipeline(CONFIG)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for p in sorted(seeds.glob("*.txt")):
            orig = p.read_text(encoding="utf-8")
            arts = split_document(Document(str(p), orig)) if split_document else [_article(str(p), orig)]
            for a in arts:
                f.write(json.dumps(to_record(extract_article(a, nlp)), ensure_ascii=False) + "\n")
    try:
        return subprocess.run([sys.executable, str(scorer), f.name]).returncode
    finally:
        os.unlink(f.name)


def score_spans(gold: Path, traditional: bool, keep: str | None = None) -> int:
    import shutil
    import subprocess
    import tempfile

    from extract.model import to_record
    from extract.nlp import build_pipeline, extract_article

    scorer = ROOT.parent / "shared" / "eval" / "score_spans.py"
    scheme = "cluener" if "cluener" in str(gold).lower() else "pd98"
    s2t = None
    if traditional:
        import opencc

        s2t = opencc.OpenCC("s2t")
    nlp = build_pipeline(CONFIG)
    t0, chars = time.perf_counter(), 0
    with open(gold, encoding="utf-8") as g, tempfile.NamedTemporaryFile(
        "w", suffix=".jsonl", delete=False, encoding="utf-8"
    ) as f:
        for i, line in enumerate(g):
            text = json.loads(line)["text"].replace("\n", " ")
            if s2t is not None:
                text = s2t.convert(text)
            chars += len(text)
            rec = to_record(extract_article(_article(str(i), text), nlp))
            rec["doc"] = i
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"line mode: {chars / (time.perf_counter() - t0):,.0f} chars/s")
    try:
        return subprocess.run([sys.executable, str(scorer), f.name, str(gold), "--scheme", scheme]).returncode
    finally:
        if keep:
            shutil.move(f.name, keep)
        else:
            os.unlink(f.name)


if __name__ == "__main__":
    raise SystemExit(main())
