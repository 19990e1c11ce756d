"""Response models of the REST API (they make the OpenAPI schema precise)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from mixdown.events.messages import JobRecord, JobStatus


def _time(epoch_seconds: float | None) -> datetime | None:
    return None if epoch_seconds is None else datetime.fromtimestamp(epoch_seconds, tz=UTC)


class ErrorBody(BaseModel):
    detail: str = Field(description="what went wrong, naming the field, file or job concerned")


class JobCreated(BaseModel):
    id: str = Field(description="job id; poll GET /v1/jobs/{id} or follow GET /v1/jobs/{id}/events")
    status: JobStatus


class InputView(BaseModel):
    name: str = Field(description="the uploaded file name")
    role: str
    sample_rate_hz: int
    channels: int
    duration_seconds: float


class StageView(BaseModel):
    stage: str
    revision: int
    iteration: int
    status: Literal["running", "done", "failed", "skipped"]
    started_at: datetime
    finished_at: datetime | None
    duration_seconds: float | None
    deliveries: int
    reused: bool


class ErrorView(BaseModel):
    code: str
    message: str
    stage: str | None


class JobView(BaseModel):
    id: str
    kind: Literal["mix", "separation"]
    status: JobStatus
    stage: str | None = Field(description="the current stage, or the one that failed; null when done")
    progress: float = Field(ge=0.0, le=1.0)
    plan: list[str]
    preset: str
    targets: dict[str, float] = Field(description="target_lufs and ceiling_dbtp")
    overrides: dict[str, Any]
    inputs: list[InputView]
    parameters: dict[str, Any] = Field(description="the full parameter set each stage used, by stage")
    artifacts: list[str] = Field(description="artifact names available for download, e.g. mix, master, report")
    metrics: dict[str, Any]
    stages: list[StageView]
    error: ErrorView | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_record(cls, record: JobRecord) -> JobView:
        return cls(
            id=record.id,
            kind=record.kind,
            status=record.status,
            stage=record.stage,
            progress=record.progress,
            plan=record.plan,
            preset=record.preset,
            targets=record.targets,
            overrides=record.overrides,
            inputs=[
                InputView(name=t.name, role=t.role, sample_rate_hz=t.sample_rate_hz, channels=t.channels,
                          duration_seconds=t.duration_seconds)
                for t in record.inputs
            ],
            parameters=record.parameters,
            artifacts=sorted(record.artifacts),
            metrics=record.metrics,
            stages=[
                StageView(stage=r.stage, revision=r.revision, iteration=r.iteration, status=r.status,
                          started_at=_time(r.started_at), finished_at=_time(r.finished_at),
                          duration_seconds=r.duration_seconds, deliveries=r.deliveries, reused=r.reused)
                for r in record.stages
            ],
            error=ErrorView(code=record.error.code, message=record.error.message, stage=record.error.stage)
            if record.error
            else None,
            created_at=_time(record.created_at),
            updated_at=_time(record.updated_at),
        )


class CancelResult(BaseModel):
    id: str
    status: JobStatus


class PresetView(BaseModel):
    name: str
    kind: Literal["vocal", "full"]
    description: str


class PresetList(BaseModel):
    presets: list[PresetView]


class HealthStatus(BaseModel):
    status: str
