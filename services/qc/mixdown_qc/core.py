"""QC core: measure audio and judge it against targets. Pure: arrays in, verdicts out."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np

from mixdown.dsp.loudness import LoudnessReport, measure
from mixdown_qc.codes import CHECKS

Level = Literal["pass", "warn", "fail"]

LOUDNESS_PASS_LU = 0.5
LOUDNESS_WARN_LU = 1.0
SILENCE_LUFS = -70.0


@dataclass
class Verdict:
    code: str
    check: str
    level: Level
    explanation: str
    value: float | None
    threshold: float | None

    @property
    def hard_fail(self) -> bool:
        return self.level == "fail" and CHECKS[self.check].hard


@dataclass
class Analysis:
    loudness: LoudnessReport
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(v.level == "fail" for v in self.verdicts)

    @property
    def hard_failures(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.hard_fail]

    def to_dict(self) -> dict:
        return {
            "loudness": asdict(self.loudness),
            "verdicts": [asdict(v) for v in self.verdicts],
            "passed": self.passed,
        }


def _verdict(check: str, level: Level, detail: str, value: float | None, threshold: float | None) -> Verdict:
    info = CHECKS[check]
    return Verdict(info.code, check, level, f"{info.explanation} {detail}".strip(), value, threshold)


def analyze(audio: np.ndarray, sample_rate_hz: int, target_lufs: float | None, ceiling_dbtp: float) -> Analysis:
    """Measure ``audio`` (channels, samples) and judge it against the loudness target and ceiling."""
    if not np.all(np.isfinite(audio)):
        empty = LoudnessReport(*(math.nan,) * 6)
        return Analysis(empty, [_verdict("invalid_samples", "fail", "Found NaN or infinite samples.", None, None)])
    report = measure(audio, sample_rate_hz)
    verdicts: list[Verdict] = []

    if not math.isfinite(report.integrated_lufs) or report.integrated_lufs < SILENCE_LUFS:
        verdicts.append(_verdict("silence", "fail", "The programme is below the -70 LUFS gate.",
                                 None, SILENCE_LUFS))
        return Analysis(report, verdicts)
    verdicts.append(_verdict("silence", "pass", "", report.integrated_lufs, SILENCE_LUFS))

    if target_lufs is not None:
        error = report.integrated_lufs - target_lufs
        level: Level = "pass" if abs(error) <= LOUDNESS_PASS_LU else "warn" if abs(error) <= LOUDNESS_WARN_LU else "fail"
        verdicts.append(_verdict(
            "integrated_loudness", level,
            f"Measured {report.integrated_lufs:.2f} LUFS against a target of {target_lufs:.1f} LUFS "
            f"({error:+.2f} LU).",
            report.integrated_lufs, target_lufs,
        ))

    over = report.true_peak_dbtp - ceiling_dbtp
    verdicts.append(_verdict(
        "true_peak", "fail" if over > 0.0 else "pass",
        f"Measured {report.true_peak_dbtp:.2f} dBTP against a ceiling of {ceiling_dbtp:.1f} dBTP.",
        report.true_peak_dbtp, ceiling_dbtp,
    ))
    return Analysis(report, verdicts)


def corrections_for(analysis: Analysis, previous: dict[str, float]) -> dict[str, float]:
    """Corrections mastering can apply to fix the correctable failures (cumulative), or {} if none."""
    corrections = dict(previous)
    changed = False
    for verdict in analysis.verdicts:
        if verdict.level != "fail" or not CHECKS[verdict.check].correctable:
            continue
        if verdict.check == "integrated_loudness" and verdict.value is not None and verdict.threshold is not None:
            corrections["target_offset_lu"] = corrections.get("target_offset_lu", 0.0) + (verdict.threshold - verdict.value)
            changed = True
        elif verdict.check == "true_peak" and verdict.value is not None and verdict.threshold is not None:
            corrections["ceiling_offset_db"] = corrections.get("ceiling_offset_db", 0.0) - (
                verdict.value - verdict.threshold + 0.1
            )
            changed = True
    return {k: round(v, 3) for k, v in corrections.items()} if changed else {}
