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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import structlog

from mixdown.audio import AudioInfo, AudioLimits, check_finite, probe
from mixdown.errors import InvalidInput
from mixdown.events.bus import Bus
from mixdown.events.messages import Event, InputTrack, JobRecord, JobStatus, StageMessage
from mixdown.storage import ObjectStore, job_prefix
from mixdown_gateway import forms, stems
from mixdown_gateway.errors import UnsupportedMedia
from mixdown_gateway.reference import (
    StyleRequest,
    check_style_reference,
    fetch_reference_job,
    parse_style,
    reference_job_master,
)
from mixdown_gateway.requestid import current_request_id
from mixdown_gateway.uploads import ParsedForm, UploadedFile, safe_name

log = structlog.get_logger(__name__)

MIX_PLAN = ["mixing", "mastering", "qc"]
REFERENCE_FIELD = "reference"
"""The multipart field of a job's optional reference track (one file)."""

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
    from_separation: str | None = None
    """A succeeded separation job whose stems ``stems`` are inputs too (tracks list them first)."""
    stems: list[str] = field(default_factory=list)
    spool_dir: Path | None = None
    """Where the stems are copied before they are probed (the upload's spool folder)."""
    reference: UploadedFile | None = None
    """A finished master whose tonal balance, loudness and width the mastering stage matches."""
    formats: list[str] | None = None
    """The master formats to deliver (None: every format)."""
    style: StyleRequest = field(default_factory=StyleRequest)
    """How the tracks are mixed: the DSP plan, or in the style of the reference (``mix_mode=style``)."""


def validate_form(form: ParsedForm, max_files: int) -> JobRequest:
    """Check the text fields and file names; raises InvalidInput naming the problem.

    With ``from_separation`` (a separation job id), ``stems_meta`` names stems of that job
    (and any uploaded files) with their roles: the mix takes the stems as inputs.
    """
    forms.check_field_names(form.fields)
    files = [f for f in form.files if f.field_name != REFERENCE_FIELD]
    reference = next((f for f in form.files if f.field_name == REFERENCE_FIELD), None)
    source = forms.single_field(form.fields, "from_separation")
    if not files and source is None:
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
    stem_names: list[str] = []
    if source is None:
        tracks = forms.parse_tracks(forms.single_field(form.fields, "stems_meta"), [f.filename for f in files])
    else:
        source = stems.check_source_id(source)
        tracks, stem_names = stems.parse_stem_tracks(
            forms.single_field(form.fields, "stems_meta"), [f.filename for f in files]
        )
        if len(tracks) > max_files:
            raise InvalidInput(f"too many tracks: {len(tracks)} stems and files, at most {max_files} per job")
    forms.check_tracks_for_preset(preset, tracks)
    targets = forms.parse_targets(forms.single_field(form.fields, "targets"))
    overrides = forms.parse_overrides(forms.single_field(form.fields, "overrides"), tracks)
    if reference is not None and not reference.filename:
        raise InvalidInput("the reference track has no file name")
    style = parse_style(form.fields, reference is not None)
    if style.reference_job is not None and form.directory is None:
        raise ValueError("a form with reference_job needs its spool directory (parse_multipart sets it)")
    return JobRequest(preset=preset.name, tracks=tracks, files=files, targets=targets, overrides=overrides,
                      from_separation=source, stems=stem_names, spool_dir=form.directory, reference=reference,
                      formats=forms.parse_formats(forms.single_field(form.fields, "formats")), style=style)


@dataclass(frozen=True)
class SeparationRequest:
    """A validated ``POST /v1/separations``: the song and the job's options."""

    upload: UploadedFile
    options: dict[str, Any]


def validate_separation_form(form: ParsedForm) -> SeparationRequest:
    """Check the ``options`` field and the single ``file``; raises InvalidInput naming the problem."""
    stems.check_separation_fields(form.fields, form.files)
    options = stems.parse_separation_options(forms.single_field(form.fields, "options"))
    return SeparationRequest(upload=form.files[0], options=options)


# Probe problems that mean "this is not audio we can read" (415); the others (channel count,
# sample rate, duration, inconsistent header) are readable audio we refuse to process (422).
_FORMAT_PROBLEMS = ("not a recognised audio format", "is not supported", "cannot open")


