"""Events: stage messages on a JetStream work queue, job records in a KV bucket, progress events."""

from mixdown.events.messages import (
    TERMINAL_STATUSES,
    Event,
    InputTrack,
    JobError,
    JobRecord,
    JobStatus,
    RevisionSnapshot,
    StageMessage,
    StageRun,
)

__all__ = [
    "Event",
    "InputTrack",
    "JobError",
    "JobRecord",
    "JobStatus",
    "RevisionSnapshot",
    "StageMessage",
    "StageRun",
    "TERMINAL_STATUSES",
]
