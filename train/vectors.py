"""Train character vectors (word2vec, gensim) for the statistical NER of `kg_ner_model`.

    python -m train.vectors [--dim 64] [--out /tmp/char_vectors.txt]
    python -m train.ner --vectors /tmp/char_vectors.txt

Reads unlabelled news text: the xwlb_news transcripts (../shared/data/xwlb_news) and the sentences of
the NER training lines (never their dev or test parts, never labels). One "sentence" per line of
text, one token per character (the NER model reads characters). Writes word2vec text format; the
NER trainer puts the table in its vocab, so the shipped model carries it (a few MB). Needs gensim
(`pip install gensim`, training only; the pipeline does not import it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.ner import CLUENER, DATA, PD98, SPLITS, read_set, split  # noqa: E402

XWLB = DATA / "xwlb_news" / "articles.jsonl"
_SENT = re.compile(r"(?<=[。！？；])")


def sentences(limit: int = 0) -> Iterator[list[str]]:
    """Character lists: xwlb sentences, then the NER training lines."""
    n = 0
    if XWLB.exists():
        with open(XWLB, encoding="utf-8") as f:
            for line in f:
                try:
                    text = json.loads(line).get("text") or ""
                except json.JSONDecodeError:
                    continue
                for s in _SENT.split(text):
                    s = s.strip()
                    if len(s) > 1:
                        yield [c for c in s if not c.isspace()]
                n += 1
                if limit and n >= limit:
                    break
    for path, scheme in ((CLUENER, "cluener"), (PD98, "pd98")):
        if path.exists():
            tr, _dev, _te = split(read_set(path, scheme), SPLITS[scheme])
            for text, _spans in tr:
                yield [c for c in text if not c.isspace()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="xwlb items to read (0: all)")
    ap.add_argument("--out", default="/tmp/char_vectors.txt")
    args = ap.parse_args()
    if not XWLB.exists() and not CLUENER.exists():
        print(f"skipped: {DATA} not present")
        return 0
    from gensim.models import Word2Vec

    t0 = time.time()
    corpus = list(sentences(args.limit))
    model = Word2Vec(corpus, vector_size=args.dim, window=args.window, min_count=args.min_count, sg=1,
                     workers=1, epochs=args.epochs, seed=args.seed)
    model.wv.save_word2vec_format(args.out)
    print(f"{len(model.wv)} characters x {args.dim} from {len(corpus)} sentences in {time.time() - t0:.0f} s"
          f" -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
