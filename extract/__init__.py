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
