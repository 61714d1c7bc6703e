"""Extraction: article files in, contract records (../shared/contracts/extract-jsonl.md) out.

`extract_document` is a pure function of one document: it runs in any process.
"""

from __future__ import annotations

from typing import Any

from extract.model import Document, to_record


def extract_document(doc: Document, line_mode: bool = False, nlp: Any = None) -> list[dict[str, Any]]:
    """Split a document into articles and extract each; one contract record per article."""
    from extract.nlp import extract_article
    from extract.reading import split_document

    records = []
    for article in split_document(doc, line_mode=line_mode):
        rec = to_record(extract_article(article, nlp))
        if line_mode:
            rec["doc"] = int(doc.doc)
        records.append(rec)
    return records


def place_info(name: str) -> dict[str, Any] | None:
    """What the gazetteer knows of a canonical place name: {"level", "code", "parent"}, or None.

    Only an unambiguous full name answers (a county name shared by several cities does not; one
    with a code beside code-less townships of the same name does).
    """
    from extract.components.gazetteer import gazetteer

    g = gazetteer()
    hits = {i for i, kind in g.keys.get(name, ()) if kind == "full"}
    coded = {i for i in hits if g.places[i].code}
    if len(hits) > 1 and len(coded) == 1:
        hits = coded  # a county and a township of its own name (浦东新区): the division with a code
    if len(hits) != 1:
        return None
    i = hits.pop()
    p = g.places[i]
    return {"level": p.level, "code": p.code, "parent": g.parent_name(i)}
