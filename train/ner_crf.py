"""Train the character CRF of `kg_ner_model` on CLUENER2020 train + People's Daily 1998 dev.

    python -m train.ner_crf --all             # the shipped model (extract/models/ner), ~8 minutes on one core
    python -m train.ner_crf --out DIR         # the same recipe without the held-out lines

Reads ../shared/data/ (absent: says so and stops) and splits it by line number as train/ner.py does:
train / dev / held-out test. Prints dev and test F1 (model alone, strict spans) and writes
crf.crfsuite and meta.json to --out. With --all every line is trained on (the figures printed then
mean little): the shipped model is trained so, and tests/test_line_mode_quality.py trains the recipe
without --all to score the held-out lines. Labels are BIOES over PER, LOC (People's Daily places),
ADDR (CLUENER addresses, a narrower convention kept apart), COMPANY, GOV, ORGO, ORG, POS.
Features: extract/components/ner_crf.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.ner import CLUENER, DATA, PD98, SPLITS, read_set, split  # noqa: E402


def f1(tagger, tok, rows) -> float:
    from extract.components.ner_crf import spans_of

    tp = fp = fn = 0
    for text, spans in rows:
        if not text.strip():
            continue
        p = {(s, e, SAME.get(lab, lab)) for s, e, lab in tagger.spans(text, tok(text).user_data["kg_spans"])}
        g = {(s, e, SAME.get(lab, lab)) for s, e, lab in spans_of(bio_of(text, spans))}
        tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


SAME = {"ADDR": "LOC"}  # labels scored as one



def bio_of(text: str, spans: list[tuple[int, int, str]], tags: str = "bio") -> list[str]:
    from extract.components.ner_crf import bio

    return bio(len(text), spans, tags)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c1", type=float, default=0.1, help="L1 penalty")
    ap.add_argument("--c2", type=float, default=0.2, help="L2 penalty")
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--pd98-weight", type=int, default=4, help="repeat People's Daily train lines N times")
    ap.add_argument("--tags", choices=["bio", "bioes"], default="bioes", help="per-character label scheme")
    ap.add_argument("--address-label", default="ADDR",
                    help="label of CLUENER addresses (ADDR keeps them apart from People's Daily LOC)")
    ap.add_argument("--all", action="store_true", help="train on every line (dev and held-out test too)")
    ap.add_argument("--out", help="model folder (default: extract/models/ner with --all, else required)")
    args = ap.parse_args()
    if not CLUENER.exists() or not PD98.exists():
        print(f"skipped: {DATA} not present")
        return 0
    import pycrfsuite

    from extract.components.ner_crf import MODEL_FILE, CRFTagger, char_features
    from extract.components.tokenizer import blank_zh

    t0 = time.time()
    tok = blank_zh()
    c_rows = [(t, [(s, e, args.address_label if lab == "LOC" else lab) for s, e, lab in sp])
              for t, sp in read_set(CLUENER, "cluener")]
    c_tr, c_dev, c_te = split(c_rows, SPLITS["cluener"])
    p_tr, p_dev, p_te = split(read_set(PD98, "pd98"), SPLITS["pd98"])
    if args.all:
        c_tr, p_tr = c_tr + c_dev + c_te, p_tr + p_dev + p_te
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for text, spans in c_tr + p_tr * args.pd98_weight:
        if text.strip():
            trainer.append(char_features(text, tok(text).user_data["kg_spans"]), bio_of(text, spans, args.tags))
            n += 1
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    if not args.out and not args.all:
        ap.error("--out DIR is needed without --all (the shipped model is trained on every line)")
    out = Path(args.out or ROOT / "extract" / "models" / "ner")
    out.mkdir(parents=True, exist_ok=True)
    for old in ("config.cfg", "meta.json"):  # a spaCy model in the same folder would be shadowed
        (out / old).unlink(missing_ok=True)
    trainer.train(str(out / MODEL_FILE))
    tagger = CRFTagger(out)
    figures = {"dev_cluener": f1(tagger, tok, c_dev), "dev_pd98": f1(tagger, tok, p_dev),
               "test_cluener": f1(tagger, tok, c_te), "test_pd98": f1(tagger, tok, p_te)}
    meta = {"model": "crfsuite", "lines": n, "all": args.all, "c1": args.c1, "c2": args.c2,
            "iterations": args.iterations, "pd98_weight": args.pd98_weight, "tags": args.tags,
            "address_label": args.address_label,
            **{k: round(v, 4) for k, v in figures.items()}}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(" · ".join(f"{k} {v:.3f}" for k, v in figures.items()) + f"  ({time.time() - t0:.0f} s) -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
