"""Rate limits per tenant: a token bucket per tenant in each gateway replica.

A bucket holds at most the plan's ``burst_requests`` tokens and refills at
``requests_per_minute``; each request takes one. With N replicas behind a load balancer a
tenant can get up to N times the plan's rate: the limit protects each replica, the monthly
quota (shared through NATS) bounds the work.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from mixdown_gateway.access.errors import LimitExceeded
from mixdown_gateway.access.plans import Plan


@dataclass
class TokenBucket:
    capacity: float
    refill_per_second: float
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """Take a token: 0.0 when there was one, else the seconds until there will be one."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.refill_per_second)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.refill_per_second


class RateLimiter:
    """One token bucket per tenant, refilled by the time ``clock`` (seconds, monotonic) tells."""

    def __init__(self, max_tenants: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_tenants = max_tenants
        self.clock = clock
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()
        self._plans: dict[str, Plan] = {}

    def _bucket(self, tenant: str, plan: Plan, now: float) -> TokenBucket:
        bucket = self._buckets.get(tenant)
        capacity, refill = float(plan.burst_requests), plan.requests_per_minute / 60.0
        if bucket is None:
            bucket = TokenBucket(capacity, refill, capacity, now)
            self._buckets[tenant] = bucket
            while len(self._buckets) > self.max_tenants:
                gone, _ = self._buckets.popitem(last=False)  # the least recently seen tenant starts full again
                self._plans.pop(gone, None)
        elif (bucket.capacity, bucket.refill_per_second) != (capacity, refill):  # the plan changed
            bucket.capacity, bucket.refill_per_second = capacity, refill
            bucket.tokens = min(bucket.tokens, capacity)
        self._buckets.move_to_end(tenant)
        self._plans[tenant] = plan
        return bucket

    def check(self, tenant: str, plan: Plan, now: float | None = None) -> None:
        """Take one request from the tenant's bucket; LimitExceeded with the wait otherwise."""
        now = self.clock() if now is None else now
        wait_seconds = self._bucket(tenant, plan, now).take(now)
        if wait_seconds > 0:
            raise LimitExceeded(
                f"rate limit reached: plan {plan.name} allows {plan.requests_per_minute:g} requests a minute "
                f"(bursts of {plan.burst_requests}); retry in {wait_seconds:.1f} s",
                retry_after_seconds=wait_seconds,
            )

    def check_as_seen(self, tenant: str, fallback: Plan, now: float | None = None) -> None:
        """For a request that names its tenant but not its key (a signed link): the plan last seen
        with the tenant's key here, else ``fallback``."""
        self.check(tenant, self._plans.get(tenant, fallback), now)
