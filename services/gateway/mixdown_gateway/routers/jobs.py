"""/v1/jobs: submit a job (multipart upload), read it, follow its events, download, cancel."""

from __future__ import annotations

import re
from typing import Any

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from mixdown.catalog import (
    DEFAULT_MIX_MODE,
    DEFAULT_PRESET,
    LOUDNESS_PRESETS_LUFS,
    MASTER_FORMATS,
    MAX_TRACKS,
    MIX_MODES,
    PRESETS,
    ROLES,
    STYLE,
    STYLE_MIN_REFERENCE_SECONDS,
    TARGETS,
)
from mixdown.errors import Conflict, NotFound
from mixdown_gateway import admission, control
from mixdown_gateway.deps import AccessState, Bus, Caller, DownloadTenant, Settings, Store, Tenant
from mixdown_gateway.downloads import ARTIFACT_NAME, stream_artifact
from mixdown_gateway.schemas import (
    CALLBACK_URL_FIELD,
    INVALID_REQUEST,
    JOB_EVENT_STREAM_ITEM,
    CancelResult,
    JobCreated,
    JobView,
    error_responses,
)
from mixdown_gateway.sse import SSE_HEADERS, job_event_stream
from mixdown_gateway.submission import MIX_PLAN, REFERENCE_FIELD, submit_job, validate_form
from mixdown_gateway.uploads import ParsedForm

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], responses=INVALID_REQUEST)



def _range(name: str) -> str:
    return f"{TARGETS[name].min:g}..{TARGETS[name].max:g}"


_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "maxItems": MAX_TRACKS,
                            "description": "audio files (WAV, FLAC, AIFF, OGG, MP3), one part per file",
                        },
                        "reference": {
                            "type": "string",
                            "format": "binary",
                            "description": "optional: one finished master to match (average spectrum, loudness "
                            "and width, as mastering references do); not mixed. With mix_mode=style the same "
                            "reference drives the mix too (tonal balance, stereo image, space, dynamics); it must "
                            f"last at least {STYLE_MIN_REFERENCE_SECONDS:g} s and not be silent; any sample rate",
                        },
                        "mix_mode": {
                            "type": "string", "enum": list(MIX_MODES), "default": DEFAULT_MIX_MODE,
                            "description": "dsp: the analysis-driven plan; style: the console's parameters are "
                            "searched so the mix sounds like the reference (needs 'reference' or reference_job); "
                            "the job's parameters.mixing.style then gives the distances to the reference per "
                            "feature for the DSP plan and the delivered mix",
                        },
                        "style_amount": {
                            "type": "number", "minimum": STYLE["style_amount"].min,
                            "maximum": STYLE["style_amount"].max, "default": STYLE["style_amount"].default,
                            "description": "mix_mode=style only: " + STYLE["style_amount"].description,
                        },
                        "reference_job": {
                            "type": "string",
                            "description": "mix_mode=style only, instead of a 'reference' file: the id of a "
                            "succeeded mix job of yours whose master becomes the reference (\"sound like my last "
                            "song\"); it is also the mastering reference",
                        },
                        "formats": {
                            "type": "string",
                            "description": "master formats to deliver, a JSON list or comma-separated: "
                            + ", ".join(MASTER_FORMATS) + " (wav24 always); default: all",
                            "example": "wav24,mp3",
                        },
                        "stems_meta": {
                            "type": "string",
                            "description": 'JSON list of {"name": <uploaded file name>, "role": <role>}, one '
                            "entry per file; when absent, roles are guessed from the file names. Roles: "
                            + ", ".join(ROLES),
                            "example": '[{"name": "vocal.wav", "role": "lead_vocal"}, '
                            '{"name": "beat.wav", "role": "instrumental"}]',
                        },
                        "preset": {"type": "string", "enum": list(PRESETS), "default": DEFAULT_PRESET},
                        "targets": {
                            "type": "string",
                            "description": f'JSON object {{"target_lufs": {_range("target_lufs")} or one of '
                            + ", ".join(LOUDNESS_PRESETS_LUFS)
                            + f', "ceiling_dbtp": {_range("ceiling_dbtp")}}}; defaults '
                            f'{TARGETS["target_lufs"].default:g} LUFS and {TARGETS["ceiling_dbtp"].default:g} dBTP',
                            "example": '{"target_lufs": "streaming", "ceiling_dbtp": -1}',
                        },
                        "overrides": {
                            "type": "string",
                            "description": 'JSON object {"tracks": {<file name>: {<parameter>: <number>}}, '
                            '"buses": {"reverb" | "delay" | "bus": {<parameter>: <number>}}, "bpm": <number>}; '
                            "parameters, ranges and units as GET /v1/parameters lists them; they win over the "
                            "preset and the analysis",
                            "example": '{"tracks": {"vocal.wav": {"reverb_send_db": -12}}, '
                            '"buses": {"delay": {"delay_note": 0.75}}, "bpm": 140}',
                        },
                        "callback_url": CALLBACK_URL_FIELD,
                        "from_separation": {
                            "type": "string",
                            "description": "id of a succeeded separation job (POST /v1/separations) of yours: its "
                            "stems become inputs of this mix without being uploaded again (files may then be "
                            "omitted). stems_meta is required and names the stems to mix with their roles, "
                            'e.g. [{"name": "vocals", "role": "lead_vocal"}, {"name": "drums", "role": "drums"}]; '
                            "it may also name uploaded files",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "",
    status_code=201,
    response_model=JobCreated,
    summary="Submit a mix job (multipart upload)",
    responses=error_responses(400, 401, 403, 409, 413, 415, 422, 429, 503),
    openapi_extra=_UPLOAD_BODY,
)
async def create_job(
    request: Request, response: Response, bus: Bus, store: Store, caller: Caller, access: AccessState,
    settings: Settings,
) -> JobCreated:
    def prepare(form: ParsedForm) -> admission.Submit:
        job_request = validate_form(form, settings.max_files)
        return lambda callback_url: submit_job(
            job_request, bus=bus, store=store, tenant=caller.tenant,
            max_duration_seconds=settings.max_duration_seconds, priority=caller.plan.priority,
            callback_url=callback_url, style_lane=settings.style_lane,
        )

    return await admission.admit_upload(request, response, access, bus, caller, settings,
                                         first_stage=MIX_PLAN[0], prepare=prepare, max_files=settings.max_files,
                                         single_file_fields=(REFERENCE_FIELD,))


