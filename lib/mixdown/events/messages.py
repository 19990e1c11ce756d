"""JSON contracts carried by NATS: stage messages, job records, progress events.

Each carries a ``version`` field and is validated on read; an unknown version is rejected.
"""

from __future__ import annotations

import re
import time
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mixdown.catalog import DEFAULT_MIX_MODE, STYLE, TARGETS
from mixdown.errors import InvalidInput
from mixdown.events.codes import JobErrorCode
from mixdown.events.metrics import StageMetrics
from mixdown.events.outputs import StageOutputs
from mixdown.events.targets import Corrections

SCHEMA_VERSION = 1
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
STAGES = ("separation", "text_control", "mixing", "mastering", "qc")


def check_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{what} must match {_ID.pattern}, got {value!r}")
    return value


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


TERMINAL_STATUSES = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    def from_json(cls, data: bytes | str):
        """Parse and validate; raise InvalidInput on malformed JSON or an unknown version."""
        try:
            return cls.model_validate_json(data)
        except ValueError as exc:
            raise InvalidInput(f"invalid {cls.__name__}: {exc}") from exc

    def to_json(self) -> bytes:
        return self.model_dump_json().encode()


class StageMessage(_Model):
    """One unit of work for one stage of one job."""

    version: Literal[1] = SCHEMA_VERSION
    job_id: str
    tenant: str
    stage: Literal["separation", "text_control", "mixing", "mastering", "qc"]
    revision: int = Field(0, ge=0)
    iteration: int = Field(0, ge=0, le=10)
    lane: Literal["", "style"] = Field(
        "", description="'style': a mix_mode=style job's mixing, consumed by the style worker (mixing_ml)")
    corrections: Corrections = Field(default_factory=Corrections, description="QC's, for mastering")

    _check_job = field_validator("job_id")(lambda cls, v: check_id(v, "job_id"))
    _check_tenant = field_validator("tenant")(lambda cls, v: check_id(v, "tenant"))

    @property
    def msg_id(self) -> str:
        """Dedupe key: the same job, revision, stage and iteration is published once."""
        return f"{self.tenant}.{self.job_id}.r{self.revision}.{self.stage}.i{self.iteration}"

    @property
    def run_name(self) -> str:
        return f"r{self.revision}-{self.stage}-i{self.iteration}"


class InputTrack(_Model):
    name: str
    role: str
    key: str
    sample_rate_hz: int
    channels: int
    frames: int
    duration_seconds: float
    format: str = ""
    size_bytes: int = 0


STYLE_OPTION_KEYS = ("mix_mode", "style_amount", "reference_name", "reference_job")
"""The job options that say how a mix job mixes (read through :class:`StyleOptions`)."""


class StyleOptions(_Model):
    """How a mix job mixes, as stored in ``JobRecord.options`` (a reference track's storage key is
    ``options["reference_key"]``, shared with mastering)."""

    mix_mode: Literal["dsp", "style"] = DEFAULT_MIX_MODE
    style_amount: float = Field(STYLE["style_amount"].default, ge=STYLE["style_amount"].min,
                                le=STYLE["style_amount"].max)
    reference_name: str = Field("", description="an uploaded reference's file name or reference_job:<id>")
    reference_job: str | None = Field(None, description="the finished job whose master is the reference")

    @classmethod
    def of(cls, options: dict[str, Any]) -> StyleOptions:
        """The style options of a job's options (defaults: the DSP mix); InvalidInput when malformed."""
        try:
            return cls.model_validate({k: options[k] for k in STYLE_OPTION_KEYS if k in options})
        except ValueError as exc:
            raise InvalidInput(f"invalid style options of the job: {exc}") from exc

    def to_options(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class StageRun(_Model):
    stage: str
    revision: int = 0
    iteration: int = 0
    status: Literal["running", "done", "failed", "skipped"] = "running"
    started_at: float = Field(default_factory=time.time)
    finished_at: float | None = None
    duration_seconds: float | None = None
    deliveries: int = 1
    reused: bool = False
    phases_seconds: dict[str, float] = Field(default_factory=dict)
    """Seconds per phase of the run (decode, compute, encode, store, measure) as the stage timed them."""
    peak_memory_bytes: int | None = None
    """The stage process's peak resident memory while the run ran."""


class RevisionSnapshot(_Model):
    """What one finished revision of a job produced, kept so the user can compare and go back."""

    revision: int
    status: JobStatus
    parameters: StageOutputs = Field(default_factory=StageOutputs)
    artifacts: dict[str, str] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)
    finished_at: float = Field(default_factory=time.time)


