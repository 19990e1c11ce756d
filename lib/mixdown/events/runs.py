"""The job record's stage runs: the pure changes a stage worker makes to a record, and the next message.

Each ``*_run`` function is the ``change`` of a compare-and-set update of the job record
(:meth:`mixdown.events.bus.JobStore.update`): it gets the current record and returns it changed,
or None to leave it as it is (the job already ended, or another delivery already did the work).
They read no clock but ``time.time()`` for the run's finish time, and never touch NATS or storage.
"""

from __future__ import annotations

import time

from mixdown.events.codes import JobErrorCode
from mixdown.events.messages import JobError, JobRecord, JobStatus, StageMessage, StageRun
from mixdown.events.stage import StageResult


def same_run(run: StageRun, message: StageMessage) -> bool:
    return (run.stage, run.revision, run.iteration) == (message.stage, message.revision, message.iteration)


def run_done(job: JobRecord, message: StageMessage) -> bool:
    """The record shows this message's run finished (its result is merged into the record)."""
    run = job.run_for(message)
    return run is not None and run.status == "done"


def begin_run(record: JobRecord, message: StageMessage, deliveries: int) -> JobRecord | None:
    """The job is running this message's stage: its run is listed with the delivery count."""
    if record.terminal or run_done(record, message):
        return None
    run = record.run_for(message)
    if run is None:
        record.stages.append(StageRun(stage=message.stage, revision=message.revision,
                                      iteration=message.iteration, deliveries=deliveries))
    else:
        run.deliveries = deliveries
    record.status = JobStatus.RUNNING
    record.stage = message.stage
    return record


def finish_run(record: JobRecord, message: StageMessage, result: StageResult, next_message: StageMessage | None,
               reused: bool) -> JobRecord | None:
    """Merge the stage's result into the record; the job fails, succeeds (no next stage) or moves on."""
    if record.terminal or record.revision != message.revision or run_done(record, message):
        return None
    run = record.run_for(message)
    if run is not None:
        run.status = "failed" if result.fail else "done"
        run.finished_at = time.time()
        run.duration_seconds = round(run.finished_at - run.started_at, 3)
        run.reused = run.reused or reused
        run.phases_seconds = dict(result.phases_seconds)
        run.peak_memory_bytes = result.peak_memory_bytes
    record.artifacts.update(result.artifacts)
    if result.parameters:
        record.parameters[message.stage] = result.parameters
    if result.metrics:
        record.metrics[message.stage] = result.metrics
    if result.targets:
        record.targets.update(result.targets)
    if result.fail is not None:
        record.status = JobStatus.FAILED
        record.error = result.fail
        record.stage = message.stage
        record.snapshot()
    elif next_message is None:
        record.status = JobStatus.SUCCEEDED
        record.stage = None
        record.progress = 1.0
        record.snapshot()
    else:
        record.stage = next_message.stage
        record.progress = _plan_progress(record, next_message.stage)
    return record


def fail_run(record: JobRecord, message: StageMessage, code: JobErrorCode, text: str) -> JobRecord | None:
    """The job failed in this message's stage with ``code`` and ``text``; None when it had already ended."""
    if record.terminal:
        return None
    record.status = JobStatus.FAILED
    record.error = JobError(code=code, message=text, stage=message.stage)
    run = record.run_for(message)
    if run is not None:
        run.status = "failed"
        run.finished_at = time.time()
    record.snapshot()
    return record


def next_stage_message(job: JobRecord, message: StageMessage, result: StageResult) -> StageMessage | None:
    """The message of the stage after this one: the one the result names (a loop back counts as a
    new iteration), else the next in the job's plan; None when the job ends here."""
    if result.fail is not None:
        return None
    if result.next_stage is not None:
        iteration = message.iteration + 1 if result.next_stage in _stages_before(job, message.stage) else message.iteration
        return StageMessage(job_id=job.id, tenant=job.tenant, stage=result.next_stage,
                            revision=message.revision, iteration=iteration,
                            corrections=result.next_corrections)
    try:
        index = job.plan.index(message.stage)
    except ValueError:
        return None
    if index + 1 >= len(job.plan):
        return None
    return StageMessage(job_id=job.id, tenant=job.tenant, stage=job.plan[index + 1],
                        revision=message.revision, iteration=message.iteration)


def _stages_before(job: JobRecord, stage: str) -> list[str]:
    try:
        return job.plan[: job.plan.index(stage) + 1]
    except ValueError:
        return []


def _plan_progress(job: JobRecord, next_stage: str) -> float:
    try:
        return round(job.plan.index(next_stage) / len(job.plan), 3)
    except ValueError:
        return job.progress
