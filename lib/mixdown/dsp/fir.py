"""FIR filtering by overlap-save FFT convolution, and FIR design from a gain curve.

Used by the mastering EQ, reference matching and crossovers: a smooth gain curve becomes a
linear-phase FIR (:func:`curve_fir`), an IIR filter its truncated impulse response
(:func:`impulse_response`), and :func:`overlap_save` runs several such filters over every
channel at once, sharing the forward FFT of each block. Overlap-save computes the linear
convolution exactly (no wrap-around), in float32 FFTs: about 1e-7 of full scale of rounding.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import scipy.fft
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import firwin2, sosfilt

from mixdown.dsp import as_audio, check_sample_rate
from mixdown.dsp.pool import run_parallel
from mixdown.errors import InvalidInput

# FFT frames per batch: a batch of spectra stays within a few MB.
_FRAMES_PER_BATCH = 32
_MIN_BLOCK_SAMPLES = 16384


def fir_taps(sample_rate_hz: int, seconds: float = 0.17) -> int:
    """An odd FIR length of about ``seconds`` (a power of two plus one): 8193 at 44.1/48 kHz,
    a frequency resolution of about 12 Hz."""
    check_sample_rate(sample_rate_hz)
    return 2 ** max(6, round(math.log2(seconds * sample_rate_hz))) + 1


def curve_fir(sample_rate_hz: int, frequencies_hz: np.ndarray, gains_db: np.ndarray, taps: int | None = None) -> np.ndarray:
    """Linear-phase FIR (taps,) float64 whose magnitude follows ``gains_db`` at ``frequencies_hz``.

    The curve is interpolated linearly in log frequency (held flat beyond its first and last
    point) onto a dense grid and the FIR designed by frequency sampling with a Hann window
    (``scipy.signal.firwin2``). Its delay is ``(taps - 1) // 2`` samples.
    """
    sample_rate_hz = check_sample_rate(sample_rate_hz)
    taps = taps or fir_taps(sample_rate_hz)
    if taps % 2 == 0:
        raise InvalidInput(f"taps must be odd for a linear-phase FIR, got {taps}")
    frequencies_hz = np.asarray(frequencies_hz, dtype=np.float64)
    gains_db = np.asarray(gains_db, dtype=np.float64)
    if frequencies_hz.shape != gains_db.shape or frequencies_hz.size < 1 or np.any(np.diff(frequencies_hz) <= 0):
        raise InvalidInput("frequencies_hz must increase strictly and match gains_db in length")
    grid_hz = np.linspace(0.0, sample_rate_hz / 2, taps // 2 + 1)
    log_grid = np.log(np.maximum(grid_hz, frequencies_hz[0]))
    gains = 10 ** (np.interp(log_grid, np.log(frequencies_hz), gains_db) / 20)
    fir = firwin2(taps, grid_hz, gains, fs=sample_rate_hz, window="hann")
    # The window smears the response over a few bins: set the DC gain exactly (a curve that
    # removes DC must remove it), changing the response only within those bins.
    window = np.hanning(taps)
    fir -= (fir.sum() - gains[0]) * window / window.sum()
    return fir


def impulse_response(sos: np.ndarray, taps: int) -> np.ndarray:
    """The first ``taps`` samples of the impulse response of second-order sections ``sos``."""
    impulse = np.zeros(taps)
    impulse[0] = 1.0
    return sosfilt(sos, impulse)


def overlap_save(audio: np.ndarray, firs: np.ndarray, delay_samples: int = 0) -> np.ndarray:
    """Filter every channel of ``audio`` (channels, samples) by every FIR of ``firs`` (filters, taps).

    Returns (filters, channels, samples) float32 with
    ``out[k, c, n] = sum_m firs[k, m] * audio[c, n + delay_samples - m]``: the convolution
    advanced by ``delay_samples`` (``(taps - 1) // 2`` for linear-phase FIRs, 0 for causal
    ones), the audio taken as silent outside, cut to the input's length.
    """
    audio = as_audio(audio)
    firs = np.atleast_2d(np.asarray(firs, dtype=np.float64))
    filters, taps = firs.shape
    if not 0 <= delay_samples < taps:
        raise InvalidInput(f"delay_samples must be in 0..{taps - 1}, got {delay_samples}")
    channels, samples = audio.shape
    block = max(_MIN_BLOCK_SAMPLES, 1 << math.ceil(math.log2(4 * taps)))
    step = block - taps + 1
    frames = -(-samples // step)
    spectra = scipy.fft.rfft(firs, n=block, axis=-1).astype(np.complex64)
    output = np.empty((filters, channels, frames * step), dtype=np.float32)
    lead = taps - 1 - delay_samples

    def one(channel: int, workers: int) -> None:
        padded = np.zeros(frames * step + taps - 1, dtype=np.float32)
        padded[lead : lead + samples] = audio[channel]
        windows = sliding_window_view(padded, block)[::step]
        for first in range(0, frames, _FRAMES_PER_BATCH):
            batch = scipy.fft.rfft(windows[first : first + _FRAMES_PER_BATCH], axis=-1, workers=workers)
            count = batch.shape[0]
            for k in range(filters):
                filtered = scipy.fft.irfft(batch * spectra[k], n=block, axis=-1, workers=workers)
                output[k, channel, first * step : (first + count) * step] = filtered[:, taps - 1 :].reshape(-1)

    if channels == 1:
        one(0, -1)
    else:  # a task per channel on the pool (the FFTs, products and copies release the GIL)
        run_parallel([partial(one, channel, 1) for channel in range(channels)])
    return output[:, :, :samples]
