"""End to end: revising a finished mix in plain language on the real embedded stack."""

from __future__ import annotations

import httpx
import numpy as np
import pytest
import soundfile as sf

from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.jobs import api, wait_final
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack
from tests.audio_helpers import ffmpeg_ebur128
from tests.auth import bearer
from tests.e2e.test_pipeline import RATE_HZ, submit

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def vocal_and_beat(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("examples")
    files = {"vocal": folder / "vocal.wav", "beat": folder / "beat.wav"}
    sf.write(files["vocal"], vocal_like(8.0, RATE_HZ, seed=2).T, RATE_HZ, subtype="PCM_24")
    sf.write(files["beat"], beat(8.0, RATE_HZ, bpm=96.0, seed=2).T, RATE_HZ, subtype="PCM_24")
    return files


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("stack"), http_port=free_port()) as running:
        yield running


@pytest.fixture(scope="module")
def client(stack):
    with api(stack) as gateway:
        yield gateway


def _revise(stack: Stack, client: httpx.Client, job_id: str, body: dict) -> dict:
    response = httpx.post(f"{stack.url}/v1/jobs/{job_id}/revisions", headers=bearer(stack.api_key), json=body,
                          timeout=30)
    assert response.status_code == 202, response.text
    assert response.json()["id"] == job_id
    job = wait_final(client, job_id)
    assert job["status"] == "succeeded", job
    return response.json()


def test_revise_download_and_go_back(client, stack, vocal_and_beat, tmp_path):
    auth = bearer(stack.api_key)
    job_id = submit(stack, vocal_and_beat, {"vocal": "lead_vocal", "beat": "instrumental"}).json()["id"]
    first = wait_final(client, job_id)
    assert first["status"] == "succeeded", first

    preview = httpx.post(f"{stack.url}/v1/text-control/parse", headers=auth,
                         json={"job_id": job_id, "instruction": "baisse le beat de 3 dB"}, timeout=30).json()
    old_gain = first["parameters"]["mixing"]["tracks"]["beat.wav"]["gain_db"]
    assert [(e["target"], e["parameter"], e["old_value"], e["value"]) for e in preview["edits"]] == [
        ("beat.wav", "gain_db", old_gain, round(old_gain - 3.0, 1))]

    assert _revise(stack, client, job_id, {"instruction": "baisse le beat de 3 dB"})["revision"] == 1
    revisions = httpx.get(f"{stack.url}/v1/jobs/{job_id}/revisions", headers=auth, timeout=30).json()
    assert [(r["revision"], r["status"]) for r in revisions] == [(0, "succeeded"), (1, "succeeded")]
    zero, one = revisions
    assert one["instruction"] == "baisse le beat de 3 dB"
    assert [(e["target"], e["parameter"]) for e in one["edits"]] == [("beat.wav", "gain_db")]
    before, after = zero["parameters"]["mixing"], one["parameters"]["mixing"]
    changed = [(t, p) for t in before["tracks"] for p in before["tracks"][t]
               if before["tracks"][t][p] != after["tracks"][t][p]]
    assert changed == [("beat.wav", "gain_db")] and before["buses"] == after["buses"]
    assert after["changed"] == [{"target": "beat.wav", "parameter": "gain_db", "old": old_gain,
                                 "value": round(old_gain - 3.0, 1)}]
    assert {"mix", "master", "master_wav16", "master_flac", "master_mp3", "report"} <= set(zero["artifacts"])
    assert set(one["artifacts"]) == {"mix", "master", "report"}  # a preview: no file of revision 0 passes for its own
    job = httpx.get(f"{stack.url}/v1/jobs/{job_id}", headers=auth, timeout=30).json()
    stages = [(s["stage"], s["revision"]) for s in job["stages"] if s["revision"] == 1]
    assert stages[:4] == [("text_control", 1), ("mixing", 1), ("mastering", 1), ("qc", 1)]

    # Each revision's outputs stay downloadable, and they differ.
    mixes = [httpx.get(f"{stack.url}/v1/jobs/{job_id}/revisions/{n}/download/mix", headers=auth, timeout=30)
             for n in (0, 1)]
    assert all(m.status_code == 200 for m in mixes) and mixes[0].content[100:] != mixes[1].content[100:]
    master = httpx.get(f"{stack.url}/v1/jobs/{job_id}/revisions/0/download/master", headers=auth, timeout=30)
    assert master.status_code == 200
    path = tmp_path / "master-r0.wav"
    path.write_bytes(master.content)
    assert sf.info(path).samplerate == RATE_HZ

    # Exporting revision 1 as it is: the same master, now also as MP3, checked by QC.
    exported = _revise(stack, client, job_id, {"from_revision": 1, "formats": ["mp3"]})["revision"]
    revisions = httpx.get(f"{stack.url}/v1/jobs/{job_id}/revisions", headers=auth, timeout=30).json()
    assert set(revisions[exported]["artifacts"]) == {"mix", "master", "master_mp3", "report"}
    masters = []
    for n in (1, exported):
        (tmp_path / f"master-r{n}.wav").write_bytes(httpx.get(
            f"{stack.url}/v1/jobs/{job_id}/revisions/{n}/download/master", headers=auth, timeout=30).content)
        masters.append(sf.read(tmp_path / f"master-r{n}.wav", dtype="float32")[0])
    assert np.array_equal(*masters)
    report = httpx.get(f"{stack.url}/v1/jobs/{job_id}/revisions/{exported}/download/report", headers=auth,
                       timeout=30).json()
    assert report["passed"] and report["deliverables"]["mp3"]["true_peak_dbtp"] <= -1.0 + 0.1

    # A louder master: the target moves, mastering and QC follow it.
    _revise(stack, client, job_id, {"instruction": "monte le master de 2 dB"})
    job = httpx.get(f"{stack.url}/v1/jobs/{job_id}", headers=auth, timeout=30).json()
    assert job["targets"]["target_lufs"] == -12.0
    louder = tmp_path / "master-louder.wav"
    louder.write_bytes(httpx.get(f"{stack.url}/v1/jobs/{job_id}/download/master", headers=auth, timeout=30).content)
    assert abs(ffmpeg_ebur128(louder)[0] - (-12.0)) <= 0.5

    # Going back renders revision 0's mix again, bit for bit.
    _revise(stack, client, job_id, {"from_revision": 0})
    again = httpx.get(f"{stack.url}/v1/jobs/{job_id}/download/mix", headers=auth, timeout=30)
    (tmp_path / "mix-r0.wav").write_bytes(mixes[0].content)
    (tmp_path / "mix-again.wav").write_bytes(again.content)
    original, _ = sf.read(tmp_path / "mix-r0.wav", dtype="float32")
    rendered, _ = sf.read(tmp_path / "mix-again.wav", dtype="float32")
    assert np.array_equal(original, rendered)  # the WAV headers differ (libsndfile's PEAK chunk time)
