"""Build orchestration: read documents, extract them (in worker processes), write the store.

Extraction is a pure function of one document (`extract_document`); the workers return each
article's N-Quads, and the one writer the store allows replaces the article graphs.
A document whose content hash is unchanged since the last build is not extracted again.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import pyoxigraph as ox

from extract.model import Document
from kg.store import GraphStore
from kg.vocab import BASE, KGO, META_GRAPH

_HAS_ARTICLE = KGO + "hasArticle"
_HAS = ox.NamedNode(_HAS_ARTICLE)
_META = ox.NamedNode(META_GRAPH)

EXTRACTOR_VERSION = "0.1"  # bump when extraction changes: forces re-extraction of unchanged files


@dataclass
class DocResult:
    """What extracting one document gives the writer."""

    doc: str
    key: str
    digest: str
    articles: list[tuple[str, bytes]]  # (article IRI, N-Quads)
    error: str | None = None


@dataclass
class BuildStats:
    read: int = 0
    articles: int = 0
    skipped: int = 0  # unchanged since the last build
    failed: int = 0  # unreadable or failed to extract
    quads: int = 0
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        why = ", ".join(f"{k}: {v}" for k, v in sorted(self.reasons.items()))
        return (
            f"read {self.read} documents, {self.articles} articles written, {self.skipped} unchanged, "
            f"{self.failed} failed{' (' + why + ')' if why else ''}, {self.quads} quads, {self.seconds:.1f} s"
        )


def doc_key(doc: Document) -> str:
    """The bookkeeping IRI of a source document (its path as given, or its URL)."""
    key = doc.fields.get("url") or os.path.abspath(doc.doc)
    return BASE + "source/" + hashlib.sha1(str(key).encode()).hexdigest()[:16]


def doc_digest(doc: Document) -> str:
    """Content hash of a document and the extractor version."""
    h = hashlib.sha1(EXTRACTOR_VERSION.encode())
    h.update(doc.original.encode("utf-8", "surrogatepass"))
    for k in sorted(doc.fields):
        h.update(f"\x00{k}={doc.fields[k]}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def process_document(doc: Document) -> DocResult:
    """Extract one document into N-Quads per article (runs in a worker)."""
    from extract import extract_document, place_info
    from kg.ids import article_iri
    from kg.rdf import record_to_nquads

    digest = doc_digest(doc)
    try:
        records = extract_document(doc)
    except Exception as e:  # one bad document must not stop a build
        return DocResult(doc.doc, doc_key(doc), digest, [], error=f"extraction failed: {type(e).__name__}: {e}")
    out = []
    for rec in records:
        iri = article_iri(rec["doc"], rec["article"], url=rec.get("url"))
        out.append((iri, record_to_nquads(rec, iri, places=place_info)))
    return DocResult(doc.doc, doc_key(doc), digest, out)


def _warm() -> None:
    """Worker initializer: load the pipeline once per process."""
    from extract.nlp import build_pipeline

    build_pipeline()


def _results(docs: Iterable[Document], workers: int) -> Iterator[DocResult]:
    """Extract documents, in this process or a pool; results in completion order, bounded in flight."""
    if workers <= 1:
        for d in docs:
            yield process_document(d)
        return
    limit = workers * 4
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        pending: set[Future] = set()
        for d in docs:
            pending.add(pool.submit(process_document, d))
            if len(pending) >= limit:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()
        for f in pending:
            yield f.result()


def build(
    paths: Iterable[str],
    store: GraphStore,
    workers: int | None = None,
    on_error: Callable[[str, str], None] | None = None,
    progress: bool = False,
    batch_bytes: int = 8 << 20,
) -> BuildStats:
    """Read, extract and load `paths` into `store`; returns what was done."""
    from extract.reading import read_documents

    t0 = time.time()
    stats = BuildStats()
    if on_error is None:

        def on_error(name: str, reason: str) -> None:
            print(f"kg: {name}: {reason}", file=sys.stderr)

    def report(name: str, reason: str) -> None:
        stats.failed += 1
        key = reason.split(":")[0]
        stats.reasons[key] = stats.reasons.get(key, 0) + 1
        on_error(name, reason)

    store.load_ontology()
    known = store.content_hashes()
    if workers is None:
        workers = os.cpu_count() or 1

    def todo() -> Iterator[Document]:
        for d in read_documents(paths, report):
            stats.read += 1
            if known.get(doc_key(d)) == doc_digest(d):
                stats.skipped += 1
                continue
            yield d

    batch: list[DocResult] = []
    pending_bytes = 0

    def write_batch() -> None:
        """Replace the batch's article graphs, then record their hashes (so a crash re-does them)."""
        nonlocal pending_bytes
        meta = []
        for res in batch:
            for old in _articles_of(store, res.key):
                store.remove_graph(old)
            store.forget(res.key)
            for iri, nq in res.articles:
                store.remove_graph(iri)
                stats.articles += 1
                stats.quads += nq.count(b"\n")
                meta.append(ox.Quad(ox.NamedNode(res.key), _HAS, ox.NamedNode(iri), _META))
        data = b"".join(nq for res in batch for _, nq in res.articles)
        if data:
            store.bulk_load_nquads(data)
        store.store.extend(meta)
        for res in batch:
            store.set_content_hash(res.key, res.digest)
        batch.clear()
        pending_bytes = 0

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="kg build", file=sys.stderr)
    for res in _results(todo(), workers):
        if bar is not None:
            bar.update(1)
        if res.error:
            report(res.doc, res.error)
            continue
        batch.append(res)
        pending_bytes += sum(len(nq) for _, nq in res.articles)
        if pending_bytes >= batch_bytes:
            write_batch()
    write_batch()
    if bar is not None:
        bar.close()
    store.flush()
    stats.seconds = time.time() - t0
    return stats


def _articles_of(store: GraphStore, key: str) -> list[str]:
    q = f"SELECT ?a WHERE {{ GRAPH <{META_GRAPH}> {{ <{key}> <{_HAS_ARTICLE}> ?a }} }}"
    return [r["a"] for r in store.select(q, union=False)]


def remove(store: GraphStore, target: str) -> int:
    """Remove an article (by IRI) or every article of a source file (by path); returns graphs removed."""
    if "://" in target and store.has_graph(target):
        store.remove_graph(target)
        for q in list(store.store.quads_for_pattern(None, ox.NamedNode(_HAS_ARTICLE), ox.NamedNode(target))):
            store.store.remove(q)
        store.flush()
        return 1
    key = doc_key(Document(target, ""))
    arts = _articles_of(store, key)
    for a in arts:
        store.remove_graph(a)
    store.forget(key)
    store.flush()
    return len(arts)


