"""Loudness and peak metering: ITU-R BS.1770-4, EBU Tech 3341 and EBU Tech 3342.

Every measure takes audio shaped (channels, samples) and its sample rate; nothing here
resamples. The K-weighted signal is computed once per call of :func:`measure` and shared.

K-weighting is designed for the actual sample rate from the analog prototypes of the
BS.1770 pre-filter and RLB high-pass (bilinear transform, prewarped), reproducing the
BS.1770-4 coefficient table at 48 kHz. Unlike libebur128 and ffmpeg, the RLB numerator is
scaled so that its passband gain is the 48 kHz one at every rate: their response drifts by
+0.05 dB at 22.05 kHz and -0.03 dB at 192 kHz, ours stays within 0.02 dB below a quarter
of the sample rate.

Channel weights (BS.1770-4 Table 3): one to three channels (mono, L/R, L/R/C) weigh 1.0
each; five channels (L, R, C, Ls, Rs) weigh the surrounds 1.41; six channels (L, R, C,
LFE, Ls, Rs) also leave out the LFE. Mono is measured as one channel of weight 1.0, so a
mono file reads about 3 LU below the same signal on both channels of a stereo file. This
matches ffmpeg's ``ebur128`` filter with its default ``dualmono=false``, pyloudnorm and
libebur128.

True peak follows BS.1770-4 Annex 2: the signal is interpolated to at least 176.4 kHz
(4x at 44.1/48 kHz, 2x at 88.2/96 kHz, none from 176.4 kHz up) and the largest magnitude
over all channels is reported in dBTP. The interpolator is a polyphase Kaiser-windowed
sinc with the parameters libswresample uses when upsampling by default, as in ffmpeg's
``ebur128``: 32 taps per phase, cutoff at Nyquist, Kaiser beta 9. It is within 0.01 dB
of ideal interpolation up to 0.4 times the sample rate; above 0.45 times the sample rate
it lets part of the images through, as practical reconstruction filters do, so dense
content there (clipped or limited noise) reads a few tenths of a dB above an ideal
interpolator, as it does in ffmpeg. Outside the signal the audio is taken as silent, so
an abrupt start or end counts with its overshoot; ffmpeg instead mirrors the first
samples, and reads an abrupt full-scale start up to about 0.5 dB higher.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

import numpy as np
from scipy.signal import sosfilt

from mixdown.dsp import as_audio, check_sample_rate
from mixdown.errors import InvalidInput

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
LRA_RELATIVE_GATE_LU = -20.0
STEP_SECONDS = 0.1
MOMENTARY_STEPS = 4
SHORT_TERM_STEPS = 30
TRUE_PEAK_MIN_RATE_HZ = 176400
TRUE_PEAK_TAPS_PER_PHASE = 32
TRUE_PEAK_KAISER_BETA = 9.0

_LOUDNESS_OFFSET_DB = -0.691
_ROWS = 32
# Rows per matrix product at 4x: small enough that OpenBLAS runs each product on one
# thread. Multi-threaded products this small gain nothing and stall badly when the cores
# are shared with other work; the threads here split the signal instead.
_CHUNK_ROWS_4X = 64


# ---------------------------------------------------------------------------------------------
# K-weighting
# ---------------------------------------------------------------------------------------------


def _rlb_denominator(sample_rate_hz: int) -> list[float]:
    highpass_hz, highpass_q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * highpass_hz / sample_rate_hz)
    a0 = 1.0 + k / highpass_q + k * k
    return [1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / highpass_q + k * k) / a0]


@lru_cache(maxsize=32)
def _k_weighting_sos(sample_rate_hz: int) -> np.ndarray:
    # Analog prototypes of the BS.1770 pre-filter (high shelf) and RLB high-pass, mapped to
    # the digital domain by the bilinear transform with the centre frequency prewarped; at
    # 48 kHz this reproduces the coefficients printed in BS.1770-4 Tables 1 and 2 (the
    # prototype parameters are those libebur128 derived from that table).
    shelf_hz, shelf_gain_db, shelf_q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * shelf_hz / sample_rate_hz)
    vh = 10.0 ** (shelf_gain_db / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / shelf_q + k * k
    shelf_b = [(vh + vb * k / shelf_q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / shelf_q + k * k) / a0]
    shelf_a = [1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / shelf_q + k * k) / a0]

    highpass_a = _rlb_denominator(sample_rate_hz)
    # The table's RLB numerator [1, -2, 1] is not normalised: its passband gain,
    # 4 / (1 - a1 + a2), is 1.005 (+0.043 dB) at 48 kHz and drifts with the rate. Scaling
    # the numerator keeps the 48 kHz passband gain, to which the -0.691 dB offset of the
    # loudness formula is calibrated, at every rate.
    reference_a = _rlb_denominator(48000)
    scale = (1.0 - highpass_a[1] + highpass_a[2]) / (1.0 - reference_a[1] + reference_a[2])
    highpass_b = [scale, -2.0 * scale, scale]

    sos = np.array([shelf_b + shelf_a, highpass_b + highpass_a], dtype=np.float64)
    sos.setflags(write=False)
    return sos


def k_weighting_sos(sample_rate_hz: int) -> np.ndarray:
    """Second-order sections (2, 6) of the BS.1770-4 K-weighting filter at ``sample_rate_hz``."""
    return _k_weighting_sos(check_sample_rate(sample_rate_hz)).copy()


def channel_weights(channels: int) -> np.ndarray:
    """BS.1770-4 channel weights for a (channels, samples) signal; see the module docstring."""
    if 1 <= channels <= 3:
        return np.ones(channels)
    if channels == 5:
        return np.array([1.0, 1.0, 1.0, 1.41, 1.41])
    if channels == 6:
        return np.array([1.0, 1.0, 1.0, 0.0, 1.41, 1.41])
    raise InvalidInput(f"no BS.1770 channel layout for {channels} channels (1, 2, 3, 5 or 6 are measurable)")


# ---------------------------------------------------------------------------------------------
# Gating blocks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Steps:
    """Channel-weighted K-weighted energy and sample count of each complete 100 ms step."""

    energy: np.ndarray
    samples: np.ndarray

    def window_powers(self, steps_per_window: int) -> np.ndarray:
        """Mean-square power of every window of ``steps_per_window`` steps, sliding one step."""
        if len(self.energy) < steps_per_window:
            return np.empty(0)
        energy = np.concatenate(([0.0], np.cumsum(self.energy)))
        samples = np.concatenate(([0], np.cumsum(self.samples)))
        return (energy[steps_per_window:] - energy[:-steps_per_window]) / (
            samples[steps_per_window:] - samples[:-steps_per_window]
        )


def _step_bounds(samples: int, sample_rate_hz: int) -> np.ndarray:
    """Sample index of every 100 ms step boundary that a complete step ends on."""
    step_count = int(samples // (STEP_SECONDS * sample_rate_hz))
    return np.round(np.arange(step_count + 1) * (STEP_SECONDS * sample_rate_hz)).astype(np.int64)


def _channel_step_energy(channel: np.ndarray, sample_rate_hz: int, bounds: np.ndarray) -> np.ndarray:
    """K-weighted energy of each step of one channel (samples,); float64 filtering."""
    weighted = sosfilt(_k_weighting_sos(sample_rate_hz).copy(), channel[: bounds[-1]])
    np.square(weighted, out=weighted)
    return np.add.reduceat(weighted, bounds[:-1])


def _step_tasks(audio: np.ndarray, sample_rate_hz: int) -> tuple[np.ndarray, np.ndarray, list[Callable[[], Any]]]:
    """Channel weights, step bounds and one energy task per weighted channel."""
    weights = channel_weights(audio.shape[0])
    bounds = _step_bounds(audio.shape[1], sample_rate_hz)
    if len(bounds) < 2:
        return weights, bounds, []
    tasks = [
        partial(_channel_step_energy, audio[channel], sample_rate_hz, bounds)
        for channel in range(audio.shape[0])
        if weights[channel] > 0
    ]
    return weights, bounds, tasks


def _combine_steps(weights: np.ndarray, bounds: np.ndarray, energies: list[np.ndarray]) -> _Steps:
    if not energies:
        return _Steps(np.empty(0), np.empty(0, dtype=np.int64))
    return _Steps(weights[weights > 0] @ np.stack(energies), np.diff(bounds))


def _steps(audio: np.ndarray, sample_rate_hz: int) -> _Steps:
    weights, bounds, tasks = _step_tasks(audio, sample_rate_hz)
    return _combine_steps(weights, bounds, _run_parallel(tasks))


def _run_parallel(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Run independent tasks on a few threads; results in task order.

    The heavy parts (scipy's sosfilt and BLAS matrix products) release the GIL, so the
    channels of a stereo signal are filtered and interpolated side by side.
    """
    workers = min(len(tasks), _parts())
    if workers <= 1:
        return [task() for task in tasks]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(task) for task in tasks]
        return [future.result() for future in futures]


