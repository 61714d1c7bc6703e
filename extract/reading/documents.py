"""Files, folders and stdin -> `Document`s; bad inputs are reported by name and skipped.

A folder walk reads the files whose extension is in `EXTENSIONS` (HTML by its content, whatever the
extension); the others are counted by extension in the `unread` counter the caller passes, so that a
summary can name them: nothing is skipped without a word.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from extract.model import Document
from extract.reading.decode import ReadError, decode_bytes

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml")
EXTENSIONS = (*TEXT_EXTENSIONS, *HTML_EXTENSIONS, ".jsonl")
JSONL_FIELDS = ("text", "title", "date", "source", "url")


def extension(name: str) -> str:
    """A file's extension as a summary names it: ".json", or "no extension"."""
    ext = os.path.splitext(name)[1].lower()
    return ext if ext else "no extension"


def _files(path: str, unread: Counter[str] | None = None) -> Iterator[str]:
    p = Path(path)
    if p.is_dir():
        for root, dirs, files in os.walk(p):
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(EXTENSIONS):
                    yield os.path.join(root, name)
                elif unread is not None:
                    unread[extension(name)] += 1
    else:
        yield path


def unread_summary(unread: Counter[str] | dict[str, int]) -> str:
    """Say "3 files of other kinds not read (2 .json, 1 .pdf)"; "" when every file was read."""
    n = sum(unread.values())
    if not n:
        return ""
    kinds = ", ".join(f"{c} {ext}" for ext, c in sorted(unread.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{n} file{'s' if n != 1 else ''} of other kinds not read ({kinds})"


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as f:
        return f.read()


def jsonl_document(name: str, raw: bytes) -> Document | str:
    """The `Document` of one JSON line named `name` (path:line), or why the line is bad."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"line is not UTF-8 ({e.reason} at byte {e.start})"
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        if not raw.endswith(b"\n") and not line.rstrip().endswith("}"):
            return f"truncated JSON line (the file ends inside it: {e.msg})"
        return f"malformed JSON line ({e.msg} at column {e.colno})"
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
        return "JSON line without a non-empty \"text\" field"
    fields = {k: v for k, v in rec.items() if k != "text"}
    body = rec["text"]
    title = rec.get("title")
    # the title is part of the document (its mentions count), ahead of the text
    has_title = isinstance(title, str) and title.strip() and not body.startswith(title)
    original = f"{title}\n\n{body}" if has_title else body
    return Document(doc=name, original=original, encoding="utf-8", fields=fields)


def _jsonl(path: str, on_error: Callable[[str, str], None]) -> Iterator[Document]:
    """One Document per line of a JSON Lines file (UTF-8), read line by line: memory stays flat."""
    seen = False
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen = True
            name = f"{path}:{n}"
            doc = jsonl_document(name, raw)
            if isinstance(doc, str):
                on_error(name, doc)
                continue
            yield doc
    if not seen:
        on_error(path, "empty file")


def read_documents(paths: Iterable[str], on_error: Callable[[str, str], None],
                   unread: Counter[str] | None = None) -> Iterator[Document]:
    """Documents of files, folders (recursive) or "-" (stdin); `on_error(name, reason)` for bad input;
    files in folders whose extension is not read are counted in `unread` (by extension)."""
    for given in paths:
        if given != "-" and not os.path.exists(given):
            on_error(given, "no such file or directory")
            continue
        for path in _files(given, unread) if given != "-" else ["-"]:
            if path.lower().endswith(".jsonl"):
                try:
                    yield from _jsonl(path, on_error)
                except OSError as e:
                    on_error(path, f"cannot read: {e.strerror or e}")
                continue
            try:
                data = _read_bytes(path)
                text, encoding = decode_bytes(data)
            except ReadError as e:
                on_error(path, str(e))
                continue
            except OSError as e:
                on_error(path, f"cannot read: {e.strerror or e}")
                continue
            yield Document(doc=path, original=text, encoding=encoding)


def read_lines(path: str) -> Iterator[Document]:
    """Line mode: every line its own `Document`, `doc` = its 0-based line number."""
    data = _read_bytes(path)
    text, encoding = decode_bytes(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    for n, line in enumerate(lines):
        yield Document(doc=str(n), original=line.rstrip("\r"), encoding=encoding)
