"""Pure DSP stages: ``fn(audio, sample_rate_hz, **params) -> audio``.

Audio is a float32 array shaped (channels, samples). This module holds the contract every
stage checks on entry (:func:`as_audio`); stages declare their parameters as
:class:`mixdown.params.ParamTable`. Each measurement has one home here:
:mod:`mixdown.dsp.loudness` (BS.1770 / EBU R128 metering, momentary and short-term series),
:mod:`mixdown.dsp.truepeak` (true and sample peaks), :mod:`mixdown.dsp.tempo` (the tempo
estimator), :mod:`mixdown.dsp.stereo` (mid/side, width, correlation),
:mod:`mixdown.dsp.spectrum` (average spectra, band levels) and :mod:`mixdown.dsp.levels`
(crest factor, DC, clipping, silence and dropouts). Stages: :mod:`mixdown.dsp.limiter`
(true-peak limiter), :mod:`mixdown.dsp.maximizer` (loudness to a target under a true-peak
ceiling, the one loudness normalisation), :mod:`mixdown.dsp.blockgain` (gains per block),
:mod:`mixdown.dsp.fir` (overlap-save filtering, FIR design from curves). Plumbing:
:mod:`mixdown.dsp.chunks` (long signals in crossfaded chunks) and :mod:`mixdown.dsp.pool`
(the one worker pool). The private ``_kweighting`` and ``_interpolation`` are the metering
kernels, checked against the plain implementations of ``_reference``.
"""

from __future__ import annotations

import math

import numpy as np

from mixdown.errors import InvalidInput

MIN_SAMPLE_RATE_HZ = 8000
MAX_SAMPLE_RATE_HZ = 768000
MAX_CHANNELS = 8


def check_sample_rate(sample_rate_hz: int) -> int:
    """Return ``sample_rate_hz`` as an int, or raise InvalidInput naming the problem."""
    if isinstance(sample_rate_hz, bool) or not isinstance(sample_rate_hz, int | np.integer):
        raise InvalidInput(f"sample_rate_hz must be an integer, got {sample_rate_hz!r}")
    if not MIN_SAMPLE_RATE_HZ <= sample_rate_hz <= MAX_SAMPLE_RATE_HZ:
        raise InvalidInput(f"sample_rate_hz {sample_rate_hz} is outside {MIN_SAMPLE_RATE_HZ}..{MAX_SAMPLE_RATE_HZ} Hz")
    return int(sample_rate_hz)


def as_audio(audio: np.ndarray, sample_rate_hz: int | None = None) -> np.ndarray:
    """Check the stage contract and return ``audio`` as float32 (channels, samples).

    Accepts any real floating array shaped (channels, samples) with 1..8 channels, at least
    one sample and only finite values; float64 or non-contiguous input is copied. Raises InvalidInput
    naming the problem otherwise (a (samples, channels) array is reported as transposed).
    """
    if sample_rate_hz is not None:
        check_sample_rate(sample_rate_hz)
    if not isinstance(audio, np.ndarray):
        raise InvalidInput(f"audio must be a numpy array, got {type(audio).__name__}")
    if not np.issubdtype(audio.dtype, np.floating):
        raise InvalidInput(f"audio must hold floating-point samples in [-1, 1], got dtype {audio.dtype}")
    if audio.ndim != 2:
        raise InvalidInput(f"audio must be shaped (channels, samples), got shape {audio.shape}")
    channels, samples = audio.shape
    if not 1 <= channels <= MAX_CHANNELS:
        hint = " (is it transposed? expected (channels, samples))" if samples <= MAX_CHANNELS else ""
        raise InvalidInput(f"audio has {channels} channels, expected 1..{MAX_CHANNELS}{hint}")
    if samples == 0:
        raise InvalidInput("audio has no samples")
    audio = np.ascontiguousarray(audio, dtype=np.float32)
    if not (math.isfinite(float(audio.max())) and math.isfinite(float(audio.min()))):
        raise InvalidInput("audio contains NaN or infinite samples")
    return audio
