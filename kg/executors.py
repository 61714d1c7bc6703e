"""Where extraction runs: in this process, in a local process pool, or on a Dask cluster.

Every executor maps a picklable function over a stream of work items and yields the results
in completion order, with a bounded number of items in flight (memory does not grow with the
input). The writer that consumes the results stays in the calling process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Maps `fn` over `items`; results in completion order."""

    name: str

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class InProcess:
    """No pool: small inputs should not pay process start-up."""

    name = "in-process"

    def __init__(self, initializer: Callable[[], Any] | None = None) -> None:
        self._init = initializer

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        if self._init is not None:
            self._init()
            self._init = None
        for x in items:
            yield fn(x)

    def close(self) -> None:
        pass


class LocalPool:
    """A pool of worker processes on this machine; `initializer` runs once in each worker."""

    def __init__(self, workers: int, initializer: Callable[[], Any] | None = None, in_flight: int = 3) -> None:
        self.workers = max(1, workers)
        self.name = f"{self.workers} local processes"
        self._limit = self.workers * in_flight
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, initializer=_pool_worker_init, initargs=(os.getpid(), initializer)
        )

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        pending: set[Future] = set()
        for x in items:
            pending.add(self._pool.submit(fn, x))
            if len(pending) >= self._limit:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                yield f.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _pool_worker_init(parent: int, initializer: Callable[[], Any] | None) -> None:
    """Make a pool worker die with the process that started it (a SIGKILLed build leaves no orphans)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    if initializer is not None:
        initializer()


class DaskExecutor:
    """A Dask cluster: the scheduler at `scheduler` (tcp://host:8786), or a LocalCluster of `workers` processes.

    Workers must be able to import this package (installed in their environment, or
    `client.upload_file` of a zip of it): the work function travels by reference.
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 initializer: Callable[[], Any] | None = None, in_flight: int = 3) -> None:
        from distributed import Client, LocalCluster

        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
            self.name = f"Dask scheduler {scheduler}"
        else:
            n = max(1, workers or os.cpu_count() or 1)
            self._cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self._cluster)
            self.name = f"Dask LocalCluster of {n} processes"
        if initializer is not None:
            self.client.run(initializer)
        threads = sum(self.client.nthreads().values()) or 1
        self._limit = threads * in_flight

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        from distributed import as_completed

        flight = as_completed()
        n = 0
        for x in items:
            flight.add(self.client.submit(fn, x, pure=False))
            n += 1
            if n >= self._limit:
                fut = next(flight)
                n -= 1
                yield _dask_result(fut)
        for fut in flight:
            yield _dask_result(fut)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _dask_result(fut: Any) -> Any:
    res = fut.result()
    fut.release()
    return res


def make_executor(kind: str, workers: int | None = None, scheduler: str | None = None,
                  initializer: Callable[[], Any] | None = None) -> Executor:
    """`kind`: "local" (a process pool; in-process for 1 worker), "dask" or "inprocess"."""
    if kind == "dask":
        return DaskExecutor(scheduler, workers, initializer)
    if kind == "inprocess" or (kind == "local" and workers is not None and workers <= 1):
        return InProcess(initializer)
    if kind == "local":
        return LocalPool(workers or os.cpu_count() or 1, initializer)
    raise ValueError(f"unknown executor {kind!r} (local, dask)")
