"""Access errors; :mod:`mixdown_gateway.app` maps them to HTTP status codes and headers.

Unauthenticated → 401 with ``WWW-Authenticate: Bearer``; Forbidden → 403; LimitExceeded → 429
and Busy → 503, both with ``Retry-After``.
"""

from __future__ import annotations

import math

from mixdown.errors import MixdownError, Unavailable


class Unauthenticated(MixdownError):
    """No API key, or one that is malformed, unknown or revoked."""

    def __init__(self, message: str, invalid_token: bool = False) -> None:
        super().__init__(message)
        self.invalid_token = invalid_token


class Forbidden(MixdownError):
    """The caller is known but may not do this (plan feature, expired or tampered link)."""


class LimitExceeded(MixdownError):
    """A quota or rate limit is reached; retrying after ``retry_after_seconds`` may succeed."""

    def __init__(self, message: str, retry_after_seconds: float) -> None:
        super().__init__(message)
        self.retry_after_seconds = max(1, math.ceil(retry_after_seconds))


class Busy(Unavailable):
    """The platform sheds standard-priority work for now; retry after ``retry_after_seconds``."""

    def __init__(self, message: str, retry_after_seconds: float) -> None:
        super().__init__(message)
        self.retry_after_seconds = max(1, math.ceil(retry_after_seconds))
