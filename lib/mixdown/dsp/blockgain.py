"""Gains computed per block of samples and interpolated between block centres.

The maximiser, the true-peak limiter stage and the multiband compressor compute a gain per
block of :data:`BLOCK_SAMPLES` samples (about 0.7 ms at 44.1 kHz, the blocks of
:func:`mixdown.dsp.truepeak.true_peak_blocks`) and interpolate it linearly between block
centres; the hold of each gain covers one block more than its ramp, so the interpolated gain
never exceeds the gain each sample requires. :func:`release_curve` is the exponential
recovery every limiter here shares.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.ndimage import maximum_filter1d, uniform_filter1d

from mixdown.dsp.truepeak import TRUE_PEAK_BLOCK_SAMPLES

BLOCK_SAMPLES = TRUE_PEAK_BLOCK_SAMPLES
_CHUNK_SAMPLES = 1 << 16


def release_curve(depth: np.ndarray, release_samples: float) -> np.ndarray:
    """r[n] = max over m <= n of depth[m] * a**(n - m), with a = exp(-1 / release_samples).

    Blockwise: within a block, a running maximum of depth[m] * a**-m scaled back by a**n,
    the block short enough for a**-m to stay finite in float64; the last value of each
    block carries into the next one, decaying.
    """
    block = int(min(1 << 16, max(1.0, 600.0 * release_samples)))
    steps = np.arange(block, dtype=np.float64) / release_samples
    grow, decay = np.exp(steps), np.exp(-steps)
    one_step = math.exp(-1.0 / release_samples)
    released = np.empty(depth.shape, dtype=np.float32)
    carried = 0.0
    for start in range(0, depth.size, block):
        part = depth[start : start + block].astype(np.float64)
        size = part.size
        part *= grow[:size]
        np.maximum.accumulate(part, out=part)
        part *= decay[:size]
        if carried > 0.0:
            np.maximum(part, (carried * one_step) * decay[:size], out=part)
        released[start : start + size] = part
        carried = float(part[-1])
    return released


def block_max(values: np.ndarray) -> np.ndarray:
    """Largest value in each block of BLOCK_SAMPLES (the last block padded with zeros)."""
    blocks = -(-values.size // BLOCK_SAMPLES)
    padded = np.zeros(blocks * BLOCK_SAMPLES, dtype=np.float32)
    padded[: values.size] = values
    return padded.reshape(blocks, BLOCK_SAMPLES).max(axis=1)


def gain_per_block(
    envelope_blocks: np.ndarray, threshold: float, sample_rate_hz: int, lookahead_ms: float, release_ms: float
) -> np.ndarray:
    """Gain per block (float64) keeping ``envelope * gain <= threshold`` everywhere once
    interpolated by :func:`expand_blocks`: depth ``ln(envelope / threshold)``, exponential
    release, hold over the ramp plus one block, then the ramp (a moving average)."""
    with np.errstate(divide="ignore"):
        depth = np.log(np.maximum(envelope_blocks.astype(np.float64), 1e-30) / threshold)
    np.maximum(depth, 0.0, out=depth)
    if not depth.any():
        return np.ones(depth.size)
    ramp = max(1, round(lookahead_ms * 1e-3 * sample_rate_hz / (2 * BLOCK_SAMPLES)))
    released = release_curve(depth, max(release_ms * 1e-3 * sample_rate_hz / BLOCK_SAMPLES, 1.0)).astype(np.float64)
    held = maximum_filter1d(released, size=2 * ramp + 3, mode="nearest")
    return uniform_filter1d(np.exp(-held), size=2 * ramp + 1, mode="nearest")


def expand_blocks(block_values: np.ndarray, samples: int, block_samples: int = BLOCK_SAMPLES) -> np.ndarray:
    """Per-sample values (samples,) float32 from one value per block of ``block_samples``,
    linear between block centres (held beyond the first and last centre)."""
    values = block_values.astype(np.float32)
    before = np.concatenate((values[:1], values[:-1])) - values
    after = np.concatenate((values[1:], values[-1:])) - values
    offsets = (np.arange(block_samples, dtype=np.float32) - (block_samples - 1) / 2) / block_samples
    half = block_samples // 2
    expanded = np.empty((values.size, block_samples), dtype=np.float32)
    expanded[:, :half] = values[:, None] - before[:, None] * offsets[None, :half]
    expanded[:, half:] = values[:, None] + after[:, None] * offsets[None, half:]
    return expanded.reshape(-1)[:samples]


def apply_block_gain(
    audio: np.ndarray, block_values: np.ndarray, block_samples: int = BLOCK_SAMPLES, out: np.ndarray | None = None
) -> np.ndarray:
    """``audio * expand_blocks(block_values, samples, block_samples)`` (the same bits), a few
    blocks at a time so that the per-sample gain never exists whole; ``out`` may be
    ``audio`` (in place)."""
    channels, samples = audio.shape
    out = np.empty_like(audio) if out is None else out
    step = max(1, _CHUNK_SAMPLES // block_samples)
    values = block_values.astype(np.float32)
    for first in range(0, values.size, step):
        start = first * block_samples
        if start >= samples:
            break
        # a block's interpolation reads its neighbours: expand with one on each side, keep the middle
        lead = 1 if first > 0 else 0
        part = values[first - lead : first + step + 1]
        gain = expand_blocks(part, part.size * block_samples, block_samples)
        gain = gain[lead * block_samples : (lead + step) * block_samples][: samples - start]
        np.multiply(audio[:, start : start + gain.size], gain, out=out[:, start : start + gain.size])
    return out


def expand_range(block_gain: np.ndarray, first: int, stop: int) -> np.ndarray:
    """:func:`expand_blocks` of ``block_gain`` restricted to the samples of blocks [first, stop)."""
    lead = 1 if first > 0 else 0
    part = block_gain[first - lead : stop + 1]
    expanded = expand_blocks(part, part.size * BLOCK_SAMPLES)
    return expanded[lead * BLOCK_SAMPLES : (lead + stop - first) * BLOCK_SAMPLES]


def neighbourhood_max(values: np.ndarray) -> np.ndarray:
    """Largest of each value and its two neighbours (what a linear interpolation between
    block centres can reach within the block)."""
    out = values.copy()
    np.maximum(out[1:], values[:-1], out=out[1:])
    np.maximum(out[:-1], values[1:], out=out[:-1])
    return out
