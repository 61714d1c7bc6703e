"""Document mode on real articles, scored by ../shared/eval/score_seeds.py with floors that can fail.

The dev articles are split once (train/splits.py ARTICLE_SPLITS): 01-11 are tuned on, 12-16 are the
test. The floors sit a little under the figures measured when they were set (tune: entity 0.843,
holds_post 0.899, other relations 0.764; test: 0.834, 0.815, 0.667), so a change that costs quality
on news the rules were not written for fails here. Skips, saying so, when ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from train.splits import CORPUS, SHARED, article_split

SCORER = SHARED / "eval" / "score_seeds.py"
FLOORS = {  # part: (entity F1, holds_post F1, other relations F1)
    "tune": (0.82, 0.87, 0.72),
    "test": (0.80, 0.78, 0.62),
}


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_dev_articles_score_above_the_floor(tmp_path: Path, part: str):
    if not (CORPUS / "dev").exists() or not SCORER.exists():
        pytest.skip(f"{SHARED} (dev articles, gold, scorer) not present")
    files = [p for p in sorted((CORPUS / "dev").glob("*.txt")) if article_split(p) == part]
    assert files, part
    run = subprocess.run([sys.executable, "-m", "kg", "extract", *map(str, files), "--format", "jsonl"],
                         capture_output=True, text=True, check=True)
    pred = tmp_path / "pred.jsonl"
    pred.write_text(run.stdout, encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    for p in files:
        (gold / (p.stem + ".json")).symlink_to(SHARED / "gold" / "dev" / (p.stem + ".json"))
    figures = tmp_path / "figures.json"
    score = subprocess.run([sys.executable, str(SCORER), str(pred), "--gold", str(gold), "--json", str(figures)],
                           capture_output=True, text=True)
    assert score.returncode == 0, score.stdout[-800:] + score.stderr[-400:]
    got = json.loads(figures.read_text(encoding="utf-8"))
    measured = (got["entity_f1"], got["holds_post_f1"], got["other_rel_f1"])
    assert all(m >= f for m, f in zip(measured, FLOORS[part], strict=True)), (part, measured, FLOORS[part])
