"""Long-term average spectra and spectral balance in fractional-octave bands.

The average spectrum is the mean power of Hann-windowed FFT frames (channels summed), the
frames spread evenly over the whole signal (at most ``max_frames`` of them, so a long song
costs no more than a short one). Band levels are the power in third-octave bands (ISO 266
centres, band edges at the centre times 2^(+-1/6)), in dB. The spectral balance of a signal
against a target curve is the band-by-band difference after both are aligned on their mean
over 100 Hz - 5 kHz, so that only the shape counts, not the level.
"""

from __future__ import annotations

import numpy as np
import scipy.fft

from mixdown.dsp import as_audio, check_sample_rate
from mixdown.errors import InvalidInput

# ISO 266 third-octave centres from 20 Hz to 20 kHz (exact base-2 values: 19.7 Hz .. 20.2 kHz).
THIRD_OCTAVE_CENTERS_HZ = 1000.0 * 2.0 ** (np.arange(-17, 14) / 3.0)
BALANCE_REFERENCE_HZ = (100.0, 5000.0)
DEFAULT_FFT_SAMPLES = 8192
DEFAULT_MAX_FRAMES = 256
# The level band_levels_db gives a band with no power: what silence reads, in dB.
FLOOR_DB = -200.0
_FLOOR_POWER = 10.0 ** (FLOOR_DB / 10.0)


def average_power_spectrum(
    signal: np.ndarray,
    sample_rate_hz: int,
    fft_samples: int = DEFAULT_FFT_SAMPLES,
    max_frames: int = DEFAULT_MAX_FRAMES,
) -> tuple[np.ndarray, np.ndarray]:
    """(frequencies_hz, power) of ``signal`` (channels, samples): the mean power of at most
    ``max_frames`` Hann-windowed frames of ``fft_samples``, spread evenly, channels summed.

    Power is normalised so that a full-scale sine reads 0.5 in its bin region summed (the
    window's energy is divided out); only ratios matter to the users of this function.
    Signals shorter than one frame are zero-padded to it.
    """
    signal = as_audio(signal, sample_rate_hz)
    channels, samples = signal.shape
    if samples < fft_samples:
        signal = np.pad(signal, ((0, 0), (0, fft_samples - samples)))
        samples = fft_samples
    available = (samples - fft_samples) // (fft_samples // 2) + 1
    count = min(available, max_frames)
    starts = np.linspace(0, samples - fft_samples, count).round().astype(np.int64)
    window = np.hanning(fft_samples).astype(np.float32)
    power = np.zeros(fft_samples // 2 + 1)
    for channel in range(channels):
        frames = signal[channel][starts[:, None] + np.arange(fft_samples)[None, :]] * window
        spectra = scipy.fft.rfft(frames, axis=-1, workers=-1)
        power += (spectra.real.astype(np.float64) ** 2 + spectra.imag.astype(np.float64) ** 2).mean(axis=0)
    power /= float(np.sum(window.astype(np.float64) ** 2)) * fft_samples / 2
    return np.fft.rfftfreq(fft_samples, 1.0 / sample_rate_hz), power


def band_levels_db(
    frequencies_hz: np.ndarray, power: np.ndarray, centers_hz: np.ndarray = THIRD_OCTAVE_CENTERS_HZ, fraction: int = 3
) -> np.ndarray:
    """Power in each 1/``fraction``-octave band around ``centers_hz``, in dB (floor :data:`FLOOR_DB`).

    A band narrower than the FFT resolution takes the power density at its centre times
    its width, so that low bands of a short FFT stay comparable with wide ones.
    """
    half = 2.0 ** (1.0 / (2 * fraction))
    resolution_hz = frequencies_hz[1] - frequencies_hz[0]
    cumulative = np.concatenate(([0.0], np.cumsum(power)))
    levels = np.empty(len(centers_hz))
    for index, centre in enumerate(centers_hz):
        low, high = centre / half, centre * half
        first, stop = np.searchsorted(frequencies_hz, [low, high])
        if stop - first >= 2:
            band_power = cumulative[stop] - cumulative[first]
        else:
            band_power = np.interp(centre, frequencies_hz, power) * (high - low) / resolution_hz
        levels[index] = 10.0 * np.log10(max(band_power, _FLOOR_POWER))
    return levels


def smooth_octaves(centers_hz: np.ndarray, values_db: np.ndarray, octaves: float) -> np.ndarray:
    """Moving average of ``values_db`` over +-``octaves``/2 around each of ``centers_hz``;
    NaN values are left out of the averages and stay NaN."""
    values_db = np.asarray(values_db, dtype=np.float64)
    if octaves <= 0:
        return values_db.copy()
    log_centres = np.log2(centers_hz)
    smoothed = np.full(len(centers_hz), np.nan)
    for index, centre in enumerate(log_centres):
        if np.isnan(values_db[index]):
            continue
        near = (np.abs(log_centres - centre) <= octaves / 2 + 1e-9) & ~np.isnan(values_db)
        smoothed[index] = float(np.mean(values_db[near]))
    return smoothed


def usable_bands(sample_rate_hz: int, centers_hz: np.ndarray = THIRD_OCTAVE_CENTERS_HZ) -> np.ndarray:
    """Mask of the bands that lie wholly below 0.45 times the sample rate."""
    return centers_hz * 2.0 ** (1 / 6) < 0.45 * check_sample_rate(sample_rate_hz)


def align_to_reference(levels_db: np.ndarray, centers_hz: np.ndarray = THIRD_OCTAVE_CENTERS_HZ) -> np.ndarray:
    """``levels_db`` minus their mean over the bands inside :data:`BALANCE_REFERENCE_HZ`."""
    inside = (centers_hz >= BALANCE_REFERENCE_HZ[0]) & (centers_hz <= BALANCE_REFERENCE_HZ[1])
    if not inside.any():
        raise InvalidInput("no band lies inside the 100 Hz - 5 kHz reference range")
    return np.asarray(levels_db) - float(np.mean(np.asarray(levels_db)[inside]))


def spectral_balance_db(
    audio: np.ndarray,
    sample_rate_hz: int,
    target_db: np.ndarray,
    centers_hz: np.ndarray = THIRD_OCTAVE_CENTERS_HZ,
    smoothing_octaves: float = 1.0,
) -> np.ndarray:
    """Deviation of the third-octave band levels of ``audio`` from ``target_db``, in dB.

    Both are aligned on their mean over 100 Hz - 5 kHz and the difference is smoothed over
    ``smoothing_octaves``; bands at or above 0.45 times the sample rate read NaN.
    """
    target_db = np.asarray(target_db, dtype=np.float64)
    if target_db.shape != centers_hz.shape:
        raise InvalidInput(f"target_db needs one value per band ({len(centers_hz)}), got {target_db.shape}")
    frequencies_hz, power = average_power_spectrum(audio, sample_rate_hz)
    levels = align_to_reference(band_levels_db(frequencies_hz, power, centers_hz), centers_hz)
    deviation = levels - align_to_reference(target_db, centers_hz)
    deviation[~usable_bands(sample_rate_hz, centers_hz)] = np.nan
    return smooth_octaves(centers_hz, deviation, smoothing_octaves)
