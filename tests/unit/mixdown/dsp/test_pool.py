"""The one worker pool: results in task order, nested tasks without deadlock, errors raised."""

from __future__ import annotations

import threading

import pytest

from mixdown.dsp import pool


def test_results_come_back_in_task_order():
    assert pool.run_parallel([lambda i=i: i * i for i in range(50)]) == [i * i for i in range(50)]
    assert pool.parallel_map(str, range(10), cost=lambda i: i) == [str(i) for i in range(10)]


def test_tasks_that_run_tasks_do_not_deadlock_the_pool():
    """More outer tasks than threads, each waiting on inner tasks: the callers help."""
    def outer(index: int) -> int:
        return sum(pool.run_parallel([lambda j=j: index + j for j in range(4)]))

    done = []
    worker = threading.Thread(target=lambda: done.append(pool.parallel_map(outer, range(4 * pool.workers() + 3))))
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "nested tasks deadlocked"
    assert done[0] == [4 * index + 6 for index in range(4 * pool.workers() + 3)]


def test_the_first_error_is_raised_to_the_caller():
    def fail() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        pool.run_parallel([lambda: 1, fail, lambda: 3])
