"""Stereo image: mid/side, width and inter-channel correlation.

Mid is (L + R) / 2 and side (L - R) / 2, so that L = M + S and R = M - S. Width is
100 * rms(side) / rms(mid), in percent: 0 for mono (or identical channels), 100 when
the side carries as much energy as the mid (e.g. two uncorrelated channels of equal
level), above 100 when the channels are partly out of phase, infinite for a signal whose
channels cancel exactly. Correlation is the normalised inter-channel product
sum(L R) / sqrt(sum(L^2) sum(R^2)), as on a phase-correlation meter: +1 for mono, 0 for
unrelated channels, -1 for one channel inverted; for M and S uncorrelated it equals
(1 - w^2) / (1 + w^2) with w = width / 100, so a width of 100 % reads 0.

This is the one width and correlation measure (QC, mastering and the mixing's guardrails all
read it). On silence and other edge cases the answers are defined: digital silence has width
0 % (nothing to the side) and correlation +1 (it folds to mono without loss), like mono
audio; a signal with side but no mid (channels that cancel exactly) has infinite width; one
silent channel against a sounding one has correlation 0 (unrelated).
"""

from __future__ import annotations

import math

import numpy as np

from mixdown.dsp import as_audio
from mixdown.errors import InvalidInput
from mixdown.params import Param, ParamTable

WIDTH_PARAMETERS = ParamTable("dsp.stereo", [
    Param("width_percent", 0.0, 200.0, 100.0, "%", "side level relative to its input: 0 = mono, 100 = unchanged"),
])


def _stereo(audio: np.ndarray) -> np.ndarray:
    audio = as_audio(audio)
    if audio.shape[0] != 2:
        raise InvalidInput(f"mid/side needs stereo audio (2 channels), got {audio.shape[0]}")
    return audio


def mid_side(audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mid, side) of stereo ``audio`` (2, samples), each (samples,) float32."""
    audio = _stereo(audio)
    left, right = audio[0], audio[1]
    return (left + right) * np.float32(0.5), (left - right) * np.float32(0.5)


def from_mid_side(mid: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Stereo (2, samples) float32 from mid and side."""
    return np.stack((mid + side, mid - side)).astype(np.float32, copy=False)


def _energy(signal: np.ndarray) -> float:
    return float(np.dot(signal, signal))


def mid_side_energies(audio: np.ndarray) -> tuple[float, float]:
    """(energy of the mid, energy of the side) of stereo audio, from three dot products."""
    left, right = _stereo(audio)
    left_energy, right_energy, cross = _energy(left), _energy(right), float(np.dot(left, right))
    return (
        max(left_energy + right_energy + 2 * cross, 0.0) / 4,
        max(left_energy + right_energy - 2 * cross, 0.0) / 4,
    )


def width_percent(audio: np.ndarray) -> float:
    """100 * rms(side) / rms(mid); 0.0 for mono or silence, ``inf`` when only the side is left."""
    audio = as_audio(audio)
    if audio.shape[0] == 1:
        return 0.0
    mid_energy, side_energy = mid_side_energies(audio)
    if side_energy == 0.0:
        return 0.0
    if mid_energy == 0.0:
        return math.inf
    return 100.0 * math.sqrt(side_energy / mid_energy)


def correlation(audio: np.ndarray) -> float:
    """Inter-channel correlation in [-1, 1]; 1.0 for mono and for digital silence."""
    audio = as_audio(audio)
    if audio.shape[0] == 1:
        return 1.0
    audio = _stereo(audio)
    left, right = audio[0], audio[1]
    left_energy, right_energy = _energy(left), _energy(right)
    if left_energy == 0.0 and right_energy == 0.0:
        return 1.0
    if left_energy == 0.0 or right_energy == 0.0:
        return 0.0
    return max(-1.0, min(1.0, float(np.dot(left, right)) / math.sqrt(left_energy * right_energy)))


def set_width(audio: np.ndarray, sample_rate_hz: int, width_percent: float = 100.0) -> np.ndarray:
    """Scale the side of stereo ``audio`` by ``width_percent`` / 100 (mid unchanged).

    ``width_percent`` 0 folds to mono (both channels the mid), 100 returns a copy. Mono
    audio is returned unchanged (as a copy).
    """
    audio = as_audio(audio, sample_rate_hz)
    WIDTH_PARAMETERS.check({"width_percent": width_percent})
    if audio.shape[0] == 1:
        return audio.copy()
    return scale_side(audio, width_percent / 100.0)


def scale_side(audio: np.ndarray, gain: float) -> np.ndarray:
    """Stereo ``audio`` with its side multiplied by ``gain``: L' = a L + b R, R' = b L + a R
    with a = (1 + gain) / 2, b = (1 - gain) / 2."""
    left, right = _stereo(audio)
    a, b = np.float32((1 + gain) / 2), np.float32((1 - gain) / 2)
    out = np.empty_like(audio)
    np.multiply(left, a, out=out[0])
    out[0] += b * right
    np.multiply(right, a, out=out[1])
    out[1] += b * left
    return out
