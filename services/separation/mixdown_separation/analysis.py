"""Tempo and key of a song: pure numpy/scipy functions, no I/O.

:func:`analyse` returns ``{"bpm", "bpm_confidence", "key", "key_confidence", ...}``.

Tempo: :func:`mixdown.dsp.tempo.estimate_tempo` (the one estimator, shared with the mixing).

Key (:func:`estimate_key`): a chroma vector from a log-frequency mapping of STFT bins (55 Hz
to 2 kHz, 186 ms frames at 11.025 kHz, spectral peaks only, each split between its two nearest
semitones, magnitudes square-root compressed), summed over the song, correlated with the 24 rotations of
the Krumhansl-Kessler and Temperley key profiles (the mean of both correlations);
confidence from the margin between the best and second-best key and the best correlation.
Pass the harmonic part of a song (without its drums) when it is known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.signal import resample_poly

from mixdown.dsp.tempo import estimate_tempo, mono, stft_magnitude

PITCH_CLASSES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")

# Krumhansl & Kessler (1982) probe-tone ratings and Temperley (2001, Kostka-Payne corpus)
# pitch-class distributions, tonic first.
KRUMHANSL_MAJOR = (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88)
KRUMHANSL_MINOR = (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17)
TEMPERLEY_MAJOR = (0.748, 0.060, 0.488, 0.082, 0.670, 0.460, 0.096, 0.715, 0.104, 0.366, 0.057, 0.400)
TEMPERLEY_MINOR = (0.712, 0.084, 0.474, 0.618, 0.049, 0.460, 0.105, 0.747, 0.404, 0.067, 0.133, 0.330)


# --- key ---------------------------------------------------------------------------------------

KEY_RATE_HZ = 11025
KEY_FFT = 2048
KEY_HOP = 1024
KEY_RANGE_HZ = (55.0, 2000.0)
KEY_BLOCK_SECONDS = 60


def chroma(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Pitch-class energy (12,), C first, summed over the whole signal and normalised to unit sum.

    Computed in blocks of :data:`KEY_BLOCK_SECONDS`, so memory does not grow with the song."""
    signal = mono(audio, sample_rate_hz)
    divisor = math.gcd(int(sample_rate_hz), KEY_RATE_HZ)
    x = resample_poly(signal, KEY_RATE_HZ // divisor, int(sample_rate_hz) // divisor)
    freqs_hz = np.fft.rfftfreq(KEY_FFT, 1.0 / KEY_RATE_HZ)
    rows = np.flatnonzero((freqs_hz >= KEY_RANGE_HZ[0]) & (freqs_hz <= KEY_RANGE_HZ[1]))
    pitch = 69.0 + 12.0 * np.log2(freqs_hz[rows] / 440.0)
    block = KEY_BLOCK_SECONDS * KEY_RATE_HZ
    energy = np.zeros(rows.size)
    for start in range(0, x.size, block):
        magnitude = stft_magnitude(x[start : start + block], KEY_FFT, KEY_HOP)
        peaks = (magnitude[1:-1] >= magnitude[:-2]) & (magnitude[1:-1] >= magnitude[2:])
        magnitude[1:-1] *= peaks  # spectral peaks only: no window leakage, less noise
        energy += np.sqrt(magnitude[rows]).sum(axis=1)
    out = np.zeros(12)
    low = np.floor(pitch).astype(int)
    upper_weight = pitch - low
    np.add.at(out, low % 12, energy * (1.0 - upper_weight))
    np.add.at(out, (low + 1) % 12, energy * upper_weight)
    total = out.sum()
    return out / total if total > 0 else out


@dataclass(frozen=True)
class Key:
    tonic: int
    mode: str
    confidence: float
    correlation: float

    @property
    def name(self) -> str:
        return f"{PITCH_CLASSES[self.tonic]} {self.mode}" if self.mode else ""


def _key_scores(profile_chroma: np.ndarray) -> np.ndarray:
    """(24,) correlations: major keys C..B, then minor keys C..B (mean over both profile sets)."""
    scores = np.zeros(24)
    for major, minor in ((KRUMHANSL_MAJOR, KRUMHANSL_MINOR), (TEMPERLEY_MAJOR, TEMPERLEY_MINOR)):
        for tonic in range(12):
            for offset, profile in ((0, major), (12, minor)):
                rotated = np.roll(np.asarray(profile), tonic)
                scores[offset + tonic] += np.corrcoef(profile_chroma, rotated)[0, 1] / 2
    return scores


def estimate_key(audio: np.ndarray, sample_rate_hz: int) -> Key:
    """Major or minor key with a confidence (see the module); empty name for silence."""
    vector = chroma(audio, sample_rate_hz)
    if vector.sum() <= 0 or np.ptp(vector) < 1e-9:
        return Key(0, "", 0.0, 0.0)
    scores = _key_scores(vector)
    order = np.argsort(scores)[::-1]
    best, second = float(scores[order[0]]), float(scores[order[1]])
    confidence = float(np.clip(best, 0.0, 1.0) * np.clip((best - second) / 0.15, 0.0, 1.0))
    index = int(order[0])
    return Key(index % 12, "major" if index < 12 else "minor", round(confidence, 3), round(best, 3))


# --- both --------------------------------------------------------------------------------------


def analyse(
    audio: np.ndarray,
    sample_rate_hz: int,
    percussive: np.ndarray | None = None,
    harmonic: np.ndarray | None = None,
) -> dict[str, Any]:
    """Tempo and key of a song, ``{"bpm", "bpm_confidence", "key", "key_confidence", ...}``.

    ``percussive`` (the drum stem) and ``harmonic`` (the song without its drums), when given,
    are analysed as well as the full mix, and the more confident reading wins: clean stems
    sharpen both estimates, while stems from a poor separation cannot make them worse.
    """
    tempos = [estimate_tempo(audio, sample_rate_hz)]
    if percussive is not None:
        tempos.append(estimate_tempo(audio, sample_rate_hz, percussive=percussive))
    tempo = max(tempos, key=lambda t: t.confidence)
    keys = [estimate_key(audio, sample_rate_hz)]
    if harmonic is not None:
        keys.append(estimate_key(harmonic, sample_rate_hz))
    key = max(keys, key=lambda k: k.confidence)
    return {
        "bpm": tempo.bpm,
        "bpm_confidence": tempo.confidence,
        "bpm_candidates": [{"bpm": bpm, "score": score} for bpm, score in tempo.candidates],
        "key": key.name,
        "key_confidence": key.confidence,
    }
