"""Train the character CRF of `kg_ner_model` on the train splits of CLUENER2020, People's Daily 1998 and MSRA.

    python -m train.ner_crf                   # the shipped model (extract/models/ner), ~45 min on the shared 2 cores
    python -m train.ner_crf --out DIR         # the same recipe elsewhere (e.g. to compare settings on dev)

Reads ../shared/data/ (absent: says so and stops) through train/splits.py: fits on the train splits
only, prints model-alone strict F1 on the dev splits (for choosing settings) and, with --test, on the
test splits (report once), and writes crf.crfsuite and meta.json to --out.

One tag set serves the three conventions: labels are BIOES over PER, LOC (People's Daily and MSRA
places), ADDR (CLUENER addresses, a narrower convention kept apart so neither punishes the other),
COMPANY, GOV, ORGO (CLUENER's three kinds of body), ORG (People's Daily and MSRA bodies of any kind)
and POS (CLUENER posts). Features: extract/components/ner_crf.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.splits import DATA, present, rows  # noqa: E402

SAME = {"ADDR": "LOC"}  # labels scored as one


def f1(tagger, tok, data: list[tuple[str, list[tuple[int, int, str]]]]) -> float:
    """Strict micro-F1 of the model alone on (text, spans) rows."""
    from extract.components.ner_crf import bio, spans_of

    tp = fp = fn = 0
    for text, spans in data:
        if not text.strip():
            continue
        p = {(s, e, SAME.get(lab, lab)) for s, e, lab in tagger.spans(text, tok(text).user_data["kg_spans"])}
        g = {(s, e, SAME.get(lab, lab)) for s, e, lab in spans_of(bio(len(text), spans))}
        tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c1", type=float, default=0.1, help="L1 penalty")
    ap.add_argument("--c2", type=float, default=0.2, help="L2 penalty")
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--pd98-weight", type=int, default=2, help="repeat People's Daily train lines N times")
    ap.add_argument("--msra-weight", type=int, default=1, help="repeat MSRA train lines N times (0: leave out)")
    ap.add_argument("--test", action="store_true", help="also score the test splits (report once)")
    ap.add_argument("--out", help="model folder (default: extract/models/ner)")
    args = ap.parse_args()
    if not present():
        print(f"skipped: {DATA} not present")
        return 0
    import pycrfsuite

    from extract.components.ner_crf import MODEL_FILE, CRFTagger, bio, char_features
    from extract.components.tokenizer import blank_zh

    t0 = time.time()
    tok = blank_zh()
    train = rows("cluener", "train") + rows("pd98", "train") * args.pd98_weight + rows("msra", "train") * args.msra_weight
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for text, spans in train:
        if text.strip():
            trainer.append(char_features(text, tok(text).user_data["kg_spans"]), bio(len(text), spans, "bioes"))
            n += 1
    print(f"{n} training lines, features in {time.time() - t0:.0f} s", flush=True)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    out = Path(args.out or ROOT / "extract" / "models" / "ner")
    out.mkdir(parents=True, exist_ok=True)
    for old in ("config.cfg", "meta.json"):  # a spaCy model in the same folder would be shadowed
        (out / old).unlink(missing_ok=True)
    trainer.train(str(out / MODEL_FILE))
    print(f"trained in {time.time() - t0:.0f} s", flush=True)
    tagger = CRFTagger(out)
    splits = ("dev", "test") if args.test else ("dev",)
    figures = {f"{s}_{name}": f1(tagger, tok, rows(name, s)) for s in splits for name in ("cluener", "pd98", "msra")}
    meta = {"model": "crfsuite", "lines": n, "splits": "train/splits.py train", "c1": args.c1, "c2": args.c2,
            "iterations": args.iterations, "pd98_weight": args.pd98_weight, "msra_weight": args.msra_weight,
            "tags": "bioes", **{k: round(v, 4) for k, v in figures.items()}}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(" · ".join(f"{k} {v:.3f}" for k, v in figures.items()) + f"  ({time.time() - t0:.0f} s) -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
