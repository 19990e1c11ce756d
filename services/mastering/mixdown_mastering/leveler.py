"""Loudness-range control: a slow leveller that narrows the loudness range (EBU Tech 3342).

When the programme's loudness range exceeds ``max_lra_lu``, every short-term window (3 s,
100 ms hop) is moved toward the integrated loudness by ``1 - max_lra_lu / range`` of its
distance, loud passages down and quiet ones up (windows under the range's -20 LU gate are
treated as sitting on the gate, so that silence is not pulled up). The gain curve follows the
short-term loudness, so it changes over seconds, not milliseconds: the dynamics within a
phrase are kept. It is measured again and corrected once more if still too wide.
"""

from __future__ import annotations

import math

import numpy as np

from mixdown.catalog import TARGETS
from mixdown.dsp import as_audio
from mixdown.dsp.loudness import (
    LRA_RELATIVE_GATE_LU,
    SHORT_TERM_STEPS,
    STEP_SECONDS,
    integrated_loudness_lufs,
    loudness_range_lu,
    short_term_lufs,
)

_PASSES = 3
_MARGIN_LU = 0.3


def limit_loudness_range(
    audio: np.ndarray, sample_rate_hz: int, max_lra_lu: float
) -> tuple[np.ndarray, dict[str, float]]:
    """Narrow the loudness range of ``audio`` to at most ``max_lra_lu`` (see the module docstring).

    Returns the audio and ``lra_in_lu``, ``lra_out_lu`` and ``lra_max_gain_db`` (the largest
    gain change applied). Audio within the limit, or shorter than one 3 s window, is returned
    unchanged (as a copy).
    """
    audio = as_audio(audio, sample_rate_hz)
    TARGETS["max_lra_lu"].check(max_lra_lu)
    lra_in = loudness_range_lu(audio, sample_rate_hz)
    out, largest = audio.copy(), 0.0
    lra = lra_in
    for _ in range(_PASSES):
        if lra <= max_lra_lu:
            break
        short_term = short_term_lufs(out, sample_rate_hz)
        integrated = integrated_loudness_lufs(out, sample_rate_hz)
        if short_term.size == 0 or not math.isfinite(integrated):
            break
        floor = integrated + LRA_RELATIVE_GATE_LU
        clamped = np.maximum(np.where(np.isfinite(short_term), short_term, floor), floor)
        ratio = 1.0 - max(max_lra_lu - _MARGIN_LU, 0.5) / lra
        gain_db = -ratio * (clamped - integrated)
        # Window k covers steps k .. k + 29: its gain belongs to its centre.
        step = STEP_SECONDS * sample_rate_hz
        centres = (np.arange(gain_db.size) + SHORT_TERM_STEPS / 2) * step
        per_sample = np.interp(np.arange(out.shape[1], dtype=np.float64), centres, gain_db)
        out *= (10 ** (per_sample / 20)).astype(np.float32)
        largest = max(largest, float(np.max(np.abs(gain_db))))
        lra = loudness_range_lu(out, sample_rate_hz)
    return out, {"lra_in_lu": lra_in, "lra_out_lu": lra, "lra_max_gain_db": largest}
