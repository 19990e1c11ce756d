"""Multiband compression: LR4 crossovers that sum back flat, the compressor's static curve."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.errors import InvalidInput
from mixdown_mastering import multiband
from tests.audio_helpers import pink_noise, sine


def _response_db(impulse_response: np.ndarray, sample_rate_hz: int, frequencies_hz: np.ndarray) -> np.ndarray:
    spectrum = np.fft.rfft(impulse_response, n=1 << 18)
    bins = np.round(frequencies_hz / sample_rate_hz * (1 << 18)).astype(int)
    return 20 * np.log10(np.abs(spectrum[bins]))


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize(("low_hz", "high_hz"), [(120.0, 3000.0), (60.0, 1000.0), (300.0, 8000.0)])
def test_bands_sum_back_flat(sample_rate_hz, low_hz, high_hz):
    impulse = np.zeros((1, 1 << 15), dtype=np.float32)
    impulse[0, 0] = 1.0
    bands = multiband.split_bands(impulse, sample_rate_hz, low_hz, high_hz)
    frequencies_hz = np.geomspace(20.0, 20000.0, 200)
    total_db = _response_db(bands.sum(axis=0)[0].astype(np.float64), sample_rate_hz, frequencies_hz)
    np.testing.assert_allclose(total_db, 0.0, atol=0.1)


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
def test_crossovers_are_linkwitz_riley(sample_rate_hz):
    filters = multiband.band_filters(sample_rate_hz, 120.0, 3000.0)
    low, mid, high = (_response_db(f, sample_rate_hz, np.array([60.0, 120.0, 240.0, 1500.0, 3000.0, 6000.0]))
                      for f in filters)
    # -6 dB at each crossover for both adjacent bands, 24 dB/octave slopes.
    assert low[1] == pytest.approx(-6.02, abs=0.1) and mid[1] == pytest.approx(-6.02, abs=0.1)
    assert mid[4] == pytest.approx(-6.02, abs=0.1) and high[4] == pytest.approx(-6.02, abs=0.1)
    assert low[2] < -23.0 and mid[0] < -23.0 and high[3] < -23.0 and mid[5] < -23.0


def test_bands_sum_to_the_allpassed_input_with_the_compressors_at_unity():
    audio = pink_noise(3.0, 48000, 2)
    out, applied = multiband.compress(audio, 48000, band_ratio=1.0)
    expected = multiband.split_bands(audio, 48000).sum(axis=0)
    np.testing.assert_allclose(out, expected, atol=2e-5)
    assert all(applied[f"{band}_max_reduction_db"] == pytest.approx(0.0, abs=1e-9) for band in multiband.BANDS)
    # An allpass keeps the power.
    assert np.sum(out.astype(np.float64) ** 2) == pytest.approx(np.sum(audio.astype(np.float64) ** 2), rel=0.01)


@pytest.mark.parametrize(("ratio", "knee_db"), [(2.0, 0.0), (4.0, 0.0), (3.0, 6.0)])
def test_static_curve(ratio, knee_db):
    threshold_db = -10.0
    levels = np.linspace(-40.0, 10.0, 501)
    gain = multiband.compressor_gain_db(levels, threshold_db, ratio, knee_db)
    below = levels < threshold_db - knee_db / 2
    above = levels > threshold_db + knee_db / 2
    np.testing.assert_allclose(gain[below], 0.0)
    # Above the knee the output rises 1/ratio dB per input dB.
    np.testing.assert_allclose(gain[above], (1 / ratio - 1) * (levels[above] - threshold_db), atol=1e-12)
    # Continuous, never a boost, and monotonic output level.
    output = levels + gain
    assert np.all(gain <= 0.0) and np.all(np.diff(output) > 0)
    assert np.max(np.abs(np.diff(gain))) < (1 - 1 / ratio) * (levels[1] - levels[0]) + 1e-9


def test_compression_narrows_the_level_difference_and_keeps_the_band_power():
    rate = 48000
    bursts = sine(1000, -30.0, 4.0, rate, 2)
    starts = range(rate // 2, 4 * rate, rate)
    for start in starts:
        bursts[:, start : start + rate // 5] *= np.float32(10 ** (18 / 20))
    out, applied = multiband.compress(bursts, rate, band_threshold_db=0.0, band_ratio=4.0, band_attack_ms=1.0)

    # The band's level is its power mean: 0.8 of the time steady, 0.2 at +18 dB; the bursts
    # exceed it by 18 - 11.3 dB, of which a 4:1 ratio takes off three quarters.
    level_over_steady_db = 10 * np.log10(0.8 + 0.2 * 10 ** 1.8)
    expected_db = (1 - 1 / 4) * (18.0 - level_over_steady_db)
    assert applied["mid_max_reduction_db"] == pytest.approx(expected_db, abs=0.6)

    def rms_db(signal, first, stop):
        return 10 * np.log10(np.mean(signal[:, first:stop].astype(np.float64) ** 2))

    middle = [(s + rate // 20, s + rate // 7) for s in starts]
    between = [(s - rate // 4, s - rate // 20) for s in starts]
    difference_in = np.mean([rms_db(bursts, *m) - rms_db(bursts, *b) for m, b in zip(middle, between, strict=True)])
    difference_out = np.mean([rms_db(out, *m) - rms_db(out, *b) for m, b in zip(middle, between, strict=True)])
    assert difference_in == pytest.approx(18.0, abs=0.1)
    assert difference_out == pytest.approx(18.0 - expected_db, abs=0.7)
    # Make-up keeps the band's power: the mid band carries the whole 1 kHz tone.
    assert np.mean(out.astype(np.float64) ** 2) == pytest.approx(np.mean(bursts.astype(np.float64) ** 2), rel=0.05)


@pytest.mark.parametrize(
    ("parameters", "name"),
    [
        ({"crossover_low_hz": 20.0}, "crossover_low_hz"),
        ({"crossover_low_hz": 400.0, "crossover_high_hz": 600.0}, "crossover_high_hz"),
        ({"band_ratio": 0.5}, "band_ratio"),
        ({"band_attack_ms": float("nan")}, "band_attack_ms"),
    ],
)
def test_out_of_range_parameters_are_named(parameters, name):
    with pytest.raises(InvalidInput, match=name):
        multiband.compress(sine(1000, -20.0, 1.0, 48000, 2), 48000, **parameters)


def test_a_silent_band_reports_no_level():
    silence = np.zeros((2, 48000), dtype=np.float32)
    out, applied = multiband.compress(silence, 48000)
    np.testing.assert_array_equal(out, silence)
    assert not any(name.endswith("_level_db") for name in applied)
    assert {f"{band}_makeup_db" for band in multiband.BANDS} <= applied.keys()
