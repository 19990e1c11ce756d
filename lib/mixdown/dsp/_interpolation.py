"""Kernel: the BS.1770-4 true-peak interpolator as batched matrix products (private).

Interpolated values of a signal on a grid ``factor`` times its sample rate, from polyphase
Kaiser-windowed sinc kernels (:data:`TAPS_PER_PHASE` taps, beta :data:`KAISER_BETA`). What
the products compute is what one convolution per phase computes
(:func:`mixdown.dsp._reference.interpolated`), up to float32 rounding; tests check it against
that reference. Only :mod:`mixdown.dsp.truepeak` calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache, partial

import numpy as np

from mixdown.dsp.pool import run_parallel

TAPS_PER_PHASE = 32
KAISER_BETA = 9.0
ROWS = 32
# Interpolation products: rows of ROWS samples, _ROWS_PER_PRODUCT rows by at most
# _PHASES_PER_PRODUCT phases per matrix product (64 x 32 x 128 multiply-adds: OpenBLAS keeps
# a product this small on the calling thread), _PRODUCTS_PER_CALL products per numpy call
# (a chunk of 131072 samples, about 3 s, whose values stay in the L2 cache).
_ROWS_PER_PRODUCT = 64
_PHASES_PER_PRODUCT = 4
_PRODUCTS_PER_CALL = 64
# Samples per piece of an elementwise pass over long signals (temporaries stay in cache).
_ELEMENTWISE_CHUNK = 1 << 16


@lru_cache(maxsize=16)
def interpolation_matrices(factor: int) -> tuple[tuple[tuple[np.ndarray, np.ndarray], ...], float]:
    """Matrices that interpolate rows of ROWS samples at the phases 1/factor .. (factor-1)/factor.

    Phase p estimates x(n + p/factor) from x[n-15] .. x[n+16] with a Kaiser-windowed sinc
    normalised to unit DC gain (phase 0, the sample itself, needs no filter). For a row r
    of the signal shifted by 2 * 16 - 1 samples, the interpolated values are
    ``r @ current + head_of_next_row @ carry``, laid out as (phase, position in row). The
    phases come in groups of at most _PHASES_PER_PRODUCT, one (current, carry) pair each.
    Also returns the largest sum of absolute tap values: no interpolated value exceeds it
    times the largest sample magnitude under the kernel.
    """
    taps = TAPS_PER_PHASE
    half = taps // 2
    offsets = np.arange(-(half - 1), half + 1)
    t = np.arange(1, factor)[:, None] / factor - offsets[None, :]
    window = np.i0(KAISER_BETA * np.sqrt(np.clip(1.0 - (t / half) ** 2, 0.0, None)))
    kernels = np.sinc(t) * window
    kernels /= kernels.sum(axis=1, keepdims=True)

    phases = factor - 1
    current = np.zeros((ROWS, phases, ROWS))
    carry = np.zeros((taps - 1, phases, ROWS))
    for position in range(ROWS):
        for tap in range(taps):
            source = position + tap
            if source < ROWS:
                current[source, :, position] = kernels[:, tap]
            else:
                carry[source - ROWS, :, position] = kernels[:, tap]
    groups = []
    for first in range(0, phases, _PHASES_PER_PRODUCT):
        stop = min(first + _PHASES_PER_PRODUCT, phases)
        pair = (
            np.ascontiguousarray(current[:, first:stop].reshape(ROWS, -1), dtype=np.float32),
            np.ascontiguousarray(carry[:, first:stop].reshape(taps - 1, -1), dtype=np.float32),
        )
        for matrix in pair:
            matrix.setflags(write=False)
        groups.append(pair)
    return tuple(groups), float(np.abs(kernels).sum(axis=1).max())


@dataclass(frozen=True)
class Interpolation:
    """Interpolated values of ``audio`` on a grid ``factor`` times its sample rate.

    Positions run from half a kernel before the first sample to half a kernel after the
    last (the audio is silent outside), in rows of ROWS. The products are batches of
    (_ROWS_PER_PRODUCT x ROWS) @ (ROWS x 32 * phases) matrices, each small enough that
    OpenBLAS runs it on the calling thread: its own threads, spinning on shared cores,
    slow everything down when the machine is busy; the pool splits the rows instead.
    """

    audio: np.ndarray
    factor: int

    @property
    def rows(self) -> int:
        return -(-(self.audio.shape[1] + TAPS_PER_PHASE) // ROWS)

    @property
    def padded_rows(self) -> int:
        return -(-self.rows // _ROWS_PER_PRODUCT) * _ROWS_PER_PRODUCT

    @cached_property
    def _view(self) -> np.ndarray:
        """Rows 1 .. m of the shifted signal as a view of the audio: (channels, m, ROWS).

        Row r of the signal shifted by TAPS - 1 samples holds audio samples
        [r * ROWS - TAPS + 1, (r + 1) * ROWS - TAPS + 1), i.e. audio[1 + (r - 1) * ROWS ...].
        """
        channels, samples = self.audio.shape
        full = max(0, (samples - 1) // ROWS)
        return self.audio[:, 1 : 1 + full * ROWS].reshape(channels, full, ROWS)

    def _rows_at(self, indices: np.ndarray) -> np.ndarray:
        """Shifted rows at ``indices`` (any, zero outside the audio): (channels, len, ROWS), a copy."""
        view = self._view
        inside = (indices >= 1) & (indices <= view.shape[1])
        if inside.all():
            return view[:, indices - 1]
        lead = TAPS_PER_PHASE - 1
        channels, samples = self.audio.shape
        rows = np.zeros((channels, indices.size, ROWS), dtype=np.float32)
        rows[:, inside] = view[:, indices[inside] - 1]
        for position in np.flatnonzero(~inside):
            start = int(indices[position]) * ROWS - lead
            first, stop = max(start, 0), min(start + ROWS, samples)
            if stop > first:
                rows[:, position, first - start : stop - start] = self.audio[:, first:stop]
        return rows

    def _range(self, first: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        lead = TAPS_PER_PHASE - 1
        view = self._view
        if first >= 1 and stop + 1 <= view.shape[1]:
            return view[:, first - 1 : stop - 1], view[:, first:stop, :lead]
        indices = np.arange(first, stop)
        return self._rows_at(indices), self._rows_at(indices + 1)[:, :, :lead]

    def _gathered(self, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lead = TAPS_PER_PHASE - 1
        count = -(-indices.size // _ROWS_PER_PRODUCT) * _ROWS_PER_PRODUCT
        padded = np.full(count, indices[-1] if indices.size else 0, dtype=np.int64)
        padded[: indices.size] = indices
        return self._rows_at(padded), self._rows_at(padded + 1)[:, :, :lead]

    def _products(self, rows: np.ndarray, heads: np.ndarray):
        """Interpolated values of rows (channels, n, ROWS) whose next rows start with
        ``heads`` (channels, n, TAPS - 1), n a multiple of _ROWS_PER_PRODUCT: one array
        (channels, n / _ROWS_PER_PRODUCT, _ROWS_PER_PRODUCT, 32 * phases_in_group) per group."""
        groups, _ = interpolation_matrices(self.factor)
        channels, count, _ = rows.shape
        batched = rows.reshape(channels, count // _ROWS_PER_PRODUCT, _ROWS_PER_PRODUCT, ROWS)
        batched_heads = heads.reshape(channels, count // _ROWS_PER_PRODUCT, _ROWS_PER_PRODUCT, heads.shape[2])
        for current, carry in groups:
            values = np.matmul(batched, current)
            values += np.matmul(batched_heads, carry)
            yield values

    def _envelope_of(self, rows: np.ndarray, heads: np.ndarray) -> np.ndarray:
        """Largest |value| over channels and phases at each position: (n, ROWS)."""
        envelope = None
        for values in self._products(rows, heads):
            np.abs(values, out=values)
            flat = values.reshape(-1, values.shape[-1])
            for channel_values in flat.reshape(values.shape[0], -1, values.shape[-1]):
                for phase in range(values.shape[-1] // ROWS):
                    columns = channel_values[:, phase * ROWS : (phase + 1) * ROWS]
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
        adjacent rows do): (rows, ROWS)."""
        chunk = _ROWS_PER_PRODUCT * _PRODUCTS_PER_CALL
        if indices is None:
            starts = list(range(0, self.padded_rows, chunk))

            def part(start: int) -> np.ndarray:
                return self._envelope_of(*self._range(start, min(start + chunk, self.padded_rows)))

            parts = run_parallel([partial(part, start) for start in starts])
            return np.concatenate(parts)[: self.rows] if parts else np.empty((0, ROWS), np.float32)
        pieces = [indices[start : start + chunk] for start in range(0, indices.size, chunk)]
        parts = run_parallel([partial(lambda piece: self._envelope_of(*self._gathered(piece)), piece)
                               for piece in pieces])
        return np.concatenate(parts)[: indices.size] if parts else np.empty((0, ROWS), np.float32)

    def chunk_bounds(self, magnitude: np.ndarray) -> list[tuple[float, int, int]]:
        """(upper bound of |value|, first row, row count) of every chunk, largest bound first.

        The bound is the tap magnitude sum times the largest sample under the chunk's
        kernels (with a margin for float32 rounding), from the largest magnitude over the
        channels at each sample (``magnitude``).
        """
        _, gain_bound = interpolation_matrices(self.factor)
        lead = TAPS_PER_PHASE - 1
        chunk = _ROWS_PER_PRODUCT * _PRODUCTS_PER_CALL
        starts = np.arange(0, self.padded_rows, chunk)
        # Chunk i reads the samples from starts[i] * ROWS - lead up to the head of the row
        # after it, inside the next chunk's segment: the larger of two segment maxima bounds it.
        segment_starts = np.clip(starts * ROWS - lead, 0, magnitude.size - 1)
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


def magnitude(audio: np.ndarray) -> np.ndarray:
    """Largest |sample| over the channels at each position (samples,) float32 (in chunks
    that stay in cache)."""
    magnitude = np.empty(audio.shape[1], dtype=np.float32)
    for start in range(0, audio.shape[1], _ELEMENTWISE_CHUNK):
        stop = start + _ELEMENTWISE_CHUNK
        part = np.abs(audio[0, start:stop], out=magnitude[start:stop])
        for channel in audio[1:]:
            np.maximum(part, np.abs(channel[start:stop]), out=part)
    return magnitude


def masked_rows(where: np.ndarray, interpolation: Interpolation) -> np.ndarray:
    """Indices of the rows covering the masked samples (and the overshoot beyond the ends with them)."""
    margin = TAPS_PER_PHASE // 2
    needed = np.zeros(interpolation.rows + 1, dtype=bool)
    needed[(np.flatnonzero(where) + margin) // ROWS] = True
    if where.size and where[0]:
        needed[: margin // ROWS + 1] = True
    if where.size and where[-1]:
        needed[(where.size + margin) // ROWS :] = True
    return np.flatnonzero(needed[: interpolation.rows])

