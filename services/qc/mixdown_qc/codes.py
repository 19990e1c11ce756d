"""Numbered QC verdict codes with their written explanations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    code: str
    check: str
    hard: bool
    correctable: bool
    explanation: str


CHECKS: dict[str, Check] = {
    c.check: c
    for c in (
        Check("QC001", "integrated_loudness", hard=False, correctable=True,
              explanation="Integrated loudness (ITU-R BS.1770-4) must be within tolerance of the target."),
        Check("QC002", "true_peak", hard=True, correctable=True,
              explanation="True peak (4x oversampled, BS.1770-4 Annex 2) must not exceed the ceiling, "
                          "or lossy encoders and DACs may clip."),
        Check("QC003", "silence", hard=True, correctable=False,
              explanation="The audio must not be silent."),
        Check("QC004", "invalid_samples", hard=True, correctable=False,
              explanation="The audio must not contain NaN or infinite samples."),
    )
}
