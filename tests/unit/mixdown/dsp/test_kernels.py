"""The metering kernels compute what their plain reference implementations compute.

:mod:`mixdown.dsp._kweighting` (block-recursive K-weighting in float32 products) against
``sosfilt`` in float64, and :mod:`mixdown.dsp._interpolation` (the true-peak interpolator as
batched products) against one convolution per phase, both from :mod:`mixdown.dsp._reference`.
"""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp import _kweighting, _reference, loudness, truepeak


def _kernel_step_energy(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    bounds = _reference.step_bounds(audio.shape[1], sample_rate_hz)
    sos = loudness.k_weighting_sos(sample_rate_hz)
    weights = loudness.channel_weights(audio.shape[0])
    return sum(w * np.diff(_kweighting.cumulative_energy(ch, sos, bounds)) for w, ch in zip(weights, audio, strict=True))


@pytest.mark.parametrize("sample_rate_hz", [8000, 11025, 44100, 48000, 96000, 192000])
@pytest.mark.parametrize("seconds", [0.1, 0.4, 1.2345, 3.0])
def test_block_k_weighting_computes_what_sosfilt_computes(sample_rate_hz, seconds):
    rng = np.random.default_rng(round(seconds * 1000))
    samples = round(seconds * sample_rate_hz) + 37
    audio = (rng.standard_normal((2, samples)) * 0.2).astype(np.float32)
    audio[1] *= 0.1
    expected = _reference.step_energy(audio, sample_rate_hz)
    np.testing.assert_allclose(_kernel_step_energy(audio, sample_rate_hz), expected, rtol=2e-6)


def test_block_k_weighting_keeps_low_frequencies_exact():
    t = np.arange(10 * 48000) / 48000
    audio = np.stack([0.5 * np.sin(2 * np.pi * 20 * t), 0.5 * np.sin(2 * np.pi * 31 * t + 1)]).astype(np.float32)
    # Deep in the RLB high-pass's stop band the output is a small difference of large float32
    # products: 1e-4 of the energy, 0.0004 dB.
    np.testing.assert_allclose(_kernel_step_energy(audio, 48000), _reference.step_energy(audio, 48000), rtol=1e-4)


def test_integrated_loudness_is_the_reference_energy_gated():
    rng = np.random.default_rng(5)
    audio = (rng.standard_normal((2, 5 * 44100)) * np.linspace(0.01, 0.5, 5 * 44100)).astype(np.float32)
    energy = _reference.step_energy(audio, 44100)
    bounds = _reference.step_bounds(audio.shape[1], 44100)
    window = np.convolve(energy, np.ones(4), "valid") / np.convolve(np.diff(bounds), np.ones(4), "valid")
    assert loudness.integrated_loudness_lufs(audio, 44100) == pytest.approx(loudness.gated_mean_lufs(window), abs=1e-4)


@pytest.mark.parametrize(("sample_rate_hz", "grid_refinement"), [(44100, 1), (48000, 3), (96000, 1), (22050, 2)])
@pytest.mark.parametrize("channels", [1, 2])
def test_true_peak_envelope_is_the_reference_interpolation(sample_rate_hz, grid_refinement, channels):
    rng = np.random.default_rng(sample_rate_hz + channels)
    audio = (rng.standard_normal((channels, 12345)) * 0.3).astype(np.float32)
    audio[:, :40] = 0.9  # an abrupt start: the overshoot before the first sample folds into it
    expected = _reference.true_peak_envelope(audio, sample_rate_hz, grid_refinement)
    envelope = truepeak.true_peak_envelope(audio, sample_rate_hz, grid_refinement)
    np.testing.assert_allclose(envelope, expected, rtol=2e-6, atol=1e-7)


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000, 192000])
def test_true_peak_is_the_reference_maximum(sample_rate_hz):
    rng = np.random.default_rng(3)
    audio = (rng.standard_normal((2, 3 * sample_rate_hz)) * 0.2).astype(np.float32)
    expected_dbtp = 20 * np.log10(_reference.true_peak_envelope(audio, sample_rate_hz).max())
    assert truepeak.true_peak_dbtp(audio, sample_rate_hz) == pytest.approx(expected_dbtp, abs=1e-5)
