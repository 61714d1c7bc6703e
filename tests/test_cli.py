"""The `kg` command driven as a real process: build, extract, query, export, remove, serve, demo."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import networkx as nx
import pytest
from conftest import EXAMPLES, ROOT, SHARED, Server, need_shared, run_kg

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")  # 區(qū): the crawl's pinyin annotations


def _count(store: Path) -> int:
    out = run_kg("query", "--store", str(store), COUNT, "--format", "json").stdout
    return int(json.loads(out)[0]["n"])


def _http_count(srv: Server) -> int:
    """COUNT(*) over the union graph, asked over HTTP as SPARQL results JSON."""
    url = srv.url + "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return int(json.load(r)["results"]["bindings"][0]["n"]["value"])


def _records(stdout: bytes) -> list[dict]:
    lines = stdout.decode("utf-8").splitlines()
    assert lines, "no records printed"
    return [json.loads(line) for line in lines]  # every line must be pure JSON


def test_extract_examples_follow_the_contract():
    recs = _records(run_kg("extract", str(EXAMPLES), "--format", "jsonl").stdout)
    assert len(recs) == len(list(EXAMPLES.iterdir()))
    for rec in recs:
        for key in ("doc", "article", "title", "date", "source", "reporters", "entities", "relations"):
            assert key in rec, key
        original = Path(rec["doc"]).read_bytes().decode("utf-8")
        assert rec["entities"], f"no entities in {rec['doc']}"
        for e in rec["entities"]:
            assert e["type"] in {"Person", "Place", "Organization", "Enterprise", "Program", "Project", "Event", "Post", "Document"}
            assert e["id"].startswith("https://")
            for m in e["mentions"]:
                assert original[m["start"] : m["end"]] == m["text"]


def test_extract_finds_what_the_meeting_report_says():
    rec = _records(run_kg("extract", str(EXAMPLES / "01_meeting.txt")).stdout)[0]
    assert rec["date"] == "2024-03-15"
    names = {(e["type"], e["name"]) for e in rec["entities"]}
    assert ("Person", "周立新") in names
    assert ("Place", "赣州市") in names
    posts = [r for r in rec["relations"] if r["type"] == "holds_post" and r["person"] == "孙海明"]
    assert {r["post"] for r in posts} >= {"市长"}


def test_extract_traditional_points_into_the_original():
    rec = _records(run_kg("extract", str(EXAMPLES / "03_traditional.txt")).stdout)[0]
    original = (EXAMPLES / "03_traditional.txt").read_text(encoding="utf-8")
    names = {e["name"] for e in rec["entities"]}
    assert "韶关市" in names  # simplified canonical name
    texts = {m["text"] for e in rec["entities"] for m in e["mentions"]}
    assert any("韶關" in t for t in texts)  # mentions keep the original script
    for e in rec["entities"]:
        assert "(" not in e["name"] and "關" not in e["name"]
        for m in e["mentions"]:
            assert original[m["start"] : m["end"]] == m["text"]


def test_extract_lines_mode(tmp_path):
    f = tmp_path / "lines.txt"
    f.write_text("市委书记张建华出席会议。\n\n广州市天河区人民政府发布通知。\n", encoding="utf-8")
    recs = _records(run_kg("extract", "--lines", str(f), "--format", "jsonl").stdout)
    assert [r["doc"] for r in recs] == [0, 1, 2]
    first = recs[0]
    assert any(e["name"] == "张建华" and e["type"] == "Person" for e in first["entities"])
    for e in first["entities"]:
        for m in e["mentions"]:
            assert "市委书记张建华出席会议。"[m["start"] : m["end"]] == m["text"]


def test_extract_ner_model_option(tmp_path):
    f = tmp_path / "lines.txt"
    f.write_text("市委书记张建华出席会议。\n", encoding="utf-8")
    recs = _records(run_kg("extract", "--lines", str(f), "--ner-model", "none").stdout)
    assert any(e["name"] == "张建华" for e in recs[0]["entities"])  # the rules alone find the anchored name
    cp = run_kg("extract", "--lines", str(f), "--ner-model", str(tmp_path / "nothing"), check=False)
    assert cp.returncode == 2 and not cp.stdout
    assert "nothing" in cp.stderr.decode() and "no model" in cp.stderr.decode()


def test_extract_stdin():
    text = "南京市鼓楼区召开会议。区委书记李明出席。".encode()
    recs = _records(run_kg("extract", "-", input=text).stdout)
    assert len(recs) == 1 and recs[0]["doc"] == "-"


def test_bad_files_are_named_and_the_good_one_is_read(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(EXAMPLES / "01_meeting.txt", d / "good.txt")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    good = (EXAMPLES / "01_meeting.txt").read_bytes()
    (d / "broken.txt").write_bytes(good[:300] + b"\xff\xfe" + good[300:600] + b"\x80\x80" + good[600:])
    cp = run_kg("extract", str(d))
    recs = _records(cp.stdout)
    assert {Path(r["doc"]).name for r in recs} == {"good.txt"}
    err = cp.stderr.decode()
    for name in ("empty.txt", "binary.txt", "broken.txt"):
        assert name in err, err
    (d / "good.txt").unlink()
    cp = run_kg("extract", str(d), check=False)
    assert cp.returncode == 2 and cp.stdout == b""


def test_build_query_rebuild_remove(tmp_path):
    store = tmp_path / "s"
    run_kg("build", str(EXAMPLES), "--store", str(store), "--workers", "1")
    n = _count(store)
    assert n > 100
    cp = run_kg("build", str(EXAMPLES), "--store", str(store), "--workers", "1")
    assert "unchanged" in cp.stderr.decode()
    assert _count(store) == n  # building again replaces, never duplicates
    arts = json.loads(
        run_kg("query", "--store", str(store), "SELECT DISTINCT ?a WHERE { ?a a kgo:Article }", "--format", "json").stdout
    )
    assert len(arts) == 4
    run_kg("remove", str(EXAMPLES / "02_interview.txt"), "--store", str(store))
    arts2 = json.loads(
        run_kg("query", "--store", str(store), "SELECT DISTINCT ?a WHERE { ?a a kgo:Article }", "--format", "json").stdout
    )
    assert len(arts2) == 3
    assert _count(store) < n


def test_query_formats_and_errors(example_store):
    table = run_kg("query", "--store", str(example_store), "SELECT ?l WHERE { ?p a kgo:Person ; rdfs:label ?l } LIMIT 3").stdout
    assert b"(3 rows)" in table
    csv_out = run_kg("query", "--store", str(example_store), COUNT, "--format", "csv").stdout.decode()
    assert csv_out.splitlines()[0] == "n"
    bad = run_kg("query", "--store", str(example_store), "SELECT WHERE {", check=False)
    assert bad.returncode == 2 and b"malformed SPARQL" in bad.stderr
    missing = run_kg("query", "--store", "/nonexistent/store", COUNT, check=False)
    assert missing.returncode == 2 and b"/nonexistent/store" in missing.stderr


def test_export_graphml_reads_back(example_store, tmp_path):
    out = tmp_path / "g.graphml"
    run_kg("export", "graphml", "--store", str(example_store), "-o", str(out))
    g = nx.read_graphml(out)
    assert g.number_of_nodes() > 10 and g.number_of_edges() > 5
    assert all(d.get("label") for _, d in g.nodes(data=True))
    assert all(d.get("relation") for *_, d in g.edges(data=True))
    assert {d["type"] for _, d in g.nodes(data=True)} >= {"Person", "Place"}


def test_serve_answers_sparql_over_http(example_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(example_store, copy)
    srv = Server(copy)
    try:
        assert _http_count(srv) == _count(example_store)
        with urllib.request.urlopen(srv.url + "/", timeout=30) as r:
            assert b"<form" in r.read().lower()
    finally:
        srv.stop()


def test_demo_builds_the_examples(tmp_path):
    cp = run_kg("demo", "--store", str(tmp_path / "demo"), "--no-serve")
    assert "wrote 4 articles" in cp.stderr.decode()
    assert _count(tmp_path / "demo") > 100


def test_demo_serves_and_prints_the_url(tmp_path):
    port = __import__("conftest").free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "demo", "--store", str(tmp_path / "d"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stdout.readline().decode()
        assert f"http://127.0.0.1:{port}" in line
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s a kgo:Person }"})
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}), timeout=30) as r:
            assert json.load(r)["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(10)


# -- the seed corpus (shared/) ----------------------------------------------------------------


def test_seed_store_served_has_over_500_triples(seed_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(seed_store, copy)
    srv = Server(copy)
    try:
        assert _http_count(srv) > 500
    finally:
        srv.stop()


def test_seed_scorer_bars_on_extract_output(tmp_path):
    """`kg extract` on the seeds, scored by ../shared/eval/score_seeds.py: the issues' bars."""
    seeds = need_shared("corpus", "seeds")
    scorer = need_shared("eval", "score_seeds.py")
    pred, figures = tmp_path / "pred.jsonl", tmp_path / "scores.json"
    pred.write_bytes(run_kg("extract", str(seeds), "--format", "jsonl").stdout)
    cp = subprocess.run([sys.executable, str(scorer), str(pred), "--json", str(figures)],
                        capture_output=True, text=True, timeout=120)
    assert cp.returncode == 0, cp.stderr
    assert cp.stdout.strip().splitlines()[-1].startswith("seeds: entity F1")
    s = json.loads(figures.read_text(encoding="utf-8"))
    assert s["split_ok"] == s["split_total"] == 5  # 11 articles in 5 files
    assert s["spam"] == 0
    assert s["meta_title"] >= 0.9 and s["meta_date"] >= 0.8 and s["meta_source"] >= 0.8
    assert s["entity_f1"] >= 0.85
    for t in ("Person", "Place", "Organization", "Enterprise", "Program", "Project", "Event"):
        assert s["entities_article"][t]["f1"] >= 0.70, (t, s["entities_article"][t])
    assert s["holds_post_f1"] >= 0.85
    assert s["other_rel_f1"] >= 0.60


