"""The separation stage with ``source = "drums"`` (real storage, no NATS): a drum stem in, only the
drum-part split runs (Demucs is never called), the four pieces out, summing back to the stem and
aligned to the sample, made by the shipped drum-part network by default."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from mixdown.errors import InvalidInput
from mixdown.events.messages import InputTrack, JobRecord, StageMessage
from mixdown.events.stage import StageContext
from mixdown.stageio import load_audio
from mixdown.storage.local import LocalStore
from mixdown_separation.stage import SeparationStage
from mixdown_separation.synth import drum_loop

RATE_HZ = 44100
TENANT, JOB = "t1", "job1"


class NoDemucs:
    """A separator the drum source must not use: it only names its model and sources."""

    model_name = "htdemucs"
    sources = ["drums", "bass", "other", "vocals"]
    parameters = {"model_name": "htdemucs"}

    def separate_with_metrics(self, *args, **kwargs):
        raise AssertionError("a drum stem must not go through Demucs")


def _context(tmp_path, audio: np.ndarray, options: dict) -> tuple[LocalStore, StageContext]:
    store = LocalStore(tmp_path / "objects")
    path = tmp_path / "drum bus.wav"
    sf.write(path, audio.T, RATE_HZ, subtype="FLOAT")
    key = f"tenants/{TENANT}/jobs/{JOB}/inputs/01-drum_bus.wav"
    store.put_file(key, path)
    track = InputTrack(name="drum bus.wav", role="song", key=key, sample_rate_hz=RATE_HZ, channels=audio.shape[0],
                       frames=audio.shape[1], duration_seconds=audio.shape[1] / RATE_HZ)
    job = JobRecord(id=JOB, tenant=TENANT, kind="separation", plan=["separation"], inputs=[track], options=options)
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return store, StageContext(job=job, message=StageMessage(job_id=JOB, tenant=TENANT, stage="separation"),
                               store=store, work_dir=work)


def test_a_drum_stem_becomes_four_pieces_that_sum_back_to_it(tmp_path):
    audio = drum_loop(6.0, RATE_HZ, bpm=104.0, seed=21).mix
    options = {"stems_required": [], "drum_separation": True, "format": "wav", "source": "drums"}
    store, ctx = _context(tmp_path, audio, options)
    result = SeparationStage(NoDemucs()).run(ctx)
    assert list(result.artifacts) == ["stems/kick", "stems/snare", "stems/cymbals", "stems/toms"]
    assert result.parameters["drum_method"] == "onnx-model:drums.onnx"
    pieces = {}
    for name, key in result.artifacts.items():
        pieces[name], rate = load_audio(store, key, ctx.work_dir)
        assert rate == RATE_HZ and pieces[name].shape == audio.shape, name
    total = np.sum(list(pieces.values()), axis=0, dtype=np.float64)
    assert np.max(np.abs(total - audio)) < 1e-5
    assert result.metrics["residual_db"] < -100.0
    assert result.metrics["realtime_factor"] > 0.0
    assert abs(result.metrics["analysis"]["bpm"] - 104.0) <= 1.0


def test_a_drum_stem_delivers_only_the_pieces_asked_for(tmp_path):
    audio = drum_loop(3.0, RATE_HZ, seed=22).mix[:1]
    _, ctx = _context(tmp_path, audio, {"stems_required": ["snare", "kick"], "drum_separation": True,
                                        "format": "flac", "source": "drums"})
    result = SeparationStage(NoDemucs()).run(ctx)
    assert list(result.artifacts) == ["stems/kick", "stems/snare"]
    assert all(key.endswith(".flac") for key in result.artifacts.values())


@pytest.mark.parametrize(("options", "message"), [
    ({"source": "bass"}, "source 'bass' is not supported; choose one of song, drums"),
    ({"source": "drums", "stems_required": ["vocals"]}, "source drums .* gives kick, snare, toms, cymbals only, not vocals"),
])
def test_bad_drum_source_options_name_the_problem(tmp_path, options, message):
    _, ctx = _context(tmp_path, drum_loop(1.0, RATE_HZ, seed=23).mix, options)
    with pytest.raises(InvalidInput, match=message):
        SeparationStage(NoDemucs()).run(ctx)
