"""Acceptance: masters of varied generated mixes land on target under the ceiling, as ffmpeg's
ebur128 measures the delivered files (WAV 24-bit, WAV 16-bit, FLAC, MP3 320 kbps)."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.events.targets import DeliveryTargets
from mixdown.storage.local import LocalStore
from mixdown_mastering import core
from mixdown_mastering.deliver import deliver
from tests.audio_helpers import bass_heavy, ffmpeg_ebur128, piano_like, pink_noise, song

SECONDS = 8.0
MIXES = {
    "vocal-over-beat": lambda rate: song(SECONDS, rate, seed=1),
    "pink-noise": lambda rate: np.repeat(pink_noise(SECONDS, rate, 1, seed=2), 2, axis=0) * np.float32(0.7)
    + pink_noise(SECONDS, rate, 2, seed=3) * np.float32(0.3),
    "dynamic-piano": lambda rate: piano_like(SECONDS, rate, seed=4),
    "bass-heavy": lambda rate: bass_heavy(SECONDS, rate, seed=5),
}


@pytest.mark.parametrize("target_lufs", [-14.0, -10.0, -8.0])
@pytest.mark.parametrize("name", list(MIXES))
def test_delivered_masters_land_on_target_under_the_ceiling(tmp_path, name, target_lufs):
    rate = 44100 if name != "dynamic-piano" else 48000
    result = core.master(MIXES[name](rate), rate, DeliveryTargets(target_lufs=target_lufs, ceiling_dbtp=-1.0))
    store = LocalStore(tmp_path / "objects")
    formats = ("wav24", "wav16", "flac", "mp3") if name == "vocal-over-beat" or target_lufs == -8.0 else ("wav24",)
    delivered = deliver(result, formats, tmp_path / "work", store, lambda file: f"job/{file}")

    assert result.measurements["loudness_converged"] == 1.0
    for fmt, item in delivered.items():
        local = tmp_path / f"check-{fmt}"
        store.get_file(item.stored.key, local)
        ffmpeg_lufs, ffmpeg_dbtp = ffmpeg_ebur128(local)
        assert abs(ffmpeg_lufs - target_lufs) <= 0.5, (fmt, ffmpeg_lufs)
        assert ffmpeg_dbtp <= -1.0, (fmt, ffmpeg_dbtp)
        # Our own measurement of the decoded file agrees and is what the stage reports.
        assert item.measured.integrated_lufs == pytest.approx(ffmpeg_lufs, abs=0.15)
        assert item.measured.refined_true_peak_dbtp <= -1.0 + 1e-6
        assert item.measured.frames == result.audio.shape[1]
