"""End to end: mix_mode=style on the embedded stack (the ordinary mixing worker runs it on the CPU).

The reference is a different song, mixed by hand in a clearly different style from the DSP plan
(dark, beat-heavy, wide): the delivered mix must be closer to it than the DSP plan's mix, the
job's ``style`` section must say so per feature, and a revision must re-render the style mix's
parameters without running the search again."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest
import soundfile as sf
from scipy.signal import butter, sosfilt

from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.jobs import api, wait_final
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack
from tests.auth import bearer

pytestmark = pytest.mark.e2e

RATE_HZ = 44100
REFERENCE_RATE_HZ = 48000  # another rate than the tracks': the style mode resamples it
FEATURES = {"mid_spectrum", "side_spectrum", "width", "imbalance", "crest", "loudness_spread", "total"}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("style")
    paths = {"vocal": folder / "vocal.wav", "beat": folder / "beat.wav", "reference": folder / "reference.wav"}
    sf.write(paths["vocal"], vocal_like(8.0, RATE_HZ, seed=4).T, RATE_HZ, subtype="PCM_24")
    sf.write(paths["beat"], beat(8.0, RATE_HZ, bpm=96.0, seed=4).T, RATE_HZ, subtype="PCM_24")
    # another song: the vocal low, the beat loud, dark (a 2 kHz low-pass) and wide (side lifted)
    song_vocal = vocal_like(10.0, REFERENCE_RATE_HZ, seed=9)
    song_beat = beat(10.0, REFERENCE_RATE_HZ, bpm=120.0, seed=9)
    mixed = 0.25 * song_vocal + 1.0 * song_beat
    mixed = sosfilt(butter(2, 2000.0, fs=REFERENCE_RATE_HZ, output="sos"), mixed, axis=-1)
    mid, side = (mixed[0] + mixed[1]) / 2, (mixed[0] - mixed[1]) / 2
    mixed = np.stack([mid + 1.8 * side, mid - 1.8 * side])
    mixed *= 0.5 / np.max(np.abs(mixed))
    sf.write(paths["reference"], mixed.T.astype(np.float32), REFERENCE_RATE_HZ, subtype="PCM_24")
    return paths


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("stack"), http_port=free_port()) as running:
        yield running


@pytest.fixture(scope="module")
def client(stack):
    with api(stack) as gateway:
        yield gateway


def test_a_style_job_gets_closer_to_its_reference_than_the_dsp_plan(client, stack, files):
    meta = [{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "beat.wav", "role": "instrumental"}]
    parts = [("files", (files[k].name, files[k].read_bytes(), "audio/wav")) for k in ("vocal", "beat")]
    parts.append(("reference", ("other song.wav", files["reference"].read_bytes(), "audio/wav")))
    data = {"stems_meta": json.dumps(meta), "mix_mode": "style", "style_amount": "1"}
    response = httpx.post(f"{stack.url}/v1/jobs", headers=bearer(stack.api_key), files=parts, data=data, timeout=60)
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    job = wait_final(client, job_id, timeout_seconds=600)
    assert job["status"] == "succeeded", job  # QC passed on the style mix's master

    style = job["parameters"]["mixing"]["style"]
    assert style["reference"] == "other song.wav" and style["style_amount"] == 1.0
    assert style["mode"] != "dsp" and style["fallback_reason"] is None, style
    assert FEATURES <= set(style["distance_dsp"]) and FEATURES <= set(style["distance_delivered"])
    assert style["distance_delivered"]["total"] < style["distance_dsp"]["total"], style
    for clip in style["clipped"]:
        assert clip["target"] in job["parameters"]["mixing"]["tracks"] | job["parameters"]["mixing"]["buses"]

    # a revision re-renders the style mix's parameters (the search is not run again) and keeps its report
    before = job["parameters"]["mixing"]["tracks"]["beat.wav"]["gain_db"]
    revised = httpx.post(f"{stack.url}/v1/jobs/{job_id}/revisions", headers=bearer(stack.api_key), timeout=30,
                         json={"overrides": {"tracks": {"beat.wav": {"gain_db": before - 2.0}}}})
    assert revised.status_code == 202, revised.text
    job = wait_final(client, job_id, timeout_seconds=300)
    assert job["status"] == "succeeded", job
    mixing = job["parameters"]["mixing"]
    assert mixing["revision"] == 1 and mixing["tracks"]["beat.wav"]["gain_db"] == pytest.approx(before - 2.0)
    assert [(c["target"], c["parameter"]) for c in mixing["changed"]] == [("beat.wav", "gain_db")]
    assert mixing["style"] == style
