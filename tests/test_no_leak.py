"""No text of an evaluation split or of a real article is quoted in the code, comments or tests.

Examples in code and tests are written by us. A 12-character stretch of a dev or test sentence of
any NER set (train/splits.py), or of any article of ../shared/corpus/dev, found in a text file of
extract/, train/ or tests/ fails this test: tuning on quoted evaluation text makes the figures lie.
Whitespace and the `|` we use to mark a cut in examples are ignored on both sides; a stretch counts
when at least half of it is Chinese script (a web address or a date an article prints is no text of it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from train.splits import CORPUS, SETS, present, raw_rows

ROOT = Path(__file__).resolve().parents[1]
N = 12
FOLDERS = ("extract", "train", "tests")
TEXT_SUFFIXES = {".py", ".txt", ".md", ".json", ".jsonl", ".tsv", ".csv", ".cfg", ".toml", ".yaml", ".yml", ".ttl"}
_DROP = re.compile(r"[\s|]+")
_HAN = re.compile("[\u4e00-\u9fff]")


def _norm(text: str) -> str:
    return _DROP.sub("", text)


def _stretches(text: str) -> set[str]:
    t = _norm(text)
    return {g for g in (t[i : i + N] for i in range(len(t) - N + 1)) if len(_HAN.findall(g)) >= N // 2}


@pytest.fixture(scope="module")
def protected() -> set[str]:
    """Every 12-character stretch of the dev and test splits and of the dev articles."""
    if not present() or not (CORPUS / "dev").is_dir():
        pytest.skip("../shared/data or ../shared/corpus/dev not present: nothing to check against")
    grams: set[str] = set()
    for name in SETS:
        for split in ("dev", "test"):
            for rec in raw_rows(name, split):
                grams |= _stretches(rec["text"])
    for path in sorted((CORPUS / "dev").glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            grams |= _stretches(line)
    return grams


def _files() -> list[Path]:
    return sorted(p for d in FOLDERS for p in (ROOT / d).rglob("*")
                  if p.is_file() and p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts)


def test_no_evaluation_text_in_code_comments_or_tests(protected: set[str]) -> None:
    leaks = []
    for path in _files():
        for no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            t = _norm(line)
            hit = next((t[i : i + N] for i in range(len(t) - N + 1) if t[i : i + N] in protected), None)
            if hit:
                leaks.append(f"{path.relative_to(ROOT)}:{no}")
    assert not leaks, f"{len(leaks)} lines quote evaluation text (write an example of our own): " + ", ".join(leaks)
