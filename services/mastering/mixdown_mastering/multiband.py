"""Three-band compression on 4th-order Linkwitz-Riley crossovers.

Bands: ``low = AP_high(LP_low(x))``, ``mid = LP_high(HP_low(x))``, ``high = HP_high(HP_low(x))``,
where LP/HP are LR4 filters (two cascaded 2nd-order Butterworth sections) at
``crossover_low_hz`` and ``crossover_high_hz``, and AP_high is the allpass that LP_high + HP_high
form, applied to the low band so that the three bands sum to ``AP_low(AP_high(x))``: flat in
magnitude, a smooth phase rotation around each crossover (Linkwitz 1976). The IIR filters
are applied as their impulse responses, truncated where they have decayed under -200 dB, by
FFT overlap-save (:func:`mixdown.dsp.fir.overlap_save`), every band from one forward FFT.

Each band has a feed-forward compressor, linked across channels: the detector is the band's
power per block of 64 samples, relative to the band's own gated RMS level (so the threshold
follows the material, whatever its level), through a static curve with a soft knee
(:func:`compressor_gain_db`); the gain reduction rises with time constant ``band_attack_ms``
(looking ahead by two time constants, so that the rise is complete when a transient
arrives: the stage runs offline) and falls with ``band_release_ms``. A make-up gain then restores each band's RMS, so the
stage reduces dynamics without changing the tonal balance.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import butter, lfilter

from mixdown.dsp import as_audio
from mixdown.dsp.blockgain import apply_block_gain, release_curve
from mixdown.dsp.fir import impulse_response, overlap_save
from mixdown.errors import InvalidInput
from mixdown.params import Param, ParamTable, Scale

PARAMETERS = ParamTable("mastering.multiband", [
    Param("crossover_low_hz", 40.0, 500.0, 120.0, "Hz", "crossover between the low and mid bands", scale=Scale.LOG),
    Param("crossover_high_hz", 1000.0, 12000.0, 3000.0, "Hz", "crossover between the mid and high bands",
          scale=Scale.LOG),
    Param("band_threshold_db", -24.0, 24.0, 3.0, "dB", "compressor threshold relative to each band's RMS level"),
    Param("band_ratio", 1.0, 10.0, 2.0, "", "compression ratio above the threshold (1 = no compression)",
          scale=Scale.LOG),
    Param("band_knee_db", 0.0, 24.0, 6.0, "dB", "width of the soft knee around the threshold"),
    Param("band_attack_ms", 0.5, 500.0, 15.0, "ms", "time constant of rising gain reduction", scale=Scale.LOG),
    Param("band_release_ms", 5.0, 5000.0, 150.0, "ms", "time constant of falling gain reduction", scale=Scale.LOG),
])

DETECTOR_BLOCK_SAMPLES = 64
BANDS = ("low", "mid", "high")
# Blocks more than this far below the band's mean power are left out of its RMS level.
_GATE_DB = -20.0


def _lr4(frequency_hz: float, sample_rate_hz: int, kind: str) -> np.ndarray:
    """Second-order sections of a 4th-order Linkwitz-Riley low- or high-pass."""
    section = butter(2, frequency_hz, btype=kind, fs=sample_rate_hz, output="sos")
    return np.concatenate([section, section])


def _allpass(frequency_hz: float, sample_rate_hz: int) -> np.ndarray:
    """The 2nd-order allpass that an LR4 low-pass and high-pass at ``frequency_hz`` sum to."""
    k = math.tan(math.pi * frequency_hz / sample_rate_hz)
    q = 1 / math.sqrt(2)
    a0 = 1 + k / q + k * k
    a1, a2 = 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0
    return np.array([[a2, a1, 1.0, 1.0, a1, a2]])


def _check_crossovers(sample_rate_hz: int, crossover_low_hz: float, crossover_high_hz: float) -> None:
    PARAMETERS.check({"crossover_low_hz": crossover_low_hz, "crossover_high_hz": crossover_high_hz})
    if crossover_high_hz < 2 * crossover_low_hz:
        raise InvalidInput(
            f"crossover_high_hz={crossover_high_hz:g} must be at least twice crossover_low_hz={crossover_low_hz:g}"
        )
    if crossover_high_hz >= 0.45 * sample_rate_hz:
        raise InvalidInput(f"crossover_high_hz={crossover_high_hz:g} must be under 0.45 x {sample_rate_hz} Hz")


def band_filters(sample_rate_hz: int, crossover_low_hz: float, crossover_high_hz: float) -> np.ndarray:
    """Impulse responses (3, taps) of the low, mid and high bands."""
    _check_crossovers(sample_rate_hz, crossover_low_hz, crossover_high_hz)
    # The slowest poles (the double pair at the low crossover, radius about
    # exp(-2 pi f / (sqrt 2 fs))) decay below -200 dB within 8 fs / f samples.
    taps = int(2 ** math.ceil(math.log2(8 * sample_rate_hz / crossover_low_hz)))
    low = np.concatenate([_lr4(crossover_low_hz, sample_rate_hz, "lowpass"), _allpass(crossover_high_hz, sample_rate_hz)])
    rest = _lr4(crossover_low_hz, sample_rate_hz, "highpass")
    mid = np.concatenate([rest, _lr4(crossover_high_hz, sample_rate_hz, "lowpass")])
    high = np.concatenate([rest, _lr4(crossover_high_hz, sample_rate_hz, "highpass")])
    return np.stack([impulse_response(sos, taps) for sos in (low, mid, high)])


def split_bands(
    audio: np.ndarray, sample_rate_hz: int, crossover_low_hz: float = 120.0, crossover_high_hz: float = 3000.0
) -> np.ndarray:
    """Low, mid and high bands of ``audio`` (channels, samples): (3, channels, samples) float32.

    They sum to ``audio`` through the allpass ``AP_low * AP_high`` (see the module docstring).
    """
    audio = as_audio(audio, sample_rate_hz)
    return overlap_save(audio, band_filters(sample_rate_hz, crossover_low_hz, crossover_high_hz))


def compressor_gain_db(level_db: np.ndarray, threshold_db: float, ratio: float, knee_db: float) -> np.ndarray:
    """Static gain (<= 0 dB) of a compressor for input ``level_db``: none below the knee,
    ``(1/ratio - 1) * (level - threshold)`` above it, and the quadratic soft knee of width
    ``knee_db`` centred on the threshold in between (Giannoulis, Massberg and Reiss 2012)."""
    level_db = np.asarray(level_db, dtype=np.float64)
    over = level_db - threshold_db
    slope = 1.0 / ratio - 1.0
    gain = np.where(over > knee_db / 2, slope * over, 0.0)
    if knee_db > 0:
        inside = np.abs(over) <= knee_db / 2
        gain = np.where(inside, slope * (over + knee_db / 2) ** 2 / (2 * knee_db), gain)
    return gain


def _block_power(band: np.ndarray) -> np.ndarray:
    """Mean square over channels of each detector block (the last block zero-padded)."""
    channels, samples = band.shape
    full = samples // DETECTOR_BLOCK_SAMPLES
    power = np.zeros(-(-samples // DETECTOR_BLOCK_SAMPLES))
    for channel in band:
        shaped = channel[: full * DETECTOR_BLOCK_SAMPLES].reshape(full, DETECTOR_BLOCK_SAMPLES)
        power[:full] += np.einsum("bs,bs->b", shaped, shaped)
        if full < power.size:
            tail = channel[full * DETECTOR_BLOCK_SAMPLES :]
            power[full] += float(np.dot(tail, tail))
    return power / (channels * DETECTOR_BLOCK_SAMPLES)


def _gated_level_db(power: np.ndarray) -> float:
    """RMS level in dB of the blocks within 20 dB of the mean power (-inf for silence)."""
    mean = float(power.mean())
    if mean <= 0.0:
        return -math.inf
    kept = power[power > mean * 10 ** (_GATE_DB / 10)]
    return 10 * math.log10(float(kept.mean()))


def band_gain_db(
    band: np.ndarray,
    sample_rate_hz: int,
    band_threshold_db: float,
    band_ratio: float,
    band_knee_db: float,
    band_attack_ms: float,
    band_release_ms: float,
) -> tuple[np.ndarray, float, float]:
    """(gain per detector block in dB, make-up included; the band's level in dB; the make-up in dB)."""
    power = _block_power(band)
    level_db = _gated_level_db(power)
    if not math.isfinite(level_db):
        return np.zeros(power.size), level_db, 0.0
    with np.errstate(divide="ignore"):
        block_db = 10 * np.log10(np.maximum(power, 1e-20)) - level_db
    reduction = -compressor_gain_db(block_db, band_threshold_db, band_ratio, band_knee_db)
    block_seconds = DETECTOR_BLOCK_SAMPLES / sample_rate_hz
    if reduction.any():
        released = release_curve(reduction, max(band_release_ms * 1e-3 / block_seconds, 1.0)).astype(np.float64)
        pole = math.exp(-block_seconds / (band_attack_ms * 1e-3))
        reduction = lfilter([1.0 - pole], [1.0, -pole], released)
        # Offline, the detector can look ahead: the attack ramp (two time constants) is
        # moved before the transient instead of letting its start through.
        lead = min(round(2 * band_attack_ms * 1e-3 / block_seconds), reduction.size - 1)
        if lead > 0:
            reduction = np.concatenate((reduction[lead:], np.full(lead, reduction[-1])))
    gain_db = -reduction
    # Make-up: the band keeps its power.
    kept = power * 10 ** (gain_db / 10)
    makeup_db = 10 * math.log10(float(power.sum()) / float(kept.sum())) if kept.sum() > 0 else 0.0
    return gain_db + makeup_db, level_db, makeup_db

def compress(
    audio: np.ndarray,
    sample_rate_hz: int,
    crossover_low_hz: float = 120.0,
    crossover_high_hz: float = 3000.0,
    band_threshold_db: float = 3.0,
    band_ratio: float = 2.0,
    band_knee_db: float = 6.0,
    band_attack_ms: float = 15.0,
    band_release_ms: float = 150.0,
) -> tuple[np.ndarray, dict[str, float]]:
    """Compress each band of ``audio`` (channels, samples) and sum them.

    Returns the audio and, per band, its level (``<band>_level_db``, absent for a silent band),
    largest gain reduction (``<band>_max_reduction_db``) and make-up (``<band>_makeup_db``) in dB.
    With ``band_ratio`` 1 the result is the allpass-filtered input.
    """
    audio = as_audio(audio, sample_rate_hz)
    PARAMETERS.check({
        "band_threshold_db": band_threshold_db, "band_ratio": band_ratio, "band_knee_db": band_knee_db,
        "band_attack_ms": band_attack_ms, "band_release_ms": band_release_ms,
    })
    bands = split_bands(audio, sample_rate_hz, crossover_low_hz, crossover_high_hz)
    applied: dict[str, float] = {}
    for name, band in zip(BANDS, bands, strict=True):
        gain_db, level_db, makeup_db = band_gain_db(
            band, sample_rate_hz, band_threshold_db, band_ratio, band_knee_db, band_attack_ms, band_release_ms
        )
        apply_block_gain(band, 10 ** (gain_db / 20), DETECTOR_BLOCK_SAMPLES, out=band)
        if math.isfinite(level_db):  # a silent band has no level to report
            applied[f"{name}_level_db"] = level_db
        applied[f"{name}_max_reduction_db"] = float(makeup_db - gain_db.min())
        applied[f"{name}_makeup_db"] = makeup_db
    out = bands[0]
    for band in bands[1:]:
        out += band
    return out.copy(), applied  # a copy: the three bands' buffer is freed with them
