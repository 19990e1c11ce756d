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
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from typing import Any

import numpy as np
from scipy.signal import lfilter

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
# Interpolation products: rows of _ROWS samples, _ROWS_PER_PRODUCT rows by at most
# _PHASES_PER_PRODUCT phases per matrix product (64 x 32 x 128 multiply-adds: OpenBLAS keeps
# a product this small on the calling thread), _PRODUCTS_PER_CALL products per numpy call
# (a chunk of 131072 samples, about 3 s, whose values stay in the L2 cache).
_ROWS_PER_PRODUCT = 64
_PHASES_PER_PRODUCT = 4
_PRODUCTS_PER_CALL = 64
# Samples per piece of an elementwise pass over long signals (temporaries stay in cache).
_ELEMENTWISE_CHUNK = 1 << 16
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


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


# Samples per block of the block-recursive K-weighting, and blocks per matrix product.
_FILTER_BLOCK = 64
_FILTER_CHUNK_ROWS = 4096


def _state_space(sos: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(A, B, C, D) of a cascade of biquads whose state is that of the transposed direct
    form II that ``scipy.signal.sosfilt`` runs (two values per section, of the order of the
    signal, so that float32 products of them lose nothing that matters)."""
    a, b, c, d = np.zeros((0, 0)), np.zeros(0), np.zeros(0), 1.0
    for b0, b1, b2, _, a1, a2 in sos:
        order = a.shape[0]
        section_b = np.array([b1 - a1 * b0, b2 - a2 * b0])
        cascade = np.zeros((order + 2, order + 2))
        cascade[:order, :order] = a
        cascade[order:, order:] = [[-a1, 1.0], [-a2, 0.0]]
        cascade[order:, :order] = np.outer(section_b, c)
        a, b, c, d = cascade, np.concatenate([b, section_b * d]), np.concatenate([b0 * c, [1.0, 0.0]]), b0 * d
    return a, b, c, float(d)


@dataclass(frozen=True)
class _BlockFilter:
    """The K-weighting run one block of L samples at a time (block state space).

    For the filter's state-space form (A, B, C, D) with state s, the output of block k is
    ``y_k = T x_k + O s_k`` and the next state ``s_(k+1) = P s_k + Q x_k``: T is the L x L
    lower-triangular Toeplitz matrix of the impulse response, O the response to each
    state component (rows C A^i), Q the state reached from each input sample (columns
    A^(L-1-j) B) and P = A^L. The products with T, O and Q are matrix products over many
    blocks at once. What remains sequential is a recurrence over one state per block,
    solved with the characteristic polynomial of P (Faddeev-LeVerrier):
    ``w = u / det(I - P z^-1)`` by ``scipy.signal.lfilter`` and
    ``s_k = sum_m M_m w_(k-1-m)``, with M_m the coefficients of adj(zI - P). It computes
    what ``sosfilt`` computes, up to float32 rounding in the products (about 1e-6 of the
    energy, 1e-5 dB), several times faster.
    """

    toeplitz: np.ndarray  # (L, L) float32, transposed: x_k @ toeplitz
    response: np.ndarray  # (order, L) float32, transposed O
    state_input: np.ndarray  # (L, order) float32, transposed Q
    characteristic: np.ndarray  # (order + 1,) float64: det(zI - P), highest power first
    adjugate: tuple[np.ndarray, ...]  # M_m transposed, float64

    @property
    def length(self) -> int:
        return self.toeplitz.shape[0]


@lru_cache(maxsize=32)
def _block_filter(sample_rate_hz: int) -> _BlockFilter:
    a, b, c, d = _state_space(_k_weighting_sos(sample_rate_hz))
    order, length = a.shape[0], _FILTER_BLOCK
    powers = [np.eye(order)]
    for _ in range(length):
        powers.append(a @ powers[-1])
    impulse = np.array([d] + [c @ powers[m - 1] @ b for m in range(1, length)])
    toeplitz = np.zeros((length, length))
    for i in range(length):
        toeplitz[i, : i + 1] = impulse[i::-1]
    response = np.stack([c @ powers[i] for i in range(length)])
    state_input = np.stack([powers[length - 1 - j] @ b for j in range(length)], axis=1)
    block = powers[length]
    adjugate, characteristic = [np.eye(order)], [1.0]
    for k in range(1, order + 1):
        product = block @ adjugate[-1]
        characteristic.append(-float(np.trace(product)) / k)
        if k < order:
            adjugate.append(product + characteristic[-1] * np.eye(order))
    return _BlockFilter(
        toeplitz=np.ascontiguousarray(toeplitz.T, dtype=np.float32),
        response=np.ascontiguousarray(response.T, dtype=np.float32),
        state_input=np.ascontiguousarray(state_input.T, dtype=np.float32),
        characteristic=np.array(characteristic),
        adjugate=tuple(np.ascontiguousarray(m.T) for m in adjugate),
    )


class _Blocks:
    """A channel's first ``samples`` samples as rows of L, the last row zero-padded."""

    def __init__(self, channel: np.ndarray, samples: int, length: int) -> None:
        self.full = samples // length
        self.view = channel[: self.full * length].reshape(self.full, length)
        self.count = -(-samples // length)
        self.tail = np.zeros((self.count - self.full, length), dtype=np.float32)
        self.tail[:, : samples - self.full * length] = channel[self.full * length : samples]

    def rows(self, start: int, stop: int) -> np.ndarray:
        if stop <= self.full:
            return self.view[start:stop]
        return np.concatenate((self.view[start : self.full], self.tail[: stop - self.full]))

    def take(self, indices: np.ndarray) -> np.ndarray:
        """Rows at ``indices`` (copied)."""
        taken = np.zeros((indices.size, self.view.shape[1]), dtype=np.float32)
        inside = indices < self.full
        taken[inside] = self.view[indices[inside]]
        if self.tail.shape[0]:
            taken[~inside] = self.tail[0]
        return taken


def _batched(rows: np.ndarray) -> np.ndarray:
    """``rows`` (n, width) as (ceil(n / R), R, width), R = _ROWS_PER_PRODUCT, zero-padded: a
    stack of products small enough for OpenBLAS to keep each on the calling thread."""
    count, width = rows.shape
    batches = -(-count // _ROWS_PER_PRODUCT)
    if batches * _ROWS_PER_PRODUCT != count:
        rows = np.concatenate((rows, np.zeros((batches * _ROWS_PER_PRODUCT - count, width), dtype=rows.dtype)))
    return rows.reshape(batches, _ROWS_PER_PRODUCT, width)


def _product(rows: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``rows @ matrix`` computed as a stack of small products: (n, matrix columns)."""
    return np.matmul(_batched(rows), matrix).reshape(-1, matrix.shape[1])[: rows.shape[0]]


def _cumulative_energy(channel: np.ndarray, sample_rate_hz: int, bounds: np.ndarray) -> np.ndarray:
    """K-weighted energy of ``channel`` from its start up to each of ``bounds`` (float64)."""
    block_filter = _block_filter(sample_rate_hz)
    length, chunk = block_filter.length, _FILTER_CHUNK_ROWS
    blocks = _Blocks(channel, int(bounds[-1]), length)
    count = blocks.count
    inputs = np.empty((count, block_filter.state_input.shape[1]), dtype=np.float32)
    for start in range(0, count, chunk):
        stop = min(start + chunk, count)
        inputs[start:stop] = _product(blocks.rows(start, stop), block_filter.state_input)
    w = lfilter([1.0], block_filter.characteristic, inputs.astype(np.float64), axis=0)
    states = np.zeros_like(w)
    for delay, adjugate in enumerate(block_filter.adjugate, start=1):
        states[delay:] += _product(w[: count - delay], adjugate)
    states32 = states.astype(np.float32)

    def output(rows: np.ndarray, row_states: np.ndarray) -> np.ndarray:
        weighted = _product(rows, block_filter.toeplitz)
        weighted += _product(row_states, block_filter.response)
        return weighted

    energy = np.empty(count + 1)
    energy[0] = 0.0
    for start in range(0, count, chunk):
        stop = min(start + chunk, count)
        weighted = output(blocks.rows(start, stop), states32[start:stop])
        energy[start + 1 : stop + 1] = np.einsum("ij,ij->i", weighted, weighted)
    np.cumsum(energy, out=energy)

    row, offset = np.divmod(bounds, length)
    cumulative = energy[row]
    partial_rows = np.flatnonzero(offset)
    if partial_rows.size:
        indices = row[partial_rows]
        weighted = output(blocks.take(indices), states32[indices]).astype(np.float64)
        np.square(weighted, out=weighted)
        np.cumsum(weighted, axis=1, out=weighted)
        cumulative[partial_rows] += weighted[np.arange(partial_rows.size), offset[partial_rows] - 1]
    return cumulative


def _steps(audio: np.ndarray, sample_rate_hz: int) -> _Steps:
    """Channel-weighted K-weighted energy of every complete 100 ms step (channels side by side)."""
    weights = channel_weights(audio.shape[0])
    bounds = _step_bounds(audio.shape[1], sample_rate_hz)
    if len(bounds) < 2:
        return _Steps(np.empty(0), np.empty(0, dtype=np.int64))
    channels = np.flatnonzero(weights)
    cumulative = _run_parallel([partial(_cumulative_energy, audio[c], sample_rate_hz, bounds) for c in channels])
    energy = np.zeros(len(bounds) - 1)
    for channel, values in zip(channels, cumulative, strict=True):
        energy += weights[channel] * np.diff(values)
    return _Steps(energy, np.diff(bounds))


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
    return _integrated_lufs(as_audio(audio, sample_rate_hz), sample_rate_hz)


def _integrated_lufs(audio: np.ndarray, sample_rate_hz: int) -> float:
    """:func:`integrated_loudness_lufs` of audio already checked by ``as_audio``."""
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
def _interpolation_matrices(factor: int) -> tuple[tuple[tuple[np.ndarray, np.ndarray], ...], float]:
    """Matrices that interpolate rows of _ROWS samples at the phases 1/factor .. (factor-1)/factor.

    Phase p estimates x(n + p/factor) from x[n-15] .. x[n+16] with a Kaiser-windowed sinc
    normalised to unit DC gain (phase 0, the sample itself, needs no filter). For a row r
    of the signal shifted by 2 * 16 - 1 samples, the interpolated values are
    ``r @ current + head_of_next_row @ carry``, laid out as (phase, position in row). The
    phases come in groups of at most _PHASES_PER_PRODUCT, one (current, carry) pair each.
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
    groups = []
    for first in range(0, phases, _PHASES_PER_PRODUCT):
        stop = min(first + _PHASES_PER_PRODUCT, phases)
        pair = (
            np.ascontiguousarray(current[:, first:stop].reshape(_ROWS, -1), dtype=np.float32),
            np.ascontiguousarray(carry[:, first:stop].reshape(taps - 1, -1), dtype=np.float32),
        )
        for matrix in pair:
            matrix.setflags(write=False)
        groups.append(pair)
    return tuple(groups), float(np.abs(kernels).sum(axis=1).max())


def _pool() -> ThreadPoolExecutor:
    """A process-wide pool of one thread per CPU this process may use (its affinity mask)."""
    global _POOL
    if _POOL is None:
        with _POOL_LOCK:
            if _POOL is None:
                cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
                _POOL = ThreadPoolExecutor(max_workers=max(1, cpus), thread_name_prefix="mixdown-dsp")
    return _POOL


def _run_parallel(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Run independent tasks on the pool; results in task order. The heavy parts (BLAS
    products, scipy filters) release the GIL, so the parts run side by side."""
    if len(tasks) <= 1 or _pool()._max_workers <= 1:
        return [task() for task in tasks]
    return [future.result() for future in [_pool().submit(task) for task in tasks]]


def _parts() -> int:
    return _pool()._max_workers


@dataclass(frozen=True)
class _Interpolation:
    """Interpolated values of ``audio`` on a grid ``factor`` times its sample rate.

    Positions run from half a kernel before the first sample to half a kernel after the
    last (the audio is silent outside), in rows of _ROWS. The products are batches of
    (_ROWS_PER_PRODUCT x _ROWS) @ (_ROWS x 32 * phases) matrices, each small enough that
    OpenBLAS runs it on the calling thread: its own threads, spinning on shared cores,
    slow everything down when the machine is busy; the pool splits the rows instead.
    """

    audio: np.ndarray
    factor: int

    @property
    def rows(self) -> int:
        return -(-(self.audio.shape[1] + TRUE_PEAK_TAPS_PER_PHASE) // _ROWS)

    @property
    def padded_rows(self) -> int:
        return -(-self.rows // _ROWS_PER_PRODUCT) * _ROWS_PER_PRODUCT

    @cached_property
    def _view(self) -> np.ndarray:
        """Rows 1 .. m of the shifted signal as a view of the audio: (channels, m, _ROWS).

        Row r of the signal shifted by TAPS - 1 samples holds audio samples
        [r * _ROWS - TAPS + 1, (r + 1) * _ROWS - TAPS + 1), i.e. audio[1 + (r - 1) * _ROWS ...].
        """
        channels, samples = self.audio.shape
        full = max(0, (samples - 1) // _ROWS)
        return self.audio[:, 1 : 1 + full * _ROWS].reshape(channels, full, _ROWS)

    def _rows_at(self, indices: np.ndarray) -> np.ndarray:
        """Shifted rows at ``indices`` (any, zero outside the audio): (channels, len, _ROWS), a copy."""
        view = self._view
        inside = (indices >= 1) & (indices <= view.shape[1])
        if inside.all():
            return view[:, indices - 1]
        lead = TRUE_PEAK_TAPS_PER_PHASE - 1
        channels, samples = self.audio.shape
        rows = np.zeros((channels, indices.size, _ROWS), dtype=np.float32)
        rows[:, inside] = view[:, indices[inside] - 1]
        for position in np.flatnonzero(~inside):
            start = int(indices[position]) * _ROWS - lead
            first, stop = max(start, 0), min(start + _ROWS, samples)
            if stop > first:
                rows[:, position, first - start : stop - start] = self.audio[:, first:stop]
        return rows

    def _range(self, first: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        lead = TRUE_PEAK_TAPS_PER_PHASE - 1
        view = self._view
        if first >= 1 and stop + 1 <= view.shape[1]:
            return view[:, first - 1 : stop - 1], view[:, first:stop, :lead]
        indices = np.arange(first, stop)
        return self._rows_at(indices), self._rows_at(indices + 1)[:, :, :lead]

    def _gathered(self, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lead = TRUE_PEAK_TAPS_PER_PHASE - 1
        count = -(-indices.size // _ROWS_PER_PRODUCT) * _ROWS_PER_PRODUCT
        padded = np.full(count, indices[-1] if indices.size else 0, dtype=np.int64)
        padded[: indices.size] = indices
        return self._rows_at(padded), self._rows_at(padded + 1)[:, :, :lead]

    def _products(self, rows: np.ndarray, heads: np.ndarray):
        """Interpolated values of rows (channels, n, _ROWS) whose next rows start with
        ``heads`` (channels, n, TAPS - 1), n a multiple of _ROWS_PER_PRODUCT: one array
        (channels, n / _ROWS_PER_PRODUCT, _ROWS_PER_PRODUCT, 32 * phases_in_group) per group."""
        groups, _ = _interpolation_matrices(self.factor)
        channels, count, _ = rows.shape
        batched = rows.reshape(channels, count // _ROWS_PER_PRODUCT, _ROWS_PER_PRODUCT, _ROWS)
        batched_heads = heads.reshape(channels, count // _ROWS_PER_PRODUCT, _ROWS_PER_PRODUCT, heads.shape[2])
        for current, carry in groups:
            values = np.matmul(batched, current)
            values += np.matmul(batched_heads, carry)
            yield values

    def _envelope_of(self, rows: np.ndarray, heads: np.ndarray) -> np.ndarray:
        """Largest |value| over channels and phases at each position: (n, _ROWS)."""
        envelope = None
        for values in self._products(rows, heads):
            np.abs(values, out=values)
            flat = values.reshape(-1, values.shape[-1])
            for channel_values in flat.reshape(values.shape[0], -1, values.shape[-1]):
                for phase in range(values.shape[-1] // _ROWS):
                    columns = channel_values[:, phase * _ROWS : (phase + 1) * _ROWS]
                    if envelope is None:
                        envelope = columns.copy()
                    else:
                        np.maximum(envelope, columns, out=envelope)
        return envelope

    def _peak_of(self, rows: np.ndarray, heads: np.ndarray) -> float:
        peak = 0.0
        for values in self._products(rows, heads):
            peak = max(peak, float(values.max()), -float(values.min()))
        return peak

    def envelope(self, indices: np.ndarray | None = None) -> np.ndarray:
        """Largest |value| over channels and phases at each position of every row, or of the
        rows at ``indices`` (sorted, gathered so that scattered rows cost what as many
        adjacent rows do): (rows, _ROWS)."""
        chunk = _ROWS_PER_PRODUCT * _PRODUCTS_PER_CALL
        if indices is None:
            starts = list(range(0, self.padded_rows, chunk))

            def part(start: int) -> np.ndarray:
                return self._envelope_of(*self._range(start, min(start + chunk, self.padded_rows)))

            parts = _run_parallel([partial(part, start) for start in starts])
            return np.concatenate(parts)[: self.rows] if parts else np.empty((0, _ROWS), np.float32)
        pieces = [indices[start : start + chunk] for start in range(0, indices.size, chunk)]
        parts = _run_parallel([partial(lambda piece: self._envelope_of(*self._gathered(piece)), piece)
                               for piece in pieces])
        return np.concatenate(parts)[: indices.size] if parts else np.empty((0, _ROWS), np.float32)

    def chunk_bounds(self, magnitude: np.ndarray) -> list[tuple[float, int, int]]:
        """(upper bound of |value|, first row, row count) of every chunk, largest bound first.

        The bound is the tap magnitude sum times the largest sample under the chunk's
        kernels (with a margin for float32 rounding), from the largest magnitude over the
        channels at each sample (``magnitude``).
        """
        _, gain_bound = _interpolation_matrices(self.factor)
        lead = TRUE_PEAK_TAPS_PER_PHASE - 1
        chunk = _ROWS_PER_PRODUCT * _PRODUCTS_PER_CALL
        starts = np.arange(0, self.padded_rows, chunk)
        # Chunk i reads the samples from starts[i] * _ROWS - lead up to the head of the row
        # after it, inside the next chunk's segment: the larger of two segment maxima bounds it.
        segment_starts = np.clip(starts * _ROWS - lead, 0, magnitude.size - 1)
        segment_peaks = np.append(np.maximum.reduceat(magnitude, segment_starts), 0.0)
        chunk_peaks = np.maximum(segment_peaks[:-1], segment_peaks[1:])
        counts = np.minimum(chunk, self.padded_rows - starts)
        order = np.argsort(chunk_peaks)[::-1]
        scale = gain_bound * 1.001
        return [(float(chunk_peaks[i]) * scale, int(starts[i]), int(counts[i])) for i in order]

    def peak(self, chunks: list[tuple[float, int, int]], floor: float) -> float:
        """Largest |value| of ``chunks`` (largest bound first) if above ``floor``, else ``floor``."""
        peak = floor
        for bound, row, count in chunks:
            if bound <= peak:
                break
            peak = max(peak, self._peak_of(*self._range(row, row + count)))
        return peak


def _magnitude(audio: np.ndarray) -> np.ndarray:
    """Largest |sample| over the channels at each position (samples,) float32 (in chunks
    that stay in cache)."""
    magnitude = np.empty(audio.shape[1], dtype=np.float32)
    for start in range(0, audio.shape[1], _ELEMENTWISE_CHUNK):
        stop = start + _ELEMENTWISE_CHUNK
        part = np.abs(audio[0, start:stop], out=magnitude[start:stop])
        for channel in audio[1:]:
            np.maximum(part, np.abs(channel[start:stop]), out=part)
    return magnitude


def _true_peak(audio: np.ndarray, sample_rate_hz: int, magnitude: np.ndarray) -> float:
    """The interpolated peak over every channel (linear), ``magnitude`` from :func:`_magnitude`.

    Only chunks whose bound exceeds the peak found so far are interpolated: the chunk with
    the loudest samples first (its peak is usually the true peak), then the remaining
    candidates, split across the pool. Quiet passages cost one pass over the samples.
    """
    peak = float(magnitude.max())
    factor = oversampling_factor(sample_rate_hz)
    if factor == 1:
        return peak
    interpolation = _Interpolation(audio, factor)
    chunks = interpolation.chunk_bounds(magnitude)
    peak = interpolation.peak(chunks[:1], peak)
    candidates = [chunk for chunk in chunks[1:] if chunk[0] > peak]
    parts = _parts()
    shares = [candidates[part::parts] for part in range(parts)]
    return max([peak, *_run_parallel([partial(interpolation.peak, share, peak) for share in shares if share])])


def _sample_peak(audio: np.ndarray) -> float:
    return max(float(audio.max()), -float(audio.min()))


def true_peak_gain_bound(sample_rate_hz: int, grid_refinement: int = 1) -> float:
    """Largest |interpolated value| per unit of the largest |sample| within 16 samples.

    The sum of absolute taps of the interpolation kernels (about 2.35): no point of the
    grid used by :func:`true_peak_envelope` at n exceeds it times max |x[n-15 .. n+16]|.
    """
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    return 1.0 if factor == 1 else _interpolation_matrices(factor)[1]


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
    samples_envelope = _magnitude(audio)
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    if factor == 1:
        return samples_envelope
    interpolation = _Interpolation(audio, factor)
    margin = TRUE_PEAK_TAPS_PER_PHASE // 2
    padded = np.zeros(interpolation.rows * _ROWS, dtype=np.float32)
    if where is None:
        padded[:] = interpolation.envelope().reshape(-1)
    else:
        rows = _masked_rows(where, interpolation)
        if rows.size:
            padded.reshape(interpolation.rows, _ROWS)[rows] = interpolation.envelope(rows)
    envelope = np.maximum(padded[margin : margin + samples], samples_envelope)
    envelope[0] = max(envelope[0], padded[:margin].max())
    envelope[-1] = max(envelope[-1], padded[margin + samples : samples + 2 * margin].max())
    return envelope


TRUE_PEAK_BLOCK_SAMPLES = _ROWS


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
    return _true_peak_blocks(as_audio(audio, sample_rate_hz), sample_rate_hz, grid_refinement, blocks)


def _true_peak_blocks(
    audio: np.ndarray, sample_rate_hz: int, grid_refinement: int = 1, blocks: np.ndarray | None = None
) -> np.ndarray:
    """:func:`true_peak_blocks` of audio already checked by ``as_audio``."""
    samples = audio.shape[1]
    count = -(-samples // _ROWS)
    wanted = np.ones(count, dtype=bool) if blocks is None else blocks
    if wanted.shape != (count,) or wanted.dtype != np.bool_:
        raise InvalidInput(f"blocks must be a boolean mask of shape ({count},)")
    result = np.zeros(count, dtype=np.float32)
    if not wanted.any():
        return result
    magnitude = np.zeros(count * _ROWS, dtype=np.float32)
    magnitude[:samples] = _magnitude(audio)
    result[wanted] = magnitude.reshape(count, _ROWS)[wanted].max(axis=1)
    factor = oversampling_factor(sample_rate_hz) * grid_refinement
    if factor == 1:
        return result
    interpolation = _Interpolation(audio, factor)
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


def _masked_rows(where: np.ndarray, interpolation: _Interpolation) -> np.ndarray:
    """Indices of the rows covering the masked samples (and the overshoot beyond the ends with them)."""
    margin = TRUE_PEAK_TAPS_PER_PHASE // 2
    needed = np.zeros(interpolation.rows + 1, dtype=bool)
    needed[(np.flatnonzero(where) + margin) // _ROWS] = True
    if where.size and where[0]:
        needed[: margin // _ROWS + 1] = True
    if where.size and where[-1]:
        needed[(where.size + margin) // _ROWS :] = True
    return np.flatnonzero(needed[: interpolation.rows])


def _db(amplitude: float) -> float:
    return 20.0 * math.log10(amplitude) if amplitude > 0.0 else -math.inf


def true_peak_dbtp(audio: np.ndarray, sample_rate_hz: int) -> float:
    """True peak (BS.1770-4 Annex 2) in dBTP over all channels; ``-inf`` for digital silence."""
    audio = as_audio(audio, sample_rate_hz)
    return _db(_true_peak(audio, sample_rate_hz, _magnitude(audio)))


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
    """Every measure of this module from one K-weighting pass and one interpolation pass."""
    audio = as_audio(audio, sample_rate_hz)
    steps = _steps(audio, sample_rate_hz)
    magnitude = _magnitude(audio)
    momentary = steps.window_powers(MOMENTARY_STEPS)
    short_term = steps.window_powers(SHORT_TERM_STEPS)
    return LoudnessReport(
        integrated_lufs=_gated_mean_lufs(momentary),
        true_peak_dbtp=_db(_true_peak(audio, sample_rate_hz, magnitude)),
        sample_peak_dbfs=_db(float(magnitude.max())),
        momentary_max_lufs=_max_lufs(momentary),
        short_term_max_lufs=_max_lufs(short_term),
        loudness_range_lu=_loudness_range(short_term),
    )
