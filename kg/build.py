"""Build orchestration: read documents, extract them (in worker processes), write the store.

    stats = build(paths, store, workers=N)                       # a local process pool
    stats = build(paths, store, executor="dask", scheduler=ADDR)  # a Dask cluster

Streaming throughout: documents are read lazily, sent to the executor in small chunks with a
bounded number in flight; the N-Quads that come back wait in a temporary file until extraction
is done, then are bulk-loaded in batches by one writer thread (the store allows one writer). Extraction is a pure function of one document
(`process_document`), so it runs anywhere.

Incremental: the META graph records, per source document (a file, or one line of a .jsonl
file), its content hash and its articles (`kgo:hasArticle`). An unchanged document is not
extracted again; a changed one has its article graphs replaced (an entity description stays
in the entities graph while another article supports it: kg.store.GraphStore.remove_graphs).
After the load, the links of unresolved persons are derived again (GraphStore.link_unresolved).

Crash safety (SIGKILL at any moment): every store write is atomic on its own (a transaction,
or one `bulk_load` of < 1 M quads: Oxigraph ingests all its index files at once), and the
writes of a batch go in this order: drop the old hashes, remove the old graphs, record the
new articles, load their quads, record the new hashes. A build cut anywhere leaves documents
without a hash, which the next build extracts again, replacing whatever part was written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import queue
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from extract.model import Document
from kg.executors import Executor, InProcess, make_executor
from kg.store import GraphStore
from kg.vocab import BASE, KGO, META_GRAPH, ONTOLOGY_GRAPH

_HAS_ARTICLE = KGO + "hasArticle"
_CONTENT_HASH = KGO + "contentHash"  # the predicate GraphStore.set_content_hash writes
_HAS = ox.NamedNode(_HAS_ARTICLE)
_HASH = ox.NamedNode(_CONTENT_HASH)
_META = ox.NamedNode(META_GRAPH)

SMALL_INPUT_CHARS = 20_000  # less than this to extract: no process pool (start-up would dominate)
CHUNK_DOCS, CHUNK_CHARS = 16, 16_000  # one unit of work sent to a worker
BATCH_BYTES = 8 << 20  # N-Quads per bulk load (well under Oxigraph's 1 M-quad atomic batch; 8 MB measured best)


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
    read: int = 0  # documents read
    articles: int = 0  # articles extracted and written
    skipped: int = 0  # documents unchanged since the last build
    unchanged_articles: int = 0
    failed: int = 0  # inputs skipped as unreadable, malformed or failing extraction
    quads: int = 0
    seconds: float = 0.0
    load_seconds: float = 0.0  # the writer's busy time (overlaps extraction)
    executor: str = ""
    reasons: dict[str, int] = field(default_factory=dict)
    unread: Counter[str] = field(default_factory=Counter)  # files in folders not read, by extension

    def summary(self) -> str:
        """One line: documents and articles read, skipped (with reasons), quads written, files of other
        kinds not read (by extension), seconds."""
        from extract.reading.documents import unread_summary

        skipped = [f"{self.skipped} unchanged"] if self.skipped else []
        skipped += [f"{v} {k}" for k, v in sorted(self.reasons.items())]
        return (
            f"kg build: read {self.read} documents ({self.articles + self.unchanged_articles} articles); "
            f"skipped {self.skipped + self.failed}{' (' + ', '.join(skipped) + ')' if skipped else ''}; "
            f"wrote {self.articles} articles, {self.quads} quads; "
            f"{unread_summary(self.unread) + '; ' if self.unread else ''}{self.seconds:.1f} s"
            f"{' [' + self.executor + ']' if self.executor else ''}"
        )


def source_id(doc: Document) -> str | None:
    """What identifies a document apart from where it sits: its URL, else the `id` field of a
    .jsonl line (with the file's path), else None (then its path, `path:line` in .jsonl)."""
    url = doc.fields.get("url")
    if isinstance(url, str) and url.strip():
        return url.strip()
    ident = doc.fields.get("id")
    if isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident).strip():
        return f"{os.path.abspath(doc.doc.rsplit(':', 1)[0])}#id={ident}"
    return None


