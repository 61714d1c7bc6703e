"""The reading stage: files -> `Document`s -> cleaned, simplified `Article`s mapped to the original.

- `read_documents(paths, on_error)`: files, folders (recursive: .txt .md .html .htm .shtml .jsonl …; the
  others counted by extension for the summary) or "-";
- `read_lines(path)`: line mode, one `Document` per line;
- `split_document(doc, line_mode=False)`: clean, repair, simplify, split, read metadata.
"""

from extract.reading.documents import read_documents, read_lines
from extract.reading.split import split_document

__all__ = ["read_documents", "read_lines", "split_document"]