class JobError(_Model):
    """Why a job failed: a registered code (:class:`~mixdown.events.codes.JobErrorCode`, whose
    ``explanation`` says what it means), what was tried, and the stage."""

    code: JobErrorCode
    message: str
    stage: str | None = None

    @property
    def explanation(self) -> str:
        return self.code.explanation


class JobRecord(_Model):
    """A job as stored in the KV bucket (key ``<tenant>.<job_id>``)."""

    version: Literal[1] = SCHEMA_VERSION
    id: str
    tenant: str
    kind: Literal["mix", "separation"] = "mix"
    status: JobStatus = JobStatus.QUEUED
    plan: list[str]
    stage: str | None = None
    progress: float = Field(0.0, ge=0.0, le=1.0)
    revision: int = 0
    preset: str = ""
    targets: dict[str, float] = Field(default_factory=dict, description="the delivery targets the job sets")
    overrides: dict[str, Any] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)
    inputs: list[InputTrack] = Field(default_factory=list)
    parameters: StageOutputs = Field(default_factory=StageOutputs)
    artifacts: dict[str, str] = Field(default_factory=dict)
    metrics: StageMetrics = Field(default_factory=StageMetrics)
    stages: list[StageRun] = Field(default_factory=list)
    revisions: list[RevisionSnapshot] = Field(default_factory=list)
    error: JobError | None = None
    priority: int = Field(0, ge=0, le=1, description="1: the tenant's plan has priority processing")
    callback_url: str = Field("", max_length=2048, description="webhook called on each terminal state")
    created_at: float = Field(default_factory=time.time)
    updated_at: float = Field(default_factory=time.time)

    _check_job = field_validator("id")(lambda cls, v: check_id(v, "id"))
    _check_tenant = field_validator("tenant")(lambda cls, v: check_id(v, "tenant"))
    _check_targets = field_validator("targets")(lambda cls, v: TARGETS.check(v, "targets"))

    @property
    def kv_key(self) -> str:
        return kv_key(self.tenant, self.id)

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    def snapshot(self) -> None:
        """Record the current revision's outcome (once per revision)."""
        self.revisions = [r for r in self.revisions if r.revision != self.revision]
        self.revisions.append(RevisionSnapshot(
            revision=self.revision, status=self.status, parameters=self.parameters.model_copy(deep=True),
            artifacts=dict(self.artifacts), options=dict(self.options)))
        self.revisions.sort(key=lambda r: r.revision)

    def run_for(self, msg: StageMessage) -> StageRun | None:
        for run in self.stages:
            if (run.stage, run.revision, run.iteration) == (msg.stage, msg.revision, msg.iteration):
                return run
        return None


def kv_key(tenant: str, job_id: str) -> str:
    return f"{check_id(tenant, 'tenant')}.{check_id(job_id, 'job_id')}"


class Event(_Model):
    """A per-job progress or state event, published on ``mixdown.events.<tenant>.<job_id>``."""

    version: Literal[1] = SCHEMA_VERSION
    job_id: str
    tenant: str
    type: Literal["status", "stage_started", "stage_progress", "stage_done", "stage_failed"]
    status: JobStatus
    stage: str | None = None
    progress: float = 0.0
    message: str = ""
    at: float = Field(default_factory=time.time)
