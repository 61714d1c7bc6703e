"""Document-mode figures on the real articles of an ARTICLE_SPLITS part, scored by ../shared/eval/score_seeds.py.

    python -m train.eval_articles tune [--config JSON]    # seeds + dev articles 01-11 (for choosing)
    python -m train.eval_articles test [--config JSON]    # dev articles 12-16 (report once)

Extracts each article with `build_pipeline(config)` and prints the scorer's summary for the seeds
and for the dev articles of the part (each against its own gold folder).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.splits import CORPUS, SHARED, article_split  # noqa: E402

SCORER = SHARED / "eval" / "score_seeds.py"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("part", choices=["tune", "test"])
    ap.add_argument("--config", default="{}", help="build_pipeline config as JSON")
    args = ap.parse_args()
    if not CORPUS.exists() or not SCORER.exists():
        print(f"skipped: {SHARED} not present")
        return 0
    from extract import extract_document
    from extract.nlp import build_pipeline
    from extract.reading import read_documents

    nlp = build_pipeline(json.loads(args.config))
    for folder in ("seeds", "dev"):
        files = [p for p in sorted((CORPUS / folder).glob("*.txt")) if article_split(p) == args.part]
        if not files:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            pred = Path(tmp) / "pred.jsonl"
            gold = Path(tmp) / "gold"
            gold.mkdir()
            with open(pred, "w", encoding="utf-8") as out:
                for doc in read_documents([str(p) for p in files], on_error=lambda p, why: print(p, why)):
                    for rec in extract_document(doc, nlp=nlp):
                        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            for p in files:  # the scorer reads a gold folder: link the part's files only
                (gold / (p.stem + ".json")).symlink_to(SHARED / "gold" / folder / (p.stem + ".json"))
            run = subprocess.run([sys.executable, str(SCORER), str(pred), "--gold", str(gold)],
                                 capture_output=True, text=True)
            print(f"== {folder} ({len(files)} articles)\n{run.stdout.strip()[-1500:]}{run.stderr.strip()[-300:]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