def test_seed_entity_names_are_clean_and_mentions_exact():
    """No entity name with mojibake or traditional characters; every mention points into the file."""
    import opencc

    seeds = need_shared("corpus", "seeds")
    t2s = opencc.OpenCC("t2s")
    for rec in _records(run_kg("extract", str(seeds), "--format", "jsonl").stdout):
        original = Path(rec["doc"]).read_text(encoding="utf-8")
        for e in rec["entities"]:
            assert t2s.convert(e["name"]) == e["name"], e["name"]
            assert not PINYIN.search(e["name"]) and "\ufffd" not in e["name"] and "?" not in e["name"], e["name"]
            for m in e["mentions"]:
                assert original[m["start"] : m["end"]] == m["text"]


def test_gb18030_copy_gives_the_same_entities(tmp_path):
    seeds = need_shared("corpus", "seeds")
    src = sorted(seeds.glob("*.txt"))[0]
    gb = tmp_path / src.name
    gb.write_bytes(src.read_text(encoding="utf-8").encode("gb18030"))

    def entities(path: Path) -> list:
        return [sorted((e["type"], e["name"]) for e in r["entities"]) for r in _records(run_kg("extract", str(path)).stdout)]

    assert entities(gb) == entities(src)


@pytest.mark.skipif(not (SHARED / "data").exists(), reason="shared/data not present")
def test_bench_script_runs_on_a_small_sample():
    cp = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_build.py"), "--limit", "30", "--workers", "1"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert cp.returncode == 0, cp.stderr
    assert "chars/s" in cp.stdout and "jieba.lcut" in cp.stdout
