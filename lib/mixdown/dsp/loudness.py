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

True peak (BS.1770-4 Annex 2) lives in :mod:`mixdown.dsp.truepeak`; :func:`measure` reports it
with the rest. Its interpolator is within 0.01 dB of ideal interpolation up to 0.4 times the
sample rate; above 0.45 times the sample rate it lets part of the images through, as
practical reconstruction filters do, so dense content there (clipped or limited noise) reads
a few tenths of a dB above an ideal interpolator, as it does in ffmpeg. Outside the signal
the audio is taken as silent, so an abrupt start or end counts with its overshoot; ffmpeg
instead mirrors the first samples, and reads an abrupt full-scale start up to about 0.5 dB
higher.

The K-weighting runs block-recursively (:mod:`mixdown.dsp._kweighting`, checked against the
plain ``sosfilt`` of :mod:`mixdown.dsp._reference`), one channel per task on the worker pool
(:mod:`mixdown.dsp.pool`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np

from mixdown.dsp import _kweighting, as_audio, check_sample_rate
from mixdown.dsp.pool import run_parallel
from mixdown.dsp.truepeak import linear_true_peak, peak_magnitude
from mixdown.errors import InvalidInput

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
LRA_RELATIVE_GATE_LU = -20.0
STEP_SECONDS = 0.1
MOMENTARY_STEPS = 4
SHORT_TERM_STEPS = 30
LOUDNESS_OFFSET_DB = -0.691
"""The -0.691 dB of the BS.1770 loudness formula (the K-weighting's gain at 997 Hz)."""


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


def _steps(audio: np.ndarray, sample_rate_hz: int) -> _Steps:
    """Channel-weighted K-weighted energy of every complete 100 ms step (channels side by side)."""
    weights = channel_weights(audio.shape[0])
    bounds = _step_bounds(audio.shape[1], sample_rate_hz)
    if len(bounds) < 2:
        return _Steps(np.empty(0), np.empty(0, dtype=np.int64))
    channels = np.flatnonzero(weights)
    sos = _k_weighting_sos(sample_rate_hz)
    cumulative = run_parallel([partial(_kweighting.cumulative_energy, audio[c], sos, bounds) for c in channels])
    energy = np.zeros(len(bounds) - 1)
    for channel, values in zip(channels, cumulative, strict=True):
        energy += weights[channel] * np.diff(values)
    return _Steps(energy, np.diff(bounds))


def lufs_of_power(power: float) -> float:
    """Loudness in LUFS of a channel-weighted K-weighted mean square; ``-inf`` for 0."""
    return LOUDNESS_OFFSET_DB + 10.0 * math.log10(power) if power > 0.0 else -math.inf


def power_of_lufs(lufs: float) -> float:
    """The inverse of :func:`lufs_of_power`."""
    return 10.0 ** ((lufs - LOUDNESS_OFFSET_DB) / 10.0)


def gated_mean_lufs(block_powers: np.ndarray) -> float:
    """BS.1770-4 gating of 400 ms block powers (K-weighted mean squares): blocks at or below
    -70 LUFS are dropped, then those more than 10 LU below the mean of the rest; the loudness
    of the mean of what remains, ``-inf`` when nothing passes. Estimators that compute block
    powers another way (the mixing analysis) gate them here."""
    above_absolute = block_powers[block_powers > power_of_lufs(ABSOLUTE_GATE_LUFS)]
    if above_absolute.size == 0:
        return -math.inf
    relative_gate = power_of_lufs(lufs_of_power(float(above_absolute.mean())) + RELATIVE_GATE_LU)
    return lufs_of_power(float(above_absolute[above_absolute > relative_gate].mean()))


def _max_lufs(block_powers: np.ndarray) -> float:
    return lufs_of_power(float(block_powers.max())) if block_powers.size else -math.inf


def _loudness_range(short_term_powers: np.ndarray) -> float:
    above_absolute = short_term_powers[short_term_powers > power_of_lufs(ABSOLUTE_GATE_LUFS)]
    if above_absolute.size == 0:
        return 0.0
    relative_gate = power_of_lufs(lufs_of_power(float(above_absolute.mean())) + LRA_RELATIVE_GATE_LU)
    kept = np.sort(above_absolute[above_absolute > relative_gate])
    low = kept[int((kept.size - 1) * 0.10 + 0.5)]
    high = kept[int((kept.size - 1) * 0.95 + 0.5)]
    return lufs_of_power(float(high)) - lufs_of_power(float(low))


def integrated_loudness_lufs(audio: np.ndarray, sample_rate_hz: int) -> float:
    """Gated integrated loudness (BS.1770-4) in LUFS; ``-inf`` when no 400 ms block passes.

    Blocks are 400 ms with 75 % overlap, gated by :func:`gated_mean_lufs`. Audio shorter
    than 400 ms has no block and reads ``-inf``.
    """
    audio = as_audio(audio, sample_rate_hz)
    return gated_mean_lufs(_steps(audio, sample_rate_hz).window_powers(MOMENTARY_STEPS))


def _series(audio: np.ndarray, sample_rate_hz: int, steps_per_window: int) -> np.ndarray:
    powers = _steps(as_audio(audio, sample_rate_hz), sample_rate_hz).window_powers(steps_per_window)
    return np.array([lufs_of_power(float(power)) for power in powers])


def momentary_lufs(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Momentary loudness (400 ms windows, ungated) every 100 ms, in LUFS: window k covers
    steps k .. k + 3 (``-inf`` where silent); empty under 400 ms."""
    return _series(audio, sample_rate_hz, MOMENTARY_STEPS)


def short_term_lufs(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Short-term loudness (3 s windows, ungated) every 100 ms, in LUFS: window k covers
    steps k .. k + 29 (``-inf`` where silent); empty under 3 s."""
    return _series(audio, sample_rate_hz, SHORT_TERM_STEPS)


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
# Everything at once
# ---------------------------------------------------------------------------------------------


def _db(amplitude: float) -> float:
    return 20.0 * math.log10(amplitude) if amplitude > 0.0 else -math.inf


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
    magnitude = peak_magnitude(audio)
    momentary = steps.window_powers(MOMENTARY_STEPS)
    short_term = steps.window_powers(SHORT_TERM_STEPS)
    return LoudnessReport(
        integrated_lufs=gated_mean_lufs(momentary),
        true_peak_dbtp=_db(linear_true_peak(audio, sample_rate_hz, magnitude)),
        sample_peak_dbfs=_db(float(magnitude.max())),
        momentary_max_lufs=_max_lufs(momentary),
        short_term_max_lufs=_max_lufs(short_term),
        loudness_range_lu=_loudness_range(short_term),
    )
