"""The README's SPARQL tour runs and answers on a built graph (the seeds when present, else the examples)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

from kg.store import GraphStore

QUERIES = re.findall(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def store(request) -> GraphStore:
    name = "seed_store" if (SHARED / "corpus" / "seeds").exists() else "example_store"
    path: Path = request.getfixturevalue(name)
    return GraphStore(path, read_only=True)


def test_readme_has_a_tour():
    assert len(QUERIES) >= 4


@pytest.mark.parametrize("query", QUERIES, ids=[q.split("WHERE")[0][:40].strip() for q in QUERIES])
def test_tour_query_answers(store, query):
    rows = store.select(query)
    assert rows, f"no rows for:\n{query}"
    assert any(any(v not in (None, "") for v in r.values()) for r in rows)
