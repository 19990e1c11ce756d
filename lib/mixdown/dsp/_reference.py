"""Plain reference implementations of the metering kernels, for tests (private).

Each function here computes, the obvious way and in float64, what a fast kernel computes:

- :func:`step_energy`: the channel-weighted K-weighted energy of every complete 100 ms step,
  by ``scipy.signal.sosfilt`` over the whole signal (what :mod:`mixdown.dsp._kweighting`
  computes block-recursively with float32 matrix products);
- :func:`true_peak_envelope`: the BS.1770-4 Annex 2 interpolation, one ``np.convolve`` per
  phase with the Kaiser-windowed sinc written out from its definition (what
  :mod:`mixdown.dsp._interpolation` computes as batched products).

They are slow and keep whole signals in float64; nothing outside the tests calls them.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import sosfilt

from mixdown.dsp.loudness import STEP_SECONDS, channel_weights, k_weighting_sos
from mixdown.dsp.truepeak import TRUE_PEAK_KAISER_BETA, TRUE_PEAK_TAPS_PER_PHASE, oversampling_factor


def step_bounds(samples: int, sample_rate_hz: int) -> np.ndarray:
    """Sample index of every 100 ms step boundary a complete step ends on (rounded)."""
    steps = int(samples // (STEP_SECONDS * sample_rate_hz))
    return np.round(np.arange(steps + 1) * STEP_SECONDS * sample_rate_hz).astype(np.int64)


def step_energy(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Channel-weighted K-weighted energy of each complete 100 ms step (float64)."""
    bounds = step_bounds(audio.shape[1], sample_rate_hz)
    weights = channel_weights(audio.shape[0])
    energy = np.zeros(len(bounds) - 1)
    if len(bounds) < 2:
        return energy
    sos = k_weighting_sos(sample_rate_hz)
    for weight, channel in zip(weights, audio, strict=True):
        weighted = sosfilt(sos, channel[: bounds[-1]].astype(np.float64))
        energy += weight * np.add.reduceat(weighted**2, bounds[:-1])
    return energy


def interpolation_kernels(factor: int) -> np.ndarray:
    """(factor - 1, taps) kernels estimating x(n + p / factor) from x[n - 15] .. x[n + 16]:
    a sinc under a Kaiser window (beta 9) over 32 taps, each normalised to unit DC gain."""
    half = TRUE_PEAK_TAPS_PER_PHASE // 2
    offsets = np.arange(-(half - 1), half + 1)
    kernels = np.empty((factor - 1, offsets.size))
    for phase in range(1, factor):
        t = phase / factor - offsets
        window = np.i0(TRUE_PEAK_KAISER_BETA * np.sqrt(np.clip(1.0 - (t / half) ** 2, 0.0, None)))
        kernel = np.sinc(t) * window
        kernels[phase - 1] = kernel / kernel.sum()
    return kernels


def true_peak_envelope(audio: np.ndarray, sample_rate_hz: int, grid_refinement: int = 1) -> np.ndarray:
    """Largest |value| over channels of the interpolated signal in [n, n + 1) for every
    sample n (samples,), the overshoot before the first and after the last sample folded
    into them (the audio silent outside)."""
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    magnitude = np.abs(audio.astype(np.float64)).max(axis=0)
    if factor == 1:
        return magnitude
    half = TRUE_PEAK_TAPS_PER_PHASE // 2
    samples = audio.shape[1]
    # Position n of the padded signal is sample n - half; phase p at position n reads
    # samples n - 15 .. n + 16 around it.
    padded = np.zeros((audio.shape[0], samples + 2 * half + TRUE_PEAK_TAPS_PER_PHASE))
    padded[:, half + half : half + half + samples] = audio
    envelope = np.zeros(samples + 2 * half)
    for kernel in interpolation_kernels(factor):
        for channel in padded:
            # correlation: entry i is sum_j kernel[j] * padded[i + j], the value at sample i - 17,
            # i.e. envelope position i - 1
            full = np.convolve(channel, kernel[::-1], mode="valid")[1 : samples + 2 * half + 1]
            np.maximum(envelope, np.abs(full), out=envelope)
    result = np.maximum(envelope[half : half + samples], magnitude)
    result[0] = max(result[0], envelope[:half].max())
    result[-1] = max(result[-1], envelope[half + samples :].max())
    return result
