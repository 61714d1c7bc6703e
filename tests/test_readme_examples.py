"""Every example of the README runs, as the README writes it, against the bundled examples (issue 21).

The README is parsed, not copied: its ```bash blocks (each `kg ...` command line, run as a real process in
a folder where `kg-store` is the bundled examples built by `kg build kg/examples --store kg-store`), its
```python block (statement by statement, in a folder where `articles/` is the bundled examples), its
```sparql blocks (through `kg query`) and the command table of "## Commands" (each synopsis with its
placeholders filled in and every optional part given). A README edit that breaks an example fails here.

The examples are four articles about 赣州, 南平, 韶关 and 衢州: the README's names from elsewhere (龙岩市,
张杰, 某某) are swapped for names of the examples (`NAMES`) where the README implies an answer.
"""

from __future__ import annotations

import ast
import io
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS: list[tuple[str, str]] = re.findall(r"^```(\w+)\n(.*?)^```", README, re.S | re.M)

# README names that the bundled examples do not hold -> names they do (same kinds: a city, a person, a post)
NAMES = {"龙岩市": "南平市", "龙岩市委书记": "南平市委书记", "张杰": "吴建国", "某某": "吴建国"}


def blocks(lang: str) -> list[str]:
    return [body for kind, body in BLOCKS if kind == lang]


# -- the ```bash blocks ----------------------------------------------------------------------------------


def shell_commands() -> list[tuple[str, str]]:
    """Each command of the ```bash blocks with the comment on its line: split at `&&`, blank lines and
    comment lines dropped."""
    out = []
    for body in blocks("bash"):
        for line in body.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            comment = line.split(" #", 1)[1].strip() if " #" in line else ""
            for part in line.split("&&"):
                command = " ".join(shlex.split(part, comments=True))
                if command:
                    out.append((command, comment))
    return out


def not_run(command: str) -> str | None:
    """Why a README command is not run here (None: it is run)."""
    words = command.split()
    if words[:2] == ["pip", "install"]:
        return "installs packages: the tests run in the environment that was installed"
    if words == ["pytest"]:
        return "the whole suite, this test included (tests/test_readme.py checks that CI runs it exactly)"
    if words[:2] in (["dask", "scheduler"], ["dask", "worker"]):
        return "a Dask cluster daemon, runs until stopped (tests/test_dask_build.py builds on a LocalCluster)"
    if words[:1] == ["kg"] and "--scheduler" in words:
        return "needs the cluster the `dask scheduler`/`dask worker` lines start (tests/test_dask_build.py)"
    if words[:2] == ["kg", "serve"]:
        return "a server, runs until stopped (tests/test_serve_process.py serves as a real process)"
    if words[:2] == ["jupyter", "lab"]:
        return "a notebook server, runs until stopped (tests/test_notebooks.py executes the notebooks)"
    if words[:3] == ["python", "-m", "train.ner_crf"] or words[:3] == ["python", "-m", "train.eval_lines"]:
        return "retraining and its evaluation: ~45 minutes over ../shared/data; CI never trains"
    if words[:1] == ["kg"]:
        return None
    return "unknown"


KG_COMMANDS = [(c, comment) for c, comment in shell_commands() if not_run(c) is None]