def probe_upload(upload: UploadedFile, limits: AudioLimits) -> AudioInfo:
    """Probe one spooled upload and scan a float file for NaN or infinite samples; errors name
    the uploaded file. Blocking: run it in a thread."""
    if upload.size_bytes == 0:
        raise InvalidInput(f"file {upload.filename!r} is empty")
    try:
        info = probe(upload.path, limits)
        check_finite(upload.path, info)
        return info
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
    request: JobRequest, *, bus: Bus, store: ObjectStore, tenant: str, max_duration_seconds: float,
    priority: int = 0, callback_url: str = "", style_lane: bool = False,
) -> JobRecord:
    """Probe, store and queue a mix job; returns the created record.

    With ``mix_mode=style`` the reference (uploaded, or the master of ``reference_job`` copied into
    this job's folder) is checked for the style mode; with ``style_lane`` the job's mixing is queued
    on the ``style`` lane, which the style worker (``mixing_ml``) consumes.

    With ``from_separation``, that separation's stems are copied (never re-uploaded by the
    client) and probed like uploads, then stored as the mix job's first inputs.
    """
    limits = AudioLimits(max_duration_seconds=max_duration_seconds)
    files = list(request.files)
    options: dict[str, Any] = {}
    if request.from_separation is not None:
        if request.spool_dir is None:
            raise ValueError("a request with from_separation needs spool_dir (validate_form sets it)")
        refs = await stems.separation_for_mix(bus, tenant, request.from_separation, request.stems)
        files = await asyncio.to_thread(stems.fetch_stem_files, store, tenant, request.from_separation, refs,
                                        request.spool_dir) + files
        options = {"from_separation": request.from_separation, "stems": list(request.stems)}
    if request.formats is not None:
        options["formats"] = request.formats
    reference = request.reference
    reference_name = reference.filename if reference is not None else ""
    if request.style.reference_job is not None:
        key = await reference_job_master(bus, tenant, request.style.reference_job)
        reference = await asyncio.to_thread(fetch_reference_job, store, key, request.style.reference_job,
                                            request.spool_dir)
        reference_name = f"reference_job:{request.style.reference_job}"
    options.update(request.style.options(reference_name))
    # Blocking file reads (a header probe, a storage client) run off the event loop; I/O, not compute.
    infos = [await asyncio.to_thread(probe_upload, upload, limits) for upload in files]
    if reference is not None:
        reference_info = await asyncio.to_thread(probe_upload, reference, limits)
        if request.style.style:
            await asyncio.to_thread(check_style_reference, reference, reference_info)
    return await create_job(
        bus, store, tenant, kind="mix", plan=MIX_PLAN, tracks=request.tracks, files=files, infos=infos,
        preset=request.preset, targets=request.targets, overrides=request.overrides, options=options,
        priority=priority, callback_url=callback_url, reference=reference,
        lane="style" if request.style.style and style_lane else "",
    )


async def submit_separation(
    request: SeparationRequest, *, bus: Bus, store: ObjectStore, tenant: str, max_duration_seconds: float,
    priority: int = 0, callback_url: str = "",
) -> JobRecord:
    """Probe, store and queue a separation job; returns the created record."""
    limits = AudioLimits(max_duration_seconds=max_duration_seconds)
    info = await asyncio.to_thread(probe_upload, request.upload, limits)
    return await create_job(
        bus, store, tenant, kind="separation", plan=stems.SEPARATION_PLAN,
        tracks=[forms.TrackSpec(request.upload.filename, stems.SONG_ROLE)], files=[request.upload], infos=[info],
        options=request.options, priority=priority, callback_url=callback_url,
    )


async def create_job(
    bus: Bus,
    store: ObjectStore,
    tenant: str,
    *,
    kind: str,
    plan: list[str],
    tracks: list[forms.TrackSpec],
    files: list[UploadedFile],
    infos: list[AudioInfo],
    preset: str = "",
    targets: dict[str, float] | None = None,
    overrides: dict | None = None,
    options: dict[str, Any] | None = None,
    priority: int = 0,
    callback_url: str = "",
    reference: UploadedFile | None = None,
    lane: str = "",
) -> JobRecord:
    """Store the probed files as the job's inputs (and a reference track beside them), create
    its record, announce it and queue its first stage; on any failure, remove what was written."""
    job_id = uuid.uuid4().hex
    prefix = job_prefix(tenant, job_id)
    bound = log.bind(job_id=job_id, tenant=tenant)
    wrote_objects = False
    created = False
    try:
        inputs: list[InputTrack] = []
        for index, (track, upload, info) in enumerate(zip(tracks, files, infos, strict=True), 1):
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
        options = dict(options or {})
        if reference is not None:
            key = f"{prefix}/reference/{safe_name(reference.filename)}"
            wrote_objects = True
            await asyncio.to_thread(store.put_file, key, reference.path, content_type_for(key))
            options["reference_key"] = key
        record = JobRecord(
            id=job_id,
            tenant=tenant,
            kind=kind,
            plan=list(plan),
            stage=plan[0],
            preset=preset,
            targets=targets or {},
            overrides=overrides or {},
            options=options,
            inputs=inputs,
            priority=priority,
            callback_url=callback_url,
        )
        await bus.jobs.create(record)
        created = True
        await bus.publish_event(
            Event(job_id=job_id, tenant=tenant, type="status", status=JobStatus.QUEUED, stage=plan[0],
                  message="queued")
        )
        await bus.publish_stage(StageMessage(job_id=job_id, tenant=tenant, stage=plan[0], lane=lane),
                                current_request_id())
    except BaseException as exc:
        with anyio.CancelScope(shield=True):
            await _roll_back(bus, store, record_key=f"{tenant}.{job_id}" if created else None,
                             prefix=prefix if wrote_objects else None)
        bound.warning("job_submission_rolled_back", error=f"{type(exc).__name__}: {exc}")
        raise
    bound.info("job_submitted", kind=kind, preset=preset, tracks=len(inputs))
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
