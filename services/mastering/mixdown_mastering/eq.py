"""Tonal balance: a gentle, smoothed EQ toward a target spectral curve, and a subsonic high-pass.

The programme's long-term average spectrum is measured in third-octave bands
(:mod:`mixdown.dsp.spectrum`), aligned with the target curve on their mean over
100 Hz - 5 kHz, and the difference is smoothed over ``tonal_smoothing_octaves``. The
correction is ``-tonal_amount`` times that difference, limited to +-``tonal_max_gain_db``,
applied between 40 Hz and 16 kHz (tapered to 0 dB over the octave outside), and never a boost where the
programme has nothing to boost (bands more than 40 dB under its loudest band). The
high-pass has the magnitude of a 4th-order Linkwitz-Riley at ``highpass_hz`` and removes DC.
Everything is one linear-phase FIR (:func:`mixdown.dsp.fir.curve_fir`), so the stage delays
nothing and adds no phase shift.

The default target curve, :data:`TARGET_CURVE_DB`, is a smoothed long-term average spectrum
of contemporary commercial masters (band power per third octave, relative): flat-ish below
150 Hz, falling about 3 dB per octave through the mids and faster above 10 kHz. A job aims
at its preset's curve instead (:mod:`mixdown.spectral_targets`, the curve QC judges the
master against). ``tonal_tilt_db_per_octave`` tilts either around 1 kHz.
"""

from __future__ import annotations

import numpy as np

from mixdown.dsp import as_audio
from mixdown.dsp.fir import curve_fir, overlap_save
from mixdown.dsp.spectrum import (
    THIRD_OCTAVE_CENTERS_HZ,
    align_to_reference,
    average_power_spectrum,
    band_levels_db,
    smooth_octaves,
    usable_bands,
)
from mixdown.errors import InvalidInput
from mixdown.params import Param, ParamTable

# Smoothing widths in octaves are already logarithmic: a linear scale; the high-pass starts at 0 (off).
PARAMETERS = ParamTable("mastering.eq", [
    Param("tonal_amount", 0.0, 1.0, 0.5, "", "share of the deviation from the target curve that is corrected"),
    Param("tonal_max_gain_db", 0.0, 12.0, 4.0, "dB", "largest boost or cut of the tonal correction"),
    Param("tonal_tilt_db_per_octave", -3.0, 3.0, 0.0, "dB/oct", "tilt of the target around 1 kHz (+ = brighter)"),
    Param("tonal_smoothing_octaves", 0.33, 3.0, 1.0, "oct", "width of the smoothing of the correction"),
    Param("highpass_hz", 0.0, 60.0, 20.0, "Hz", "subsonic high-pass (LR4 magnitude, zero phase); 0 = off"),
])

# (frequency in Hz, relative band level in dB) of the target curve, interpolated in log frequency.
_TARGET_POINTS = (
    (20.0, -8.0), (31.5, -2.0), (50.0, 0.0), (80.0, 0.5), (125.0, 0.0), (250.0, -2.5), (500.0, -5.0),
    (1000.0, -7.5), (2000.0, -10.5), (4000.0, -13.5), (8000.0, -17.0), (12500.0, -21.0), (16000.0, -26.0),
    (20000.0, -36.0),
)
TARGET_CURVE_DB = np.interp(
    np.log(THIRD_OCTAVE_CENTERS_HZ), np.log([f for f, _ in _TARGET_POINTS]), [g for _, g in _TARGET_POINTS]
)
CORRECTION_RANGE_HZ = (40.0, 16000.0)
_EMPTY_BAND_DB = -40.0


