"""A stage run's budget: where its time went (phases) and the memory it held at its peak.

A stage core times its parts with the run's :class:`PhaseClock` (``with ctx.phases("decode"):``);
the worker resets the process's peak resident memory before the run and reads it after
(:func:`reset_peak_memory`, :func:`peak_memory_bytes`: a worker holds one message at a time, so
the process's peak while the run ran is the run's). Both land on the run in the job record
(:class:`~mixdown.events.messages.StageRun`) and in the gateway's view of the job, so the overhead
around the compute has a name.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

PHASES = ("decode", "compute", "encode", "store", "measure")
"""The phases a stage reports: ``decode`` (files to float arrays), ``compute`` (the stage's own
processing), ``encode`` (arrays to delivered files), ``store`` (reading and writing objects in
storage), ``measure`` (measurements of audio already in hand: loudness, true peak, spectra)."""

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


class PhaseClock:
    """Seconds per phase of one stage run, summed over the blocks timed under each name.

    Blocks may be timed from several threads (a parallel encode); each adds its own wall time,
    so a phase run on two threads at once can add up to more than the run lasted. Unknown phase
    names are refused: the phases are one vocabulary for every stage.
    """

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}
        self._lock = threading.Lock()

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}; phases: {', '.join(PHASES)}")
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(phase, time.perf_counter() - started)

    def add(self, phase: str, seconds: float) -> None:
        if phase not in PHASES:
            raise ValueError(f"unknown phase {phase!r}; phases: {', '.join(PHASES)}")
        with self._lock:
            self._seconds[phase] = self._seconds.get(phase, 0.0) + max(0.0, seconds)

    def seconds(self) -> dict[str, float]:
        """The phases timed so far, in :data:`PHASES` order, in seconds (to the millisecond)."""
        with self._lock:
            return {p: round(self._seconds[p], 3) for p in PHASES if p in self._seconds}


def _status_kib(field: str) -> int | None:
    try:
        for row in _STATUS.read_text().splitlines():
            if row.startswith(field + ":"):
                return int(row.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def reset_peak_memory() -> bool:
    """Start the process's peak resident memory afresh from what it holds now (Linux: ``5`` to
    ``/proc/self/clear_refs``); False where the system does not allow it (the peak then covers
    the process's life so far)."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def peak_memory_bytes() -> int | None:
    """The process's peak resident memory since its start or the last :func:`reset_peak_memory`
    (``VmHWM``), None where the system does not say."""
    kib = _status_kib("VmHWM")
    return None if kib is None else kib * 1024


def timed(clock: PhaseClock | None, phase: str) -> AbstractContextManager[None]:
    """``clock(phase)``, or nothing timed when there is no clock (a caller outside a stage run)."""
    return nullcontext() if clock is None else clock(phase)
