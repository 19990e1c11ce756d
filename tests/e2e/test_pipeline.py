"""End to end: the real embedded stack (nats-server, every service as a process, the gateway)."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf

from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.jobs import api, events, read_job, wait_final, wait_until
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack
from tests.audio_helpers import ffmpeg_ebur128
from tests.auth import bearer

pytestmark = pytest.mark.e2e

RATE_HZ = 44100


@pytest.fixture(scope="module")
def example_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("examples")
    vocal_path, beat_path = folder / "vocal.wav", folder / "beat.wav"
    sf.write(vocal_path, vocal_like(8.0, RATE_HZ, seed=1).T, RATE_HZ, subtype="PCM_24")
    sf.write(beat_path, beat(8.0, RATE_HZ, bpm=96.0, seed=1).T, RATE_HZ, subtype="PCM_24")
    return {"vocal": vocal_path, "beat": beat_path}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    base = tmp_path_factory.mktemp("stack")
    env = {"MIXDOWN_MIXING_ACK_WAIT_SECONDS": "3"}
    with Stack(base, http_port=free_port(), env=env) as running:
        yield running


@pytest.fixture(scope="module")
def client(stack):
    with api(stack) as gateway:
        yield gateway


def submit(stack: Stack, files: dict[str, Path], roles: dict[str, str], targets: dict | None = None) -> httpx.Response:
    meta = [{"name": files[k].name, "role": roles[k]} for k in files]
    handles = [("files", (p.name, p.read_bytes(), "audio/wav")) for p in files.values()]
    data = {"stems_meta": json.dumps(meta), "preset": "modern_clean",
            "targets": json.dumps(targets or {"target_lufs": -14, "ceiling_dbtp": -1})}
    return httpx.post(f"{stack.url}/v1/jobs", headers=bearer(stack.api_key), files=handles, data=data, timeout=30)


@pytest.mark.parametrize("target_lufs", [-14.0, -10.0])
def test_vocal_over_beat_is_mixed_mastered_and_checked(client, stack, example_files, tmp_path, target_lufs):
    response = submit(stack, example_files, {"vocal": "lead_vocal", "beat": "instrumental"},
                      {"target_lufs": target_lufs, "ceiling_dbtp": -1.0})
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    job = wait_final(client, job_id)
    assert job["status"] == "succeeded", job
    assert {"mix", "master", "report"} <= set(job["artifacts"])

    master = tmp_path / "master.wav"
    download = httpx.get(f"{stack.url}/v1/jobs/{job_id}/download/master", headers=bearer(stack.api_key), timeout=30)
    assert download.status_code == 200
    master.write_bytes(download.content)
    info = sf.info(master)
    assert info.samplerate == RATE_HZ and info.channels == 2 and info.subtype == "PCM_24"
    assert abs(info.duration - 8.0) < 0.01

    integrated_lufs, true_peak_dbtp = ffmpeg_ebur128(master)
    assert abs(integrated_lufs - target_lufs) <= 0.5
    assert true_peak_dbtp <= -1.0 + 0.1

    report = httpx.get(f"{stack.url}/v1/jobs/{job_id}/download/report", headers=bearer(stack.api_key),
                       timeout=30).json()
    assert report["passed"] is True
    assert {v["check"] for v in report["master"]["verdicts"]} >= {"integrated_loudness", "true_peak"}
    assert abs(report["master"]["loudness"]["integrated_lufs"] - integrated_lufs) < 0.1
    assert [t["stage"] for t in report["timings"]][:3] == ["mixing", "mastering", "qc"]

    kinds = [(e["type"], e["status"]) for e in events(client, job_id)]
    assert kinds[0] == ("status", "queued")
    assert kinds[-1] == ("status", "succeeded")
    assert kinds.count(("status", "succeeded")) == 1


def test_the_mix_keeps_both_tracks_audible(client, stack, example_files, tmp_path):
    job_id = submit(stack, example_files, {"vocal": "lead_vocal", "beat": "instrumental"}).json()["id"]
    job = wait_final(client, job_id)
    mix_path = tmp_path / "mix.wav"
    mix_path.write_bytes(httpx.get(f"{stack.url}/v1/jobs/{job_id}/download/mix", headers=bearer(stack.api_key),
                                   timeout=30).content)
    mix, _ = sf.read(mix_path, always_2d=True)
    assert np.all(np.isfinite(mix)) and np.max(np.abs(mix)) < 1.0
    tracks = job["parameters"]["mixing"]["tracks"]
    assert tracks["vocal.wav"]["mute"] == 0.0 and tracks["beat.wav"]["mute"] == 0.0


@pytest.mark.parametrize(
    ("name", "content", "role", "expected"),
    [
        ("notes.wav", b"this is a text file, not audio\n" * 20, "lead_vocal", "not a recognised audio format"),
        ("empty.wav", b"", "lead_vocal", "empty"),
        (None, None, "instrumental", "lead_vocal"),
    ],
)
def test_bad_uploads_get_a_4xx_naming_the_problem(stack, example_files, tmp_path, name, content, role, expected):
    if name is None:
        path, name = example_files["beat"], example_files["beat"].name
    else:
        path = tmp_path / name
        path.write_bytes(content)
    response = submit(stack, {"x": path}, {"x": role})
    assert 400 <= response.status_code < 500, response.text
    assert expected in response.json()["detail"]
    assert httpx.get(f"{stack.url}/readyz", timeout=5).status_code == 200
    assert stack.healthy()


def test_mixing_worker_killed_while_holding_a_message_completes_the_job_once(client, stack, example_files):
    stack.restart_service("mixing", env={"MIXDOWN_MIXING_FAULT_PAUSE_AT": "before_compute",
                                         "MIXDOWN_MIXING_FAULT_PAUSE_SECONDS": "60"})
    job_id = submit(stack, example_files, {"vocal": "lead_vocal", "beat": "instrumental"}).json()["id"]
    wait_until(lambda: (job := read_job(client, job_id)) and job["stage"] == "mixing" and job["status"] == "running",
               30.0, "mixing picking up the job")
    stack.kill_service("mixing", signal.SIGKILL)
    stack.start_service("mixing")

    job = wait_final(client, job_id)
    assert job["status"] == "succeeded", job
    runs = [(s["stage"], s["iteration"]) for s in job["stages"]]
    assert runs.count(("mixing", 0)) == 1 and runs.count(("mastering", 0)) == 1
    mixing_run = next(s for s in job["stages"] if s["stage"] == "mixing")
    assert mixing_run["deliveries"] >= 2
    kinds = [(e["type"], e["status"]) for e in events(client, job_id)]
    assert kinds.count(("status", "succeeded")) == 1