def _lufs(power: float) -> float:
    return _LOUDNESS_OFFSET_DB + 10.0 * math.log10(power) if power > 0.0 else -math.inf


def _power(lufs: float) -> float:
    return 10.0 ** ((lufs - _LOUDNESS_OFFSET_DB) / 10.0)


def _gated_mean_lufs(block_powers: np.ndarray) -> float:
    above_absolute = block_powers[block_powers > _power(ABSOLUTE_GATE_LUFS)]
    if above_absolute.size == 0:
        return -math.inf
    relative_gate = _power(_lufs(float(above_absolute.mean())) + RELATIVE_GATE_LU)
    return _lufs(float(above_absolute[above_absolute > relative_gate].mean()))


def _max_lufs(block_powers: np.ndarray) -> float:
    return _lufs(float(block_powers.max())) if block_powers.size else -math.inf


def _loudness_range(short_term_powers: np.ndarray) -> float:
    above_absolute = short_term_powers[short_term_powers > _power(ABSOLUTE_GATE_LUFS)]
    if above_absolute.size == 0:
        return 0.0
    relative_gate = _power(_lufs(float(above_absolute.mean())) + LRA_RELATIVE_GATE_LU)
    kept = np.sort(above_absolute[above_absolute > relative_gate])
    low = kept[int((kept.size - 1) * 0.10 + 0.5)]
    high = kept[int((kept.size - 1) * 0.95 + 0.5)]
    return _lufs(float(high)) - _lufs(float(low))


