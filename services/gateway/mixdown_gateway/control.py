"""Reading and cancelling jobs: shared by the REST routers and the gRPC servicer."""

from __future__ import annotations

import structlog

from mixdown.errors import Conflict, NotFound
from mixdown.events.bus import Bus
from mixdown.events.messages import Event, JobRecord, JobStatus, check_id

log = structlog.get_logger(__name__)


def check_job_id(job_id: str) -> str:
    """Ids that cannot exist are simply not found (never a validation error or a 500)."""
    try:
        return check_id(job_id, "job_id")
    except ValueError:
        raise NotFound(f"job {job_id[:80]} not found") from None


async def get_job(bus: Bus, tenant: str, job_id: str) -> JobRecord:
    return await bus.jobs.get(tenant, check_job_id(job_id))


async def cancel_job(bus: Bus, tenant: str, job_id: str) -> JobRecord:
    """Mark a queued or running job cancelled (compare-and-set) and announce it.

    Raises Conflict naming the status when the job is already final, NotFound when unknown.
    Workers skip messages of cancelled jobs, and drop their result if they were mid-stage.
    """

    def change(record: JobRecord) -> JobRecord:
        if record.terminal:
            raise Conflict(
                f"job {job_id} is already {record.status.value}; only queued or running jobs can be cancelled"
            )
        record.status = JobStatus.CANCELLED
        return record

    record = await bus.jobs.update(tenant, check_job_id(job_id), change)
    await bus.publish_event(
        Event(job_id=record.id, tenant=record.tenant, type="status", status=JobStatus.CANCELLED,
              stage=record.stage, progress=record.progress, message="cancelled by request")
    )
    log.info("job_cancelled", job_id=job_id, tenant=tenant)
    return record
