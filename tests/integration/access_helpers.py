"""Helpers of the access tests: keys for more tenants, jobs finished as the stages leave them."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from mixdown.events.messages import Event, JobRecord, JobStatus
from mixdown.events.outputs import StageOutputs
from mixdown.mixparams import BUS_NAMES, defaults
from tests.auth import bearer

VOCAL_META = json.dumps([{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "beat.wav", "role": "instrumental"}])
STEMS = ("drums", "bass", "vocals", "other")


def call(client: TestClient, fn, *args):
    """Run an async function on the app's event loop (where its NATS connection lives)."""
    return client.portal.call(fn, *args)


def new_key(client: TestClient, tenant: str, plan: str) -> dict[str, str]:
    """A fresh API key of ``tenant`` on ``plan``, as request headers."""
    _, key = call(client, client.app.state.access.keys.create, tenant, plan)
    return bearer(key)


def post_mix(client: TestClient, headers: dict[str, str], files: list[tuple[str, Path]], **fields: str):
    parts: list = [(name, (None, value)) for name, value in {"stems_meta": VOCAL_META, **fields}.items()]
    parts += [("files", (name, path.read_bytes(), "audio/wav")) for name, path in files]
    return client.post("/v1/jobs", files=parts, headers=headers)


def post_separation(client: TestClient, headers: dict[str, str], song: Path, options: dict | None = None,
                    **fields: str):
    parts: list = [(name, (None, value)) for name, value in fields.items()]
    if options is not None:
        parts.append(("options", (None, json.dumps(options))))
    parts.append(("file", (song.name, song.read_bytes(), "audio/wav")))
    return client.post("/v1/separations", files=parts, headers=headers)


def finish_mix(client: TestClient, tenant: str, job_id: str) -> dict[str, bytes]:
    """Write a mix's outputs and mark the job succeeded (revision 0 snapshotted); returns the
    bytes stored for each artifact."""
    store = client.app.state.store
    contents = {name: f"RIFF {tenant} {job_id} {name}".encode() for name in ("mix", "master", "report")}
    artifacts = {}
    for name, data in contents.items():
        key = f"tenants/{tenant}/jobs/{job_id}/runs/r0/{name}.{'json' if name == 'report' else 'wav'}"
        store.put_bytes(key, data)
        artifacts[name] = key

    def finish(record: JobRecord) -> JobRecord:
        record.parameters = StageOutputs.model_validate({
            "mixing": {"preset": "modern_clean", "sample_rate_hz": 48000, "bpm": 120.0,
                       "tracks": {"vocal.wav": defaults("vocal.wav"), "beat.wav": defaults("beat.wav")},
                       "buses": {bus: defaults(bus) for bus in BUS_NAMES}},
            "mastering": {"settings": {}, "targets": {"target_lufs": -14.0}, "corrections": {}}})
        record.artifacts = artifacts
        record.status, record.stage, record.progress = JobStatus.SUCCEEDED, None, 1.0
        record.snapshot()
        return record

    call(client, client.app.state.bus.jobs.update, tenant, job_id, finish)
    return contents


def finish_separation(client: TestClient, tenant: str, job_id: str, make_audio) -> dict[str, bytes]:
    """Write four stems (real WAV files) and mark the separation succeeded."""
    store = client.app.state.store
    contents, artifacts = {}, {}
    for index, name in enumerate(STEMS):
        path = make_audio(f"{tenant}-{name}.wav", seconds=1.0, frequency_hz=110.0 * (index + 1))
        key = f"tenants/{tenant}/jobs/{job_id}/runs/r0-separation-i0/stems/{name}.wav"
        store.put_file(key, path)
        contents[name] = path.read_bytes()
        artifacts[f"stems/{name}"] = key

    def finish(record: JobRecord) -> JobRecord:
        record.artifacts = artifacts
        record.status, record.stage, record.progress = JobStatus.SUCCEEDED, None, 1.0
        return record

    call(client, client.app.state.bus.jobs.update, tenant, job_id, finish)
    return contents


def end_job(client: TestClient, tenant: str, job_id: str, status: JobStatus = JobStatus.SUCCEEDED) -> JobRecord:
    """Do what the last stage does: mark the job final and publish its final ``status`` event."""

    def finish(record: JobRecord) -> JobRecord:
        record.status, record.stage, record.progress = status, None, 1.0
        record.snapshot()
        return record

    record = call(client, client.app.state.bus.jobs.update, tenant, job_id, finish)
    publish_final(client, record)
    return record


def publish_final(client: TestClient, record: JobRecord) -> None:
    event = Event(job_id=record.id, tenant=record.tenant, type="status", status=record.status, progress=1.0,
                  message=record.status.value)
    call(client, client.app.state.bus.publish_event, event)
