"""True and sample peaks: ITU-R BS.1770-4 Annex 2.

True peak: the signal is interpolated to at least 176.4 kHz (4x at 44.1/48 kHz, 2x at
88.2/96 kHz, none from 176.4 kHz up) and the largest magnitude over all channels is reported
in dBTP. The interpolator (:mod:`mixdown.dsp._interpolation`) is a polyphase Kaiser-windowed
sinc with the parameters libswresample uses when upsampling by default, as in ffmpeg's
``ebur128``: 32 taps per phase, cutoff at Nyquist, Kaiser beta 9; see
:mod:`mixdown.dsp.loudness` for how it compares with ffmpeg. Outside the signal the audio is
taken as silent.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from mixdown.dsp import _interpolation as kernel
from mixdown.dsp import as_audio, check_sample_rate
from mixdown.dsp.pool import run_parallel, workers
from mixdown.errors import InvalidInput

TRUE_PEAK_MIN_RATE_HZ = 176400
TRUE_PEAK_TAPS_PER_PHASE = kernel.TAPS_PER_PHASE
TRUE_PEAK_KAISER_BETA = kernel.KAISER_BETA
TRUE_PEAK_BLOCK_SAMPLES = kernel.ROWS
"""Samples per block of :func:`true_peak_blocks`."""
_ROWS = kernel.ROWS


def oversampling_factor(sample_rate_hz: int) -> int:
    """Interpolation factor used for true peak: the smallest that reaches 176.4 kHz."""
    return max(1, -(-TRUE_PEAK_MIN_RATE_HZ // check_sample_rate(sample_rate_hz)))


def peak_magnitude(audio: np.ndarray) -> np.ndarray:
    """Largest |sample| over the channels at each position: (samples,) float32."""
    return kernel.magnitude(as_audio(audio))


def linear_true_peak(audio: np.ndarray, sample_rate_hz: int, magnitude: np.ndarray | None = None) -> float:
    """The interpolated peak over every channel (linear); ``magnitude`` is
    :func:`peak_magnitude` of ``audio`` when the caller has it already.

    Only chunks whose bound exceeds the peak found so far are interpolated: the chunk with
    the loudest samples first (its peak is usually the true peak), then the remaining
    candidates, split across the pool. Quiet passages cost one pass over the samples.
    """
    audio = as_audio(audio, sample_rate_hz)
    magnitude = kernel.magnitude(audio) if magnitude is None else magnitude
    peak = float(magnitude.max())
    factor = oversampling_factor(sample_rate_hz)
    if factor == 1:
        return peak
    interpolation = kernel.Interpolation(audio, factor)
    chunks = interpolation.chunk_bounds(magnitude)
    peak = interpolation.peak(chunks[:1], peak)
    candidates = [chunk for chunk in chunks[1:] if chunk[0] > peak]
    parts = workers()
    shares = [candidates[part::parts] for part in range(parts)]
    return max([peak, *run_parallel([partial(interpolation.peak, share, peak) for share in shares if share])])


def true_peak_gain_bound(sample_rate_hz: int, grid_refinement: int = 1) -> float:
    """Largest |interpolated value| per unit of the largest |sample| within 16 samples.

    The sum of absolute taps of the interpolation kernels (about 2.35): no point of the
    grid used by :func:`true_peak_envelope` at n exceeds it times max |x[n-15 .. n+16]|.
    """
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    return 1.0 if factor == 1 else kernel.interpolation_matrices(factor)[1]


def true_peak_envelope(
    audio: np.ndarray, sample_rate_hz: int, grid_refinement: int = 1, where: np.ndarray | None = None
) -> np.ndarray:
    """Per-sample true-peak magnitude (samples,) float32, linked over channels.

    Element n is the largest absolute value of the interpolated signal over [n, n + 1) in
    any channel (the sample itself included), on the grid :func:`true_peak_dbtp` uses, or
    on one ``grid_refinement`` times denser (which contains it). A denser grid misses less
    of the peaks between grid points: at 4x, a component at 0.45 times the sample rate can
    peak up to 0.6 dB above the grid, at 12x up to 0.07 dB. The overshoot before the first
    and after the last sample is folded into those samples. With ``where`` (a boolean
    mask over the samples), only the masked samples are interpolated (at least); the
    others get their own magnitude.
    """
    audio = as_audio(audio, sample_rate_hz)
    if isinstance(grid_refinement, bool) or not isinstance(grid_refinement, int) or not 1 <= grid_refinement <= 8:
        raise InvalidInput(f"grid_refinement must be an integer in 1..8, got {grid_refinement!r}")
    samples = audio.shape[1]
    if where is not None and (where.shape != (samples,) or where.dtype != np.bool_):
        raise InvalidInput(f"where must be a boolean mask of shape ({samples},)")
    samples_envelope = kernel.magnitude(audio)
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    if factor == 1:
        return samples_envelope
    interpolation = kernel.Interpolation(audio, factor)
    margin = TRUE_PEAK_TAPS_PER_PHASE // 2
    padded = np.zeros(interpolation.rows * _ROWS, dtype=np.float32)
    if where is None:
        padded[:] = interpolation.envelope().reshape(-1)
    else:
        rows = kernel.masked_rows(where, interpolation)
        if rows.size:
            padded.reshape(interpolation.rows, _ROWS)[rows] = interpolation.envelope(rows)
    envelope = np.maximum(padded[margin : margin + samples], samples_envelope)
    envelope[0] = max(envelope[0], padded[:margin].max())
    envelope[-1] = max(envelope[-1], padded[margin + samples : samples + 2 * margin].max())
    return envelope


def true_peak_blocks(
    audio: np.ndarray, sample_rate_hz: int, grid_refinement: int = 1, blocks: np.ndarray | None = None
) -> np.ndarray:
    """:func:`true_peak_envelope` reduced to its largest value in each block of
    :data:`TRUE_PEAK_BLOCK_SAMPLES` samples (the last block short): (ceil(samples / 32),)
    float32, without the per-sample arrays. With ``blocks`` (a boolean mask over the blocks),
    only those blocks are interpolated; the others read 0.

    The interpolation's rows are offset by half a row from the blocks: block b takes the
    second half of row b and the first half of row b + 1, and the overshoot before the
    first and after the last sample folds into the first and last block, as in
    :func:`true_peak_envelope`.
    """
    audio = as_audio(audio, sample_rate_hz)
    samples = audio.shape[1]
    count = -(-samples // _ROWS)
    wanted = np.ones(count, dtype=bool) if blocks is None else blocks
    if wanted.shape != (count,) or wanted.dtype != np.bool_:
        raise InvalidInput(f"blocks must be a boolean mask of shape ({count},)")
    result = np.zeros(count, dtype=np.float32)
    if not wanted.any():
        return result
    magnitude = np.zeros(count * _ROWS, dtype=np.float32)
    magnitude[:samples] = kernel.magnitude(audio)
    result[wanted] = magnitude.reshape(count, _ROWS)[wanted].max(axis=1)
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    if factor == 1:
        return result
    interpolation = kernel.Interpolation(audio, factor)
    half = _ROWS // 2
    # Row r holds positions [r * _ROWS - half, r * _ROWS + half) of the samples.
    needed = np.zeros(interpolation.rows, dtype=bool)
    block_index = np.flatnonzero(wanted)
    needed[np.minimum(block_index, interpolation.rows - 1)] = True
    needed[np.minimum(block_index + 1, interpolation.rows - 1)] = True
    if wanted[0]:
        needed[0] = True
    if wanted[-1]:
        needed[min(count, interpolation.rows - 1) :] = True
    rows = np.flatnonzero(needed)
    envelope = interpolation.envelope(None if needed.all() else rows)
    upper = np.zeros(interpolation.rows + 1, dtype=np.float32)
    lower = np.zeros(interpolation.rows + 1, dtype=np.float32)
    upper[rows] = envelope[:, half:].max(axis=1)
    lower[rows] = envelope[:, :half].max(axis=1)
    interpolated = np.maximum(upper[:count], lower[1 : count + 1])
    interpolated[0] = max(interpolated[0], lower[0])
    interpolated[-1] = max(interpolated[-1], float(np.max(np.maximum(upper, lower)[count:], initial=0.0)))
    np.maximum(result, np.where(wanted, interpolated, 0.0), out=result)
    return result


def _sample_peak(audio: np.ndarray) -> float:
    return max(float(audio.max()), -float(audio.min()))


def _db(amplitude: float) -> float:
    return 20.0 * math.log10(amplitude) if amplitude > 0.0 else -math.inf


def true_peak_dbtp(audio: np.ndarray, sample_rate_hz: int) -> float:
    """True peak (BS.1770-4 Annex 2) in dBTP over all channels; ``-inf`` for digital silence."""
    return _db(linear_true_peak(audio, sample_rate_hz))


def sample_peak_dbfs(audio: np.ndarray) -> float:
    """Largest absolute sample value over all channels in dBFS; ``-inf`` for digital silence."""
    return _db(_sample_peak(as_audio(audio)))