def test_every_readme_command_is_run_or_says_why_not() -> None:
    unknown = [c for c, _ in shell_commands() if not_run(c) == "unknown"]
    assert not unknown, f"README commands neither run by this test nor skipped with a reason: {unknown}"
    assert sum(c.startswith("kg export") for c, _ in KG_COMMANDS) >= 4
    assert "kg demo" in [c for c, _ in KG_COMMANDS]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where `kg-store` is the bundled examples, built once for the module."""
    work = tmp_path_factory.mktemp("readme")
    kg(work, "build", str(EXAMPLES), "--store", "kg-store", "--workers", "1")
    return work


def kg(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`kg ARGS` as a real process in `cwd` (the checkout's package); fails the test on a non-zero exit."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    cp = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True, text=True,
                        timeout=timeout)
    assert cp.returncode == 0, f"kg {shlex.join(args)} exited {cp.returncode}:\n{cp.stderr[-3000:]}"
    return cp


def article_count(cwd: Path, store: str) -> int:
    cp = kg(cwd, "query", "--store", store, "--format", "json",
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    return int(json.loads(cp.stdout)[0]["n"])


def check_output(cwd: Path, args: list[str], comment: str) -> None:
    """What an export wrote: the file after -o (a graph networkx reads; for CSV, nodes.csv and edges.csv in
    the folder) and the files the README's comment names."""
    if "-o" not in args:
        return
    target = cwd / args[args.index("-o") + 1]
    if args[1] == "csv":
        folder = target if str(args[args.index("-o") + 1]).endswith("/") else target.parent
        assert (folder / "nodes.csv").stat().st_size > 0 and (folder / "edges.csv").exists()
        return
    graph = nx.read_graphml(target) if target.suffix == ".graphml" else nx.read_gexf(target)
    min_weight = int(args[args.index("--min-weight") + 1]) if "--min-weight" in args else 1
    if min_weight <= 1:  # four articles about four cities rarely repeat a pair: a filter may empty them
        assert graph.number_of_nodes() > 0, f"{target.name}: empty graph"
    for named in re.findall(r"[\w./-]+\.(?:csv|graphml|gexf)", comment):
        assert (cwd / named).exists(), f"the README says this writes {named}"


@pytest.mark.parametrize(("command", "comment"), KG_COMMANDS, ids=[c[:60] for c, _ in KG_COMMANDS])
def test_readme_kg_command_runs(workdir: Path, command: str, comment: str) -> None:
    args = shlex.split(command)[1:]
    if args[0] == "demo" and "--no-serve" not in args:
        # `kg demo` builds, then serves until stopped: run the build half, into this folder
        args.append("--no-serve")
    kg(workdir, *args, timeout=300)
    if args[0] == "demo":
        store = args[args.index("--store") + 1] if "--store" in args else "kg-demo-store"
        assert article_count(workdir, store) == 4
    check_output(workdir, args, comment)


# -- the ```sparql blocks (the researcher's tour) --------------------------------------------------------


QUERIES = blocks("sparql")


def with_names(query: str) -> str:
    """The query with the README's names absent from the examples swapped (quoted literals only)."""
    return re.sub(r'"([^"]+)"', lambda m: f'"{NAMES.get(m.group(1), m.group(1))}"', query)


def test_readme_has_sparql_examples() -> None:
    assert len(QUERIES) >= 6


@pytest.mark.parametrize("query", QUERIES, ids=[re.sub(r"\s+", " ", q.split("WHERE")[0])[:40] for q in QUERIES])
def test_readme_sparql_example_runs_through_kg_query(workdir: Path, query: str) -> None:
    started = time.monotonic()
    as_written = json.loads(kg(workdir, "query", "--store", "kg-store", query, "--format", "json").stdout)
    assert time.monotonic() - started < 10, "a tour query took more than a few seconds on four articles"
    assert isinstance(as_written, list)
    rows = as_written
    if with_names(query) != query:
        rows = json.loads(kg(workdir, "query", "--store", "kg-store", with_names(query), "--format", "json").stdout)
    assert rows, f"no rows on the bundled examples for:\n{with_names(query)}"
    assert any(any(v not in (None, "") for v in r.values()) for r in rows)


# -- the ```python block (the Python API) ----------------------------------------------------------------


