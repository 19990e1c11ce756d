"""The one worker pool: every parallel part of the DSP and of the services' cores runs here.

One process-wide pool of threads, one per CPU this process may use (its affinity mask, so a
container limited to 2 CPUs gets 2 threads). The heavy parts (BLAS products, FFTs, scipy
filters, pedalboard plugins) release the GIL, so tasks run side by side.

Determinism is the callers' contract and this module keeps it: results come back in task
order, and how work is split never depends on :func:`workers` unless the combination is
exact (a maximum, a concatenation), so the same input gives the same bits on any machine.

Tasks may themselves run tasks (a track rendered on the pool measures its loudness on the
pool): :func:`run_parallel` claims each task once, either a pool thread or the caller takes
it, and the caller runs every task not yet started before it waits. A caller therefore
never waits on a task that has not started, so nesting cannot deadlock the pool.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_POOL: ThreadPoolExecutor | None = None
_WORKERS = 0
_LOCK = threading.Lock()


def workers() -> int:
    """Threads of the pool: the CPUs this process may run on (at least 1)."""
    _pool()
    return _WORKERS


def _pool() -> ThreadPoolExecutor:
    global _POOL, _WORKERS
    if _POOL is None:
        with _LOCK:
            if _POOL is None:
                cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
                _WORKERS = max(1, cpus)
                _POOL = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="mixdown-dsp")
    return _POOL


class _Claimed:
    """A task that runs once, on whichever thread claims it first."""

    def __init__(self, task: Callable[[], Any]) -> None:
        self.task = task
        self.result: Future = Future()
        self._lock = threading.Lock()
        self._taken = False

    def run(self) -> None:
        with self._lock:
            if self._taken:
                return
            self._taken = True
        try:
            self.result.set_result(self.task())
        except Exception as error:  # noqa: BLE001 - handed to the caller, raised there
            self.result.set_exception(error)


def run_parallel(tasks: list[Callable[[], R]]) -> list[R]:
    """Run independent tasks on the pool; results in task order (the first error is raised).

    The caller helps: it runs, in order, every task no pool thread has started yet, then
    waits for the others (see the module docstring on nesting)."""
    if len(tasks) <= 1 or workers() <= 1:
        return [task() for task in tasks]
    claimed = [_Claimed(task) for task in tasks]
    pool = _pool()
    for item in claimed[1:]:
        pool.submit(item.run)
    for item in claimed:
        item.run()
    return [item.result.result() for item in claimed]


def parallel_map(function: Callable[[T], R], items: Iterable[T], cost: Callable[[T], float] | None = None) -> list[R]:
    """``[function(item) for item in items]`` on the pool, results in order. With ``cost``,
    the costliest items start first (longest-first scheduling keeps the threads busy to the
    end)."""
    items = list(items)
    order = sorted(range(len(items)), key=lambda i: -cost(items[i])) if cost else list(range(len(items)))
    results = run_parallel([lambda item=items[i]: function(item) for i in order])
    by_index = dict(zip(order, results, strict=True))
    return [by_index[i] for i in range(len(items))]
