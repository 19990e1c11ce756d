"""A revision changes only what was asked.

"enlève le delay" on a mix whose lead vocal sends to the delay: through the text-control and
mixing stages (real storage, no NATS), the revision's parameters differ from the first mix's in
that one value, and the new mix equals a console render of the first mix's parameters with
only that send changed (residual at most -90 dB), so old mix - new mix is the delay-bus
contribution of the vocal and nothing else.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from mixdown.events.messages import InputTrack, JobRecord, StageMessage
from mixdown.events.outputs import MixingOutput
from mixdown.events.stage import StageContext, StageResult
from mixdown.mixparams import BUS_NAMES
from mixdown.stageio import load_audio
from mixdown.storage.local import LocalStore
from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing.core import Track, render
from mixdown_mixing.stage import MixingStage
from mixdown_text_control.stage import TextControlStage

RATE_HZ = 44100
SECONDS = 6.0
RESIDUAL_LIMIT_DB = -90.0
TENANT, JOB = "t1", "job1"


def _level_db(signal: np.ndarray, reference: np.ndarray) -> float:
    power = float(np.mean(np.square(signal, dtype=np.float64)))
    return 10.0 * np.log10(max(power, 1e-30) / float(np.mean(np.square(reference, dtype=np.float64))))


def _run(stage, job: JobRecord, store: LocalStore, tmp_path, stage_name: str) -> StageResult:
    message = StageMessage(job_id=JOB, tenant=TENANT, stage=stage_name, revision=job.revision)
    work = tmp_path / f"work-{stage_name}-{job.revision}"
    work.mkdir()
    return stage.run(StageContext(job=job, message=message, store=store, work_dir=work))


def _merge(job: JobRecord, stage: str, result: StageResult) -> None:
    """What the worker does with a stage's result."""
    job.artifacts.update(result.artifacts)
    job.parameters[stage] = result.parameters
    if result.metrics:
        job.metrics[stage] = result.metrics
    job.targets.update(result.targets)


@pytest.fixture
def first_mix(tmp_path):
    store = LocalStore(tmp_path / "objects")
    inputs = []
    for name, role, audio in (("vocal.wav", "lead_vocal", vocal_like(SECONDS, RATE_HZ, seed=5)),
                              ("beat.wav", "instrumental", beat(SECONDS, RATE_HZ, bpm=100.0, seed=5))):
        path = tmp_path / name
        sf.write(path, audio.T, RATE_HZ, subtype="PCM_24")
        key = f"tenants/{TENANT}/jobs/{JOB}/inputs/{name}"
        store.put_file(key, path)
        inputs.append(InputTrack(name=name, role=role, key=key, sample_rate_hz=RATE_HZ, channels=audio.shape[0],
                                 frames=audio.shape[1], duration_seconds=SECONDS))
    job = JobRecord(id=JOB, tenant=TENANT, plan=["mixing"], inputs=inputs, preset="modern_clean",
                    overrides={"tracks": {"vocal.wav": {"delay_send_db": -14.0}}})
    _merge(job, "mixing", _run(MixingStage(), job, store, tmp_path, "mixing"))
    return job, store


def _tracks(job: JobRecord, store: LocalStore, tmp_path) -> list[Track]:
    out = []
    for item in job.inputs:
        audio, _ = load_audio(store, item.key, tmp_path, RATE_HZ)
        out.append(Track(name=item.name, role=item.role, audio=audio))
    return out


def _full(parameters: MixingOutput) -> dict[str, dict[str, float]]:
    return {**{k: dict(v) for k, v in parameters.tracks.items()},
            **{bus: dict(parameters.buses[bus]) for bus in BUS_NAMES}}


def test_removing_the_delay_changes_that_send_and_nothing_else(first_mix, tmp_path):
    job, store = first_mix
    before = _full(job.parameters.mixing)
    old_mix, _ = load_audio(store, job.artifacts["mix"], tmp_path)
    assert before["vocal.wav"]["delay_send_db"] == -14.0

    job.revision, job.plan = 1, ["text_control", "mixing"]
    job.options = {"instruction": "enlève le delay"}
    _merge(job, "text_control", _run(TextControlStage(), job, store, tmp_path, "text_control"))
    edits = job.parameters.text_control.edits
    assert [(e.target, e.parameter, e.value) for e in edits] == [("vocal.wav", "delay_send_db", -60.0)]
    _merge(job, "mixing", _run(MixingStage(), job, store, tmp_path, "mixing"))

    after = _full(job.parameters.mixing)
    changed = [(t, p) for t in before for p in before[t] if before[t][p] != after[t][p]]
    assert changed == [("vocal.wav", "delay_send_db")] and after["vocal.wav"]["delay_send_db"] == -60.0
    assert [c.model_dump() for c in job.parameters.mixing.changed] == [
        {"target": "vocal.wav", "parameter": "delay_send_db", "old": -14.0, "value": -60.0}]
    assert job.metrics.mixing.report["rendered_only"] is True

    new_mix, _ = load_audio(store, job.artifacts["mix"], tmp_path)
    tracks = _tracks(job, store, tmp_path)
    only_send = {name: dict(values) for name, values in before.items()}
    only_send["vocal.wav"]["delay_send_db"] = -60.0
    expected = render(tracks, RATE_HZ, only_send)
    assert new_mix.shape == old_mix.shape == expected.shape
    # The new mix is the old parameters with only that send changed...
    assert _level_db(new_mix - expected, old_mix) <= RESIDUAL_LIMIT_DB
    # ...the first mix re-renders bit for bit from its parameters...
    assert _level_db(old_mix - render(tracks, RATE_HZ, before), old_mix) <= RESIDUAL_LIMIT_DB
    # ...so old - new is the vocal's delay contribution alone, and it was audible.
    contribution = old_mix - new_mix
    assert _level_db(contribution - (old_mix - expected), old_mix) <= RESIDUAL_LIMIT_DB
    assert _level_db(contribution, old_mix) > -40.0


def test_overrides_and_edits_compose_and_are_checked(first_mix, tmp_path):
    job, store = first_mix
    before = _full(job.parameters.mixing)
    job.revision, job.plan = 1, ["mixing"]
    job.options = {"overrides": {"tracks": {"beat.wav": {"gain_db": before["beat.wav"]["gain_db"] - 3.0}},
                                 "buses": {"reverb": {"reverb_room_size": 0.8}}}}
    _merge(job, "mixing", _run(MixingStage(), job, store, tmp_path, "mixing"))
    changed = {(c.target, c.parameter) for c in job.parameters.mixing.changed}
    assert changed == {("beat.wav", "gain_db"), ("reverb", "reverb_room_size")}

    from mixdown.errors import InvalidInput

    job.revision = 2
    job.options = {"overrides": {"tracks": {"vocal.wav": {"width_percent": 150.0}}}}
    with pytest.raises(InvalidInput, match="mono"):
        _run(MixingStage(), job, store, tmp_path, "mixing")
