"""A memo of render pieces, so that a revision re-renders only what its edit changed.

A render is a pure function of the stored inputs and the parameters: a track's chain output
depends on its input object and its own parameters, a bus return on the chain outputs that
feed it, their send gains and the bus's parameters. The mixing worker keeps the latest pieces
in memory, keyed by exactly those things, and reuses them: "baisse le beat de 3 dB" changes a
fader, so every chain and the reverb and delay returns come back from the memo and only the
sum, the ducker and the bus are computed again. A piece from the memo is the array the
computation gave (made read-only), so a render with the memo is bit-identical to one without.

Bounded by bytes (least recently used pieces go first); keys hold only hashable values, never
audio. Each worker process has its own: with several replicas a revision may land on one that
has nothing and computes everything, which costs time, never correctness.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import numpy as np

from mixdown import telemetry

T = TypeVar("T")

DEFAULT_MAX_BYTES = 1 << 30


def frozen(values: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """A parameter dict as a hashable key part (sorted by name)."""
    return tuple(sorted(values.items()))


def _arrays(value: Any) -> list[np.ndarray]:
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, tuple | list):
        return [array for item in value for array in _arrays(item)]
    audio = getattr(value, "audio", None)
    return [audio] if isinstance(audio, np.ndarray) else []


class RenderCache:
    """Least-recently-used memo of render pieces, at most ``max_bytes`` of arrays."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits: dict[str, int] = {}
        self.misses: dict[str, int] = {}

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def get_or_compute(self, kind: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The memo's value for ``(kind, key)``, or ``compute()`` stored under it.

        Arrays in a stored value are made read-only: whoever writes into a piece from the memo
        gets an error instead of corrupting the next render.
        """
        full_key = (kind, key)
        with self._lock:
            entry = self._entries.get(full_key)
            if entry is not None:
                self._entries.move_to_end(full_key)
                self.hits[kind] = self.hits.get(kind, 0) + 1
                telemetry.RENDER_CACHE.labels(kind=kind, outcome="hit").inc()
                return entry[0]
            self.misses[kind] = self.misses.get(kind, 0) + 1
        telemetry.RENDER_CACHE.labels(kind=kind, outcome="miss").inc()
        value = compute()
        arrays = _arrays(value)
        size = sum(array.nbytes for array in arrays)
        if size > self.max_bytes:
            return value
        for array in arrays:
            array.flags.writeable = False
        with self._lock:
            if full_key not in self._entries:
                self._entries[full_key] = (value, size)
                self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped
        return value

    def counts(self) -> dict[str, dict[str, int]]:
        """Hits and misses per kind since the memo was made."""
        return {"hits": dict(self.hits), "misses": dict(self.misses)}
