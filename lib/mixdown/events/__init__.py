"""Events: stage messages on a JetStream work queue, job records in a KV bucket, progress events,
and the typed contracts they carry (delivery targets, stage outputs, artifacts, error codes)."""

from mixdown.events.artifacts import Artifact
from mixdown.events.codes import JobErrorCode
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
from mixdown.events.outputs import StageOutputs
from mixdown.events.targets import Corrections, DeliveryTargets

__all__ = [
    "Artifact",
    "Corrections",
    "DeliveryTargets",
    "Event",
    "InputTrack",
    "JobError",
    "JobErrorCode",
    "JobRecord",
    "JobStatus",
    "RevisionSnapshot",
    "StageMessage",
    "StageOutputs",
    "StageRun",
    "TERMINAL_STATUSES",
]
