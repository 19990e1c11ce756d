"""Target long-term spectra of masters, one per preset (``data/spectral_targets.json``).

Relative power per third-octave band at the ISO 266 centres of :mod:`mixdown.dsp.spectrum`,
aligned on their mean over 100 Hz - 5 kHz, with the tolerance QC allows around them. The
mastering stage aims its tonal balance at the curve of the job's preset and QC judges the
master against the same curve.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from mixdown.dsp.spectrum import THIRD_OCTAVE_CENTERS_HZ
from mixdown.errors import InvalidInput

SPECTRAL_TARGETS_PATH = Path(__file__).with_name("data") / "spectral_targets.json"
DEFAULT_SPECTRAL_PRESET = "streaming"


@lru_cache(maxsize=1)
def spectral_targets() -> dict[str, Any]:
    """The per-preset target curves, checked to use the third-octave centres of this library."""
    data = json.loads(SPECTRAL_TARGETS_PATH.read_text())
    centres = np.array(data["centers_hz"])
    if centres.shape != THIRD_OCTAVE_CENTERS_HZ.shape or not np.allclose(centres, THIRD_OCTAVE_CENTERS_HZ, rtol=1e-3):
        raise InvalidInput(f"{SPECTRAL_TARGETS_PATH.name} does not use the third-octave centres of mixdown.dsp.spectrum")
    return data


def spectral_curve(preset: str | None) -> tuple[str, np.ndarray, float]:
    """(preset name used, target band levels in dB, tolerance in dB) for ``preset`` (the
    neutral ``streaming`` curve for an unknown or empty name)."""
    curves = spectral_targets()["curves"]
    name = preset if preset in curves else DEFAULT_SPECTRAL_PRESET
    curve = curves[name]
    return name, np.array(curve["levels_db"], dtype=np.float64), float(curve["tolerance_db"])
