"""Stereo width control in mid/side.

The side is scaled so that the measured width (100 * rms(side) / rms(mid), see
:mod:`mixdown.dsp.stereo`) becomes the input's width times ``width_percent`` / 100 (or a
reference's width when matching one), at most ``max_width_percent``, times the QC
correction ``width_scale`` (QC asks for a narrower master when the loudness stage, which
turns loud, usually narrower passages down, left the result wider than the maximum).
The mid is left as it is. Mono input passes unchanged, and so does a signal with no mid
(channels that cancel exactly): its width is infinite whatever the side's gain, so there is
no width to report and none to set.
"""

from __future__ import annotations

import math

import numpy as np

from mixdown.catalog import TARGETS
from mixdown.dsp import as_audio
from mixdown.dsp.stereo import WIDTH_PARAMETERS, scale_side
from mixdown.dsp.stereo import width_percent as measure_width
from mixdown.params import ParamTable

PARAMETERS = ParamTable("mastering.stereo", [WIDTH_PARAMETERS["width_percent"]])


def control_width(
    audio: np.ndarray,
    sample_rate_hz: int,
    width_percent: float = 100.0,
    max_width_percent: float = 140.0,
    width_scale: float = 1.0,
    target_width_percent: float | None = None,
) -> tuple[np.ndarray, dict[str, float]]:
    """Set the stereo width of ``audio`` (channels, samples); see the module docstring.

    Returns the audio and ``width_in_percent``, ``width_out_percent`` and ``side_gain_db``;
    the widths are absent when the input has no mid (an infinite width is no reading).
    """
    audio = as_audio(audio, sample_rate_hz)
    PARAMETERS.check({"width_percent": width_percent})
    TARGETS["max_width_percent"].check(max_width_percent)
    if audio.shape[0] != 2:
        return audio.copy(), {"width_in_percent": 0.0, "width_out_percent": 0.0, "side_gain_db": 0.0}
    measured = measure_width(audio)
    if not math.isfinite(measured):
        return audio.copy(), {"side_gain_db": 0.0}
    desired = measured * width_percent / 100.0 if target_width_percent is None else target_width_percent
    desired = min(desired, max_width_percent) * width_scale
    gain = desired / measured if measured > 0.0 else 1.0
    out = scale_side(audio, gain)
    return out, {
        "width_in_percent": measured,
        "width_out_percent": measured * gain,
        "side_gain_db": 20 * math.log10(gain) if gain > 0 else -120.0,
    }
