"""Revisions of a finished job, and the preview of an instruction's edits.

- ``POST /v1/jobs/{id}/revisions``: an instruction ("enlève le delay") and/or explicit
  parameter overrides → a new revision of the job: mix → master → QC rendered again from the
  stored inputs with the previous revision's parameters and the asked changes (text control
  first when there is an instruction). 202 ``{"id", "revision"}`` (plus ``not_understood`` and
  ``suggestions`` when only part of the instruction was understood); 409 unless the job
  succeeded. With text control reachable (``text_control_grpc_target``), the instruction is
  read first: one that makes no edit is refused with 422 (:class:`NotUnderstoodBody`) and the
  job is left as it was.
- ``GET /v1/jobs/{id}/revisions``: every revision with its parameters, outputs, instruction
  and edits, so the user can compare and go back.
- ``GET /v1/jobs/{id}/revisions/{n}/download/{artifact}``: an artifact of revision ``n``.
- ``POST /v1/text-control/parse``: the edits an instruction would make on a job, each
  explained in the instruction's language, without applying them (the text-control service's
  ``Parse``, over gRPC); 422 with what was not understood and close phrasings when it makes no
  edit.
"""

from __future__ import annotations

import time
from typing import Any, Literal

import grpc
import structlog
from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from mixdown.catalog import TARGETS
from mixdown.errors import Conflict, InvalidInput, NotFound, NotUnderstood, Unavailable
from mixdown.events.artifacts import Artifact
from mixdown.events.messages import Event, JobRecord, JobStatus, StageMessage
from mixdown.events.outputs import StageOutputs, TextEdit
from mixdown.grpcutil import MAX_MESSAGE_BYTES, channel, request_metadata
from mixdown.mixparams import BUS_NAMES, parse_job_overrides
from mixdown.textcontrol.v1 import text_control_pb2, text_control_pb2_grpc
from mixdown_gateway import control
from mixdown_gateway.bodies import JsonBodyRoute
from mixdown_gateway.deps import Bus, DownloadTenant, Settings, Store, Tenant
from mixdown_gateway.downloads import stream_artifact
from mixdown_gateway.requestid import current_request_id
from mixdown_gateway.schemas import INVALID_REQUEST, NotUnderstoodBody, error_responses

log = structlog.get_logger(__name__)

router = APIRouter(tags=["revisions"], route_class=JsonBodyRoute, responses=INVALID_REQUEST)

MAX_INSTRUCTION_CHARS = 2000
REVISION_PLAN = ["text_control", "mixing", "mastering", "qc"]
# What a revision renders again: none of the previous revision's files may pass for its own.
_RENDERED_AGAIN = frozenset(Artifact)


class RevisionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    instruction: str | None = Field(None, max_length=MAX_INSTRUCTION_CHARS,
                                    description='plain French or English, e.g. "enlève le delay"')
    overrides: dict[str, Any] | None = Field(
        None, description='{"tracks": {<track>: {<parameter>: <number>}}, "buses": {"reverb"|"delay"|"bus": '
        '{<parameter>: <number>}}, "bpm": <number>, "targets": {"target_lufs": <number>}}; applied after the '
        'instruction\'s edits')
    locale: str = Field("", max_length=16, description="BCP 47 tag of the instruction; empty: detected")
    formats: list[Literal["wav24", "wav16", "flac", "mp3"]] | None = Field(
        None, max_length=4, description='master formats to export for this revision (wav24 always); default '
        '["wav24"], the preview that QC checks; name more to export them (with from_revision alone: export that '
        'revision as it is)')
    from_revision: int | None = Field(
        None, ge=0, description="start from this finished revision's parameters instead of the latest ones "
        "(alone, it renders that revision again: going back)")


class RevisionCreated(BaseModel):
    id: str
    revision: int
    not_understood: list[str] | None = Field(
        None, description="parts of the instruction that made no edit (present only when some did not)")
    suggestions: list[str] | None = Field(
        None, description="close phrasings text control understands (present with not_understood)")


