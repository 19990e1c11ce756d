"""/v1/separations: split a song into stems; /v1/jobs/{id}/download/stems[/{name}]: get them.

A separation is a job of kind ``separation`` (plan ``["separation"]``): it is read, followed,
cancelled like any job under ``/v1/jobs/{id}``, whose view carries the song's ``analysis``
(tempo and key) once separated. Its stems download one by one or together as a zip, and a mix
job can start from them (``POST /v1/jobs`` with ``from_separation``).
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from mixdown.errors import Conflict, NotFound
from mixdown_gateway import admission, control, stems
from mixdown_gateway.deps import AccessState, Bus, Caller, DownloadTenant, Settings, Store
from mixdown_gateway.downloads import CHUNK_BYTES, stream_object
from mixdown_gateway.forms import single_field
from mixdown_gateway.schemas import CALLBACK_URL_FIELD, INVALID_REQUEST, JobCreated, error_responses
from mixdown_gateway.submission import submit_separation, validate_separation_form
from mixdown_gateway.uploads import ParsedForm

log = structlog.get_logger(__name__)

router = APIRouter(tags=["separations"], responses=INVALID_REQUEST)


_SEPARATION_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "the song (WAV, FLAC, AIFF, OGG, MP3), mono or stereo",
                        },
                        "options": {
                            "type": "string",
                            "description": 'JSON object {"stems_required": [<stem>...], "drum_separation": '
                            'true|false, "format": "wav"|"flac"|"mp3", "source": "song"|"drums"}. Stems: '
                            + ", ".join(stems.STEM_NAMES)
                            + " (guitar and piano only from a six-stem model). Without stems_required, every "
                            "stem; drum_separation (kick, snare, cymbals, toms from the drum stem) defaults to "
                            "true then, and to whether stems_required names a drum sub-stem otherwise. wav is "
                            "float32 (the stems sum back to the song exactly), flac 24-bit, mp3 320 kbit/s. source "
                            '"drums": the file is a drum stem (a drum bus), only its split into kick, snare, '
                            "cymbals and toms runs (stems_required may name those only; a plan with drum "
                            "separation).",
                            "example": '{"stems_required": ["drums", "bass", "vocals", "other"], '
                            '"drum_separation": true, "format": "wav"}',
                        },
                        "callback_url": CALLBACK_URL_FIELD,
                    },
                }
            }
        },
    }
}


@router.post(
    "/v1/separations",
    status_code=201,
    response_model=JobCreated,
    summary="Separate a song into stems (drums, bass, vocals, other; kick, snare, cymbals, toms) with its tempo and key",
    responses=error_responses(400, 403, 413, 415, 422, 503),
    openapi_extra=_SEPARATION_BODY,
)
async def create_separation(
    request: Request, response: Response, bus: Bus, store: Store, caller: Caller, access: AccessState,
    settings: Settings,
) -> JobCreated:
    """Plans without drum separation get main stems only; asking for drum sub-stems on them is a 403."""
    def prepare(form: ParsedForm) -> admission.Submit:
        separation = validate_separation_form(form)
        options = admission.plan_options(caller, single_field(form.fields, "options"), separation.options)
        separation = dataclasses.replace(separation, options=options)
        return lambda callback_url: submit_separation(
            separation, bus=bus, store=store, tenant=caller.tenant,
            max_duration_seconds=settings.max_duration_seconds, priority=caller.plan.priority,
            callback_url=callback_url,
        )

    return await admission.admit_upload(request, response, access, bus, caller, settings,
                                         first_stage=stems.SEPARATION_PLAN[0], prepare=prepare, max_files=1,
                                         file_field="file")


_AUDIO = {
    "audio/wav": {"schema": {"type": "string", "format": "binary"}},
    "audio/flac": {"schema": {"type": "string", "format": "binary"}},
    "audio/mpeg": {"schema": {"type": "string", "format": "binary"}},
}


@router.get(
    "/v1/jobs/{job_id}/download/stems",
    summary="Download every stem of a separation as a zip (<name>.<format> entries)",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
              "description": "a zip, streamed, one stored (uncompressed) entry per stem"},
        **error_responses(403, 404, 409, 503),
    },
)
async def download_stems_zip(job_id: str, bus: Bus, store: Store, tenant: DownloadTenant) -> StreamingResponse:
    record = await control.get_job(bus, tenant, job_id)
    refs = stems.stem_artifacts(record)
    if not refs:
        available = ", ".join(sorted(record.artifacts)) or "none"
        if not record.terminal:
            raise Conflict(f"job {job_id} is {record.status.value}; its stems are not available yet")
        raise NotFound(f"job {job_id} has no artifact 'stems'; available: {available}")
    entries = []
    for name, ref in refs.items():
        key = stems.stem_key(store, record, ref)
        if await asyncio.to_thread(store.stat, key) is None:
            raise NotFound(f"stem {name!r} of job {job_id} is missing from storage")
        entries.append((f"{name}.{stems.extension(key)}", key))
    return StreamingResponse(
        stems.zip_stream(store, entries, CHUNK_BYTES),  # a blocking iterator: Starlette runs it in a thread
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{job_id}-stems.zip"'},
    )


@router.get(
    "/v1/jobs/{job_id}/download/stems/{name}",
    summary="Download one stem of a separation",
    response_class=StreamingResponse,
    responses={200: {"content": _AUDIO, "description": "the stem, as an attachment"}, **error_responses(403, 404, 409, 503)},
)
async def download_stem(
    job_id: str, name: str, bus: Bus, store: Store, tenant: DownloadTenant
) -> StreamingResponse:
    record = await control.get_job(bus, tenant, job_id)
    key = stems.stem_key(store, record, stems.find_stem(record, name))
    info = await asyncio.to_thread(store.stat, key)
    if info is None:
        raise NotFound(f"stem {name!r} of job {job_id} is missing from storage")
    return await stream_object(store, key, info.size_bytes, f"{job_id}-{name}.{stems.extension(key)}")
