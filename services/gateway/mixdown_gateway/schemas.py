"""Response models of the REST API (they make the OpenAPI schema precise)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from mixdown.events.codes import JobErrorCode
from mixdown.events.messages import JobError, JobRecord, JobStatus
from mixdown.events.metrics import StageMetrics
from mixdown.events.outputs import StageOutputs


def _time(epoch_seconds: float | None) -> datetime | None:
    return None if epoch_seconds is None else datetime.fromtimestamp(epoch_seconds, tz=UTC)


class ErrorBody(BaseModel):
    detail: str = Field(description="what went wrong, naming the field, file or job concerned")


class NotUnderstoodBody(ErrorBody):
    """A 422 of an instruction (preview or revision): a malformed request carries ``detail``
    alone; an instruction text control could not read also lists what it did not understand
    and close phrasings it does."""

    not_understood: list[str] = Field(default_factory=list, description="the parts of the instruction that "
                                      "made no edit, in the artist's words (the whole instruction when nothing did)")
    suggestions: list[str] = Field(default_factory=list, description="close phrasings text control understands, "
                                   "in the instruction's language")


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Error answers of a route: its own, and those of every authenticated route (401, 429)."""
    return {code: {"model": ErrorBody} for code in sorted({*codes, 401, 429})}


CALLBACK_URL_FIELD: dict[str, Any] = {
    "type": "string",
    "format": "uri",
    "maxLength": 2048,
    "description": "http(s) URL POSTed a signed JSON body when the job succeeds, fails or is cancelled "
    "(no user:password@; see docs/security.md for the Mixdown-Signature header)",
}
"""The ``callback_url`` form field of every submission, in the OpenAPI document."""

INVALID_REQUEST: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "a parameter or the body is invalid; the message names which and why"}
}
"""Router-level ``responses``: every 422 of the gateway is an :class:`ErrorBody` (FastAPI's own
request validation errors included, see ``mixdown_gateway.app``), not FastAPI's default list."""

JOB_EVENT_STREAM_ITEM: dict[str, Any] = {
    "type": "object",
    "description": "one Server-Sent Event of a job",
    "required": ["event", "data"],
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9]+$",
               "description": "the event's sequence number; send it back as Last-Event-ID to resume after it "
               "(absent on a closing event built from the job record)"},
        "event": {"type": "string", "enum": ["status", "stage_started", "stage_progress", "stage_done",
                                             "stage_failed"]},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {
                "type": "object",
                "required": ["job_id", "type", "status"],
                "properties": {
                    "job_id": {"type": "string"},
                    "type": {"type": "string"},
                    "status": {"type": "string", "enum": [status.value for status in JobStatus]},
                    "stage": {"type": ["string", "null"]},
                    "progress": {"type": "number", "minimum": 0, "maximum": 1},
                    "message": {"type": "string"},
                    "at": {"type": "number", "description": "Unix time, seconds"},
                },
            },
        },
    },
}
"""Each event of ``GET /v1/jobs/{id}/events`` (for Open API 3.1 tools, the ``schema`` of the
``text/event-stream`` media type describes one event)."""


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
    phases_seconds: dict[str, float] = Field(
        default_factory=dict, description="where the run's time went: decode, compute, encode, store, measure")
    peak_memory_bytes: int | None = Field(None, description="the stage process's peak resident memory during the run")


class ErrorView(BaseModel):
    """Why a job failed (``GET /v1/errors`` lists every code)."""

    code: JobErrorCode
    message: str = Field(description="what was tried and why it failed")
    stage: str | None
    explanation: str = Field(description="what the code means and what to do about it")

    @classmethod
    def of(cls, error: JobError) -> ErrorView:
        return cls(code=error.code, message=error.message, stage=error.stage, explanation=error.explanation)


class ErrorCodeView(BaseModel):
    code: JobErrorCode
    explanation: str


class ErrorCodeList(BaseModel):
    codes: list[ErrorCodeView] = Field(description="every code a failed job's error may carry")


class TempoCandidate(BaseModel):
    bpm: float
    score: float


class AnalysisView(BaseModel):
    """A separated song's tempo and key."""

    bpm: float = Field(description="tempo in beats per minute (half/double time resolved); 0 when unknown")
    bpm_confidence: float = Field(ge=0.0, le=1.0)
    key: str = Field(description='e.g. "A minor" or "Eb major"; empty when unknown')
    key_confidence: float = Field(ge=0.0, le=1.0)
    bpm_candidates: list[TempoCandidate] = Field(
        default_factory=list, description="the metrical relatives considered (half, double time...), best first"
    )


