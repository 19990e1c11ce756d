"""Stereo width control in mid/side, and the width and correlation meters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mixdown.dsp import stereo
from mixdown.errors import InvalidInput
from mixdown_mastering.stereo import control_width
from tests.audio_helpers import pink_noise


def mid_side_signal(width_percent: float, seconds: float = 2.0, rate: int = 48000) -> np.ndarray:
    """Uncorrelated mid and side noise with rms(side) / rms(mid) = width_percent / 100."""
    mid = pink_noise(seconds, rate, 1, seed=1)[0]
    side = pink_noise(seconds, rate, 1, seed=2)[0] * np.float32(width_percent / 100)
    return stereo.from_mid_side(mid, side)


@pytest.mark.parametrize("width", [0.0, 30.0, 100.0, 150.0])
def test_width_meter_reads_the_side_to_mid_ratio(width):
    assert stereo.width_percent(mid_side_signal(width)) == pytest.approx(width, rel=0.01, abs=0.01)


def test_correlation_of_in_phase_out_of_phase_and_unrelated_channels():
    noise = pink_noise(2.0, 48000, 2)
    assert stereo.correlation(np.stack([noise[0], noise[0]])) == pytest.approx(1.0)
    assert stereo.correlation(np.stack([noise[0], -noise[0]])) == pytest.approx(-1.0)
    assert abs(stereo.correlation(noise)) < 0.05
    # For uncorrelated mid and side: (1 - w^2) / (1 + w^2).
    assert stereo.correlation(mid_side_signal(50.0)) == pytest.approx((1 - 0.25) / (1 + 0.25), abs=0.02)
    assert stereo.correlation(pink_noise(1.0, 48000, 1)) == 1.0


def test_silence_and_one_sided_signals_have_defined_readings():
    silence = np.zeros((2, 48000), np.float32)
    assert stereo.width_percent(silence) == 0.0 and stereo.correlation(silence) == 1.0
    noise = pink_noise(1.0, 48000, 1)[0]
    one_sided = np.stack([noise, np.zeros_like(noise)])
    assert stereo.correlation(one_sided) == 0.0
    assert stereo.width_percent(np.stack([noise, -noise])) == math.inf


def test_width_zero_folds_to_mono():
    out, applied = control_width(mid_side_signal(80.0), 48000, width_percent=0.0)
    np.testing.assert_array_equal(out[0], out[1])
    assert applied["width_out_percent"] == 0.0


@pytest.mark.parametrize("setting", [25.0, 50.0, 100.0, 150.0])
def test_measured_width_follows_the_setting(setting):
    audio = mid_side_signal(60.0)
    out, applied = control_width(audio, 48000, width_percent=setting, max_width_percent=200.0)
    assert stereo.width_percent(out) == pytest.approx(60.0 * setting / 100, rel=0.005)
    assert applied["width_in_percent"] == pytest.approx(60.0, rel=0.01)
    # The mid is untouched.
    np.testing.assert_allclose(stereo.mid_side(out)[0], stereo.mid_side(audio)[0], atol=1e-7)


def test_the_maximum_caps_the_width_and_the_qc_scale_narrows_it_further():
    audio = mid_side_signal(160.0)
    capped, _ = control_width(audio, 48000, max_width_percent=120.0)
    assert stereo.width_percent(capped) == pytest.approx(120.0, rel=0.005)
    narrowed, applied = control_width(audio, 48000, max_width_percent=120.0, width_scale=0.8)
    assert stereo.width_percent(narrowed) == pytest.approx(96.0, rel=0.005)
    assert applied["side_gain_db"] == pytest.approx(20 * np.log10(96.0 / 160.0), abs=0.02)


def test_mono_passes_unchanged_and_bad_settings_are_named():
    mono = pink_noise(1.0, 48000, 1)
    out, applied = control_width(mono, 48000, width_percent=50.0)
    np.testing.assert_array_equal(out, mono)
    with pytest.raises(InvalidInput, match="width_percent"):
        control_width(mid_side_signal(50.0), 48000, width_percent=250.0)
    with pytest.raises(InvalidInput, match="max_width_percent"):
        control_width(mid_side_signal(50.0), 48000, max_width_percent=20.0)


def test_a_signal_without_mid_passes_unchanged_with_no_width_reading():
    noise = pink_noise(1.0, 48000, 1)[0]
    cancelling = np.stack([noise, -noise])
    out, applied = control_width(cancelling, 48000, width_percent=50.0)
    np.testing.assert_array_equal(out, cancelling)
    assert applied == {"side_gain_db": 0.0}
