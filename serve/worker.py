"""Killable query workers: queries with a time limit run in worker processes.

pyoxigraph cannot cancel a query in-process, so when the server has a timeout, every query goes to a
worker process reading a read-only checkpoint of the store (`Store.backup` makes it: hard links, cheap).
A query that overruns is stopped by killing its worker; a fresh one takes its place. Writes mark the
checkpoint stale; the next query makes a new one, and old ones are deleted once no worker uses them.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from serve.execute import QueryJob, run_job

_ctx = mp.get_context("spawn")  # never fork a process holding RocksDB and threads


def worker_main(conn) -> None:
    """Worker process loop: ("query", checkpoint_dir, job) -> stream of messages; ("close",) drops the store."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    store, opened = None, None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg[0] == "close":
            store, opened = None, None
            continue
        _, ckpt, job = msg
        try:
            if ckpt != opened:
                store, opened = None, None
                store, opened = ox.Store.read_only(ckpt), ckpt
        except OSError as e:
            conn.send(("error", 500, f"cannot open the store checkpoint: {e}"))
            continue
        try:
            run_job(store, job, conn.send)
        except (BrokenPipeError, EOFError):
            return


def _die_with_parent() -> None:
    """SIGKILL this process when its parent goes. Linux ties this to the parent *thread* that spawned
    the process, so the pool spawns every worker from one long-lived thread (WorkerPool._spawner)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _Worker:
    def __init__(self) -> None:
        parent, child = _ctx.Pipe()
        self.proc = _ctx.Process(target=worker_main, args=(child,), daemon=True, name="kg-query-worker")
        self.proc.start()
        child.close()
        self.conn = parent
        self.ckpt: Path | None = None

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class ProcessSource:
    """The message stream of one query running in a worker."""

    def __init__(self, pool: WorkerPool, worker: _Worker) -> None:
        self._pool, self._worker, self._closed = pool, worker, False

    def recv(self, timeout: float | None = None) -> tuple:
        conn = self._worker.conn
        if not conn.poll(timeout):
            raise TimeoutError()
        try:
            return conn.recv()
        except (EOFError, OSError):
            return ("error", 500, "the query worker died (out of memory?)")

    def close(self, finished: bool) -> None:
        if not self._closed:
            self._closed = True
            self._pool.release(self._worker, ok=finished)


class WorkerPool:
    """Up to `size` worker processes over checkpoints of `store` kept in the directory `root`."""

    def __init__(self, store: ox.Store, root: Path, size: int = 4, prespawn: int = 1) -> None:
        self.store, self.root, self.size = store, Path(root), size
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        self._lock = threading.Lock()
        self._ckpt_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._busy: list[_Worker] = []
        self._current: Path | None = None
        self._retired: list[Path] = []
        self._stale = True
        self._generation = 0
        self._closed = False
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="kg-spawn")  # see _die_with_parent
        self.checkpoint()
        for _ in range(min(prespawn, size)):
            self._spawner.submit(self._spawn_idle).result()

    def invalidate(self) -> None:
        """The store changed: the next query needs a new checkpoint."""
        self._stale = True

    def checkpoint(self) -> Path:
        """The current checkpoint directory, made afresh when the store changed since."""
        with self._ckpt_lock:
            if self._stale or self._current is None:
                self._stale = False  # a write after this point sets it again
                self._generation += 1
                path = self.root / f"ckpt-{self._generation}"
                self.store.backup(str(path))
                with self._lock:
                    if self._current is not None:
                        self._retired.append(self._current)
                    self._current = path
                self._collect()
            return self._current

    def source(self, job: QueryJob, wait: float | None = None) -> ProcessSource:
        """Start `job` on a free worker, waiting at most `wait` seconds for one (else TimeoutError)."""
        self.checkpoint()  # fresh after writes
        if not self._slots.acquire(timeout=wait):
            raise TimeoutError("all query workers are busy")
        worker = None
        try:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None or not worker.proc.is_alive():
                worker = self._spawner.submit(_Worker).result()
            with self._lock:  # registered as a user of the current checkpoint before it can be retired
                worker.ckpt = self._current
                self._busy.append(worker)
            worker.conn.send(("query", str(worker.ckpt), job))
        except BaseException:
            if worker is not None:
                with self._lock:
                    if worker in self._busy:
                        self._busy.remove(worker)
                worker.kill()
            self._slots.release()
            raise
        return ProcessSource(self, worker)

    def release(self, worker: _Worker, ok: bool) -> None:
        """Give a worker back: idle when its query finished, killed (and replaced) when it did not."""
        with self._lock:
            self._busy.remove(worker)
            keep = ok and not self._closed
            if keep:
                self._idle.append(worker)
        if not keep:
            worker.kill()
            if not self._closed:
                try:
                    self._spawner.submit(self._spawn_idle)
                except RuntimeError:  # closed meanwhile
                    pass
        self._slots.release()
        self._collect()

    def _spawn_idle(self) -> None:
        """A new idle worker (runs on the spawner thread)."""
        worker = _Worker()
        with self._lock:
            if self._closed or len(self._idle) + len(self._busy) >= self.size:
                worker.kill()
            else:
                self._idle.append(worker)

    def _collect(self) -> None:
        """Close stale checkpoints in idle workers and delete checkpoints no worker uses."""
        with self._lock:
            for w in self._idle:
                if w.ckpt is not None and w.ckpt != self._current:
                    try:
                        w.conn.send(("close",))
                    except OSError:
                        pass
                    w.ckpt = None
            in_use = {w.ckpt for w in self._busy}
            for path in [p for p in self._retired if p not in in_use]:
                shutil.rmtree(path, ignore_errors=True)
                self._retired.remove(path)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = self._idle + self._busy
            self._idle, self._busy = [], []
        for w in workers:
            w.kill()
        self._spawner.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)