def _analysis(record: JobRecord) -> AnalysisView | None:
    separated = record.metrics.separation if record.kind == "separation" else None
    return AnalysisView.model_validate(separated.analysis) if separated and separated.analysis else None


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
    parameters: StageOutputs = Field(description="what each stage used and produced, by stage (null: not run)")
    artifacts: list[str] = Field(description="artifact names available for download, e.g. mix, master, report")
    metrics: StageMetrics = Field(description="what each stage measured, by stage (null: not run)")
    stages: list[StageView]
    error: ErrorView | None
    created_at: datetime
    updated_at: datetime
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="separation: stems_required, drum_separation, format (and source, when drums); a mix made "
        "from a separation: from_separation, stems",
    )
    analysis: AnalysisView | None = Field(
        None, description="separation jobs, once separated: the song's tempo and key"
    )
    priority: int = Field(0, description="1: accepted under a plan with priority processing")
    callback_url: str = Field("", description="webhook called on each terminal state; deliveries: "
                              "GET /v1/jobs/{id}/webhooks")

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
                          duration_seconds=r.duration_seconds, deliveries=r.deliveries, reused=r.reused,
                          phases_seconds=r.phases_seconds, peak_memory_bytes=r.peak_memory_bytes)
                for r in record.stages
            ],
            error=ErrorView.of(record.error)
            if record.error
            else None,
            created_at=_time(record.created_at),
            updated_at=_time(record.updated_at),
            options=record.options,
            analysis=_analysis(record),
            priority=record.priority,
            callback_url=record.callback_url,
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


class ParameterView(BaseModel):
    name: str = Field(description="parameter name, unit suffix included (e.g. comp_threshold_db)")
    min: float
    max: float
    default: float
    unit: str
    description: str
    step: float = Field(description="0 for a continuous value, else its resolution (1 for on/off switches)")
    scale: Literal["linear", "log"] = Field(
        description="how the range maps to a slider or to [0, 1]: log for frequencies, times, Qs and ratios"
    )
    group: str = Field(description="the table it belongs to (e.g. mixing.track.eq, targets)")


class ProcessorView(BaseModel):
    processor: str = Field(description="processor name, in signal order (e.g. hpf, eq, deesser, compressor)")
    group: str = Field(description="the processor's parameter table (mixing.<track or bus>.<processor>)")
    parameters: list[ParameterView]


class ParameterTables(BaseModel):
    track: list[ProcessorView] = Field(description="the parameters every track has, by processor")
    buses: dict[str, list[ProcessorView]] = Field(description="bus name (reverb, delay, bus) → its processors")
    lead_vocal_fixed: dict[str, float] = Field(description="values the lead vocal keeps (mono and centred)")


class RoleView(BaseModel):
    name: str = Field(description="the role as a job names it (stems_meta)")
    label: str = Field(description="how the web studio shows it")
    vocal: bool = Field(description="a vocal role (vocal presets need exactly one lead_vocal)")


class RoleKeywords(BaseModel):
    role: str
    keywords: list[str] = Field(description="a file-name token starting with one of these suggests the role")


class Catalog(BaseModel):
    """What a client needs to build a job form: roles, limits, role guesses, targets, presets."""

    roles: list[RoleView]
    max_tracks: int = Field(description="most files (tracks) in one mix job")
    role_keywords: list[RoleKeywords] = Field(
        description="role guesses from file names, most specific first: the first rule with a keyword that a "
        "token of the name (split on non-alphanumerics, letters split from digits, dashed words kept) starts "
        "with gives the role"
    )
    targets: list[ParameterView] = Field(description="the delivery targets a job may set, with ranges and defaults")
    loudness_presets_lufs: dict[str, float] = Field(description="named loudness targets")
    master_formats: list[str] = Field(description="delivery formats of the master")
    presets: list[PresetView]
    mix_modes: list[str] = Field(description="how a job mixes: dsp (the analysis-driven plan, default) or style "
                                 "(in the style of a reference track)")
    style: list[ParameterView] = Field(description="the style mode's settings (style_amount), with range and default")


class HealthStatus(BaseModel):
    status: str
