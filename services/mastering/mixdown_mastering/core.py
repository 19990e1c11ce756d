"""Mastering core: pure functions from a mix to a master. No I/O.

The chain reads top to bottom: apply the QC corrections to the targets, then bring the
programme to the target loudness under a true-peak ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mixdown.catalog import TARGET_RANGES
from mixdown.dsp.limiter import normalize_loudness
from mixdown.errors import InvalidInput

CORRECTION_RANGES = {"target_offset_lu": (-6.0, 6.0), "ceiling_offset_db": (-3.0, 0.0)}


@dataclass(frozen=True)
class Targets:
    target_lufs: float = -14.0
    ceiling_dbtp: float = -1.0

    def __post_init__(self) -> None:
        for name, (low, high) in TARGET_RANGES.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise InvalidInput(f"{name}={value} is outside [{low}, {high}]")


def check_corrections(corrections: dict[str, float]) -> dict[str, float]:
    for name, value in corrections.items():
        if name not in CORRECTION_RANGES:
            raise InvalidInput(f"unknown correction {name!r}; known: {sorted(CORRECTION_RANGES)}")
        low, high = CORRECTION_RANGES[name]
        if not low <= value <= high:
            raise InvalidInput(f"correction {name}={value} is outside [{low}, {high}]")
    return corrections


def master(
    audio: np.ndarray, sample_rate_hz: int, targets: Targets, corrections: dict[str, float] | None = None
) -> tuple[np.ndarray, dict[str, float]]:
    """Master ``audio`` (channels, samples) to ``targets``; returns the master and the parameters applied."""
    corrections = check_corrections(dict(corrections or {}))
    target_lufs = targets.target_lufs + corrections.get("target_offset_lu", 0.0)
    ceiling_dbtp = targets.ceiling_dbtp + corrections.get("ceiling_offset_db", 0.0)
    out, applied = normalize_loudness(audio, sample_rate_hz, target_lufs, ceiling_dbtp)
    parameters = {
        "target_lufs": targets.target_lufs,
        "ceiling_dbtp": targets.ceiling_dbtp,
        "effective_target_lufs": target_lufs,
        "effective_ceiling_dbtp": ceiling_dbtp,
        **{k: float(v) for k, v in applied.items()},
    }
    return out.astype(np.float32), parameters