class _Names(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        if isinstance(node.value, str) and node.value in NAMES:
            return ast.copy_location(ast.Constant(NAMES[node.value]), node)
        return node


def _comments(source: str) -> dict[int, str]:
    return {tok.start[0]: tok.string.lstrip("# ") for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.COMMENT}


def _check_claims(value: Any, comment: str, where: str) -> int:
    """What the README's comment on a line says it returns; how many claims were checked."""
    checked = 0
    if "list of dicts" in comment:
        assert isinstance(value, list) and all(isinstance(r, dict) for r in value), where
        checked += 1
    if "pandas" in comment:
        import pandas as pd

        assert isinstance(value, pd.DataFrame), where
        checked += 1
    keys = re.match(r"\{('[^']+'(?:, '[^']+')*)\}", comment)
    if keys:
        assert set(re.findall(r"'([^']+)'", keys.group(1))) <= set(value), f"{where}: keys {sorted(value)}"
        checked += 1
    claimed = {"offsets": ("start", "end"), "as-of date": ("as_of",), "sentence": ("sentence",),
               "articles": ("article",), "every mention": ("start", "end", "sentence")}
    for words, fields in claimed.items():
        if re.search(rf"\b{words}\b", comment):
            assert value and all(r.get(f) not in (None, "") for r in value for f in fields), f"{where}: {value}"
            checked += 1
    return checked


def _non_empty(value: Any, node: ast.stmt, where: str) -> None:
    call = node.value if isinstance(node, (ast.Expr, ast.Assign)) else None
    filters = {k.arg: k.value for k in call.keywords} if isinstance(call, ast.Call) else {}
    min_weight = filters.get("min_weight")
    if isinstance(min_weight, ast.Constant) and min_weight.value > 1:
        return  # four articles about four cities rarely repeat a pair: a filter may empty them
    if isinstance(value, nx.Graph):
        assert value.number_of_nodes() > 0, f"{where}: an empty graph"
    elif isinstance(value, (list, tuple, dict)) or type(value).__name__ == "DataFrame":
        assert len(value) > 0, f"{where}: nothing"


def _written(node: ast.stmt, cwd: Path, where: str) -> None:
    """An export_* call's file (or for CSV, nodes.csv and edges.csv in the folder) is there."""
    call = node.value if isinstance(node, (ast.Expr, ast.Assign)) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr.startswith("export_") and call.args and isinstance(call.args[0], ast.Constant)):
        return
    target = cwd / call.args[0].value
    if call.func.attr == "export_csv":
        assert (target / "nodes.csv").exists() and (target / "edges.csv").exists(), where
    else:
        assert target.stat().st_size > 0, where


