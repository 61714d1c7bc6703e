"""Train a spaCy NER for `kg_ner_model` on the train splits of CLUENER2020, People's Daily and MSRA (the alternative).

    python -m train.ner [--minutes 50] [--seed 0] [--out /tmp/ner-spacy]

The shipped model is the character CRF of train/ner_crf.py, which beat this one on held-out lines
(model alone, strict F1: CLUENER 0.681 vs 0.583, People's Daily 0.653 vs 0.560) at a third of the
size and a fraction of the training time. Point kg_ner_model's `path` at a folder this writes to use it.

Reads ../shared/data/ (absent: says so and stops) through train/splits.py: fits on the train splits
of CLUENER2020, People's Daily and MSRA, selects on the dev splits (the test splits are never read
here). Labels are mapped to ours (extract/components/ner_model.py); CLUENER book, game, movie and
scene are left out. Training stops
after --minutes or --epochs; the model with the best dev F1 is written to --out. Run it with
OMP_NUM_THREADS=1. The spaCy model shipped before the CRF was epoch 27 of `--minutes 50` (best dev
mean 0.573).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from train.splits import DATA, present, rows  # noqa: E402


def nlp_config(width: int, depth: int, bigram_rows: int = 12000) -> dict:
    """The NER model: char tokens with their word (NORM), shape, and (bigram_rows > 0) left/right bigrams."""
    attrs, rows = ["ORTH", "NORM", "SHAPE", "LEMMA", "TAG"], [6000, 20000, 300, bigram_rows, bigram_rows]
    if not bigram_rows:
        attrs, rows = attrs[:3], rows[:3]
    return {"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "nO": None,
        "tok2vec": {"@architectures": "spacy.Tok2Vec.v2",
                    "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": width,
                              "attrs": attrs, "rows": rows,
                              "include_static_vectors": False},
                    "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": width,
                               "window_size": 1, "maxout_pieces": 3, "depth": depth}}}}


def examples(nlp, tok, rows):
    from spacy.training import Example

    from extract.components.ner_model import char_doc
    from extract.components.tokenizer import token_spans

    out = []
    for text, spans in rows:
        if not text.strip():
            continue
        pred = char_doc(nlp.vocab, text, token_spans(tok(text)))
        ref = char_doc(nlp.vocab, text, [])
        ents, end = [], -1
        for s, e, lab in sorted(spans):
            if s >= end and 0 <= s < e <= len(text):
                sp = ref.char_span(s, e, lab)
                if sp is not None:
                    ents.append(sp)
                    end = e
        ref.ents = ents
        out.append(Example(pred, ref))
    return out


def f1(nlp, exs) -> float:
    tp = fp = fn = 0
    for ex in exs:
        doc = ex.predicted.copy()
        for _n, proc in nlp.pipeline:
            doc = proc(doc)
        p = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        g = {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents}
        tp += len(p & g)
        fp += len(p - g)
        fn += len(g - p)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=50)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--learn-rate", type=float, default=0.002)
    ap.add_argument("--pd98-weight", type=int, default=2, help="repeat People's Daily train lines N times")
    ap.add_argument("--bigram-rows", type=int, default=12000, help="hash rows of each character-bigram feature")
    ap.add_argument("--out", default="/tmp/ner-spacy")
    args = ap.parse_args()
    if not present():
        print(f"skipped: {DATA} not present")
        return 0
    import spacy
    from spacy.util import fix_random_seed, minibatch

    from extract.components.tokenizer import blank_zh

    fix_random_seed(args.seed)
    rng = random.Random(args.seed)
    tok = blank_zh()
    c_tr, c_dev = rows("cluener", "train"), rows("cluener", "dev")
    p_tr, p_dev = rows("pd98", "train") + rows("msra", "train"), rows("pd98", "dev")
    nlp = spacy.blank("zh")
    nlp.add_pipe("ner", config=nlp_config(args.width, args.depth, args.bigram_rows))
    train = examples(nlp, tok, c_tr) + examples(nlp, tok, p_tr) * args.pd98_weight
    dev_c, dev_p = examples(nlp, tok, c_dev), examples(nlp, tok, p_dev)
    optimizer = nlp.initialize(lambda: train)
    optimizer.learn_rate = args.learn_rate
    t0, best = time.time(), -1.0
    print(f"train {len(train)} examples, dev {len(dev_c)} + {len(dev_p)}", flush=True)
    for epoch in range(args.epochs):
        rng.shuffle(train)
        losses: dict = {}
        for batch in minibatch(train, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
            if time.time() - t0 > args.minutes * 60:
                break
        with nlp.use_params(optimizer.averages):
            fc, fp_ = f1(nlp, dev_c), f1(nlp, dev_p)
            score = (fc + fp_) / 2
            if score > best:
                best = score
                Path(args.out).mkdir(parents=True, exist_ok=True)
                nlp.to_disk(args.out)
        print(f"epoch {epoch} loss {losses.get('ner', 0):.0f} dev cluener {fc:.3f} pd98 {fp_:.3f}"
              f" {'*' if score == best else ''} {time.time() - t0:.0f}s", flush=True)
        if time.time() - t0 > args.minutes * 60:
            break
    print(f"best dev mean F1 {best:.3f}; model in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