def doc_key(doc: Document) -> str:
    """The bookkeeping IRI of a source document (`source_id`, else its absolute path; path:line in
    .jsonl): a line inserted above others in a .jsonl file with ids leaves their keys alone."""
    key = source_id(doc) or os.path.abspath(doc.doc)
    return BASE + "source/" + hashlib.sha1(str(key).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the code and word lists that turn a document into quads.

    Part of every document's content hash: a changed extractor re-extracts unchanged files.
    """
    import extract

    roots = [Path(extract.__file__).parent, Path(__file__).parent]
    files = sorted(p for r in roots for p in r.rglob("*") if p.suffix in (".py", ".txt") and p.is_file())
    h = hashlib.sha1()
    for p in files:
        if p.parent.name == "examples":
            continue
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def doc_digest(doc: Document, mentions: bool = True) -> str:
    """Content hash of a document, the extractor version and the build options."""
    h = hashlib.sha1((extractor_version() + ("" if mentions else "/no-mentions")).encode())
    h.update(doc.original.encode("utf-8", "surrogatepass"))
    for k in sorted(doc.fields):
        h.update(f"\x00{k}={doc.fields[k]}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# -- the work (runs in workers) --------------------------------------------------------------


def process_document(doc: Document, mentions: bool = True) -> DocResult:
    """Extract one document into N-Quads per article."""
    from extract import extract_document, place_info
    from kg.ids import article_iri
    from kg.rdf import record_to_nquads

    key, digest = doc_key(doc), doc_digest(doc, mentions)
    try:
        out = []
        for rec in extract_document(doc):
            iri = article_iri(rec["doc"], rec["article"], url=rec.get("url") or source_id(doc))
            # places named only in relations get their gazetteer code, so one IRI per place
            out.append((iri, record_to_nquads(rec, iri, mentions=mentions, places=place_info)))
    except Exception as e:  # one bad document must not stop a build
        return DocResult(doc.doc, key, digest, [], error=f"extraction failed: {type(e).__name__}: {e}")
    return DocResult(doc.doc, key, digest, out)


def process_chunk(docs: list[Document], mentions: bool = True) -> list[DocResult]:
    """Extract a chunk of documents (the unit of work sent to a worker)."""
    return [process_document(d, mentions) for d in docs]


def warm() -> None:
    """Worker initializer: load the pipeline once per process."""
    from extract.nlp import build_pipeline

    build_pipeline()


def chunks(docs: Iterable[Document], max_docs: int = CHUNK_DOCS, max_chars: int = CHUNK_CHARS) -> Iterator[list[Document]]:
    """Group documents into chunks of at most `max_docs` documents or about `max_chars` characters."""
    chunk: list[Document] = []
    size = 0
    for d in docs:
        chunk.append(d)
        size += len(d.original)
        if len(chunk) >= max_docs or size >= max_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# -- the writer (one thread in the calling process) -----------------------------------------


class _Writer:
    """Writes batches of results in a background thread (bulk_load releases the GIL).

    `known` maps document keys to the article IRIs the store records for them.
    """

    def __init__(self, store: GraphStore, known: dict[str, list[str]], hashed: set[str]) -> None:
        self.store, self.known, self.hashed = store, known, hashed
        self.error: BaseException | None = None
        self.busy = 0.0
        self._q: queue.Queue[list[DocResult] | None] = queue.Queue(maxsize=2)
        self._thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)
        self._thread.start()

    def put(self, batch: list[DocResult]) -> None:
        if self.error is not None:
            raise self.error
        self._q.put(batch)

    def close(self) -> None:
        self._q.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while (batch := self._q.get()) is not None:
            if self.error is None:
                t = time.perf_counter()
                try:
                    self.write(batch)
                except BaseException as e:  # re-raised in the main thread
                    self.error = e
                self.busy += time.perf_counter() - t

    def write(self, batch: list[DocResult]) -> None:
        """Replace the batch's article graphs in crash-safe order (see the module docstring)."""
        st = self.store.store
        old_keys = [r.key for r in batch if r.key in self.known or r.key in self.hashed]
        for k in old_keys:  # 1. no hash: an interrupted replacement is redone next time
            for q in list(st.quads_for_pattern(ox.NamedNode(k), _HASH, None, _META)):
                st.remove(q)
            self.hashed.discard(k)
        # 2. the old article graphs (with the descriptions only they support), then the record of them
        self.store.remove_graphs([a for k in old_keys for a in self.known.pop(k, ())])
        for k in old_keys:
            for q in list(st.quads_for_pattern(ox.NamedNode(k), _HAS, None, _META)):
                st.remove(q)
        meta = []
        # 3. the new articles (leftovers of a cut build are replaced)
        self.store.remove_graphs([iri for r in batch for iri, _ in r.articles])
        for r in batch:
            arts = [iri for iri, _ in r.articles]
            meta += [ox.Quad(ox.NamedNode(r.key), _HAS, ox.NamedNode(iri), _META) for iri in arts]
            self.known[r.key] = arts
        if meta:
            st.extend(meta)
        data = b"".join(nq for r in batch for _, nq in r.articles)
        if data:  # 4. their quads
            self.store.bulk_load_nquads(data, trusted=True)
        st.extend([ox.Quad(ox.NamedNode(r.key), _HASH, ox.Literal(r.digest), _META) for r in batch])  # 5.
        self.hashed.update(r.key for r in batch)


class _Spool:
    """Result batches kept on disk until extraction ends (an unlinked temporary file: a killed build
    leaves nothing behind). Next to the store, where there is room for its data."""

    def __init__(self, store_path: str | os.PathLike | None) -> None:
        where = Path(store_path).resolve().parent if store_path is not None else None
        self._f = tempfile.TemporaryFile(prefix="kg-build-", dir=where if where and where.is_dir() else None)
        self._n = 0

    def put(self, batch: list[DocResult]) -> None:
        pickle.dump(batch, self._f, protocol=pickle.HIGHEST_PROTOCOL)
        self._n += 1

    def __iter__(self) -> Iterator[list[DocResult]]:
        self._f.flush()
        self._f.seek(0)
        for _ in range(self._n):
            yield pickle.load(self._f)

    def close(self) -> None:
        self._f.close()


def _ensure_ontology(store: GraphStore, hashes: dict[str, str]) -> None:
    """(Re)load the ontology graph only when it changed: no build opens a window without it."""
    from ontology import ONTOLOGY_TTL

    digest = hashlib.sha1(Path(ONTOLOGY_TTL).read_bytes()).hexdigest()
    if hashes.get(ONTOLOGY_GRAPH) == digest and store.has_graph(ONTOLOGY_GRAPH):
        return
    store.forget(ONTOLOGY_GRAPH)
    store.load_ontology()
    store.set_content_hash(ONTOLOGY_GRAPH, digest)


def _known_articles(store: GraphStore) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for q in store.store.quads_for_pattern(None, _HAS, None, _META):
        out.setdefault(q.subject.value, []).append(q.object.value)
    return out


# -- the build ---------------------------------------------------------------------------------


def _reason_key(reason: str) -> str:
    return re.split(r"[:(]", reason, maxsplit=1)[0].strip() or reason


def _estimate_documents(paths: Iterable[str]) -> int:
    """How many documents the inputs hold (lines of .jsonl files, else one per file): for the ETA."""
    from extract.reading.documents import EXTENSIONS

    n = 0
    for given in paths:
        files = [given]
        if os.path.isdir(given):
            files = [os.path.join(r, f) for r, _, fs in os.walk(given) for f in fs if f.lower().endswith(EXTENSIONS)]
        for f in files:
            if f.lower().endswith(".jsonl"):
                try:
                    with open(f, "rb") as fh:
                        n += sum(block.count(b"\n") for block in iter(partial(fh.read, 1 << 20), b""))
                except OSError:
                    pass
            else:
                n += 1
    return n


def build(
    paths: Iterable[str],
    store: GraphStore,
    workers: int | None = None,
    on_error: Callable[[str, str], None] | None = None,
    progress: bool = False,
    *,
    executor: str = "local",
    scheduler: str | None = None,
    mentions: bool = True,
    batch_bytes: int = BATCH_BYTES,
    load: str = "after",
) -> BuildStats:
    """Read, extract and load `paths` into `store`; returns what was done.

    `workers`: extraction processes (default: all cores; 1: in this process). `executor`:
    "local" (a process pool; in this process for small inputs) or "dask" (the cluster at
    `scheduler`, or a LocalCluster of `workers` processes). `on_error(name, reason)` hears of
    every input skipped as bad. `mentions=False` leaves out mention annotations (~1/4 of the quads).
    `load`: "after" (default) keeps the N-Quads in a temporary file until extraction is done, then
    loads them with the whole machine; "during" loads them as they come (the loader's threads then
    compete with the extraction workers: on 2 cores "after" is ~20% faster). The store is only
    written in the load phase either way, in the same crash-safe order.
    """
    if load not in ("after", "during"):
        raise ValueError(f"load must be 'after' or 'during', not {load!r}")
    from extract.reading import read_documents

    paths = [str(p) for p in paths]
    t0 = time.time()
    stats = BuildStats()
    if on_error is None:

        def on_error(name: str, reason: str) -> None:
            print(f"kg: {name}: {reason}", file=sys.stderr)

    def report(name: str, reason: str) -> None:
        stats.failed += 1
        key = _reason_key(reason)
        stats.reasons[key] = stats.reasons.get(key, 0) + 1
        on_error(name, reason)

    if workers is None:
        workers = os.cpu_count() or 1
    hashes = store.content_hashes()
    _ensure_ontology(store, hashes)
    known = _known_articles(store)
    seen: set[str] = set()

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=_estimate_documents(paths), unit="doc", desc="kg build", file=sys.stderr, smoothing=0.1)

    def read_error(name: str, reason: str) -> None:
        if bar is not None and name not in paths:  # a bad file or line the estimate counted
            bar.update(1)
        report(name, reason)

    def todo() -> Iterator[Document]:
        for d in read_documents(paths, read_error, stats.unread):
            stats.read += 1
            key = doc_key(d)
            if key in seen:
                report(d.doc, "duplicate of an earlier document (same URL or path)")
                continue
            seen.add(key)
            if hashes.get(key) == doc_digest(d, mentions):
                stats.skipped += 1
                stats.unchanged_articles += len(known.get(key, ()))
                if bar is not None:
                    bar.update(1)
                continue
            yield d

    docs = todo()
    head: list[Document] = []
    size = 0
    for d in docs:  # look ahead: is this a small input?
        head.append(d)
        size += len(d.original)
        if size >= SMALL_INPUT_CHARS:
            break
    small = size < SMALL_INPUT_CHARS
    if not head:
        ex: Executor = InProcess()
    elif small and executor == "local":
        ex = InProcess(warm)
    else:
        ex = make_executor(executor, workers, scheduler, warm)
    stats.executor = ex.name

    writer = _Writer(store, known, set(hashes))
    spool = _Spool(store.path) if load == "after" else None
    sink = spool.put if spool is not None else writer.put
    batch: list[DocResult] = []
    pending = 0
    try:
        work = partial(process_chunk, mentions=mentions)
        for results in ex.map_unordered(work, chunks(chain(head, docs))):
            for res in results:
                if bar is not None:
                    bar.update(1)
                if res.error:
                    report(res.doc, res.error)
                    continue
                stats.articles += len(res.articles)
                stats.quads += sum(nq.count(b"\n") for _, nq in res.articles)
                batch.append(res)
                pending += sum(len(nq) for _, nq in res.articles)
                if pending >= batch_bytes:
                    sink(batch)
                    batch, pending = [], 0
            if bar is not None:
                bar.set_postfix_str(f"{stats.articles / max(time.time() - t0, 1e-9):.0f} articles/s", refresh=False)
        if batch:
            sink(batch)
        ex.close()  # the workers' memory back before the load phase
        ex = InProcess()  # (nothing left to close in `finally`)
        if spool is not None:
            if bar is not None:
                rate = stats.articles / max(time.time() - t0, 1e-9)
                bar.set_postfix_str(f"{rate:.0f} articles/s; loading {stats.quads:,} quads", refresh=True)
            for spooled in spool:
                writer.put(spooled)
    finally:
        ex.close()
        writer.close()
        if spool is not None:
            spool.close()
        if bar is not None:
            bar.close()
    if stats.articles:
        store.link_unresolved()  # derived from the whole store: after every change
    store.flush()
    stats.load_seconds = writer.busy
    stats.seconds = time.time() - t0
    return stats


def remove(store: GraphStore, target: str) -> int:
    """Remove an article (by IRI) or every article of a source file (by path; a .jsonl: all its lines).

    Returns the number of article graphs removed.
    """
    if store.has_graph(target):
        store.remove_graph(target)
        for q in list(store.store.quads_for_pattern(None, _HAS, ox.NamedNode(target), _META)):
            store.store.remove(q)
        store.link_unresolved()
        store.flush()
        return 1
    keys = [doc_key(Document(target, ""))]
    if target.lower().endswith(".jsonl") and os.path.isfile(target):
        from extract.reading import read_documents

        keys += [doc_key(d) for d in read_documents([target], lambda name, reason: None)]
    known = _known_articles(store)
    n = 0
    for key in keys:
        for a in known.get(key, []):
            n += store.remove_graph(a)
        store.forget(key)
    if n:
        store.link_unresolved()
    store.flush()
    return n