@router.get("/{job_id}", response_model=JobView, summary="Read a job", responses=error_responses(404, 503))
async def read_job(job_id: str, bus: Bus, tenant: Tenant) -> JobView:
    return JobView.from_record(await control.get_job(bus, tenant, job_id))


@router.get(
    "/{job_id}/events",
    summary="Follow a job's events (Server-Sent Events)",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {"schema": JOB_EVENT_STREAM_ITEM}},
            "description": "`event: <type>` / `data: <event JSON>` per event, from the first; ends after "
            "the final one",
        },
        **error_responses(404, 503),
    },
)
async def job_events(job_id: str, request: Request, bus: Bus, tenant: Tenant, settings: Settings) -> StreamingResponse:
    record = await control.get_job(bus, tenant, job_id)
    last_id = request.headers.get("last-event-id", "")
    stream = job_event_stream(
        bus,
        record,
        heartbeat_seconds=settings.sse_heartbeat_seconds,
        is_disconnected=request.is_disconnected,
        last_event_id=int(last_id) if re.fullmatch(r"[0-9]{1,18}", last_id) else 0,
    )
    return StreamingResponse(stream, media_type="text/event-stream", headers=SSE_HEADERS)


@router.get(
    "/{job_id}/download/{artifact}",
    summary="Download an artifact of a job (mix, master, report)",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                "audio/wav": {"schema": {"type": "string", "format": "binary"}},
                "audio/flac": {"schema": {"type": "string", "format": "binary"}},
                "audio/mpeg": {"schema": {"type": "string", "format": "binary"}},
                "application/json": {"schema": {"type": "object"}},
            },
            "description": "the artifact, as an attachment",
        },
        **error_responses(403, 404, 409, 503),
    },
)
async def download_artifact(
    job_id: str, artifact: str, bus: Bus, store: Store, tenant: DownloadTenant
) -> StreamingResponse:
    record = await control.get_job(bus, tenant, job_id)
    if not (ARTIFACT_NAME.match(artifact) and artifact in record.artifacts):
        available, shown = ", ".join(sorted(record.artifacts)) or "none", artifact[:64]
        if not record.terminal:
            raise Conflict(
                f"job {job_id} is {record.status.value}; artifact {shown!r} is not available yet "
                f"(available now: {available})"
            )
        raise NotFound(f"job {job_id} has no artifact {shown!r}; available: {available}")
    return await stream_artifact(store, tenant, job_id, artifact, record.artifacts)


@router.delete(
    "/{job_id}", response_model=CancelResult, summary="Cancel a queued or running job", responses=error_responses(404, 409, 503)
)
async def cancel_job(job_id: str, bus: Bus, tenant: Tenant) -> CancelResult:
    record = await control.cancel_job(bus, tenant, job_id)
    return CancelResult(id=record.id, status=record.status)