@pytest.fixture()
def in_articles_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A current folder where the README's `articles/` is the bundled examples."""
    (tmp_path / "articles").symlink_to(EXAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_readme_python_api_block_runs(in_articles_folder: Path) -> None:
    (source,) = blocks("python")
    comments = _comments(source)
    tree = _Names().visit(ast.parse(source))
    ns: dict[str, Any] = {}
    claims = 0
    try:
        for node in tree.body:
            line = source.splitlines()[node.lineno - 1]
            where = f"README line `{line.strip()}`"
            try:
                if isinstance(node, ast.Expr):
                    value = eval(compile(ast.fix_missing_locations(ast.Expression(node.value)), "README", "eval"), ns)
                else:
                    exec(compile(ast.fix_missing_locations(ast.Module([node], [])), "README", "exec"), ns)
                    value = ns[node.targets[0].id] if isinstance(node, ast.Assign) else None
            except Exception as e:  # noqa: BLE001 - name the README line that failed
                raise AssertionError(f"{where} raised {type(e).__name__}: {e}") from e
            if value is not None:
                _non_empty(value, node, where)
                claims += _check_claims(value, comments.get(node.lineno, ""), where)
            _written(node, in_articles_folder, where)
    finally:
        for v in ns.values():
            if hasattr(v, "close") and type(v).__name__ == "KnowledgeGraph":
                v.close()
    assert any(type(v).__name__ == "KnowledgeGraph" for v in ns.values())
    assert claims >= 5, f"only {claims} of the README comments' claims were checked"


# -- the command table of "## Commands" -------------------------------------------------------------------


SYNOPSES = re.findall(r"^\| `(kg [^`]+)` \|", README.split("## Commands", 1)[1].split("\n## ", 1)[0], re.M)
PLACEHOLDERS = {"PATH...": str(EXAMPLES), "DIR": "kg-store", "N": "1", "FILE": "out.graphml",
                "SPARQL": "SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name } LIMIT 3",
                "IRI-or-PATH...": str(EXAMPLES / "01_meeting.txt")}
PER_COMMAND = {("extract", "FILE"): "lines.txt", ("demo", "DIR"): "demo-store", ("remove", "DIR"): "removed-store"}


def expand(synopsis: str) -> list[list[str]]:
    """A synopsis as runnable argument lists: every optional part given, one run per alternative
    (`[--format table\\|json\\|csv]`: three runs)."""
    text = synopsis.replace("\\|", "|")
    options = re.findall(r"\[([^\]]+)\]", text)
    alternatives = []
    for opt in options:
        flag, _, values = opt.partition(" ")
        alternatives.append([f"{flag} {v}" for v in values.split("|")] if "|" in values else [opt])
    runs = []
    for choice in itertools.product(*alternatives):
        filled = text
        for opt, pick in zip(options, choice, strict=True):
            filled = filled.replace(f"[{opt}]", pick, 1)
        runs.append(shlex.split(filled)[1:])
    return runs


def runnable(synopsis: str) -> list[list[str]]:
    runs = []
    for args in expand(synopsis):
        if args[0] == "serve":
            continue  # a server, runs until stopped (tests/test_serve_process.py serves as a real process)
        out = []
        for a in args:
            if a in PLACEHOLDERS or re.fullmatch(r"[A-Z][A-Za-z-]*(?:\.\.\.)?", a):
                assert a in PLACEHOLDERS, f"the README's `{synopsis}`: no value for {a} here"
                a = PER_COMMAND.get((args[0], a), PLACEHOLDERS[a])
            out.append(a)
        runs.append(out)
    return runs


TABLE_RUNS = [args for s in SYNOPSES for args in runnable(s)]


def test_command_table_is_read() -> None:
    assert {a[0] for a in TABLE_RUNS} >= {"build", "extract", "query", "export", "validate", "remove", "demo"}
    assert sum(a[0] == "query" for a in TABLE_RUNS) == 3  # table, json, csv


@pytest.mark.parametrize("args", TABLE_RUNS, ids=[" ".join(a)[:60] for a in TABLE_RUNS])
def test_command_table_synopsis_runs(workdir: Path, args: list[str]) -> None:
    if args[0] == "remove":
        shutil.rmtree(workdir / "removed-store", ignore_errors=True)
        shutil.copytree(workdir / "kg-store", workdir / "removed-store")
    if "--lines" in args:
        lines = (EXAMPLES / "01_meeting.txt").read_text(encoding="utf-8").splitlines()
        (workdir / "lines.txt").write_text("\n".join(ln for ln in lines if len(ln) > 20)[:600], encoding="utf-8")
    cp = kg(workdir, *args, timeout=300)
    if args[0] == "build":  # the same files again: skipped, the store unchanged
        assert "skipped 4 (4 unchanged)" in cp.stderr, cp.stderr
        assert article_count(workdir, "kg-store") == 4
    elif args[0] == "extract":
        records = [json.loads(ln) for ln in cp.stdout.splitlines()]
        assert records and any(r["entities"] for r in records)
    elif args[0] == "query":
        assert "name" in cp.stdout and len(cp.stdout.splitlines()) >= 2
    elif args[0] == "export":
        check_output(workdir, args, "")
    elif args[0] == "validate":
        assert "conform" in cp.stdout + cp.stderr
    elif args[0] == "remove":
        assert article_count(workdir, "removed-store") == 3
    elif args[0] == "demo":
        assert article_count(workdir, "demo-store") == 4
