"""The store behind the endpoint: queries (in-process or in killable workers) and serialised writes."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg.store import GraphStore, StoreError
from kg.vocab import PREFIXES
from serve.execute import QueryJob, SyncSource, ThreadSource
from serve.protocol import add_using, query_form, result_limit, silent_clear
from serve.worker import WorkerPool

SYNC_ROWS = 10_000  # SELECTs with at most this LIMIT are answered in the request's thread, not streamed


class ReadOnlyStore(RuntimeError):
    """The store is open read-only (another process holds it for writing)."""


class Backend:
    """One open store; writers take turns (one lock), readers never wait for them."""

    def __init__(self, store_dir: str | Path, timeout: float | None = None, workers: int = 4,
                 processes: int = 0) -> None:
        """timeout: queries run in `workers` killable worker processes, stopped past `timeout` seconds.
        processes (without a timeout): SELECT, CONSTRUCT and DESCRIBE run in this many worker processes,
        in parallel (pyoxigraph holds the GIL while it evaluates); ASK stays in this process."""
        self.path = Path(store_dir)
        self.read_only = False
        try:
            self.graph = GraphStore(self.path)
        except StoreError as e:
            if not self.path.exists():
                raise
            print(f"kg serve: {e}; serving it read-only", file=sys.stderr, flush=True)
            self.graph = GraphStore(self.path, read_only=True)
            self.read_only = True
        self.store: ox.Store = self.graph.store
        self.timeout = timeout
        self._write_lock = threading.Lock()
        self.pool: WorkerPool | None = None
        size = workers if timeout is not None else processes
        if size > 0:
            self.pool = WorkerPool(self.store, _checkpoint_root(self.path), size=size)

    def source(self, job: QueryJob):
        """Start a query; returns a message source (see serve.execute)."""
        form = query_form(job.sparql)
        if self.pool is not None and (self.timeout is not None or form != "ASK"):
            return self.pool.source(job, wait=self.timeout)
        if form == "ASK" or form == "SELECT" and (result_limit(job.sparql) or SYNC_ROWS + 1) <= SYNC_ROWS:
            return SyncSource(self.store, job)  # small for sure: no thread hand-over
        return ThreadSource(self.store, job)

    @contextmanager
    def writing(self) -> Iterator[ox.Store]:
        """Exclusive write access to the store; queries see the change once the block ends."""
        if self.read_only:
            raise ReadOnlyStore("the store is open read-only")
        with self._write_lock:
            try:
                yield self.store
            finally:
                if self.pool is not None:
                    self.pool.invalidate()

    def update(self, sparql: str, using: list[str] = (), using_named: list[str] = (),
               base_iri: str | None = None) -> None:
        """Run a SPARQL update (raises SyntaxError, ProtocolError, ReadOnlyStore, OSError, RuntimeError:
        the update failed, e.g. DROP of a graph not in the store); relative IRIs resolve against `base_iri`.
        CLEAR never fails (see serve.protocol.silent_clear)."""
        sparql = silent_clear(add_using(sparql, list(using), list(using_named)))
        with self.writing() as store:
            store.update(sparql, base_iri=base_iri, prefixes=PREFIXES)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            try:
                self.pool.root.parent.rmdir()  # the shared checkpoint dir, when no other server uses it
            except OSError:
                pass
            self.pool = None
        if not self.read_only:
            self.store.flush()


def _checkpoint_root(store: Path) -> Path:
    """This process's checkpoint directory: next to the store (same file system, so checkpoints are
    hard links), else in the temp dir. Directories left by dead servers are removed."""
    base = store.resolve().parent / f".{store.name}.serve-checkpoints"
    try:
        base.mkdir(exist_ok=True)
    except OSError:
        return Path(tempfile.mkdtemp(prefix="kg-serve-checkpoints-"))
    for d in base.iterdir():
        if d.name.isdigit() and not _alive(int(d.name)):
            shutil.rmtree(d, ignore_errors=True)
    return base / str(os.getpid())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
