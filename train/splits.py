"""The team's fixed train / dev / test splits: the one place that says which data is for what.

NER sets (../shared/data): every sentence goes to a split by a stable hash of its text (SHA-1, first
8 bytes, modulo 100): buckets [0, 80) train, [80, 90) dev, [90, 100) test. A sentence keeps its split
whatever order the file is in, and a sentence repeated in a set lands in one split only. 80/10/10 for
all three sets; People's Daily (2,318 sentences) is the smallest, and its ~230 test sentences are
enough for a figure within a few points while 80% stays for training.

    train: fit models.   dev: choose features, hyper-parameters, rules.   test: report once, at the end.

Articles (../shared/corpus): `ARTICLE_SPLITS` by base-name prefix: the seeds and dev articles 01-11
are for tuning, dev articles 12-16 are the test. No sentence of a dev or test split, and no text of
an article, may appear in code, comments or tests (tests/test_no_leak.py checks this).

    python -m train.splits                      # sizes of every split
    python -m train.splits pd98 test OUT.jsonl  # one split in the scorer's layout (score_spans.py)
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
CORPUS = SHARED / "corpus"
SETS: dict[str, tuple[Path, str]] = {  # name -> (file, scorer scheme)
    "cluener": (DATA / "cluener2020" / "train.jsonl", "cluener"),
    "pd98": (DATA / "peoples_daily_1998" / "dev.jsonl", "pd98"),
    "msra": (DATA / "msra" / "train.jsonl", "pd98"),
}
SPLIT_NAMES = ("train", "dev", "test")
BOUNDS = {"train": (0, 80), "dev": (80, 90), "test": (90, 100)}  # hash buckets of each split
# CLUENER labels -> ours (book, game, movie, scene are left out: no type of ours)
CLUENER_MAP = {"name": "PER", "address": "ADDR", "company": "COMPANY", "government": "GOV",
               "organization": "ORGO", "position": "POS"}
ARTICLE_SPLITS: dict[str, list[str]] = {  # base-name prefixes
    "tune": ["000_", "001_", "002_", "003_", "004_"] + [f"{k:02d}_" for k in range(1, 12)],
    "test": [f"{k:02d}_" for k in range(12, 17)],
}


def bucket(text: str) -> int:
    """The sentence's hash bucket, 0-99 (stable across runs, machines and file order)."""
    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big") % 100


def split_of(text: str) -> str:
    """'train', 'dev' or 'test' for a sentence."""
    b = bucket(text)
    return next(name for name, (lo, hi) in BOUNDS.items() if lo <= b < hi)


def present(*names: str) -> bool:
    """Whether the files of the named sets (all when none is named) are there."""
    return all(SETS[n][0].exists() for n in names or SETS)


def raw_rows(name: str, split: str) -> Iterator[dict]:
    """The records (as the file has them) of one split of one set, in file order."""
    path = SETS[name][0]
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                if split_of(rec["text"]) == split:
                    yield rec


def rows(name: str, split: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start, end_exclusive, label)]) of one split, labels mapped to ours (PER, LOC, ORG for
    People's Daily and MSRA; PER, ADDR, COMPANY, GOV, ORGO, POS for CLUENER)."""
    out = []
    for rec in raw_rows(name, split):
        text = rec["text"].replace("\n", " ")
        if SETS[name][1] == "cluener":
            spans = [(s, e + 1, CLUENER_MAP[lab]) for lab, ents in (rec.get("label") or {}).items()
                     if lab in CLUENER_MAP for offs in ents.values() for s, e in offs]
        else:
            spans = [(x["start"], x["end"], x["type"]) for x in rec.get("entities") or []]
        out.append((text, sorted(spans)))
    return out


def write_split(name: str, split: str, out: str | Path, limit: int = 0) -> int:
    """Write one split (its first `limit` records when limit > 0) as JSON Lines in the set's own layout,
    which ../shared/eval/score_spans.py reads; returns the number of records written."""
    recs = list(raw_rows(name, split))
    recs = recs[:limit] if limit > 0 else recs
    Path(out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return len(recs)


def article_split(path: str | Path) -> str | None:
    """'tune' or 'test' for an article file of ../shared/corpus by its base name, None if unlisted."""
    base = Path(path).name
    return next((k for k, prefixes in ARTICLE_SPLITS.items() if base.startswith(tuple(prefixes))), None)


def main(argv: list[str]) -> int:
    if not present():
        print(f"skipped: {DATA} not present")
        return 0
    if len(argv) == 3:
        n = write_split(argv[0], argv[1], argv[2])
        print(f"{n} records -> {argv[2]}")
        return 0
    for name in SETS:
        sizes = {s: len(rows(name, s)) for s in SPLIT_NAMES}
        print(name, " ".join(f"{s} {n}" for s, n in sizes.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
