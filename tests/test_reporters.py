"""Bylined reporters are persons of their article (an article written for this test)."""

from __future__ import annotations

from pathlib import Path

from extract import extract_document
from extract.reading import read_documents

ARTICLE = """标题：青石县新修村道一百公里

本报记者 周明远 韩青

　　青石县今年新修村道一百公里，沿线村民出行更方便了。
"""


def test_each_bylined_reporter_is_a_person_with_a_mention(tmp_path: Path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (doc,) = read_documents([str(path)], lambda name, reason: None)
    (rec,) = extract_document(doc)
    assert set(rec["reporters"]) == {"韩青", "周明远"}, rec["reporters"]
    persons = {e["name"]: e for e in rec["entities"] if e["type"] == "Person"}
    for name in ("韩青", "周明远"):
        assert name in persons, persons.keys()
        for m in persons[name]["mentions"]:
            assert ARTICLE[m["start"] : m["end"]].replace(" ", "") == name
