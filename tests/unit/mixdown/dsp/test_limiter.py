"""True-peak limiting and loudness normalisation, checked with ffmpeg's ebur128 meter."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mixdown.dsp import truepeak
from mixdown.dsp.limiter import CEILING_TOLERANCE_DB, true_peak_limit
from mixdown.errors import InvalidInput
from mixdown_dev import examples
from tests.audio_helpers import ffmpeg_ebur128, sine, write_float_wav


def _loud_noise(sample_rate_hz: int, seconds: float = 4.0) -> np.ndarray:
    rng = np.random.default_rng(7)
    return np.clip(0.5 * rng.standard_normal((2, round(seconds * sample_rate_hz))), -1.0, 1.0).astype(np.float32)


def _song(seconds: float = 8.0, sample_rate_hz: int = 44100) -> np.ndarray:
    return examples.beat(seconds, sample_rate_hz) + 0.7 * examples.vocal_like(seconds, sample_rate_hz)


LOUD_SIGNALS = {
    "quarter-rate-sine-45deg": lambda rate: sine(rate / 4, 3.0, 4.0, rate, 2, phase_radians=math.pi / 4),
    "clipped-noise": _loud_noise,
    "abrupt-15k-sine": lambda rate: sine(15000, 0.0, 4.0, rate, 1, phase_radians=0.3, fade_seconds=0),
}


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize("name", list(LOUD_SIGNALS))
def test_limited_true_peak_stays_under_the_ceiling(tmp_path, name, sample_rate_hz):
    audio = LOUD_SIGNALS[name](sample_rate_hz)
    assert truepeak.true_peak_dbtp(audio, sample_rate_hz) > 0.0

    limited = true_peak_limit(audio, sample_rate_hz, ceiling_dbtp=-1.0)

    assert limited.shape == audio.shape and limited.dtype == np.float32
    assert truepeak.true_peak_dbtp(limited, sample_rate_hz) <= -1.0 + CEILING_TOLERANCE_DB
    _, ffmpeg_dbtp = ffmpeg_ebur128(write_float_wav(tmp_path / "limited.wav", limited, sample_rate_hz))
    assert ffmpeg_dbtp <= -1.0 + 0.1


@pytest.mark.parametrize("ceiling_dbtp", [-0.1, -2.0, -6.0])
def test_any_ceiling_is_respected(ceiling_dbtp):
    limited = true_peak_limit(_loud_noise(48000, 2.0), 48000, ceiling_dbtp=ceiling_dbtp)
    assert truepeak.true_peak_dbtp(limited, 48000) <= ceiling_dbtp + CEILING_TOLERANCE_DB


@pytest.mark.parametrize("samples", [1, 5, 40, 333])
def test_very_short_audio_is_limited_too(samples):
    rng = np.random.default_rng(samples)
    audio = rng.uniform(-2.0, 2.0, (1, samples)).astype(np.float32)
    limited = true_peak_limit(audio, 44100, ceiling_dbtp=-1.0)
    assert truepeak.true_peak_dbtp(limited, 44100) <= -1.0 + CEILING_TOLERANCE_DB


@pytest.mark.parametrize(("lookahead_ms", "release_ms"), [(0.5, 1.0), (1.0, 5.0), (20.0, 2000.0)])
def test_extreme_timings_still_respect_the_ceiling(lookahead_ms, release_ms):
    # A ramp shorter than the interpolation kernel overshoots on the first try; the
    # overshoot is measured and corrected.
    audio = _loud_noise(48000, 2.0)
    limited = true_peak_limit(audio, 48000, ceiling_dbtp=-1.0, lookahead_ms=lookahead_ms, release_ms=release_ms)
    assert truepeak.true_peak_dbtp(limited, 48000) <= -1.0 + CEILING_TOLERANCE_DB


def test_limiter_only_attenuates():
    audio = _song(4.0) * np.float32(3.0)
    limited = true_peak_limit(audio, 44100)
    assert np.all(np.abs(limited) <= np.abs(audio) + 1e-7)


def test_audio_under_the_ceiling_is_returned_unchanged():
    audio = sine(1000, -6.0, 1.0, 48000, 2)
    limited = true_peak_limit(audio, 48000, ceiling_dbtp=-1.0)
    np.testing.assert_array_equal(limited, audio)
    assert limited is not audio


def test_gain_ramps_over_the_lookahead_and_recovers_with_the_release():
    rate = 48000
    audio = sine(1000, -20.0, 2.0, rate, 1, fade_seconds=0)
    burst_start, burst_stop = rate, rate + 480
    audio[:, burst_start:burst_stop] *= np.float32(10 ** (20 / 20))
    lookahead_ms, release_ms = 5.0, 50.0

    limited = true_peak_limit(audio, rate, ceiling_dbtp=-6.0, lookahead_ms=lookahead_ms, release_ms=release_ms)

    quiet = np.abs(audio[0]) > 1e-3
    gain_db = np.full(audio.shape[1], np.nan)
    gain_db[quiet] = 20 * np.log10(np.abs(limited[0, quiet]) / np.abs(audio[0, quiet]))
    lookahead = round(lookahead_ms * 1e-3 * rate)
    before = slice(0, burst_start - lookahead - 2)
    assert np.nanmax(np.abs(gain_db[before])) < 1e-4
    assert np.nanmin(gain_db[burst_start:burst_stop]) < -5.9
    # Exponential recovery: at least 10 time constants after the burst, under 0.01 dB.
    after = burst_stop + lookahead + round(10 * release_ms * 1e-3 * rate)
    assert np.nanmin(gain_db[after:]) > -0.01
    # ... but not instantly: one time constant after the hold the gain is still well down.
    one_release = burst_stop + lookahead + round(release_ms * 1e-3 * rate)
    assert np.nanmin(gain_db[one_release : one_release + 48]) < -2.0


@pytest.mark.parametrize(
    ("parameters", "name"),
    [
        ({"ceiling_dbtp": 1.0}, "ceiling_dbtp"),
        ({"lookahead_ms": 0.0}, "lookahead_ms"),
        ({"release_ms": float("nan")}, "release_ms"),
    ],
)
def test_out_of_range_parameters_are_named(parameters, name):
    with pytest.raises(InvalidInput, match=name):
        true_peak_limit(sine(1000, -6.0, 0.5, 48000, 1), 48000, **parameters)
