"""A clock a test moves by hand, for code that takes a ``clock`` callable (``time.time`` or
``time.monotonic`` by default): an expiry or a refill is then proved without sleeping."""

from __future__ import annotations

import time


class FakeClock:
    """Seconds that stand still until :meth:`advance`; starts at ``start`` (default: now, by ``time.time``)."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now
