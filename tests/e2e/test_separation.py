"""End to end: a generated 30-second song is separated through the gateway by the real stack
(Demucs's random-weight ``demucs_unittest`` model, no download), then mixed from its stems."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import numpy as np
import pytest
import soundfile as sf

from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.jobs import api, wait_final
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack
from tests.auth import bearer

pytestmark = pytest.mark.e2e

RATE_HZ = 44100
SECONDS = 30.0
BPM = 90.0
EIGHT = ["drums", "bass", "vocals", "other", "kick", "snare", "cymbals", "toms"]
SUM_TOLERANCE = 1e-5
"""Largest sample error of the four main stems' sum against the song (float32 WAV stems)."""


@pytest.fixture(scope="module")
def song_file(tmp_path_factory):
    song = (beat(SECONDS, RATE_HZ, bpm=BPM, seed=2) + vocal_like(SECONDS, RATE_HZ, seed=2)).astype(np.float32)
    path = tmp_path_factory.mktemp("song") / "song.wav"
    sf.write(path, song.T, RATE_HZ, subtype="FLOAT")
    return path, song


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    env = {"MIXDOWN_SEPARATION_MODEL_NAME": "demucs_unittest", "OMP_NUM_THREADS": "2"}
    with Stack(tmp_path_factory.mktemp("stack"), http_port=free_port(), env=env,
               services=("separation", "mixing", "mastering", "qc", "gateway")) as running:
        yield running


@pytest.fixture(scope="module")
def client(stack):
    with api(stack) as gateway:
        yield gateway


def test_a_song_separates_into_eight_stems_then_mixes_from_them(client, stack, song_file, tmp_path):
    path, song = song_file
    options = {"stems_required": ["drums", "bass", "vocals", "other"], "drum_separation": True, "format": "wav"}
    response = httpx.post(f"{stack.url}/v1/separations", headers=bearer(stack.api_key), timeout=30,
                          files={"file": (path.name, path.read_bytes(), "audio/wav")},
                          data={"options": json.dumps(options)})
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]

    job = wait_final(client, job_id)
    assert job["status"] == "succeeded", (job, stack.log_tail("separation"))
    assert job["kind"] == "separation" and job["artifacts"] == sorted(f"stems/{name}" for name in EIGHT)
    assert job["parameters"]["separation"]["drum_method"] == "onnx-model:drums.onnx"  # the network by default
    analysis = job["analysis"]
    assert analysis["bpm"] > 0 and 0 < analysis["bpm_confidence"] <= 1
    assert abs(analysis["bpm"] - BPM) <= 1.0  # random-weight stems: the mix's own reading wins
    assert analysis["key"].endswith((" major", " minor")) and 0 <= analysis["key_confidence"] <= 1

    stems = {}
    for name in EIGHT:
        download = httpx.get(f"{stack.url}/v1/jobs/{job_id}/download/stems/{name}", headers=bearer(stack.api_key),
                             timeout=30)
        assert download.status_code == 200, (name, download.text)
        data, rate = sf.read(io.BytesIO(download.content), dtype="float32", always_2d=True)
        assert rate == RATE_HZ and data.shape == song.T.shape, name  # aligned: same length and channels
        stems[name] = data.T
    main = np.sum([stems[name] for name in ("drums", "bass", "vocals", "other")], axis=0, dtype=np.float64)
    assert np.max(np.abs(main - song)) < SUM_TOLERANCE
    pieces = np.sum([stems[name] for name in ("kick", "snare", "cymbals", "toms")], axis=0, dtype=np.float64)
    assert np.max(np.abs(pieces - stems["drums"])) < SUM_TOLERANCE

    archive = httpx.get(f"{stack.url}/v1/jobs/{job_id}/download/stems", headers=bearer(stack.api_key), timeout=30)
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zipped:
        assert sorted(zipped.namelist()) == sorted(f"{name}.wav" for name in EIGHT)

    meta = [{"name": "vocals", "role": "lead_vocal"}, {"name": "drums", "role": "drums"},
            {"name": "bass", "role": "bass"}, {"name": "other", "role": "other"}]
    mix = httpx.post(f"{stack.url}/v1/jobs", headers=bearer(stack.api_key), timeout=30, files={
        "from_separation": (None, job_id), "stems_meta": (None, json.dumps(meta)), "preset": (None, "modern_clean")})
    assert mix.status_code == 201, mix.text
    mixed = wait_final(client, mix.json()["id"])
    assert mixed["status"] == "succeeded", (mixed["error"], stack.log_tail("mastering"))
    assert [(i["name"], i["role"]) for i in mixed["inputs"]] == [(m["name"], m["role"]) for m in meta]
    assert {"mix", "master", "report"} <= set(mixed["artifacts"])
    master = httpx.get(f"{stack.url}/v1/jobs/{mixed['id']}/download/master", headers=bearer(stack.api_key), timeout=30)
    assert sf.info(io.BytesIO(master.content)).duration == pytest.approx(SECONDS, abs=0.01)


def test_a_drum_stem_splits_into_its_four_pieces_only(client, stack, tmp_path):
    from mixdown_separation.synth import drum_loop

    drums = drum_loop(8.0, RATE_HZ, bpm=BPM, seed=3).mix
    path = tmp_path / "drum bus.wav"
    sf.write(path, drums.T, RATE_HZ, subtype="FLOAT")
    response = httpx.post(f"{stack.url}/v1/separations", headers=bearer(stack.api_key), timeout=30,
                          files={"file": (path.name, path.read_bytes(), "audio/wav")},
                          data={"options": json.dumps({"source": "drums"})})
    assert response.status_code == 201, response.text
    job = wait_final(client, response.json()["id"])
    assert job["status"] == "succeeded", (job, stack.log_tail("separation"))
    assert job["artifacts"] == sorted(f"stems/{name}" for name in ("kick", "snare", "cymbals", "toms"))
    assert job["options"]["source"] == "drums"
    assert job["parameters"]["separation"]["drum_method"] == "onnx-model:drums.onnx"
    total = np.zeros_like(drums, dtype=np.float64)
    for name in ("kick", "snare", "cymbals", "toms"):
        download = httpx.get(f"{stack.url}/v1/jobs/{job['id']}/download/stems/{name}", headers=bearer(stack.api_key),
                             timeout=30)
        data, rate = sf.read(io.BytesIO(download.content), dtype="float32", always_2d=True)
        assert rate == RATE_HZ and data.shape == drums.T.shape, name
        total += data.T
    assert np.max(np.abs(total - drums)) < SUM_TOLERANCE
