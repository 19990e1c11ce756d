"""True-peak limiting (offline, whole-signal).

The limiter is non-causal: the gain curve is computed from the whole signal and applied in
place, so it needs no delay and the output stays sample-aligned with the input.
:func:`true_peak_limit` computes a gain per sample; :func:`block_true_peak_limit`, the
maximiser's last stage, a gain per block of :data:`mixdown.dsp.blockgain.BLOCK_SAMPLES`
checked afterwards on a 12x grid (:func:`verified_true_peak`, :func:`refined_true_peak_dbtp`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.ndimage import maximum_filter1d, uniform_filter1d

from mixdown.catalog import TARGETS
from mixdown.dsp import as_audio
from mixdown.dsp.blockgain import apply_block_gain, gain_per_block, neighbourhood_max, release_curve
from mixdown.dsp.truepeak import (
    TRUE_PEAK_TAPS_PER_PHASE,
    true_peak_blocks,
    true_peak_envelope,
    true_peak_gain_bound,
)
from mixdown.params import Param, ParamTable, Scale

TRUE_PEAK_LIMIT_PARAMETERS = ParamTable("dsp.limiter", [
    TARGETS["ceiling_dbtp"],
    Param("lookahead_ms", 0.5, 20.0, 5.0, "ms", "length of the gain ramp that leads into each peak", scale=Scale.LOG),
    Param("release_ms", 1.0, 2000.0, 60.0, "ms", "time constant of the gain recovery after a peak", scale=Scale.LOG),
])

CEILING_TOLERANCE_DB = 0.01
_LIMITER_ATTEMPTS = 4
GRID_REFINEMENT = 3
# An overshoot this small is trimmed by a uniform gain rather than limited again.
_TRIM_LIMIT_DB = 0.1
_ROUNDING_MARGIN = 1.001
# The BS.1770 interpolator's grid at 4x can miss up to 0.56 dB of a component at 0.45 fs
# between grid points; samples whose 4x envelope is that far under the ceiling cannot
# exceed it on a denser grid.
GRID_EXCESS_DB = 0.6
# How far the output's envelope may stray from the input's times the gain (gain ripple).
_ESTIMATE_MARGIN_DB = 0.2
# The block limiter aims this far under the ceiling.
_INTERNAL_MARGIN_DB = 0.02


def _db(amplitude: float) -> float:
    return 20.0 * math.log10(amplitude) if amplitude > 0.0 else -math.inf


def true_peak_detector(audio: np.ndarray, sample_rate_hz: int, where: np.ndarray | None = None) -> np.ndarray:
    """Per-sample true-peak envelope on a 3x denser grid, also covering a mirrored start.

    The denser grid (12x at 44.1/48 kHz) contains the metering grid, so what passes here
    passes :func:`true_peak_dbtp`; it also catches the peaks that meters on other grids
    find between the metering grid points (ffmpeg interpolates 44.1 kHz audio to 192 kHz,
    not 176.4 kHz, and reads limited full-band noise up to 0.3 dB higher than a 4x grid).
    :func:`true_peak_envelope` takes the audio as silent before its first sample. Meters
    built on libswresample (ffmpeg's ``ebur128`` and ``loudnorm``) instead mirror the
    first samples into the filter history, which reads an abrupt start higher; the first
    samples are therefore also measured that way and the larger reading kept. With
    ``where``, only the masked samples are interpolated (see :func:`true_peak_envelope`).
    """
    envelope = true_peak_envelope(audio, sample_rate_hz, GRID_REFINEMENT, where)
    head = min(TRUE_PEAK_TAPS_PER_PHASE, audio.shape[1] - 1)
    if head > 0:
        mirrored = np.pad(audio[:, : 2 * TRUE_PEAK_TAPS_PER_PHASE], ((0, 0), (head, 0)), mode="reflect")
        mirrored_envelope = true_peak_envelope(mirrored, sample_rate_hz, GRID_REFINEMENT)[head : 2 * head]
        np.maximum(envelope[:head], mirrored_envelope, out=envelope[:head])
    return envelope


def _gain_curve(
    envelope: np.ndarray, ceiling: float, sample_rate_hz: int, lookahead_ms: float, release_ms: float
) -> np.ndarray:
    """Gain (samples,) float32 that keeps envelope * gain <= ceiling at every sample.

    1. required gain g = min(1, ceiling / envelope), handled as depth d = -ln g >= 0;
    2. release: the depth recovers exponentially in dB with time constant ``release_ms``
       (see :func:`release_curve`);
    3. hold: maximum of the depth over +-h samples (h = half the lookahead);
    4. attack: moving average of the linear gain over 2h + 1 samples.
    Each averaged term comes from a window that contains n, so the result never exceeds
    the required gain at n.
    """
    with np.errstate(divide="ignore"):
        required = np.minimum(np.float32(1.0), np.float32(ceiling) / envelope)
    released = release_curve(-np.log(required), max(release_ms * 1e-3 * sample_rate_hz, 1.0))
    half_window = max(round(lookahead_ms * 1e-3 * sample_rate_hz / 2), 1)
    held = maximum_filter1d(released, size=2 * half_window + 1, mode="nearest")
    gain = uniform_filter1d(np.exp(-held), size=2 * half_window + 1, mode="nearest")
    return np.minimum(gain, required)


def _nearby(values: np.ndarray, reduce: np.ufunc) -> np.ndarray:
    """``reduce`` (np.maximum or np.minimum) of ``values`` over a window of at least +-16
    samples around each sample: blocks of 32, each widened by its two neighbours."""
    size = values.size
    blocks = -(-size // 32)
    padded = np.empty(blocks * 32, dtype=values.dtype)
    padded[:size] = values
    padded[size:] = values[-1]
    per_block = reduce.reduce(padded.reshape(blocks, 32), axis=1)
    widened = per_block.copy()
    reduce(widened[1:], per_block[:-1], out=widened[1:])
    reduce(widened[:-1], per_block[1:], out=widened[:-1])
    return np.repeat(widened, 32)[:size]


class _Detector:
    """The detector envelope of one signal, interpolated only where it can matter.

    Interpolation is the expensive part; a grid point at n never exceeds
    ``true_peak_gain_bound`` times the largest sample within the kernel's reach, so
    :meth:`at_least` interpolates only the samples where that bound exceeds the level
    asked for, once each, and leaves a value under the level everywhere else.
    """

    def __init__(self, audio: np.ndarray, sample_rate_hz: int) -> None:
        self.audio = audio
        self.sample_rate_hz = sample_rate_hz
        magnitude = np.abs(audio).max(axis=0)
        bound = true_peak_gain_bound(sample_rate_hz, GRID_REFINEMENT) * _ROUNDING_MARGIN
        self.reachable = _nearby(magnitude, np.maximum) * np.float32(bound)
        self.envelope = magnitude
        self.interpolated = np.zeros(magnitude.shape, dtype=bool)

    def at_least(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """(envelope exact wherever it may exceed ``level`` and under it elsewhere,
        an upper bound of the exact envelope everywhere)."""
        needed = (self.reachable > level) & ~self.interpolated
        if needed.any():
            self.envelope[needed] = true_peak_detector(self.audio, self.sample_rate_hz, needed)[needed]
            self.interpolated |= needed
        return self.envelope, np.where(self.interpolated, self.envelope, self.reachable)


def _limit(
    audio: np.ndarray,
    sample_rate_hz: int,
    envelope_at_least: Callable[[float], tuple[np.ndarray, np.ndarray]],
    ceiling_dbtp: float,
    lookahead_ms: float,
    release_ms: float,
) -> np.ndarray:
    """Limit ``audio``; ``envelope_at_least(level)`` gives its detector envelope, exact
    wherever it may exceed ``level``, and an upper bound of it (see :meth:`_Detector.at_least`
    and :func:`true_peak_limit`)."""
    ceiling = 10 ** (ceiling_dbtp / 20)
    bound = true_peak_gain_bound(sample_rate_hz, GRID_REFINEMENT) * _ROUNDING_MARGIN
    internal = ceiling
    limited = audio
    peak = math.inf
    for _ in range(_LIMITER_ATTEMPTS):
        envelope, upper = envelope_at_least(internal)
        if float(envelope.max()) <= internal and internal == ceiling:
            return audio.copy()
        gain = _gain_curve(envelope, internal, sample_rate_hz, lookahead_ms, release_ms)
        limited = audio * gain
        # Where the gain is constant over the kernel's reach the output's envelope is the
        # gain times the input's, under the ceiling; elsewhere it deviates by at most the
        # tap magnitude sum times the gain's variation times the nearby samples. Only the
        # samples where that bound reaches the ceiling are measured again.
        variation = np.maximum(_nearby(gain, np.maximum) - gain, gain - _nearby(gain, np.minimum))
        nearby = _nearby(envelope, np.maximum)
        worst = gain * upper + np.float32(bound) * variation * nearby
        check = worst > ceiling
        check[:TRUE_PEAK_TAPS_PER_PHASE] = True
        detected = float(true_peak_detector(limited, sample_rate_hz, check)[check].max())
        peak = max(float(worst[~check].max(initial=0.0)), detected)
        if peak <= ceiling:
            return limited
        if peak <= ceiling * 10 ** (_TRIM_LIMIT_DB / 20):
            break
        internal /= peak / ceiling * 10 ** (0.01 / 20)
    limited *= np.float32(ceiling / peak)
    return limited


def true_peak_limit(
    audio: np.ndarray,
    sample_rate_hz: int,
    ceiling_dbtp: float = -1.0,
    lookahead_ms: float = 5.0,
    release_ms: float = 60.0,
) -> np.ndarray:
    """Limit ``audio`` (channels, samples) so its true peak stays at or under ``ceiling_dbtp``.

    The detector is the per-sample true-peak envelope (the BS.1770-4 Annex 2
    interpolation, on a grid three times denser than the meter's), linked across
    channels, with the first samples also read as ffmpeg reads them (see
    :func:`true_peak_detector`). The gain falls along a ramp of ``lookahead_ms`` before each peak
    and recovers with time constant ``release_ms``. Because the gain itself varies within
    the interpolation kernel, the result is re-measured where it may exceed the ceiling:
    an overshoot under 0.1 dB is trimmed by a uniform gain, a larger one limited again
    against a lower internal ceiling (and trimmed after four attempts).
    Guarantee: ``true_peak_dbtp(output) <= ceiling_dbtp + CEILING_TOLERANCE_DB``.
    Audio already under the ceiling is returned unchanged (as a copy).
    """
    audio = as_audio(audio, sample_rate_hz)
    TRUE_PEAK_LIMIT_PARAMETERS.check(
        {"ceiling_dbtp": ceiling_dbtp, "lookahead_ms": lookahead_ms, "release_ms": release_ms}
    )
    detector = _Detector(audio, sample_rate_hz)
    return _limit(audio, sample_rate_hz, detector.at_least, ceiling_dbtp, lookahead_ms, release_ms)


def verified_true_peak(audio: np.ndarray, sample_rate_hz: int, level: float, estimate: np.ndarray) -> float:
    """True peak of ``audio`` (linear) where it may reach ``level``: the 12x grid (which
    holds the 4x grid of BS.1770-4) in every block of BLOCK_SAMPLES whose ``estimate`` (an
    estimate of its 4x peak) comes within the 4x grid's possible excess plus a margin of
    ``level``, and the start read as ffmpeg reads it; elsewhere the estimate."""
    near = estimate > np.float32(level * 10 ** (-(GRID_EXCESS_DB + _ESTIMATE_MARGIN_DB) / 20))
    outside = float(estimate[~near].max(initial=0.0))
    head = min(2 * TRUE_PEAK_TAPS_PER_PHASE, audio.shape[1])
    start = float(true_peak_detector(audio[:, :head], sample_rate_hz).max())
    refined = float(true_peak_blocks(audio, sample_rate_hz, GRID_REFINEMENT, near).max()) if near.any() else 0.0
    return max(outside, start, refined)


def refined_true_peak_dbtp(audio: np.ndarray, sample_rate_hz: int) -> float:
    """True peak in dBTP on the BS.1770-4 grid, refined to a 12x grid (and the start read as
    ffmpeg reads it) wherever the peak may lie between grid points: at least
    :func:`mixdown.dsp.truepeak.true_peak_dbtp`, and within about 0.07 dB of the continuous
    peak of the interpolated signal, whatever grid another meter uses."""
    audio = as_audio(audio, sample_rate_hz)
    blocks = true_peak_blocks(audio, sample_rate_hz)
    peak = float(blocks.max())
    if peak == 0.0:
        return -math.inf
    return _db(verified_true_peak(audio, sample_rate_hz, peak, blocks))


def block_true_peak_limit(
    audio: np.ndarray, sample_rate_hz: int, ceiling: float, lookahead_ms: float, release_ms: float
) -> tuple[np.ndarray, float, float]:
    """(limited audio, largest gain reduction in dB, true peak of the result in dBTP).

    The gain is computed from the 4x peaks of each block against a ceiling lowered by a
    small margin; the result is then measured (:func:`verified_true_peak`), and an overshoot
    trimmed by a uniform gain (up to 0.1 dB) or limited again lower.
    """
    blocks = true_peak_blocks(audio, sample_rate_hz)
    internal = ceiling * 10 ** (-_INTERNAL_MARGIN_DB / 20)
    reduction_db = 0.0
    limited = audio
    for _ in range(3):
        gains = gain_per_block(blocks, internal, sample_rate_hz, lookahead_ms, release_ms)
        reduction_db = -_db(float(gains.min()))
        if reduction_db > 0.0:
            limited = apply_block_gain(audio, gains)
            estimate = blocks * neighbourhood_max(gains).astype(np.float32)
        else:
            limited, estimate = audio.copy(), blocks
        peak = verified_true_peak(limited, sample_rate_hz, ceiling, estimate)
        if peak <= ceiling:
            return limited, reduction_db, _db(peak)
        if peak <= ceiling * 10 ** (_TRIM_LIMIT_DB / 20):
            break
        internal *= ceiling / peak
    trim = ceiling / peak * 10 ** (-0.001 / 20)
    limited *= np.float32(trim)
    return limited, reduction_db - _db(trim), _db(peak * trim)
