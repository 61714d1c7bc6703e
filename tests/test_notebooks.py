"""The notebooks run headless (nbclient, kernel python3) on the seed graph (the example store when shared/
is absent), draw their figures with a CJK font, and are committed without outputs."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import nbformat
import pytest
from conftest import EXAMPLES, ROOT, SEEDS

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def store_path(request) -> Path:
    return request.getfixturevalue("seed_store" if SEEDS.exists() else "example_store")


def test_three_notebooks_committed_clean():
    assert len(NOTEBOOKS) == 3
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and all(not c.outputs and c.execution_count is None for c in code), path.name
        assert "KG_STORE" in path.read_text(encoding="utf-8") or "kgnb.open_graph" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path, store_path, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    figures = tmp_path / "figures"
    figures.mkdir()
    monkeypatch.setenv("KG_STORE", str(store_path))
    monkeypatch.setenv("KG_SOURCES", str(SEEDS if SEEDS.exists() else EXAMPLES))
    monkeypatch.setenv("KG_FIGURES", str(figures))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert str(store_path) in text  # it read the store it was given
    assert "Glyph" not in text and "missing from" not in text  # no tofu warnings
    if path.stem != "03_sparql_tour":
        assert any("image/png" in o.get("data", {}) for o in outputs)
        pngs = list(figures.glob("*.png"))
        assert pngs and all(p.stat().st_size > 10_000 for p in pngs)


def test_cjk_font_renders_chinese(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "notebooks"))
    try:
        import kgnb
    finally:
        sys.path.pop(0)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    name = kgnb.use_cjk_font()
    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    assert Path(found).name == "NotoSansCJKsc-Regular.otf" and name == "Noto Sans CJK SC"
    fig, ax = plt.subplots()
    ax.set_title("市委书记 四下基层 龍岩")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "zh.png")
    plt.close(fig)
    assert not [w for w in caught if "missing from font" in str(w.message)]