def band_levels(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Third-octave band levels of ``audio``, aligned on 100 Hz - 5 kHz (dB)."""
    frequencies_hz, power = average_power_spectrum(audio, sample_rate_hz)
    return align_to_reference(band_levels_db(frequencies_hz, power))


def target_curve(tonal_tilt_db_per_octave: float = 0.0, base_db: np.ndarray | None = None) -> np.ndarray:
    """``base_db`` (:data:`TARGET_CURVE_DB` by default; dB per third-octave band) tilted around
    1 kHz, aligned on 100 Hz - 5 kHz."""
    base = TARGET_CURVE_DB if base_db is None else np.asarray(base_db, dtype=np.float64)
    if base.shape != THIRD_OCTAVE_CENTERS_HZ.shape or not np.all(np.isfinite(base)):
        raise InvalidInput(f"a target curve needs {THIRD_OCTAVE_CENTERS_HZ.size} finite band levels in dB")
    tilted = base + tonal_tilt_db_per_octave * np.log2(THIRD_OCTAVE_CENTERS_HZ / 1000.0)
    return align_to_reference(tilted)


def highpass_db(frequencies_hz: np.ndarray, highpass_hz: float) -> np.ndarray:
    """Magnitude in dB of an LR4 high-pass at ``highpass_hz`` (0 dB everywhere when 0)."""
    if highpass_hz <= 0:
        return np.zeros(len(frequencies_hz))
    ratio = (np.asarray(frequencies_hz) / highpass_hz) ** 4
    return 20 * np.log10(np.maximum(ratio / (1 + ratio), 1e-12))


def correction_db(
    audio: np.ndarray,
    sample_rate_hz: int,
    tonal_amount: float = 0.5,
    tonal_max_gain_db: float = 4.0,
    tonal_tilt_db_per_octave: float = 0.0,
    tonal_smoothing_octaves: float = 1.0,
    target_curve_db: np.ndarray | None = None,
) -> np.ndarray:
    """The tonal correction in dB per third-octave band (:data:`THIRD_OCTAVE_CENTERS_HZ`),
    toward ``target_curve_db`` (:data:`TARGET_CURVE_DB` when None)."""
    levels = band_levels(audio, sample_rate_hz)
    usable = usable_bands(sample_rate_hz)
    deviation = np.where(usable, levels - target_curve(tonal_tilt_db_per_octave, target_curve_db), np.nan)
    correction = -tonal_amount * smooth_octaves(THIRD_OCTAVE_CENTERS_HZ, deviation, tonal_smoothing_octaves)
    correction = np.clip(np.nan_to_num(correction), -tonal_max_gain_db, tonal_max_gain_db)
    empty = levels < float(np.max(levels[usable])) + _EMPTY_BAND_DB
    correction[empty] = np.minimum(correction[empty], 0.0)
    correction[~usable] = correction[usable][-1]
    return correction * _taper()


def _taper() -> np.ndarray:
    """1 inside CORRECTION_RANGE_HZ, falling linearly (in octaves) to 0 one octave outside."""
    octaves = np.log2(THIRD_OCTAVE_CENTERS_HZ)
    low, high = np.log2(CORRECTION_RANGE_HZ[0]), np.log2(CORRECTION_RANGE_HZ[1])
    return np.clip(1.0 - np.maximum(low - octaves, octaves - high), 0.0, 1.0)


def curve_filter(sample_rate_hz: int, correction: np.ndarray, highpass_hz: float = 0.0) -> np.ndarray:
    """The linear-phase FIR applying ``correction`` (dB per third-octave band) and the high-pass."""
    points_hz = np.concatenate(([1.0, 10.0], THIRD_OCTAVE_CENTERS_HZ))
    gains_db = np.concatenate(([0.0, 0.0], correction)) + highpass_db(points_hz, highpass_hz)
    return curve_fir(sample_rate_hz, points_hz, gains_db)


def apply_fir(audio: np.ndarray, fir: np.ndarray) -> np.ndarray:
    """``audio`` through a linear-phase FIR (delay compensated)."""
    return overlap_save(audio, fir[None, :], (fir.size - 1) // 2)[0]


def tonal_balance(
    audio: np.ndarray,
    sample_rate_hz: int,
    tonal_amount: float = 0.5,
    tonal_max_gain_db: float = 4.0,
    tonal_tilt_db_per_octave: float = 0.0,
    tonal_smoothing_octaves: float = 1.0,
    highpass_hz: float = 20.0,
    target_curve_db: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[str, float]]:
    """Move ``audio`` (channels, samples) gently toward the target curve (``target_curve_db``,
    dB per third-octave band; :data:`TARGET_CURVE_DB` when None).

    Returns the audio and the correction applied, in dB per band
    (``tonal_<centre>hz_db``), plus the largest boost and cut.
    """
    audio = as_audio(audio, sample_rate_hz)
    PARAMETERS.check({
        "tonal_amount": tonal_amount, "tonal_max_gain_db": tonal_max_gain_db,
        "tonal_tilt_db_per_octave": tonal_tilt_db_per_octave, "tonal_smoothing_octaves": tonal_smoothing_octaves,
        "highpass_hz": highpass_hz,
    })
    correction = correction_db(
        audio, sample_rate_hz, tonal_amount, tonal_max_gain_db, tonal_tilt_db_per_octave, tonal_smoothing_octaves,
        target_curve_db,
    )
    out = apply_fir(audio, curve_filter(sample_rate_hz, correction, highpass_hz))
    applied = {f"tonal_{centre:.0f}hz_db": float(gain) for centre, gain in zip(THIRD_OCTAVE_CENTERS_HZ, correction, strict=True)}
    applied["tonal_max_boost_db"] = float(max(correction.max(), 0.0))
    applied["tonal_max_cut_db"] = float(max(-correction.min(), 0.0))
    return out, applied
