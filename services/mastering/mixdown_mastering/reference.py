"""Matching a reference master, the way matchering does (Sergree, matchering 2.0).

1. **Spectra**: the long-term average spectra of the mid and the side of the mix and of the
   reference, in twelfth-octave bands (:mod:`mixdown.dsp.spectrum`).
2. **Correction curves**: reference minus mix, band by band, the mid and the side shifted by
   the same offset (their mean mid difference over 100 Hz - 5 kHz), so that the broadband
   level is left to the loudness stage while the side-to-mid ratio, the width, follows the
   reference in every band; smoothed over ``reference_smoothing_octaves``, scaled by
   ``reference_amount`` and limited to +-``reference_max_gain_db``. A mix without side
   (mono) gets no side correction.
3. **Apply**: a linear-phase FIR per curve on the mid and on the side.
4. **Loudness and width**: the reference's integrated loudness and width are returned, so
   that the chain can aim at them (the loudness stage reaches the loudness, the stereo stage
   keeps the width within the job's maximum).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mixdown.dsp import as_audio
from mixdown.dsp.fir import curve_fir, overlap_save
from mixdown.dsp.loudness import integrated_loudness_lufs
from mixdown.dsp.spectrum import (
    BALANCE_REFERENCE_HZ,
    FLOOR_DB,
    average_power_spectrum,
    band_levels_db,
    smooth_octaves,
)
from mixdown.dsp.stereo import from_mid_side, mid_side, width_percent
from mixdown.errors import InvalidInput
from mixdown.params import Param, ParamTable

PARAMETERS = ParamTable("mastering.reference", [
    Param("reference_amount", 0.0, 1.0, 1.0, "", "share of the spectral difference to the reference corrected"),
    Param("reference_max_gain_db", 0.0, 24.0, 12.0, "dB", "largest boost or cut of the matching curves"),
    Param("reference_smoothing_octaves", 0.05, 2.0, 0.33, "oct", "width of the smoothing of the curves"),
])

# Twelfth-octave band centres from 20 Hz to 20 kHz.
MATCH_CENTERS_HZ = 1000.0 * 2.0 ** (np.arange(-120, 121) / 12.0)
_NO_SIDE_DB = -60.0


@dataclass(frozen=True)
class Match:
    """What matching to a reference decided (dB per band of :data:`MATCH_CENTERS_HZ`)."""

    mid_db: np.ndarray
    side_db: np.ndarray
    reference_lufs: float
    reference_width_percent: float


def _levels(signal: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    frequencies_hz, power = average_power_spectrum(signal[None, :], sample_rate_hz)
    return band_levels_db(frequencies_hz, power, MATCH_CENTERS_HZ, fraction=12)


def _mid_and_side(audio: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    if audio.shape[0] == 1:
        return audio[0], None
    if audio.shape[0] != 2:
        raise InvalidInput(f"reference matching takes mono or stereo audio, got {audio.shape[0]} channels")
    return mid_side(audio)


def match_curves(
    audio: np.ndarray,
    reference: np.ndarray,
    sample_rate_hz: int,
    reference_amount: float = 1.0,
    reference_max_gain_db: float = 12.0,
    reference_smoothing_octaves: float = 0.33,
) -> Match:
    """The mid and side correction curves that move ``audio`` toward ``reference`` (same rate)."""
    audio = as_audio(audio, sample_rate_hz)
    reference = as_audio(reference, sample_rate_hz)
    PARAMETERS.check({
        "reference_amount": reference_amount, "reference_max_gain_db": reference_max_gain_db,
        "reference_smoothing_octaves": reference_smoothing_octaves,
    })
    reference_lufs = integrated_loudness_lufs(reference, sample_rate_hz)
    if not np.isfinite(reference_lufs):
        raise InvalidInput("the reference track is silent (no 400 ms block above -70 LUFS)")
    mix_mid, mix_side = _mid_and_side(audio)
    ref_mid, ref_side = _mid_and_side(reference)
    usable = MATCH_CENTERS_HZ * 2 ** (1 / 24) < 0.45 * sample_rate_hz
    inside = (MATCH_CENTERS_HZ >= BALANCE_REFERENCE_HZ[0]) & (MATCH_CENTERS_HZ <= BALANCE_REFERENCE_HZ[1])

    mix_mid_db, ref_mid_db = _levels(mix_mid, sample_rate_hz), _levels(ref_mid, sample_rate_hz)
    difference = ref_mid_db - mix_mid_db
    offset = float(np.mean(difference[inside]))

    def curve(difference_db: np.ndarray) -> np.ndarray:
        shaped = smooth_octaves(MATCH_CENTERS_HZ, np.where(usable, difference_db - offset, np.nan),
                                reference_smoothing_octaves)
        return np.clip(reference_amount * np.nan_to_num(shaped), -reference_max_gain_db, reference_max_gain_db)

    mid_db = curve(difference)
    side_db = np.zeros_like(mid_db)
    if mix_side is not None:
        mix_side_db = _levels(mix_side, sample_rate_hz)
        has_side = np.mean(mix_side_db[inside]) - np.mean(mix_mid_db[inside]) > _NO_SIDE_DB
        if has_side:
            # A mono reference has no side: its side reads as silence.
            ref_side_db = (_levels(ref_side, sample_rate_hz) if ref_side is not None
                           else np.full_like(mix_side_db, FLOOR_DB))
            side_db = curve(ref_side_db - mix_side_db)
    return Match(mid_db, side_db, reference_lufs, width_percent(reference))


def apply_match(audio: np.ndarray, sample_rate_hz: int, match: Match) -> np.ndarray:
    """``audio`` with the mid and side curves of ``match`` applied (linear phase)."""
    audio = as_audio(audio, sample_rate_hz)
    mid, side = _mid_and_side(audio)
    mid_fir = curve_fir(sample_rate_hz, MATCH_CENTERS_HZ, match.mid_db)
    delay = (mid_fir.size - 1) // 2
    if side is None:
        return overlap_save(mid[None, :], mid_fir[None, :], delay)[0]
    side_fir = curve_fir(sample_rate_hz, MATCH_CENTERS_HZ, match.side_db, taps=mid_fir.size)
    matched_mid = overlap_save(mid[None, :], mid_fir[None, :], delay)[0, 0]
    matched_side = overlap_save(side[None, :], side_fir[None, :], delay)[0, 0]
    return from_mid_side(matched_mid, matched_side)


def match_reference(
    audio: np.ndarray,
    sample_rate_hz: int,
    reference: np.ndarray,
    reference_amount: float = 1.0,
    reference_max_gain_db: float = 12.0,
    reference_smoothing_octaves: float = 0.33,
) -> tuple[np.ndarray, dict[str, float]]:
    """Match the spectrum and width of ``audio`` to ``reference`` (see the module docstring).

    Returns the audio and what was applied: the reference's loudness and width, the
    largest boost and cut of each curve.
    """
    match = match_curves(audio, reference, sample_rate_hz, reference_amount, reference_max_gain_db,
                         reference_smoothing_octaves)
    out = apply_match(audio, sample_rate_hz, match)
    return out, {
        "reference_lufs": match.reference_lufs,
        "reference_width_percent": match.reference_width_percent,
        "reference_mid_max_boost_db": float(max(match.mid_db.max(), 0.0)),
        "reference_mid_max_cut_db": float(max(-match.mid_db.min(), 0.0)),
        "reference_side_max_boost_db": float(max(match.side_db.max(), 0.0)),
        "reference_side_max_cut_db": float(max(-match.side_db.min(), 0.0)),
    }
