"""The README's SPARQL tour runs and answers on a built graph (the seeds when present, else the examples);
CI runs the README's test command exactly as typed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from kg.store import GraphStore

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUERIES = re.findall(r"```sparql\n(.*?)```", README, re.S)


def _commands(text: str) -> list[str]:
    """The command lines of a shell script or of the README's ```bash blocks (no comments, no blanks)."""
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def test_ci_runs_exactly_the_readmes_test_command():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    readme_cmds = [c for b in blocks for c in _commands(b) if "pytest" in c]
    assert readme_cmds == ["pip install -e '.[test]' && pytest"], readme_cmds
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_cmds = _commands(ci)
    assert ci_cmds[-1] == readme_cmds[0], ci_cmds[-1]  # the last thing CI does, character for character
    assert [c for c in ci_cmds if "pytest" in c] == readme_cmds  # and no other pytest run
    assert "set -euo pipefail" in ci_cmds  # a failing exit (pytest's 5, no tests, included) fails CI


def test_plain_pytest_finds_the_checkout():
    """`pytest` (the script, not `python -m pytest`) collects the tests that import `train` from the checkout."""
    script = Path(sys.executable).parent / "pytest"
    if not script.exists():
        pytest.skip(f"no pytest script beside {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    cp = subprocess.run([str(script), "--collect-only", "-q", "-p", "no:cacheprovider", "tests/test_line_mode_quality.py"],
                        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert cp.returncode == 0, cp.stdout[-2000:] + cp.stderr[-2000:]


@pytest.fixture(scope="module")
def store(example_store) -> GraphStore:
    """The bundled examples: what `kg demo` builds, so the tour answers there as a new user tries it."""
    return GraphStore(example_store, read_only=True)


def test_readme_has_a_tour():
    assert len(QUERIES) >= 4


@pytest.mark.parametrize("query", QUERIES, ids=[q.split("WHERE")[0][:40].strip() for q in QUERIES])
def test_tour_query_answers(store, query):
    rows = store.select(query)
    assert rows, f"no rows for:\n{query}"
    assert any(any(v not in (None, "") for v in r.values()) for r in rows)


def _extras() -> tuple[list[str], dict[str, list[str]]]:
    import re as _re

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")

    def names(block: str) -> list[str]:
        return [_re.split(r"[<>=\[;]", d, maxsplit=1)[0].lower() for d in _re.findall(r'^\s*"([^"]+)"', block, _re.M)]

    base = names(_re.search(r"^dependencies = \[(.*?)^\]", text, _re.S | _re.M).group(1))
    extras = {m.group(1): names(m.group(2)) for m in _re.finditer(r"^(\w+) = \[(.*?)^\]", text, _re.S | _re.M)
              if m.group(1) != "dependencies"}
    return base, extras


def test_plotting_is_an_extra_and_the_tests_get_what_the_notebooks_need():
    base, extras = _extras()
    assert not {"matplotlib", "mplfonts", "scipy"} & set(base), base
    assert {"matplotlib", "mplfonts", "scipy"} <= set(extras["notebooks"])
    assert set(extras["notebooks"]) - {"jupyterlab"} <= set(extras["test"])
    assert "dask" in extras["test"]


def test_building_and_serving_import_no_plotting_library():
    code = ("import sys, kg.cli, kg.build, kg.api, kg.export, serve.app; "
            "bad = sorted(m for m in ('matplotlib', 'mplfonts', 'scipy') if m in sys.modules); "
            "assert not bad, bad")
    cp = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert cp.returncode == 0, cp.stderr[-2000:]
