"""Songs per tenant per calendar month (UTC), counted in the ``mixdown_usage`` bucket.

The count of a tenant's month lives under ``<tenant>.<YYYY-MM>`` and changes only by
compare-and-set, so that replicas accepting jobs at the same moment never both take the last
song. A song is counted when a job or a separation is accepted (a revision of a job is not a
new song); a submission that fails after its song was counted gives it back.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import anyio
import structlog
from nats.js.kv import KeyValue

from mixdown_gateway.access.errors import LimitExceeded
from mixdown_gateway.access.kv import compare_and_set, read
from mixdown_gateway.access.plans import Plan

log = structlog.get_logger(__name__)


def period_of(epoch_seconds: float) -> str:
    """The calendar month (UTC) of an instant, ``YYYY-MM``."""
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).strftime("%Y-%m")


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """First instant of the month and first instant of the next one (UTC)."""
    start = datetime.strptime(period, "%Y-%m").replace(tzinfo=UTC)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end


@dataclass(frozen=True)
class Usage:
    tenant: str
    period: str
    songs_used: int
    songs_limit: int | None

    @property
    def songs_remaining(self) -> int | None:
        return None if self.songs_limit is None else max(0, self.songs_limit - self.songs_used)


def _songs(value: bytes | None) -> int:
    return int(json.loads(value)["songs"]) if value is not None else 0


class UsageStore:
    """Songs started per tenant and calendar month (UTC), by the unix time ``clock`` tells."""

    def __init__(self, kv: KeyValue, clock: Callable[[], float] = time.time) -> None:
        self.kv = kv
        self.clock = clock

    async def usage(self, tenant: str, plan: Plan, now: float | None = None) -> Usage:
        period = period_of(self.clock() if now is None else now)
        value, _ = await read(self.kv, f"{tenant}.{period}")
        return Usage(tenant, period, _songs(value), plan.songs_per_month)

    def _refusal(self, usage: Usage, plan: Plan, now: float) -> LimitExceeded:
        _, end = period_bounds(usage.period)
        return LimitExceeded(
            f"monthly quota reached: plan {plan.name} includes {plan.songs_per_month} songs a month and "
            f"{usage.songs_used} were started in {usage.period}; the count starts again on "
            f"{end:%Y-%m-%d} 00:00 UTC",
            retry_after_seconds=end.timestamp() - now,
        )

    async def check(self, tenant: str, plan: Plan, now: float | None = None) -> Usage:
        """Refuse early (before an upload is read) when the month's songs are all used."""
        now = self.clock() if now is None else now
        usage = await self.usage(tenant, plan, now)
        if usage.songs_remaining == 0:
            raise self._refusal(usage, plan, now)
        return usage

    async def take(self, tenant: str, plan: Plan, now: float | None = None) -> str:
        """Count one song now, atomically; LimitExceeded when none is left. Returns the period."""
        now = self.clock() if now is None else now
        period = period_of(now)

        def change(current: bytes | None) -> bytes:
            used = _songs(current)
            if plan.songs_per_month is not None and used >= plan.songs_per_month:
                raise self._refusal(Usage(tenant, period, used, plan.songs_per_month), plan, now)
            return json.dumps({"songs": used + 1}).encode()

        await compare_and_set(self.kv, f"{tenant}.{period}", change)
        return period

    async def give_back(self, tenant: str, period: str) -> None:
        def change(current: bytes | None) -> bytes | None:
            used = _songs(current)
            return json.dumps({"songs": used - 1}).encode() if used > 0 else None

        await compare_and_set(self.kv, f"{tenant}.{period}", change)

    @asynccontextmanager
    async def song(self, tenant: str, plan: Plan) -> AsyncIterator[str]:
        """Count a song for the ``with`` block; give it back if the block fails."""
        period = await self.take(tenant, plan)
        try:
            yield period
        except BaseException:
            with anyio.CancelScope(shield=True):
                try:
                    await self.give_back(tenant, period)
                except Exception as exc:  # noqa: BLE001 - the refusal matters more; report it
                    log.error("quota_give_back_failed", tenant=tenant, period=period, error=str(exc))
            raise
