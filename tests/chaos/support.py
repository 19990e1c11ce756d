"""Helpers for reliability tests on the embedded stack: API calls with the stack's key, waits that
always end, the state of the JetStream stage consumers, and what a job left in storage."""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path

import httpx
import nats.errors
import soundfile as sf
from nats.js.api import DeliverPolicy

from mixdown.events.bus import DEAD_SUBJECT, EVENT_STREAM, STAGE_STREAM, connect, consumer_name, stage_subject
from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.jobs import wait_until
from mixdown_dev.stack import Stack

RATE_HZ = 44100


def write_song_parts(folder: Path, duration_seconds: float, seed: int = 1) -> dict[str, Path]:
    """A lead vocal (mono) and an instrumental (stereo), 44.1 kHz 24-bit WAV."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"vocal": folder / "vocal.wav", "beat": folder / "beat.wav"}
    sf.write(paths["vocal"], vocal_like(duration_seconds, RATE_HZ, seed=seed).T, RATE_HZ, subtype="PCM_24")
    sf.write(paths["beat"], beat(duration_seconds, RATE_HZ, seed=seed).T, RATE_HZ, subtype="PCM_24")
    return paths


def write_song(path: Path, duration_seconds: float, seed: int = 2) -> Path:
    """Vocal and instrumental summed into one stereo float WAV (input of a separation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    song = beat(duration_seconds, RATE_HZ, seed=seed) + vocal_like(duration_seconds, RATE_HZ, seed=seed)
    sf.write(path, song.T, RATE_HZ, subtype="FLOAT")
    return path


def submit_mix(client: httpx.Client, parts: dict[str, Path]) -> str:
    meta = [{"name": parts["vocal"].name, "role": "lead_vocal"}, {"name": parts["beat"].name, "role": "instrumental"}]
    files = [("files", (p.name, p.read_bytes(), "audio/wav")) for p in (parts["vocal"], parts["beat"])]
    data = {"stems_meta": json.dumps(meta), "preset": "modern_clean",
            "targets": json.dumps({"target_lufs": -14, "ceiling_dbtp": -1})}
    response = client.post("/v1/jobs", files=files, data=data)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def submit_separation(client: httpx.Client, song: Path) -> str:
    options = {"stems_required": ["drums", "bass", "vocals", "other"], "drum_separation": True, "format": "wav"}
    response = client.post("/v1/separations", files={"file": (song.name, song.read_bytes(), "audio/wav")},
                           data={"options": json.dumps(options)})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def log_since_start(stack: Stack, service: str) -> str:
    """What the service logged since its latest start."""
    return stack.log_tail(service, lines=1_000_000)


def wait_for_log(stack: Stack, service: str, *needles: str, timeout_seconds: float = 60.0) -> str:
    """Wait until one line of the service's log (since its latest start) holds every needle."""
    def found() -> str | None:
        return next((line for line in log_since_start(stack, service).splitlines()
                     if all(needle in line for needle in needles)), None)

    return wait_until(found, timeout_seconds, f"{service} logging {needles}", 0.05)


def consumer_state(stack: Stack, stages: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """(messages waiting, messages delivered and not yet acked) of each stage's consumer."""
    assert stack.nats is not None, "nats-server is not running"

    async def read() -> dict[str, tuple[int, int]]:
        bus = await connect(stack.nats.url, attempts=3, name="reliability-test")
        try:
            out = {}
            for stage in stages:
                info = await bus.js.consumer_info(STAGE_STREAM, consumer_name(stage))
                out[stage] = (info.num_pending, info.num_ack_pending)
            return out
        finally:
            await bus.close()

    return asyncio.run(asyncio.wait_for(read(), 20.0))


def wait_consumers_idle(stack: Stack, stages: tuple[str, ...], timeout_seconds: float = 60.0) -> None:
    """Wait until no stage message waits or is held (every delivery, redeliveries included, was acked)."""
    wait_until(lambda: all(v == (0, 0) for v in consumer_state(stack, stages).values()), timeout_seconds,
               f"stage consumers {stages} idle", 0.25)


def dead_letters(stack: Stack, stage: str) -> list[tuple[bytes, str]]:
    """(payload, reason) of every message recorded as poison for ``stage`` so far."""
    assert stack.nats is not None, "nats-server is not running"

    async def read() -> list[tuple[bytes, str]]:
        bus = await connect(stack.nats.url, attempts=3, name="reliability-test")
        try:
            sub = await bus.js.subscribe(f"{DEAD_SUBJECT}.{stage}", stream=EVENT_STREAM, ordered_consumer=True,
                                         deliver_policy=DeliverPolicy.ALL)
            out = []
            while True:
                try:
                    msg = await sub.next_msg(timeout=1.0)
                except nats.errors.TimeoutError:
                    return out
                out.append((msg.data, (msg.headers or {}).get("Mixdown-Reason", "")))
        finally:
            await bus.close()

    return asyncio.run(asyncio.wait_for(read(), 30.0))


def publish_raw(stack: Stack, stage: str, payloads: list[bytes]) -> None:
    """Publish raw payloads on a stage's subject, as a faulty or hostile producer would."""
    assert stack.nats is not None, "nats-server is not running"

    async def send() -> None:
        bus = await connect(stack.nats.url, attempts=3, name="reliability-test")
        try:
            for payload in payloads:
                await bus.js.publish(stage_subject(stage), payload, stream=STAGE_STREAM)
        finally:
            await bus.close()

    asyncio.run(asyncio.wait_for(send(), 20.0))


def s3_job_keys(stack: Stack, job_id: str) -> list[str]:
    """Keys of the job's objects in the stack's S3 bucket, relative to the job's folder."""
    from mixdown.storage.s3 import S3Store

    assert stack.s3 is not None, "the stack has no S3 server"
    store = S3Store(stack.s3.endpoint, stack.s3.bucket, stack.s3.access_key, stack.s3.secret_key, retries=0)
    marker = f"/jobs/{job_id}/"
    return sorted(key.split(marker, 1)[1] for key in store.list("tenants") if marker in key)


def job_folder(stack: Stack, job_id: str) -> Path:
    """The job's folder in the stack's local object store."""
    found = list((stack.base_dir / "objects" / "tenants").glob(f"*/jobs/{job_id}"))
    assert len(found) == 1, f"job {job_id}: folders {found}"
    return found[0]


def stored_files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (temporary and hidden ones included), relative path → SHA-256."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def scratch_left(stack: Stack, services: tuple[str, ...]) -> list[str]:
    """Files or folders left in the services' work folders (the gateway's empty upload folder aside)."""
    left = []
    for service in services:
        root = stack.base_dir / "work" / service
        for path in sorted(root.rglob("*")) if root.exists() else []:
            if path.is_dir() and path.name == "uploads" and not any(path.iterdir()):
                continue
            left.append(path.relative_to(stack.base_dir).as_posix())
    return left