class RevisionView(BaseModel):
    revision: int
    status: JobStatus
    instruction: str = ""
    edits: list[TextEdit] = Field(default_factory=list)
    not_understood: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list, description="close phrasings text control understands, "
                                   "when part of the instruction was not understood")
    overrides: dict[str, Any] = Field(default_factory=dict)
    parameters: StageOutputs = Field(description="the full parameter set of this revision, by stage")
    artifacts: list[str] = Field(description="artifact names; download with GET .../revisions/{n}/download/{name}")
    finished_at: float | None = None


class ParseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_id: str
    instruction: str = Field(min_length=1, max_length=MAX_INSTRUCTION_CHARS)
    locale: str = Field("", max_length=16)


class ParseView(BaseModel):
    edits: list[TextEdit] = Field(description="each with its explanation, in the instruction's language")
    not_understood: list[str] = Field(description="parts of the instruction that made no edit")
    suggestions: list[str] = Field(default_factory=list,
                                   description="close phrasings text control understands, when a part was not")
    locale: str
    backend: str = Field(description='"rules" or "llm"')
    fallback_reason: str = Field("", description="why the LLM backend's answer was not used, when one is configured")
    disagreements: list[str] = Field(default_factory=list, description="where the LLM's edits contradicted the "
                                     "rule reading's direction or target (the rule reading was answered)")


NOT_UNDERSTOOD = {422: {"model": NotUnderstoodBody, "description": "the body is invalid, or the instruction "
                        "makes no edit: what was not understood and close phrasings that are"}}


# --- helpers ---------------------------------------------------------------------------------

_REVISION_OPTIONS = ("instruction", "overrides", "locale", "from_revision", "edits")


def _roles(record: JobRecord) -> dict[str, str]:
    return {t.name: t.role for t in record.inputs}


def _check_overrides(overrides: dict[str, Any] | None, record: JobRecord) -> tuple[dict[str, Any], dict[str, float]]:
    """The overrides as stored on the job (tracks/buses, checked against the tables) and the
    delivery targets they change."""
    if not overrides:
        return {}, {}
    extra = sorted(set(overrides) - {"tracks", "buses", "bpm", "targets"})
    if extra:
        raise InvalidInput(f"overrides: unknown key(s) {', '.join(map(repr, extra))}; "
                           "expected tracks, buses, bpm, targets")
    mix = {k: overrides[k] for k in ("tracks", "buses", "bpm") if k in overrides}
    parse_job_overrides(mix, _roles(record))
    given = overrides.get("targets") or {}
    if not isinstance(given, dict):
        raise InvalidInput('overrides.targets must be an object such as {"target_lufs": -14}')
    targets = TARGETS.check(given, "overrides.targets")
    return mix, targets


def _current(record: JobRecord) -> list[text_control_pb2.TrackParameters] | list[dict]:
    mixing = record.parameters.mixing
    entries = [{"track": name, "values": values} for name, values in (mixing.tracks if mixing else {}).items()]
    entries += [{"track": bus, "values": values} for bus, values in (mixing.buses if mixing else {}).items()
                if bus in BUS_NAMES]
    entries.append({"track": "master", "values": {k: v for k, v in record.targets.items() if k == "target_lufs"}})
    return entries


async def parse_instruction(target: str, record: JobRecord, instruction: str, locale: str,
                            deadline_seconds: float = 10.0,
                            max_message_bytes: int = MAX_MESSAGE_BYTES) -> ParseView:
    """TextControl/Parse on the job's current parameters, within ``deadline_seconds``;
    :class:`NotUnderstood` when the instruction makes no edit."""
    if not target:
        raise Unavailable("text control is not configured on this gateway (text_control_grpc_target)")
    request = text_control_pb2.ParseRequest(instruction=instruction, locale=locale, current=_current(record),
                                            roles=_roles(record))
    async with channel(target, max_message_bytes) as chan:
        stub = text_control_pb2_grpc.TextControlServiceStub(chan)
        try:
            response = await stub.Parse(request, timeout=deadline_seconds,
                                        metadata=request_metadata(current_request_id()))
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.INVALID_ARGUMENT:
                raise InvalidInput(exc.details() or "invalid instruction") from exc
            raise Unavailable(f"text control at {target} did not answer: {exc.code().name}") from exc
    if not response.edits:
        raise NotUnderstood(list(response.not_understood), list(response.suggestions))
    return ParseView(
        edits=[TextEdit(target=e.target, parameter=e.parameter, old_value=e.old_value, value=e.value,
                         explanation=e.explanation, clamped=e.clamped) for e in response.edits],
        not_understood=list(response.not_understood), suggestions=list(response.suggestions),
        locale=response.locale, backend=response.backend, fallback_reason=response.fallback_reason,
        disagreements=list(response.disagreements),
    )


