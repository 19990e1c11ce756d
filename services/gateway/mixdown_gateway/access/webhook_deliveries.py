"""The webhook delivery log: one delivery per job revision, claimed by compare-and-set under a lease.

Deliveries of a job live under ``<tenant>.<job>`` in the ``mixdown_webhook_deliveries`` bucket.
A gateway replica claims a revision's delivery before posting; the claim is a lease of
:data:`ACK_WAIT_SECONDS` (the dispatcher's consumer ack wait), renewed while it works, that
another replica takes over once it has run out. Every attempt is logged on the delivery
(attempt, time, status code or error), shown by ``GET /v1/jobs/{id}/webhooks``.
"""

from __future__ import annotations

import time
import uuid
from typing import Literal

from nats.js.kv import KeyValue
from pydantic import BaseModel, ConfigDict, Field

from mixdown.events.messages import JobStatus
from mixdown_gateway.access.kv import compare_and_set, read

ACK_WAIT_SECONDS = 60.0
"""The length of a claim's lease, equal to the ack wait of the dispatcher's consumer."""



class Attempt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attempt: int = Field(ge=1)
    at: float = Field(description="unix seconds when the attempt started")
    status_code: int | None = Field(None, description="the receiver's HTTP status; null when none came")
    error: str = Field("", description="why the attempt failed; empty when it succeeded")
    duration_ms: float = 0.0


class Delivery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="also sent as the Mixdown-Delivery header and the body's id")
    revision: int
    status: JobStatus
    event: str = Field(description="job.succeeded, job.failed or job.cancelled")
    url: str
    state: Literal["pending", "delivered", "failed"] = "pending"
    attempts: list[Attempt] = Field(default_factory=list)
    owner: str = Field("", exclude=True)
    lease_until: float = Field(0.0, exclude=True)
    created_at: float = Field(default_factory=time.time)
    finished_at: float | None = None


class _JobDeliveries(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    deliveries: list[dict] = Field(default_factory=list)

    def parsed(self) -> list[Delivery]:
        return [Delivery.model_validate(d) for d in self.deliveries]


def _dump(deliveries: list[Delivery]) -> bytes:
    rows = [d.model_dump(mode="json") | {"owner": d.owner, "lease_until": d.lease_until} for d in deliveries]
    return _JobDeliveries(deliveries=rows).model_dump_json().encode()


def _load(value: bytes | None) -> list[Delivery]:
    return _JobDeliveries.model_validate_json(value).parsed() if value is not None else []


class LeaseLost(Exception):
    """Another replica took the delivery over (this one was presumed dead)."""


class Held(Exception):
    """The delivery is pending under a lease that runs until ``lease_until`` (unix seconds)."""

    def __init__(self, lease_until: float) -> None:
        super().__init__(f"held until {lease_until:.3f}")
        self.lease_until = lease_until


class DeliveryStore:
    """The deliveries of each job under ``<tenant>.<job>``, one per revision, by compare-and-set."""

    def __init__(self, kv: KeyValue) -> None:
        self.kv = kv

    async def list(self, tenant: str, job_id: str) -> list[Delivery]:
        value, _ = await read(self.kv, f"{tenant}.{job_id}")
        return _load(value)

    async def claim(self, tenant: str, job_id: str, revision: int, status: JobStatus, url: str, owner: str,
                    now: float) -> Delivery | None:
        """The delivery of this revision's terminal state, now owned by ``owner``; None when it is
        done. Raises Held while a lease on it runs (this replica's own included: a repeated event
        while the delivery is in progress must not start it twice)."""
        claimed: list[Delivery] = []

        def change(current: bytes | None) -> bytes | None:
            claimed.clear()
            deliveries = _load(current)
            found = next((d for d in deliveries if d.revision == revision), None)
            if found is None:
                found = Delivery(id=uuid.uuid4().hex, revision=revision, status=status, event=f"job.{status.value}",
                                 url=url, created_at=now)
                deliveries.append(found)
            elif found.state != "pending":
                return None
            elif found.lease_until > now:
                raise Held(found.lease_until)
            found.owner, found.lease_until = owner, now + ACK_WAIT_SECONDS
            claimed.append(found)
            return _dump(deliveries)

        await compare_and_set(self.kv, f"{tenant}.{job_id}", change)
        return claimed[0] if claimed else None

    async def update(self, tenant: str, job_id: str, delivery_id: str, owner: str,
                     attempt: Attempt | None = None, state: str | None = None,
                     lease_until: float | None = None) -> Delivery:
        """Log an attempt, change the state or renew the lease of a delivery this owner holds."""
        updated: list[Delivery] = []

        def change(current: bytes | None) -> bytes:
            updated.clear()
            deliveries = _load(current)
            found = next((d for d in deliveries if d.id == delivery_id), None)
            if found is None or found.owner != owner:
                raise LeaseLost(f"delivery {delivery_id} of job {job_id} is no longer held by {owner}")
            if attempt is not None:
                found.attempts.append(attempt)
            if state is not None:
                found.state = state  # type: ignore[assignment]
                if state != "pending":
                    found.finished_at = time.time()
            if lease_until is not None:
                found.lease_until = lease_until
            updated.append(found)
            return _dump(deliveries)

        await compare_and_set(self.kv, f"{tenant}.{job_id}", change)
        return updated[0]
