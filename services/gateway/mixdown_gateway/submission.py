"""Job submission: validate the form, probe the audio, store the inputs, create and queue the job.

Order matters: everything that can be checked without touching storage is checked first
(fields, names, roles, preset, targets), then every file is probed, and only then is anything
written. When a step after the first write fails (storage, KV, NATS, or the client going
away), the job's objects and record are removed again, so no half-created job is left behind.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from dataclasses import dataclass

import anyio
import structlog

from mixdown.audio import AudioInfo, AudioLimits, probe
from mixdown.errors import InvalidInput
from mixdown.events.bus import Bus
from mixdown.events.messages import Event, InputTrack, JobRecord, JobStatus, StageMessage
from mixdown.storage import ObjectStore, job_prefix
from mixdown_gateway import forms
from mixdown_gateway.errors import UnsupportedMedia
from mixdown_gateway.uploads import ParsedForm, UploadedFile, safe_name

log = structlog.get_logger(__name__)

MIX_PLAN = ["mixing", "mastering", "qc"]

CONTENT_TYPES = {
    "wav": "audio/wav",
    "wave": "audio/wav",
    "flac": "audio/flac",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "aiff": "audio/aiff",
    "aif": "audio/aiff",
    "json": "application/json",
}


def content_type_for(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(ext, "application/octet-stream")


@dataclass(frozen=True)
class JobRequest:
    """A validated submission, before any audio is probed or stored."""

    preset: str
    tracks: list[forms.TrackSpec]
    files: list[UploadedFile]
    targets: dict[str, float]
    overrides: dict


def validate_form(form: ParsedForm, max_files: int) -> JobRequest:
    """Check the text fields and file names; raises InvalidInput naming the problem."""
    forms.check_field_names(form.fields)
    files = form.files
    if not files:
        raise InvalidInput("no files uploaded: send one or more audio files as repeated 'files' parts")
    if len(files) > max_files:
        raise InvalidInput(f"too many files: {len(files)} uploaded, at most {max_files} per job")
    for upload in files:
        if not upload.filename:
            raise InvalidInput(f"file number {files.index(upload) + 1} has no file name")
    duplicates = [name for name, count in Counter(f.filename for f in files).items() if count > 1]
    if duplicates:
        raise InvalidInput(f"duplicate file name {duplicates[0]!r}: each uploaded file needs a distinct name")
    preset = forms.parse_preset(forms.single_field(form.fields, "preset"))
    tracks = forms.parse_tracks(forms.single_field(form.fields, "stems_meta"), [f.filename for f in files])
    forms.check_tracks_for_preset(preset, tracks)
    targets = forms.parse_targets(forms.single_field(form.fields, "targets"))
    overrides = forms.parse_overrides(forms.single_field(form.fields, "overrides"))
    return JobRequest(preset=preset.name, tracks=tracks, files=files, targets=targets, overrides=overrides)


# Probe problems that mean "this is not audio we can read" (415); the others (channel count,
# sample rate, duration, inconsistent header) are readable audio we refuse to process (422).
_FORMAT_PROBLEMS = ("not a recognised audio format", "is not supported", "cannot open")


def probe_upload(upload: UploadedFile, limits: AudioLimits) -> AudioInfo:
    """Probe one spooled upload; errors name the uploaded file. Blocking: run it in a thread."""
    if upload.size_bytes == 0:
        raise InvalidInput(f"file {upload.filename!r} is empty")
    try:
        return probe(upload.path, limits)
    except InvalidInput as exc:
        # the spool path means nothing to the user (and is no business of theirs)
        problem = str(exc).removeprefix(f"{upload.path.name}: ").replace(str(upload.path), upload.filename)
        if any(marker in problem for marker in _FORMAT_PROBLEMS):
            raise UnsupportedMedia(f"file {upload.filename!r} is not usable audio: {problem}") from None
        raise InvalidInput(f"file {upload.filename!r} is not usable audio: {problem}") from None
    except (RuntimeError, ValueError, OSError) as exc:  # a decoder error that probe did not wrap
        problem = str(exc).replace(str(upload.path), upload.filename)
        raise UnsupportedMedia(f"file {upload.filename!r} is not readable audio: {problem}") from None


async def submit_job(
    request: JobRequest, *, bus: Bus, store: ObjectStore, tenant: str, max_duration_seconds: float
) -> JobRecord:
    """Probe, store and queue the job; returns the created record."""
    limits = AudioLimits(max_duration_seconds=max_duration_seconds)
    infos = [await asyncio.to_thread(probe_upload, upload, limits) for upload in request.files]

    job_id = uuid.uuid4().hex
    prefix = job_prefix(tenant, job_id)
    bound = log.bind(job_id=job_id, tenant=tenant)
    wrote_objects = False
    created = False
    try:
        inputs: list[InputTrack] = []
        for index, (track, upload, info) in enumerate(zip(request.tracks, request.files, infos, strict=True), 1):
            key = f"{prefix}/inputs/{index:02d}-{safe_name(upload.filename)}"
            wrote_objects = True
            stored = await asyncio.to_thread(store.put_file, key, upload.path, content_type_for(key))
            inputs.append(
                InputTrack(
                    name=track.name,
                    role=track.role,
                    key=key,
                    sample_rate_hz=info.sample_rate_hz,
                    channels=info.channels,
                    frames=info.frames,
                    duration_seconds=round(info.duration_seconds, 6),
                    format=str(info.format).lower(),
                    size_bytes=stored.size_bytes,
                )
            )
        record = JobRecord(
            id=job_id,
            tenant=tenant,
            kind="mix",
            plan=list(MIX_PLAN),
            stage=MIX_PLAN[0],
            preset=request.preset,
            targets=request.targets,
            overrides=request.overrides,
            inputs=inputs,
        )
        await bus.jobs.create(record)
        created = True
        await bus.publish_event(
            Event(job_id=job_id, tenant=tenant, type="status", status=JobStatus.QUEUED, stage=MIX_PLAN[0],
                  message="queued")
        )
        await bus.publish_stage(StageMessage(job_id=job_id, tenant=tenant, stage=MIX_PLAN[0]))
    except BaseException as exc:
        with anyio.CancelScope(shield=True):
            await _roll_back(bus, store, record_key=f"{tenant}.{job_id}" if created else None,
                             prefix=prefix if wrote_objects else None)
        bound.warning("job_submission_rolled_back", error=f"{type(exc).__name__}: {exc}")
        raise
    bound.info("job_submitted", preset=request.preset, tracks=len(inputs))
    return record


async def _roll_back(bus: Bus, store: ObjectStore, record_key: str | None, prefix: str | None) -> None:
    if record_key is not None:
        try:
            await bus.kv.purge(record_key)
        except Exception as exc:  # noqa: BLE001 - best effort; the objects are removed below regardless
            log.error("job_rollback_record_failed", key=record_key, error=str(exc))
    if prefix is not None:
        try:
            await asyncio.to_thread(store.delete_prefix, prefix)
        except Exception as exc:  # noqa: BLE001 - reported; nothing more can be done here
            log.error("job_rollback_objects_failed", prefix=prefix, error=str(exc))