def _view(revision: int, status: JobStatus, parameters: StageOutputs, artifacts: dict[str, str],
          options: dict[str, Any], finished_at: float | None) -> RevisionView:
    parsed = parameters.text_control
    return RevisionView(
        revision=revision, status=status, instruction=str(options.get("instruction") or ""),
        edits=list(parsed.edits) if parsed else [],
        not_understood=list(parsed.not_understood) if parsed else [],
        suggestions=list(parsed.suggestions) if parsed else [], overrides=dict(options.get("overrides") or {}),
        parameters=parameters, artifacts=sorted(artifacts), finished_at=finished_at,
    )


def _has_mix(parameters: StageOutputs) -> bool:
    return parameters.mixing is not None and bool(parameters.mixing.tracks)


# --- routes ----------------------------------------------------------------------------------


def _start_from(current: JobRecord, from_revision: int | None) -> JobRecord:
    """``current`` checked as a job a revision may start from, its parameters set to those of
    revision ``from_revision`` when one is given (in place)."""
    job_id = current.id
    if current.kind != "mix":
        raise Conflict(f"job {job_id} is a {current.kind} job; only mix jobs can be revised")
    if not current.terminal:
        raise Conflict(f"job {job_id} is {current.status.value}; a job can be revised once it has finished")
    if not _has_mix(current.parameters):
        raise Conflict(f"job {job_id} has no mix parameters to start a revision from")
    if from_revision is not None:
        base = next((r for r in current.revisions if r.revision == from_revision), None)
        if base is None or not _has_mix(base.parameters):
            raise NotFound(f"job {job_id} has no finished revision {from_revision} with a mix")
        current.parameters.mixing = base.parameters.mixing.model_copy(deep=True)
        base_mastering = base.parameters.mastering
        if base_mastering is not None and base_mastering.targets.target_lufs is not None:
            current.targets["target_lufs"] = base_mastering.targets.target_lufs
    return current


@router.post("/v1/jobs/{job_id}/revisions", status_code=202, response_model=RevisionCreated,
             response_model_exclude_none=True,
             summary="Revise a finished mix: an instruction and/or parameter overrides",
             responses={**error_responses(404, 409, 413, 415, 503), **NOT_UNDERSTOOD})
