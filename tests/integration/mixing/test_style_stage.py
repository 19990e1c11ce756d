"""The mixing stage with mix_mode=style (real storage, no NATS): a reference the style mode cannot
use gives the DSP mix, bit for bit, with the reason in the job's ``style`` section, never a failed
job; a DSP job carries no style section; a worker loads the style mode while it starts."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from mixdown.events.messages import InputTrack, JobRecord, StageMessage, StyleOptions
from mixdown.events.outputs import MixingOutput
from mixdown.events.worker import StageContext
from mixdown.stageio import load_audio
from mixdown.storage.local import LocalStore
from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing.stage import MixingStage

RATE_HZ = 44100
SECONDS = 3.0
TENANT, JOB = "t1", "job1"
PREFIX = f"tenants/{TENANT}/jobs/{JOB}"


@pytest.fixture
def inputs(tmp_path):
    store = LocalStore(tmp_path / "objects")
    tracks = []
    for name, role, audio in (("vocal.wav", "lead_vocal", vocal_like(SECONDS, RATE_HZ, seed=3)),
                              ("beat.wav", "instrumental", beat(SECONDS, RATE_HZ, bpm=100.0, seed=3))):
        path = tmp_path / name
        sf.write(path, audio.T, RATE_HZ, subtype="PCM_24")
        key = f"{PREFIX}/inputs/{name}"
        store.put_file(key, path)
        tracks.append(InputTrack(name=name, role=role, key=key, sample_rate_hz=RATE_HZ, channels=audio.shape[0],
                                 frames=audio.shape[1], duration_seconds=SECONDS))
    return store, tracks


def _run(store, tracks, tmp_path, options: dict, name: str):
    job = JobRecord(id=JOB, tenant=TENANT, plan=["mixing"], inputs=tracks, preset="modern_clean", options=options)
    work = tmp_path / f"work-{name}"
    work.mkdir()
    result = MixingStage().run(StageContext(job=job, message=StageMessage(job_id=JOB, tenant=TENANT, stage="mixing"),
                                            store=store, work_dir=work))
    audio, _ = load_audio(store, result.artifacts["mix"], work)
    return MixingOutput.model_validate(result.parameters), audio


def _style(reference_name: str) -> dict:
    return StyleOptions(mix_mode="style", style_amount=0.5, reference_name=reference_name).to_options()


@pytest.mark.parametrize("reference, key, fragment", [
    (np.zeros((2, 2 * RATE_HZ)), f"{PREFIX}/reference/silence.wav", "silen"),
    (None, f"tenants/{TENANT}/jobs/other/reference/theirs.wav", "no reference track in its folder"),
])
def test_a_reference_the_style_mode_cannot_use_gives_the_dsp_mix_and_the_reason(inputs, tmp_path, reference, key,
                                                                                fragment):
    store, tracks = inputs
    if reference is not None:
        path = tmp_path / "reference.wav"
        sf.write(path, reference.T, RATE_HZ, subtype="PCM_16")
        store.put_file(key, path)
    dsp, dsp_audio = _run(store, tracks, tmp_path, {}, "dsp")
    assert dsp.style is None
    styled, styled_audio = _run(store, tracks, tmp_path, {**_style("ref.wav"), "reference_key": key}, "style")
    report = styled.style
    assert report is not None and report.mode == "dsp" and report.reference == "ref.wav"
    assert report.style_amount == 0.5
    assert report.fallback_reason is not None and fragment in report.fallback_reason.lower()
    assert styled.tracks == dsp.tracks and styled.buses == dsp.buses
    assert np.array_equal(styled_audio, dsp_audio)


def test_the_preload_loads_the_style_mode_and_opens_the_controller_once():
    from mixdown_mixing.stage import preload_style_mode, start_style_preload
    from mixdown_mixing.style.controller import MODEL_PATH
    from mixdown_mixing.style.mode import shipped_controller

    start_style_preload().join(timeout=120)
    assert preload_style_mode() is True  # this environment has the style mode's packages
    controller = shipped_controller()
    assert controller is not None and controller.path == MODEL_PATH
    assert shipped_controller() is controller  # one session per process, not one per job
