"""A folder walk never skips a file without a word: .md is read as text, .htm/.shtml as HTML, and the
files of other kinds are counted by extension in the build's and extract's summary line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import EXAMPLES, run_kg

from extract.reading import read_documents
from extract.reading.documents import unread_summary


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "crawl"
    (d / "pages").mkdir(parents=True)
    shutil.copy(EXAMPLES / "01_meeting.txt", d / "meeting.md")
    shutil.copy(EXAMPLES / "04_portal.html", d / "pages" / "portal.shtml")
    shutil.copy(EXAMPLES / "04_portal.html", d / "pages" / "portal-copy.htm")
    (d / "items.json").write_text(json.dumps({"text": "市委召开会议"}, ensure_ascii=False), encoding="utf-8")
    (d / "pages" / "more.json").write_text("[]", encoding="utf-8")
    (d / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (d / "NOTES").write_text("crawler notes", encoding="utf-8")
    return d


def test_read_documents_counts_the_files_it_does_not_read(tmp_path):
    from collections import Counter

    unread: Counter[str] = Counter()
    docs = list(read_documents([str(_folder(tmp_path))], lambda n, r: None, unread))
    assert sorted(Path(d.doc).suffix for d in docs) == [".htm", ".md", ".shtml"]
    assert unread == {".json": 2, ".pdf": 1, "no extension": 1}
    assert unread_summary(unread) == "4 files of other kinds not read (2 .json, 1 .pdf, 1 no extension)"
    assert unread_summary(Counter()) == ""


def test_build_summary_names_the_skipped_kinds(tmp_path):
    cp = run_kg("build", str(_folder(tmp_path)), "--store", str(tmp_path / "store"), "--workers", "1")
    summary = [ln for ln in cp.stderr.decode().splitlines() if ln.startswith("kg build:")][-1]
    assert "read 3 documents" in summary, summary
    assert "4 files of other kinds not read (2 .json, 1 .pdf, 1 no extension)" in summary, summary
    # the .md file was read as text and the .shtml page as HTML (its title, not its markup)
    rows = json.loads(run_kg("query", "--store", str(tmp_path / "store"), "--format", "json",
                             "SELECT DISTINCT ?f ?h WHERE { ?a dct:source ?f OPTIONAL { ?a schema:headline ?h } }").stdout)
    files = {Path(r["f"]).name for r in rows}
    assert {"meeting.md", "portal.shtml", "portal-copy.htm"} <= files, rows
    assert not any("<" in (r.get("h") or "") for r in rows), rows


def test_a_build_that_reads_everything_says_nothing_of_other_kinds(tmp_path):
    cp = run_kg("build", str(EXAMPLES), "--store", str(tmp_path / "store"), "--workers", "1")
    assert "not read" not in cp.stderr.decode()


def test_extract_names_the_skipped_kinds(tmp_path):
    cp = run_kg("extract", str(_folder(tmp_path)), "--format", "jsonl")
    assert len(cp.stdout.decode().strip().splitlines()) >= 3
    assert "kg extract: read 3 documents; 4 files of other kinds not read (2 .json, 1 .pdf, 1 no extension)" \
        in cp.stderr.decode()
