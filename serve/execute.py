"""Run one query against a pyoxigraph Store and serialise its results as a stream of messages.

The same function runs in a server thread (no timeout) and in a killable worker process (timeout),
so both speak one tiny protocol, each message a tuple:
  ("head", media_type)  then  ("chunk", bytes) ...  then  ("end",)
or at any point ("error", http_status, message).
pyoxigraph result objects must stay in the thread that made them, so query and serialisation happen
together here.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.vocab import PREFIXES
from serve.protocol import has_dataset_clause
from serve.results import graph_format, results_format

Emit = Callable[[tuple], None]
CHUNK = 64 * 1024
FIRST_CHUNK = 8 * 1024  # the first chunk goes out early: a streamed response starts at once


@dataclass
class QueryJob:
    """A query and how to answer it; picklable, to send to worker processes."""

    sparql: str
    results_type: str | None  # negotiated media type for SELECT/ASK, None: not acceptable
    graph_type: str | None  # for CONSTRUCT/DESCRIBE
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)


def query_kwargs(job: QueryJob) -> dict[str, Any]:
    """pyoxigraph query arguments: our prefixes, and the union of named graphs as the default graph
    unless the protocol (default-graph-uri) or the query (FROM) names the dataset."""
    kw: dict[str, Any] = {"prefixes": PREFIXES}
    if job.base_iri:
        kw["base_iri"] = job.base_iri
    if job.default_graphs:
        kw["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif not has_dataset_clause(job.sparql):
        kw["use_default_graph_as_union"] = True
    if job.named_graphs:
        kw["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    return kw


class _Writer:
    """A file-like object handing pyoxigraph's output on as chunk messages."""

    def __init__(self, emit: Emit) -> None:
        self.emit = emit
        self.buf = bytearray()
        self.limit = FIRST_CHUNK

    def write(self, b) -> int:
        self.buf += b
        if len(self.buf) >= self.limit:
            self.flush()
            self.limit = CHUNK
        return len(b)

    def flush(self) -> None:
        if self.buf:
            self.emit(("chunk", bytes(self.buf)))
            self.buf.clear()


def run_job(store: ox.Store, job: QueryJob, emit: Emit, whole: bool = False) -> None:
    """Run `job` on `store`, emitting head, chunks and end (or an error); `whole`: one chunk."""
    try:
        kwargs = query_kwargs(job)
        results = store.query(job.sparql, **kwargs)
    except SyntaxError as e:
        emit(("error", 400, f"malformed query: {e}"))
        return
    except ValueError as e:  # e.g. a bad IRI in default-graph-uri
        emit(("error", 400, str(e)))
        return
    except OSError as e:
        emit(("error", 500, f"store error: {e}"))
        return
    graph = isinstance(results, ox.QueryTriples)
    mime = job.graph_type if graph else job.results_type
    if mime is None:
        kind = "an RDF graph" if graph else "query results"
        emit(("error", 406, f"this query returns {kind}, and no format for them is acceptable"))
        return
    fmt = graph_format(mime) if graph else results_format(mime)
    emit(("head", mime))
    writer = io.BytesIO() if whole else _Writer(emit)
    try:
        results.serialize(writer, fmt)
    except (OSError, ValueError, RuntimeError) as e:
        emit(("error", 500, f"query evaluation failed: {e}"))
        return
    if whole:
        emit(("chunk", writer.getvalue()))
    else:
        writer.flush()
    emit(("end",))


class Cancelled(Exception):
    """The consumer of a query stream went away."""


class ThreadSource:
    """Runs a job in a thread of this process; messages come through a bounded queue."""

    def __init__(self, store: ox.Store, job: QueryJob) -> None:
        self._queue: queue.Queue = queue.Queue(maxsize=8)
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(store, job), daemon=True)
        self._thread.start()

    def _emit(self, msg: tuple) -> None:
        while not self._cancelled.is_set():
            try:
                self._queue.put(msg, timeout=0.5)
                return
            except queue.Full:
                continue
        raise Cancelled()

    def _run(self, store: ox.Store, job: QueryJob) -> None:
        try:
            run_job(store, job, self._emit)
        except Cancelled:
            pass
        except Exception as e:  # never leave the consumer waiting
            try:
                self._emit(("error", 500, f"internal error: {e}"))
            except Cancelled:
                pass

    def recv(self, timeout: float | None = None) -> tuple:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError() from None

    def close(self, finished: bool) -> None:
        self._cancelled.set()


class SyncSource:
    """Runs a job at once in the calling thread (for tiny results such as ASK)."""

    def __init__(self, store: ox.Store, job: QueryJob) -> None:
        self._msgs: list[tuple] = []
        run_job(store, job, self._msgs.append, whole=True)
        self._msgs.reverse()

    def recv(self, timeout: float | None = None) -> tuple:
        return self._msgs.pop()

    def close(self, finished: bool) -> None:
        self._msgs.clear()
