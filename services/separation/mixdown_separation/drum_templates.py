"""Spectral templates of the drum splitter's classes (kick, snare, toms, cymbals).

Each class has (attack, sustain) pairs of magnitude spectra built from log-frequency bumps
and shelves: the attack is the first ~25 ms of a hit, the sustain ~50-110 ms later, so that a
kick (whose pitch falls below 60 Hz) tells from a tom (which holds its pitch) and a snare
(whose head sounds with broadband wire noise) from both. :func:`class_supports` bounds where
each class may hold energy while its templates adapt to a recording
(:mod:`mixdown_separation.drums`).
"""

from __future__ import annotations

import numpy as np


def _bump(freqs_hz: np.ndarray, centre_hz: float, width_octaves: float) -> np.ndarray:
    """A Gaussian bump on a log-frequency axis."""
    octaves = np.log2(np.maximum(freqs_hz, 1.0) / centre_hz)
    return np.exp(-0.5 * (octaves / width_octaves) ** 2)


def _shelf(freqs_hz: np.ndarray, low_hz: float, high_hz: float, slope_octaves: float = 0.3) -> np.ndarray:
    """About one between ``low_hz`` and ``high_hz``, rolling off smoothly (in octaves) outside."""
    octaves = np.log2(np.maximum(freqs_hz, 1.0))
    rise = 1.0 / (1.0 + np.exp(-(octaves - np.log2(low_hz)) / (slope_octaves / 4)))
    fall = 1.0 / (1.0 + np.exp((octaves - np.log2(high_hz)) / (slope_octaves / 4)))
    return rise * fall


def _tone(freqs_hz: np.ndarray, pitch_hz: float, partials: tuple[tuple[float, float], ...]) -> np.ndarray:
    """A pitched membrane: narrow bumps at ``pitch_hz`` times each (ratio, gain) partial."""
    return sum(gain * _bump(freqs_hz, ratio * pitch_hz, 0.08) for ratio, gain in partials)


_TOM_PARTIALS = ((1.0, 1.0), (1.5, 0.35), (2.0, 0.2))
_SNARE_PARTIALS = ((1.0, 0.7), (1.6, 0.3))
TOM_PITCHES_HZ = tuple(80.0 * 2 ** (k / 4) for k in range(8))
"""Tom templates every quarter octave from 80 to 270 Hz."""
WIRES_SLOPE_OCTAVES = 3.0
CYMBAL_SLOPE_OCTAVES = 2.0
CLASSIFY_CYMBAL_SLOPE_OCTAVES = 0.3
SNARE_PITCHES_HZ = (150.0, 175.0, 200.0, 230.0, 260.0)


def class_templates(
    freqs_hz: np.ndarray, cymbal_slope_octaves: float = CYMBAL_SLOPE_OCTAVES
) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """Spectral templates per class, each an (attack, sustain) pair of magnitude spectra.

    The attack is the first ~25 ms of a hit, the sustain ~50-110 ms later; their pair tells a
    kick (whose pitch falls below 60 Hz) from a tom (which holds its pitch) and a snare (whose
    head sounds with broadband wire noise) from both.
    """
    f = freqs_hz
    click = _shelf(f, 1500.0, 5000.0)
    wires = _shelf(f, 1000.0, 8000.0, WIRES_SLOPE_OCTAVES) * (1.0 + 0.5 * _bump(f, 3000.0, 1.0))
    templates: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {
        "kick": [(_bump(f, attack_hz, 0.4) + 0.05 * click, 0.8 * _bump(f, body_hz, 0.2))
                 for attack_hz, body_hz in ((110.0, 52.0), (90.0, 45.0), (120.0, 62.0))],
        "snare": [(0.7 * _tone(f, pitch, _SNARE_PARTIALS) + wires, 0.3 * (0.7 * _tone(f, pitch, _SNARE_PARTIALS) + wires))
                  for pitch in SNARE_PITCHES_HZ] + [(wires, 0.3 * wires)],
        "toms": [(_tone(f, pitch, _TOM_PARTIALS) + 0.05 * click, 0.8 * _tone(f, pitch, _TOM_PARTIALS))
                 for pitch in TOM_PITCHES_HZ],
        "cymbals": [(shape, 0.5 * shape) for shape in
                    (_shelf(f, 6000.0, 16000.0, cymbal_slope_octaves), _shelf(f, 3500.0, 9000.0, cymbal_slope_octaves),
                     _shelf(f, 9000.0, 20000.0, cymbal_slope_octaves))],
    }
    return templates


def class_supports(freqs_hz: np.ndarray) -> dict[str, np.ndarray]:
    """Where each class's templates may hold energy while they adapt (soft, 0.001 to 1)."""
    f = freqs_hz
    floor = 1e-3
    supports = {
        "kick": _shelf(f, 25.0, 250.0, 0.6) + 0.05 * _shelf(f, 1000.0, 6000.0),
        "snare": _shelf(f, 120.0, 16000.0, 0.4),
        "toms": _shelf(f, 60.0, 700.0, 0.6) + 0.05 * _shelf(f, 700.0, 4000.0),
        "cymbals": _shelf(f, 3000.0, 22000.0, 0.8),
    }
    return {name: np.clip(s, floor, 1.0) for name, s in supports.items()}
