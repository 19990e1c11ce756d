"""A stage run's budget: phases timed under one vocabulary, the process's peak memory reset per run."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from mixdown.events.budget import PHASES, PhaseClock, peak_memory_bytes, reset_peak_memory, timed


def test_phases_add_up_per_name_in_one_order_whatever_the_order_they_ran_in():
    clock = PhaseClock()
    with clock("store"):
        time.sleep(0.02)
    with clock("decode"):
        time.sleep(0.01)
    with clock("store"):
        time.sleep(0.02)
    seconds = clock.seconds()
    assert list(seconds) == ["decode", "store"] == [p for p in PHASES if p in seconds]
    assert seconds["store"] >= 0.04 and 0.01 <= seconds["decode"] < seconds["store"]


def test_a_block_that_raises_is_timed_and_the_error_goes_through():
    clock = PhaseClock()
    with pytest.raises(RuntimeError), clock("compute"):
        time.sleep(0.01)
        raise RuntimeError("boom")
    assert clock.seconds()["compute"] >= 0.01


def test_an_unknown_phase_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match="decode, compute, encode, store, measure"):
        with PhaseClock()("upload"):
            pass


def test_threads_timing_one_phase_at_once_each_add_their_time():
    clock = PhaseClock()

    def work() -> None:
        with clock("encode"):
            time.sleep(0.05)

    threads = [threading.Thread(target=work) for _ in range(3)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    assert clock.seconds()["encode"] >= 0.15 > wall


def test_timed_without_a_clock_times_nothing():
    with timed(None, "compute"):
        pass
    clock = PhaseClock()
    with timed(clock, "compute"):
        pass
    assert list(clock.seconds()) == ["compute"]


def test_the_peak_follows_what_was_held_and_starts_again_after_a_reset():
    if not reset_peak_memory():
        pytest.skip("this system does not let a process reset its peak resident memory")
    before = peak_memory_bytes()
    block = np.ones(300 * 1024**2 // 8)
    peak = peak_memory_bytes()
    del block
    assert before is not None and peak is not None and peak - before > 250 * 1024**2
    assert reset_peak_memory()
    assert peak_memory_bytes() < peak - 250 * 1024**2