def integrated_loudness_lufs(audio: np.ndarray, sample_rate_hz: int) -> float:
    """Gated integrated loudness (BS.1770-4) in LUFS; ``-inf`` when no 400 ms block passes.

    Blocks are 400 ms with 75 % overlap; blocks at or below -70 LUFS are dropped, then blocks
    more than 10 LU below the loudness of the remaining ones. Audio shorter than 400 ms has
    no block and reads ``-inf``.
    """
    audio = as_audio(audio, sample_rate_hz)
    return _gated_mean_lufs(_steps(audio, sample_rate_hz).window_powers(MOMENTARY_STEPS))


def momentary_max_lufs(audio: np.ndarray, sample_rate_hz: int) -> float:
    """Largest momentary loudness (400 ms window, 100 ms hop, ungated) in LUFS."""
    audio = as_audio(audio, sample_rate_hz)
    return _max_lufs(_steps(audio, sample_rate_hz).window_powers(MOMENTARY_STEPS))


def short_term_max_lufs(audio: np.ndarray, sample_rate_hz: int) -> float:
    """Largest short-term loudness (3 s window, 100 ms hop, ungated) in LUFS; -inf under 3 s."""
    audio = as_audio(audio, sample_rate_hz)
    return _max_lufs(_steps(audio, sample_rate_hz).window_powers(SHORT_TERM_STEPS))


def loudness_range_lu(audio: np.ndarray, sample_rate_hz: int) -> float:
    """Loudness range (EBU Tech 3342) in LU: spread of the 10th to 95th percentile of the
    short-term loudness (3 s windows, 100 ms hop) after a -70 LUFS absolute gate and a gate
    20 LU below their power mean. 0.0 when nothing passes the gates or the audio is under 3 s.
    """
    audio = as_audio(audio, sample_rate_hz)
    return _loudness_range(_steps(audio, sample_rate_hz).window_powers(SHORT_TERM_STEPS))


# ---------------------------------------------------------------------------------------------
# Peaks
# ---------------------------------------------------------------------------------------------