async def create_revision(job_id: str, body: RevisionRequest, response: Response, bus: Bus,
                          tenant: Tenant, settings: Settings) -> RevisionCreated:
    instruction = (body.instruction or "").strip()
    record = await control.get_job(bus, tenant, job_id)
    overrides, targets = _check_overrides(body.overrides, record)
    if not instruction and not overrides and not targets and body.from_revision is None:
        raise InvalidInput("a revision needs an instruction, overrides, or a revision to go back to")
    plan = REVISION_PLAN if instruction else REVISION_PLAN[1:]
    read: ParseView | None = None
    if instruction and settings.text_control_grpc_target:
        # Read the instruction before touching the job: one that makes no edit is refused here.
        base = _start_from(record.model_copy(deep=True), body.from_revision)
        read = await parse_instruction(settings.text_control_grpc_target, base, instruction, body.locale,
                                       settings.text_control_deadline_seconds, settings.grpc_max_message_bytes)

    def start(current: JobRecord) -> JobRecord:
        _start_from(current, body.from_revision)
        current.revision += 1
        current.status, current.stage, current.progress, current.error = JobStatus.QUEUED, plan[0], 0.0, None
        current.plan = list(plan)
        options = {k: v for k, v in current.options.items() if k not in _REVISION_OPTIONS}
        options.update(instruction=instruction, overrides=overrides, locale=body.locale,
                       from_revision=body.from_revision)
        options["formats"] = list(dict.fromkeys(["wav24", *(body.formats or [])]))
        current.options = options
        current.targets.update(targets)
        current.parameters.text_control = None  # edits belong to the revision that made them
        # what the revision renders again: none of the previous revision's files may pass for its own
        current.artifacts = {name: key for name, key in current.artifacts.items() if name not in _RENDERED_AGAIN}
        current.updated_at = time.time()
        return current

    record = await bus.jobs.update(tenant, control.check_job_id(job_id), start)
    await bus.publish_event(Event(job_id=record.id, tenant=record.tenant, type="status", status=record.status,
                                  stage=record.stage, progress=0.0, message=f"revision {record.revision} queued"))
    await bus.publish_stage(StageMessage(job_id=record.id, tenant=record.tenant, stage=plan[0],
                                         revision=record.revision), current_request_id())
    log.info("revision_queued", job_id=record.id, revision=record.revision, plan=plan)
    response.headers["Location"] = f"/v1/jobs/{record.id}/revisions"
    if read is not None and read.not_understood:
        return RevisionCreated(id=record.id, revision=record.revision, not_understood=read.not_understood,
                               suggestions=read.suggestions)
    return RevisionCreated(id=record.id, revision=record.revision)


@router.get("/v1/jobs/{job_id}/revisions", response_model=list[RevisionView],
            summary="Every revision of a job: parameters, outputs, instruction and edits",
            responses=error_responses(404, 503))
async def list_revisions(job_id: str, bus: Bus, tenant: Tenant) -> list[RevisionView]:
    record = await control.get_job(bus, tenant, job_id)
    views = [_view(s.revision, s.status, s.parameters, s.artifacts, s.options, s.finished_at)
             for s in record.revisions]
    if not any(s.revision == record.revision for s in record.revisions):  # in progress: no outputs yet
        views.append(_view(record.revision, record.status, StageOutputs(), {}, record.options, None))
    return views


@router.get("/v1/jobs/{job_id}/revisions/{revision}/download/{artifact}", response_class=StreamingResponse,
            summary="Download an artifact of one revision (mix, master, report...)",
            responses={200: {"content": {media_type: {"schema": {"type": "string", "format": "binary"}}
                                         for media_type in ("audio/wav", "audio/flac", "audio/mpeg", "application/json")},
                             "description": "the artifact, as an attachment"}, **error_responses(403, 404, 503)})
async def download_revision_artifact(job_id: str, revision: int, artifact: str, bus: Bus, store: Store,
                                     tenant: DownloadTenant) -> StreamingResponse:
    record = await control.get_job(bus, tenant, job_id)
    snapshot = next((s for s in record.revisions if s.revision == revision), None)
    if snapshot is None:
        known = ", ".join(str(s.revision) for s in record.revisions) or "none finished yet"
        raise NotFound(f"job {job_id} has no finished revision {revision}; revisions: {known}")
    return await stream_artifact(store, tenant, job_id, artifact, snapshot.artifacts, f"r{revision}-")


@router.post("/v1/text-control/parse", response_model=ParseView, tags=["text control"],
             summary="Preview the edits an instruction would make on a job, each explained",
             responses={**error_responses(404, 409, 413, 415, 503), **NOT_UNDERSTOOD})
async def preview(body: ParseBody, bus: Bus, tenant: Tenant, settings: Settings) -> ParseView:
    record = await control.get_job(bus, tenant, body.job_id)
    if not _has_mix(record.parameters):
        raise Conflict(f"job {body.job_id} has no mix parameters yet; preview once its mix is done")
    return await parse_instruction(settings.text_control_grpc_target, record, body.instruction, body.locale,
                                   settings.text_control_deadline_seconds, settings.grpc_max_message_bytes)
