"""`kg build` at scale and under faults: pool and Dask executors, incremental builds, bad lines, SIGKILL."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, need_shared, run_kg

from kg.store import GraphStore
from kg.vocab import ONTOLOGY_GRAPH

ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kgo:Article }"


def _sample(tmp_path: Path, n: int, name: str = "news.jsonl") -> Path:
    """The first `n` items of the xwlb_news corpus (those with a text) as a .jsonl file."""
    src = need_shared("data", "xwlb_news", "articles.jsonl")
    out = tmp_path / name
    lines = []
    with src.open(encoding="utf-8") as f:
        for line in f:
            if json.loads(line).get("text", "").strip():
                lines.append(line)
            if len(lines) == n:
                break
    out.write_text("".join(lines), encoding="utf-8")
    return out


def _quads(store: Path) -> set[str]:
    """The quads of a store (opened in this process) as N-Quads lines."""
    st = GraphStore(store, read_only=True)
    lines = {str(q) for q in st.store.quads_for_pattern(None, None, None, None)}
    del st
    return lines


def _digest(store: Path) -> tuple[int, str]:
    """Number of quads and a hash of the sorted quads of a store."""
    lines = sorted(_quads(store))
    return len(lines), hashlib.sha1("\n".join(lines).encode()).hexdigest()


def _articles(store: Path) -> int:
    return int(json.loads(run_kg("query", "--store", str(store), ARTICLES, "--format", "json").stdout)[0]["n"])


def _summary(cp: subprocess.CompletedProcess) -> str:
    lines = [x for x in cp.stderr.decode().splitlines() if x.startswith("kg build:")]
    assert lines, cp.stderr.decode()
    return lines[-1]


def _wrote(summary: str) -> int:
    return int(re.search(r"wrote (\d+) articles", summary).group(1))


def test_incremental_build_reextracts_only_changed_lines(tmp_path):
    data = _sample(tmp_path, 120)
    store = tmp_path / "s"
    first = _summary(run_kg("build", str(data), "--store", str(store), "--workers", "2"))
    assert _wrote(first) == 120 and "[2 local processes]" in first, first
    built = _digest(store)
    assert built[0] > 10_000

    again = _summary(run_kg("build", str(data), "--store", str(store), "--workers", "2"))
    assert _wrote(again) == 0 and "120 unchanged" in again and "0 quads" in again, again
    assert _digest(store) == built

    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    rec = json.loads(lines[41])
    rec["text"] = rec["text"] + "会议在湖北省宜昌市远安县召开，县委书记出席。"
    lines[41] = json.dumps(rec, ensure_ascii=False) + "\n"
    data.write_text("".join(lines), encoding="utf-8")
    changed = _summary(run_kg("build", str(data), "--store", str(store), "--workers", "2"))
    assert _wrote(changed) == 1 and "119 unchanged" in changed, changed
    updated = _digest(store)
    assert updated != built

    # the incremental result is exactly a fresh build of the changed corpus (here in one process)
    fresh = tmp_path / "fresh"
    one = _summary(run_kg("build", str(data), "--store", str(fresh), "--workers", "1"))
    assert "[in-process]" in one
    assert _digest(fresh) == updated


def test_malformed_line_is_reported_with_file_and_line_and_the_rest_built(tmp_path):
    data = _sample(tmp_path, 250)
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[122] = lines[122][: len(lines[122]) // 2] + "\n"  # line 123 cut in the middle
    data.write_text("".join(lines), encoding="utf-8")
    store = tmp_path / "s"
    cp = run_kg("build", str(data), "--store", str(store), "--workers", "2")
    err = cp.stderr.decode()
    assert f"{data}:123: malformed JSON line" in err, err
    assert len(re.findall(r"malformed JSON line \(", err)) == 1
    summary = _summary(cp)
    assert "1 malformed JSON line" in summary and _wrote(summary) == 249, summary
    assert _articles(store) == 249


def _kill_during_bulk_loads(proc: subprocess.Popen, store: Path, files: int, delay: float) -> int | None:
    """SIGKILL `proc` `delay` s after it wrote its `files`-th bulk-load table file (0: `delay` s after start).

    Files a previous killed build left behind do not count (the next build deletes them).
    """
    old = {f for f in os.listdir(store) if f.startswith("bulk-")} if store.exists() else set()
    seen: set[str] = set()
    deadline = time.time() + 300
    while proc.poll() is None and time.time() < deadline and len(seen) < files:
        if store.exists():
            seen.update(f for f in os.listdir(store) if f.startswith("bulk-") and f not in old)
        time.sleep(0.005)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(60)


def test_sigkill_during_a_build_leaves_a_usable_store_that_the_next_build_repairs(tmp_path):
    data = _sample(tmp_path, 240)
    args = ["--workers", "2", "--batch-mb", "0.5"]  # many small bulk loads: kills land between and inside them
    store = tmp_path / "s"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    seen = []
    for files, delay in ((0, 2.0), (1, 0.0), (12, 0.0), (20, 0.05), (3, 0.3)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(data), "--store", str(store), *args],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        rc = _kill_during_bulk_loads(proc, store, files, delay)
        # the store opens (read-write, as the next build will) and answers queries
        st = GraphStore(store)
        n = st.select(ARTICLES)[0]["n"]
        assert st.has_graph(ONTOLOGY_GRAPH)
        st.close()
        del st
        assert _articles(store) == n  # and a separate `kg query` process reads it
        seen.append((rc, n))
    assert any(rc == -signal.SIGKILL for rc, _ in seen), seen
    assert any(0 < n < 240 for _, n in seen), seen  # some kill left a half-built store
    cp = run_kg("build", str(data), "--store", str(store), *args)
    assert len(cp.stderr.decode().strip().splitlines()) == 1, cp.stderr.decode()  # nothing reported as bad
    assert not list(store.glob("bulk-*.sst"))  # the table files of killed bulk loads are cleaned up
    reference = tmp_path / "reference"  # a clean build, uninterrupted
    run_kg("build", str(data), "--store", str(reference), *args)
    got, want = _quads(store), _quads(reference)
    assert got == want, (_summary(cp), seen, sorted(got - want)[:5], sorted(want - got)[:5])


def test_dask_local_cluster_gives_the_quads_of_the_local_build(tmp_path):
    pytest.importorskip("distributed")
    data = _sample(tmp_path, 150)
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_kg("build", str(data), "--store", str(local), "--workers", "2")
    cp = run_kg("build", str(data), "--store", str(dask), "--executor", "dask", "--workers", "2")
    summary = _summary(cp)
    assert "Dask LocalCluster" in summary and _wrote(summary) == 150, summary
    assert _digest(dask) == _digest(local)


def test_loading_after_or_during_extraction_gives_the_same_store(tmp_path):
    data = _sample(tmp_path, 60)
    after, during = tmp_path / "after", tmp_path / "during"
    run_kg("build", str(data), "--store", str(after), "--workers", "2", "--batch-mb", "0.2")
    run_kg("build", str(data), "--store", str(during), "--workers", "2", "--batch-mb", "0.2", "--load", "during")
    assert _digest(after) == _digest(during)
    assert _articles(after) == 60
    assert not list(tmp_path.glob("kg-build-*"))  # the spool is an unlinked temporary file
    cp = run_kg("build", str(data), "--store", str(after), "--load", "sideways", check=False)
    assert cp.returncode == 2 and b"--load" in cp.stderr


def test_scheduler_without_dask_is_a_usage_error(tmp_path):
    cp = run_kg("build", str(EXAMPLES), "--store", str(tmp_path / "s"), "--scheduler", "tcp://x:1", check=False)
    assert cp.returncode == 2 and b"--executor dask" in cp.stderr


def test_progress_bar_on_a_terminal_and_one_summary_line_otherwise(tmp_path):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a 120-column terminal
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(EXAMPLES), "--store", str(tmp_path / "a"), "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=slave,
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(120) == 0
    os.close(master)
    text = out.decode(errors="replace")
    assert "articles/s" in text and "4/4" in text, text  # tqdm bar: count, rate, ETA
    assert "[in-process]" in text  # 4 small files do not pay for a pool

    cp = run_kg("build", str(EXAMPLES), "--store", str(tmp_path / "b"), "--workers", "2")
    err = cp.stderr.decode()
    assert "articles/s" not in err and "\r" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("kg build: read 4 documents"), err


def test_remove_a_jsonl_file_removes_the_articles_of_all_its_lines(tmp_path):
    data = _sample(tmp_path, 12, "a.jsonl")
    other = tmp_path / "b.txt"
    other.write_text((EXAMPLES / "01_meeting.txt").read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "s"
    run_kg("build", str(data), str(other), "--store", str(store), "--workers", "1")
    assert _articles(store) == 13
    cp = run_kg("remove", str(data), "--store", str(store))
    assert b"removed 12 article graphs" in cp.stderr
    assert _articles(store) == 1


def test_same_file_name_in_two_folders_gives_two_articles(tmp_path):
    for folder, city in (("a", "湖北省宜昌市"), ("b", "浙江省衢州市")):
        (tmp_path / "corpus" / folder).mkdir(parents=True)
        (tmp_path / "corpus" / folder / "index.txt").write_text(
            f"{city}召开全市经济工作会议\n\n2024年1月5日，{city}召开经济工作会议。", encoding="utf-8")
    store = tmp_path / "s"
    cp = run_kg("build", str(tmp_path / "corpus"), "--store", str(store))
    assert _wrote(_summary(cp)) == 2
    assert _articles(store) == 2
    titles = json.loads(run_kg("query", "--store", str(store),
                               "SELECT ?t WHERE { ?a a kgo:Article ; schema:headline ?t } ORDER BY ?t",
                               "--format", "json").stdout)
    assert sorted(r["t"] for r in titles) == ["浙江省衢州市召开全市经济工作会议", "湖北省宜昌市召开全市经济工作会议"]


def test_a_line_inserted_at_the_top_of_a_jsonl_with_ids_reextracts_only_that_line(tmp_path):
    data = _sample(tmp_path, 30)
    store = tmp_path / "s"
    run_kg("build", str(data), "--store", str(store), "--workers", "1")
    before = _quads(store)
    new = {"id": "local-0001", "date": "20240105", "title": "湖北省宜昌市召开经济工作会议",
           "text": "2024年1月5日，湖北省宜昌市召开全市经济工作会议，市委书记出席。"}
    data.write_text(json.dumps(new, ensure_ascii=False) + "\n" + data.read_text(encoding="utf-8"), encoding="utf-8")
    again = _summary(run_kg("build", str(data), "--store", str(store), "--workers", "1"))
    assert _wrote(again) == 1 and "30 unchanged" in again, again
    assert _articles(store) == 31
    after = _quads(store)
    assert before <= after  # the 30 articles kept their IRIs and quads
    # `kg remove FILE` still finds every line's articles by their ids
    run_kg("remove", str(data), "--store", str(store))
    assert _articles(store) == 0