def oversampling_factor(sample_rate_hz: int) -> int:
    """Interpolation factor used for true peak: the smallest that reaches 176.4 kHz."""
    return max(1, -(-TRUE_PEAK_MIN_RATE_HZ // check_sample_rate(sample_rate_hz)))


@lru_cache(maxsize=16)
def _interpolation_matrices(factor: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Matrices that interpolate rows of _ROWS samples at the phases 1/factor .. (factor-1)/factor.

    Phase p estimates x(n + p/factor) from x[n-15] .. x[n+16] with a Kaiser-windowed sinc
    normalised to unit DC gain (phase 0, the sample itself, needs no filter). For a row r
    of the signal shifted by 2 * 16 - 1 samples, the interpolated values are
    ``r @ current + head_of_next_row @ carry``, laid out as (phase, position in row).
    Also returns the largest sum of absolute tap values: no interpolated value exceeds it
    times the largest sample magnitude under the kernel.
    """
    taps = TRUE_PEAK_TAPS_PER_PHASE
    half = taps // 2
    offsets = np.arange(-(half - 1), half + 1)
    t = np.arange(1, factor)[:, None] / factor - offsets[None, :]
    window = np.i0(TRUE_PEAK_KAISER_BETA * np.sqrt(np.clip(1.0 - (t / half) ** 2, 0.0, None)))
    kernels = np.sinc(t) * window
    kernels /= kernels.sum(axis=1, keepdims=True)

    phases = factor - 1
    current = np.zeros((_ROWS, phases, _ROWS))
    carry = np.zeros((taps - 1, phases, _ROWS))
    for position in range(_ROWS):
        for tap in range(taps):
            source = position + tap
            if source < _ROWS:
                current[source, :, position] = kernels[:, tap]
            else:
                carry[source - _ROWS, :, position] = kernels[:, tap]
    current32 = current.reshape(_ROWS, phases * _ROWS).astype(np.float32)
    carry32 = carry.reshape(taps - 1, phases * _ROWS).astype(np.float32)
    for matrix in (current32, carry32):
        matrix.setflags(write=False)
    return current32, carry32, float(np.abs(kernels).sum(axis=1).max())


@dataclass(frozen=True)
class _Interpolation:
    """Interpolated values of ``audio`` on a grid ``factor`` times its sample rate.

    Positions run from half a kernel before the first sample to half a kernel after the
    last (the audio is silent outside), in rows of _ROWS, evaluated a chunk of rows at a
    time; chunks are independent, so they can run on separate threads.
    """

    audio: np.ndarray
    factor: int

    @property
    def rows(self) -> int:
        return -(-(self.audio.shape[1] + TRUE_PEAK_TAPS_PER_PHASE) // _ROWS)

    @property
    def chunk_rows(self) -> int:
        # Small enough that OpenBLAS keeps each product on one thread.
        return max(8, _CHUNK_ROWS_4X * 3 // (self.factor - 1))

    def row_ranges(self, parts: int) -> list[tuple[int, int]]:
        bounds = np.linspace(0, self.rows, parts + 1).round().astype(int)
        return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]

    def values(self, row: int, count: int) -> np.ndarray:
        """Interpolated values of ``count`` rows from ``row``: (channels, count, phases * _ROWS)."""
        current, carry, _ = _interpolation_matrices(self.factor)
        channels, samples = self.audio.shape
        lead = TRUE_PEAK_TAPS_PER_PHASE - 1
        start = row * _ROWS - lead
        stop = start + (count + 1) * _ROWS
        if 0 <= start and stop <= samples:
            blocks = self.audio[:, start:stop].reshape(channels, count + 1, _ROWS)
        else:
            window = np.zeros((channels, stop - start), dtype=np.float32)
            inside_start, inside_stop = max(start, 0), min(stop, samples)
            window[:, inside_start - start : inside_stop - start] = self.audio[:, inside_start:inside_stop]
            blocks = window.reshape(channels, count + 1, _ROWS)
        values = np.matmul(blocks[:, :count], current)
        values += np.matmul(blocks[:, 1:, :lead], carry)
        return values

    def envelope(self, first_row: int, stop_row: int) -> np.ndarray:
        """Largest |value| over channels and phases at each position of the rows (rows, _ROWS)."""
        envelope = np.empty((stop_row - first_row, _ROWS), dtype=np.float32)
        for row in range(first_row, stop_row, self.chunk_rows):
            values = np.abs(self.values(row, min(self.chunk_rows, stop_row - row)))
            shaped = values.reshape(values.shape[0], values.shape[1], self.factor - 1, _ROWS)
            shaped.max(axis=(0, 2), out=envelope[row - first_row : row - first_row + values.shape[1]])
        return envelope

    def envelopes(self, row_ranges: list[tuple[int, int]]) -> list[np.ndarray]:
        return [self.envelope(first, stop) for first, stop in row_ranges]

    def chunk_bounds(self) -> list[tuple[float, int, int]]:
        """(upper bound of |value|, first row, row count) of every chunk, largest bound first.

        The bound is the tap magnitude sum times the largest sample under the chunk's
        kernels (with a margin for float32 rounding), from one pass over the samples.
        """
        _, _, gain_bound = _interpolation_matrices(self.factor)
        lead = TRUE_PEAK_TAPS_PER_PHASE - 1
        magnitude = np.abs(self.audio).max(axis=0)
        shifted = np.zeros((self.rows + 1) * _ROWS, dtype=np.float32)
        shifted[lead : lead + magnitude.size] = magnitude
        row_peaks = shifted.reshape(self.rows + 1, _ROWS).max(axis=1)
        starts = np.arange(0, self.rows, self.chunk_rows)
        chunk_peaks = np.maximum(
            np.maximum.reduceat(row_peaks[:-1], starts), row_peaks[np.append(starts[1:], self.rows)]
        )
        counts = np.minimum(self.chunk_rows, self.rows - starts)
        order = np.argsort(chunk_peaks)[::-1]
        scale = gain_bound * 1.001
        return [(float(chunk_peaks[i]) * scale, int(starts[i]), int(counts[i])) for i in order]

    def peak(self, chunks: list[tuple[float, int, int]], floor: float) -> float:
        """Largest |value| of ``chunks`` (largest bound first) if above ``floor``, else ``floor``."""
        peak = floor
        for bound, row, count in chunks:
            if bound <= peak:
                break
            values = self.values(row, count)
            peak = max(peak, float(values.max()), -float(values.min()))
        return peak


def _parts() -> int:
    """CPUs this process may run on (its affinity mask)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _true_peak_tasks(audio: np.ndarray, sample_rate_hz: int) -> list[Callable[[], float]]:
    """Tasks whose largest result is the interpolated peak over every channel.

    Only chunks whose bound exceeds the peak found so far are interpolated: the chunk with
    the loudest samples first (its peak is usually the true peak), then the remaining
    candidates, split across threads. Quiet passages cost one pass over the samples.
    """
    peak = _sample_peak(audio)
    factor = oversampling_factor(sample_rate_hz)
    if factor == 1:
        return [partial(float, peak)]
    interpolation = _Interpolation(audio, factor)
    chunks = interpolation.chunk_bounds()
    peak = interpolation.peak(chunks[:1], peak)
    candidates = [chunk for chunk in chunks[1:] if chunk[0] > peak]
    parts = _parts()
    return [partial(float, peak)] + [
        partial(interpolation.peak, candidates[part::parts], peak) for part in range(parts) if candidates[part::parts]
    ]


def _sample_peak(audio: np.ndarray) -> float:
    return max(float(audio.max()), -float(audio.min()))


def true_peak_gain_bound(sample_rate_hz: int, grid_refinement: int = 1) -> float:
    """Largest |interpolated value| per unit of the largest |sample| within 16 samples.

    The sum of absolute taps of the interpolation kernels (about 2.35): no point of the
    grid used by :func:`true_peak_envelope` at n exceeds it times max |x[n-15 .. n+16]|.
    """
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    return 1.0 if factor == 1 else _interpolation_matrices(factor)[2]


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
    samples_envelope = np.abs(audio).max(axis=0)
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    if factor == 1:
        return samples_envelope
    interpolation = _Interpolation(audio, factor)
    margin = TRUE_PEAK_TAPS_PER_PHASE // 2
    padded = np.zeros(interpolation.rows * _ROWS, dtype=np.float32)
    parts = _parts()
    if where is None:
        groups = [[row_range] for row_range in interpolation.row_ranges(parts)]
    else:
        ranges = _masked_row_ranges(where, interpolation)
        groups = [ranges[part::parts] for part in range(parts) if ranges[part::parts]]
    for group, envelopes in zip(
        groups, _run_parallel([partial(interpolation.envelopes, g) for g in groups]), strict=True
    ):
        for (first, stop), envelope in zip(group, envelopes, strict=True):
            padded[first * _ROWS : stop * _ROWS] = envelope.reshape(-1)
    envelope = np.maximum(padded[margin : margin + samples], samples_envelope)
    envelope[0] = max(envelope[0], padded[:margin].max())
    envelope[-1] = max(envelope[-1], padded[margin + samples : samples + 2 * margin].max())
    return envelope


def _masked_row_ranges(where: np.ndarray, interpolation: _Interpolation) -> list[tuple[int, int]]:
    """Row ranges covering the masked samples (and the overshoot beyond the ends with them)."""
    margin = TRUE_PEAK_TAPS_PER_PHASE // 2
    needed = np.zeros(interpolation.rows + 1, dtype=np.int8)
    positions = np.flatnonzero(where) + margin
    needed[positions // _ROWS] = 1
    if where.size and where[0]:
        needed[: margin // _ROWS + 1] = 1
    if where.size and where[-1]:
        needed[(where.size + margin) // _ROWS :] = 1
    needed = needed[: interpolation.rows]
    # Gaps shorter than a chunk are filled: one larger product is cheaper than two calls.
    edges = np.flatnonzero(np.diff(np.concatenate(([0], needed, [0]))))
    runs = [(int(a), int(b)) for a, b in zip(edges[0::2], edges[1::2], strict=True)]
    merged: list[tuple[int, int]] = []
    for first, stop in runs:
        if merged and first - merged[-1][1] < interpolation.chunk_rows:
            merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((first, stop))
    return merged


def _db(amplitude: float) -> float:
    return 20.0 * math.log10(amplitude) if amplitude > 0.0 else -math.inf


def true_peak_dbtp(audio: np.ndarray, sample_rate_hz: int) -> float:
    """True peak (BS.1770-4 Annex 2) in dBTP over all channels; ``-inf`` for digital silence."""
    audio = as_audio(audio, sample_rate_hz)
    return _db(max(_run_parallel(_true_peak_tasks(audio, sample_rate_hz))))


def sample_peak_dbfs(audio: np.ndarray) -> float:
    """Largest absolute sample value over all channels in dBFS; ``-inf`` for digital silence."""
    return _db(_sample_peak(as_audio(audio)))


# ---------------------------------------------------------------------------------------------
# Everything at once
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoudnessReport:
    """All loudness and peak measures of one signal (LUFS, dBTP, dBFS, LU)."""

    integrated_lufs: float
    true_peak_dbtp: float
    sample_peak_dbfs: float
    momentary_max_lufs: float
    short_term_max_lufs: float
    loudness_range_lu: float


def measure(audio: np.ndarray, sample_rate_hz: int) -> LoudnessReport:
    """Every measure of this module from one K-weighting pass and one interpolation pass,
    the channels of both running side by side."""
    audio = as_audio(audio, sample_rate_hz)
    weights, bounds, step_tasks = _step_tasks(audio, sample_rate_hz)
    peak_tasks = _true_peak_tasks(audio, sample_rate_hz)
    results = _run_parallel(step_tasks + peak_tasks)
    steps = _combine_steps(weights, bounds, results[: len(step_tasks)])
    momentary = steps.window_powers(MOMENTARY_STEPS)
    short_term = steps.window_powers(SHORT_TERM_STEPS)
    return LoudnessReport(
        integrated_lufs=_gated_mean_lufs(momentary),
        true_peak_dbtp=_db(max(results[len(step_tasks) :])),
        sample_peak_dbfs=_db(_sample_peak(audio)),
        momentary_max_lufs=_max_lufs(momentary),
        short_term_max_lufs=_max_lufs(short_term),
        loudness_range_lu=_loudness_range(short_term),
    )
