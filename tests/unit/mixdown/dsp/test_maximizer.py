"""Loudness maximiser: leveller, soft clipper and true-peak limiter solved for a loudness target."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp import loudness, truepeak
from mixdown.dsp.limiter import refined_true_peak_dbtp
from mixdown.dsp.maximizer import maximize, soft_clip
from mixdown.errors import InvalidInput
from tests.audio_helpers import bass_heavy, ffmpeg_ebur128, pink_noise, sine, song, write_float_wav


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("target_lufs", [-14.0, -8.0])
def test_reaches_the_target_under_the_ceiling(sample_rate_hz, channels, target_lufs):
    audio = song(6.0, sample_rate_hz, seed=channels)[:channels]
    out, applied = maximize(audio, sample_rate_hz, target_lufs, -1.0)
    assert applied["converged"] == 1.0
    assert loudness.integrated_loudness_lufs(out, sample_rate_hz) == pytest.approx(target_lufs, abs=0.1)
    assert refined_true_peak_dbtp(out, sample_rate_hz) <= -1.0 + 1e-6
    assert out.shape == audio.shape and out.dtype == np.float32


@pytest.mark.parametrize("target_lufs", [-14.0, -10.0, -8.0])
def test_the_target_is_reached_as_ffmpeg_measures(tmp_path, target_lufs):
    """The one loudness normalisation (the limiter's gain-limit-remeasure loop is gone): the
    delivered loudness and true peak as an independent meter reads them."""
    out, applied = maximize(song(8.0, 44100, seed=3), 44100, target_lufs, -1.0)
    assert applied["converged"] == 1.0
    ffmpeg_lufs, ffmpeg_dbtp = ffmpeg_ebur128(write_float_wav(tmp_path / "master.wav", out, 44100))
    assert ffmpeg_lufs == pytest.approx(target_lufs, abs=0.5)
    assert ffmpeg_dbtp <= -1.0 + 0.1


def test_dense_noise_reaches_club_loudness():
    out, applied = maximize(pink_noise(8.0, 48000, 2), 48000, -8.0, -1.0)
    assert loudness.integrated_loudness_lufs(out, 48000) == pytest.approx(-8.0, abs=0.1)
    assert truepeak.true_peak_dbtp(out, 48000) <= -1.0
    assert applied["leveler_reduction_db"] > 0.0


def test_a_programme_that_fits_is_only_scaled():
    audio = pink_noise(4.0, 48000, 2) * np.float32(0.1)
    out, applied = maximize(audio, 48000, -30.0)
    gain = 10 ** (applied["input_gain_db"] / 20)
    np.testing.assert_allclose(out, audio * np.float32(gain), rtol=1e-6)
    assert applied["limiter_reduction_db"] == 0.0 and applied["evaluations"] == 1.0


def test_an_unreachable_target_ends_at_the_loudest_result():
    out, applied = maximize(bass_heavy(4.0, 48000), 48000, -5.0, -12.0)
    assert applied["converged"] == 0.0
    assert loudness.integrated_loudness_lufs(out, 48000) < -5.5
    assert truepeak.true_peak_dbtp(out, 48000) <= -12.0


def test_soft_clip_is_transparent_below_the_knee_and_saturates_below_the_level():
    x = np.linspace(-3.0, 3.0, 6001, dtype=np.float32)[None, :]
    y = soft_clip(x, 1.0, 2.0)
    knee = 10 ** (-2 / 20)
    inside = np.abs(x) <= knee
    np.testing.assert_array_equal(y[inside], x[inside])
    assert np.all(np.abs(y) <= 1.0) and np.all(np.diff(y[0]) >= 0)
    # Continuous slope at the knee.
    slope = np.diff(y[0]) / np.diff(x[0])
    assert np.max(np.abs(np.diff(slope))) < 0.01


def test_refined_true_peak_reads_at_least_the_meter():
    audio = sine(17000, -3.0, 1.0, 44100, 2, phase_radians=0.7)
    assert refined_true_peak_dbtp(audio, 44100) >= truepeak.true_peak_dbtp(audio, 44100) - 1e-6


def test_silence_and_bad_parameters_are_refused():
    with pytest.raises(InvalidInput, match="cannot maximise silence"):
        maximize(np.zeros((2, 48000), np.float32), 48000)
    with pytest.raises(InvalidInput, match="leveler_release_ms"):
        maximize(pink_noise(1.0, 48000, 2), 48000, leveler_release_ms=0.0)
