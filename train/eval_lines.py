"""System figures in line mode (`kg extract --lines`) on a split of every NER set, scored by ../shared/eval.

    python -m train.eval_lines dev [--model DIR] [--limit 1500] [--traditional]

Writes each split to a temporary folder, extracts it with the model in DIR (default: the shipped
one) and prints the scorer's strict micro-F1 line per set and characters per second. Use `dev` while
choosing; `test` once, for the report.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.splits import SETS, SHARED, present, write_split  # noqa: E402

SCORER = SHARED / "eval" / "score_spans.py"


def score(name: str, split: str, model: str | None, limit: int, traditional: bool, work: Path) -> str:
    """The scorer's summary line for one set's split."""
    gold = work / f"{name}.{split}.jsonl"
    write_split(name, split, gold, limit=limit)
    texts = subprocess.run([sys.executable, str(SCORER), "--sentences", str(gold)], check=True,
                           capture_output=True, text=True).stdout
    if traditional:
        import opencc

        texts = opencc.OpenCC("s2t").convert(texts)
    sent = work / f"{name}.txt"
    sent.write_text(texts, encoding="utf-8")
    cmd = [sys.executable, "-m", "kg", "extract", "--lines", str(sent), "--format", "jsonl"]
    if model:
        cmd += ["--ner-model", model]
    t0 = time.time()
    pred = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    secs = time.time() - t0
    (work / "pred.jsonl").write_text(pred, encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), str(work / "pred.jsonl"), str(gold), "--scheme", SETS[name][1]],
                         capture_output=True, text=True).stdout
    f1 = next((x for x in out.splitlines() if "strict micro-F1" in x), out.strip()[-200:])
    return f"{name}{' (traditional)' if traditional else ''} {split}: {f1.strip()}  [{len(texts) / secs:.0f} chars/s incl. start-up]"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", choices=["train", "dev", "test"])
    ap.add_argument("--model", help="model folder (default: the shipped one)")
    ap.add_argument("--limit", type=int, default=1500, help="first N sentences of each split (0: all)")
    ap.add_argument("--sets", default="cluener,pd98,msra")
    ap.add_argument("--traditional", action="store_true", help="also People's Daily in traditional script")
    args = ap.parse_args()
    if not present() or not SCORER.exists():
        print(f"skipped: {SHARED} not present")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets.split(","):
            print(score(name, args.split, args.model, args.limit, False, Path(tmp)), flush=True)
            if args.traditional and name == "pd98":
                print(score(name, args.split, args.model, args.limit, True, Path(tmp)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
