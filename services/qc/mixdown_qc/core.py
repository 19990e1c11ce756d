"""QC core: measure audio and judge it against targets. Pure: arrays in, verdicts out.

:func:`measure_all` runs every meter once (:class:`Metrics`); :func:`judge` turns metrics
into verdicts against the job's :class:`~mixdown.events.targets.DeliveryTargets` (a
``target_lufs`` or ``max_lra_lu`` of None skips its check) and its preset's spectral curve,
with the numbered codes of :mod:`mixdown_qc.codes`; :func:`analyze` does both;
:func:`corrections_for` says what mastering should change to fix the correctable failures.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from mixdown.catalog import CORRECTIONS
from mixdown.dsp import levels, stereo
from mixdown.dsp.loudness import LoudnessReport, measure
from mixdown.dsp.spectrum import (
    FLOOR_DB,
    THIRD_OCTAVE_CENTERS_HZ,
    align_to_reference,
    average_power_spectrum,
    band_levels_db,
    spectral_balance_db,
)
from mixdown.events.targets import DeliveryTargets
from mixdown.spectral_targets import spectral_curve
from mixdown_qc.codes import CHECKS

Level = Literal["pass", "warn", "fail"]

LOUDNESS_PASS_LU = 0.5
LOUDNESS_WARN_LU = 1.0
SILENCE_LUFS = -70.0
MIN_CORRELATION = 0.1
MAX_DC_OFFSET_PERCENT = 0.1
MIN_PLR_LU = 6.0
SPECTRAL_RANGE_HZ = (40.0, 16000.0)
# How much narrower than the maximum a width correction aims, so that the next master passes.
WIDTH_CORRECTION_MARGIN = 0.97
CEILING_CORRECTION_MARGIN_DB = 0.1


@dataclass
class Metrics:
    """Every measure of one signal."""

    sample_rate_hz: int
    channels: int
    duration_seconds: float
    loudness: LoudnessReport
    rms_dbfs: float
    crest_factor_db: float
    plr_lu: float
    width_percent: float | None
    """None when undefined: mono, or no mid signal."""
    correlation: float
    dc_offset_percent: float
    clipping: levels.Clipping
    silence: levels.Silence
    band_levels_db: list[float] = field(default_factory=list)

    def scalars(self) -> dict[str, float]:
        """Every scalar metric by name with its unit suffix (for the gRPC ``metrics`` map)."""
        values = {
            **{f"{name}": value for name, value in asdict(self.loudness).items()},
            "sample_rate_hz": float(self.sample_rate_hz),
            "channels": float(self.channels),
            "duration_seconds": self.duration_seconds,
            "rms_dbfs": self.rms_dbfs,
            "crest_factor_db": self.crest_factor_db,
            "plr_lu": self.plr_lu,
            **({"width_percent": self.width_percent} if self.width_percent is not None else {}),
            "correlation": self.correlation,
            "dc_offset_percent": self.dc_offset_percent,
            "clipped_runs": float(self.clipping.runs),
            "clipped_samples": float(self.clipping.samples),
            "longest_clipped_run_samples": float(self.clipping.longest_run_samples),
            "leading_silence_seconds": self.silence.leading_seconds,
            "trailing_silence_seconds": self.silence.trailing_seconds,
            "dropouts": float(self.silence.dropouts),
            "longest_dropout_seconds": self.silence.longest_dropout_seconds,
        }
        for centre, level in zip(THIRD_OCTAVE_CENTERS_HZ, self.band_levels_db, strict=False):
            values[f"band_{centre:.0f}hz_db"] = level
        return values

    def to_dict(self) -> dict[str, Any]:
        return {
            "loudness": asdict(self.loudness),
            **{k: v for k, v in self.scalars().items() if not k.startswith("band_") and k not in asdict(self.loudness)},
            "dropout_times_seconds": list(self.silence.dropout_times_seconds),
            "band_centers_hz": [round(float(c), 1) for c in THIRD_OCTAVE_CENTERS_HZ],
            "band_levels_db": self.band_levels_db,
        }


def measure_all(audio: np.ndarray, sample_rate_hz: int) -> Metrics:
    """Every meter of the QC on ``audio`` (channels, samples), finite samples expected."""
    report = measure(audio, sample_rate_hz)
    frequencies_hz, power = average_power_spectrum(audio, sample_rate_hz)
    bands = (align_to_reference(band_levels_db(frequencies_hz, power)) if power.any()
             else np.full(len(THIRD_OCTAVE_CENTERS_HZ), FLOOR_DB))
    width = stereo.width_percent(audio)
    return Metrics(
        sample_rate_hz=sample_rate_hz,
        channels=int(audio.shape[0]),
        duration_seconds=audio.shape[1] / sample_rate_hz,
        loudness=report,
        rms_dbfs=levels.rms_dbfs(audio),
        crest_factor_db=levels.crest_factor_db(audio),
        plr_lu=levels.plr_lu(report.true_peak_dbtp, report.integrated_lufs),
        width_percent=width if math.isfinite(width) else None,
        correlation=stereo.correlation(audio),
        dc_offset_percent=levels.dc_offset_percent(audio),
        clipping=levels.clipping(audio),
        silence=levels.silence(audio, sample_rate_hz),
        band_levels_db=[round(float(v), 2) for v in bands],
    )


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
    metrics: Metrics | None
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def loudness(self) -> LoudnessReport:
        return self.metrics.loudness if self.metrics else LoudnessReport(*(math.nan,) * 6)

    @property
    def passed(self) -> bool:
        return not any(v.level == "fail" for v in self.verdicts)

    @property
    def hard_failures(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.hard_fail]

    def verdict(self, check: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.check == check), None)

    def to_dict(self) -> dict:
        metrics = self.metrics.to_dict() if self.metrics else {"loudness": asdict(self.loudness)}
        return {**metrics, "verdicts": [asdict(v) for v in self.verdicts], "passed": self.passed}


def _verdict(check: str, level: Level, detail: str, value: float | None, threshold: float | None) -> Verdict:
    info = CHECKS[check]
    return Verdict(info.code, check, level, f"{info.explanation} {detail}".strip(), value, threshold)


def _loudness_level(error_lu: float) -> Level:
    return "pass" if abs(error_lu) <= LOUDNESS_PASS_LU else "warn" if abs(error_lu) <= LOUDNESS_WARN_LU else "fail"


def judge(metrics: Metrics, targets: DeliveryTargets, sample_rate_hz: int, audio: np.ndarray | None = None,
          preset: str | None = None) -> list[Verdict]:
    """Verdicts on ``metrics``; ``audio`` is needed for the spectral balance check, against
    ``preset``'s curve (None: the neutral curve)."""
    verdicts: list[Verdict] = []
    report = metrics.loudness
    if not math.isfinite(report.integrated_lufs) or report.integrated_lufs < SILENCE_LUFS:
        verdicts.append(_verdict("silence", "fail", "The programme is below the -70 LUFS gate.", None, SILENCE_LUFS))
        return verdicts
    verdicts.append(_verdict("silence", "pass", "", report.integrated_lufs, SILENCE_LUFS))

    if targets.target_lufs is not None:
        error = report.integrated_lufs - targets.target_lufs
        verdicts.append(_verdict(
            "integrated_loudness", _loudness_level(error),
            f"Measured {report.integrated_lufs:.2f} LUFS against a target of {targets.target_lufs:.1f} LUFS "
            f"({error:+.2f} LU).",
            report.integrated_lufs, targets.target_lufs,
        ))

    over = report.true_peak_dbtp - targets.ceiling_dbtp
    verdicts.append(_verdict(
        "true_peak", "fail" if over > 0.0 else "pass",
        f"Measured {report.true_peak_dbtp:.2f} dBTP against a ceiling of {targets.ceiling_dbtp:.1f} dBTP.",
        report.true_peak_dbtp, targets.ceiling_dbtp,
    ))

    clip = metrics.clipping
    verdicts.append(_verdict(
        "clipping", "fail" if clip.runs else "pass",
        f"Found {clip.runs} clipped run(s), {clip.samples} sample(s), the longest {clip.longest_run_samples} samples."
        if clip.runs else "No clipped run.",
        float(clip.runs), 0.0,
    ))

    if metrics.channels == 2 and metrics.width_percent is None:
        verdicts.append(_verdict(
            "stereo_width", "fail",
            f"The width is unbounded: the side signal has no mid to compare with (maximum "
            f"{targets.max_width_percent:.0f} %).", None, targets.max_width_percent,
        ))
    elif metrics.channels == 2:
        verdicts.append(_verdict(
            "stereo_width", "fail" if metrics.width_percent > targets.max_width_percent else "pass",
            f"Measured {metrics.width_percent:.1f} % against a maximum of {targets.max_width_percent:.0f} %.",
            metrics.width_percent, targets.max_width_percent,
        ))
    if metrics.channels == 2:
        verdicts.append(_verdict(
            "phase_correlation", "warn" if metrics.correlation < MIN_CORRELATION else "pass",
            f"Measured {metrics.correlation:+.2f} (minimum {MIN_CORRELATION:+.1f}).",
            metrics.correlation, MIN_CORRELATION,
        ))

    verdicts.append(_verdict(
        "dc_offset", "warn" if metrics.dc_offset_percent > MAX_DC_OFFSET_PERCENT else "pass",
        f"Measured {metrics.dc_offset_percent:.3f} % (maximum {MAX_DC_OFFSET_PERCENT} %).",
        metrics.dc_offset_percent, MAX_DC_OFFSET_PERCENT,
    ))

    if math.isfinite(metrics.plr_lu):
        verdicts.append(_verdict(
            "dynamics", "warn" if metrics.plr_lu < MIN_PLR_LU else "pass",
            f"Measured a PLR of {metrics.plr_lu:.1f} LU (crest factor {metrics.crest_factor_db:.1f} dB).",
            metrics.plr_lu, MIN_PLR_LU,
        ))

    if targets.max_lra_lu is not None:
        verdicts.append(_verdict(
            "loudness_range", "warn" if report.loudness_range_lu > targets.max_lra_lu else "pass",
            f"Measured {report.loudness_range_lu:.1f} LU against a maximum of {targets.max_lra_lu:.1f} LU.",
            report.loudness_range_lu, targets.max_lra_lu,
        ))

    if audio is not None:
        verdicts.append(_spectral_verdict(audio, sample_rate_hz, preset))

    silence = metrics.silence
    verdicts.append(_verdict(
        "dropouts", "warn" if silence.dropouts else "pass",
        f"Found {silence.dropouts} dropout(s), the longest {silence.longest_dropout_seconds * 1000:.0f} ms, at "
        f"{', '.join(f'{t:.2f} s' for t in silence.dropout_times_seconds)}." if silence.dropouts else "No dropout.",
        float(silence.dropouts), 0.0,
    ))
    return verdicts


def _spectral_verdict(audio: np.ndarray, sample_rate_hz: int, preset: str | None) -> Verdict:
    name, curve, tolerance = spectral_curve(preset)
    deviation = spectral_balance_db(audio, sample_rate_hz, curve)
    inside = (THIRD_OCTAVE_CENTERS_HZ >= SPECTRAL_RANGE_HZ[0]) & (THIRD_OCTAVE_CENTERS_HZ <= SPECTRAL_RANGE_HZ[1])
    deviation = np.where(inside, deviation, np.nan)
    if np.all(np.isnan(deviation)):
        return _verdict("spectral_balance", "pass", "No band to compare.", None, tolerance)
    worst = int(np.nanargmax(np.abs(deviation)))
    value = float(deviation[worst])
    direction = "above" if value > 0 else "below"
    return _verdict(
        "spectral_balance", "warn" if abs(value) > tolerance else "pass",
        f"Largest deviation {value:+.1f} dB at {THIRD_OCTAVE_CENTERS_HZ[worst]:.0f} Hz ({direction} the "
        f"'{name}' curve; tolerance {tolerance:.0f} dB).",
        abs(value), tolerance,
    )


def analyze(audio: np.ndarray, sample_rate_hz: int, targets: DeliveryTargets, preset: str | None = None) -> Analysis:
    """Measure ``audio`` (channels, samples) and judge it against ``targets`` and ``preset``'s
    spectral curve."""
    if not np.all(np.isfinite(audio)):
        return Analysis(None, [_verdict("invalid_samples", "fail", "Found NaN or infinite samples.", None, None)])
    metrics = measure_all(audio, sample_rate_hz)
    verdicts = [_verdict("invalid_samples", "pass", "", None, None)]
    verdicts += judge(metrics, targets, sample_rate_hz, audio, preset)
    return Analysis(metrics, verdicts)


@dataclass(frozen=True)
class DeliveredFile:
    """A delivered file as QC decoded and measured it."""

    format: str
    integrated_lufs: float
    true_peak_dbtp: float


def judge_deliverables(files: list[DeliveredFile], targets: DeliveryTargets) -> Verdict:
    """QC013 over every delivered file: the worst one decides."""
    if not files:
        return _verdict("deliverables", "pass", "No other format was delivered.", None, targets.ceiling_dbtp)
    severity = {"pass": 0, "warn": 1, "fail": 2}
    details, worst, worst_over = [], 0, -math.inf
    for item in files:
        over = item.true_peak_dbtp - targets.ceiling_dbtp
        worst_over = max(worst_over, over)
        worst = max(worst, severity["fail" if over > 0.0 else "pass"])
        if targets.target_lufs is not None:
            worst = max(worst, severity[_loudness_level(item.integrated_lufs - targets.target_lufs)])
        details.append(f"{item.format}: {item.integrated_lufs:.2f} LUFS, {item.true_peak_dbtp:.2f} dBTP")
    level: Level = ("pass", "warn", "fail")[worst]
    return _verdict("deliverables", level, "; ".join(details) + ".", worst_over + targets.ceiling_dbtp,
                    targets.ceiling_dbtp)


def corrections_for(verdicts: list[Verdict], previous: dict[str, float]) -> dict[str, float]:
    """Corrections mastering can apply to fix the correctable failures (cumulative over
    iterations, starting from ``previous``), or {} if there is nothing it can change: no
    correctable failure, or corrections already at the end of their range."""
    corrections = dict(previous)
    for verdict in verdicts:
        if verdict.level != "fail" or not CHECKS[verdict.check].correctable:
            continue
        if verdict.value is None or verdict.threshold is None:
            continue
        if verdict.check == "integrated_loudness":
            corrections["target_offset_lu"] = corrections.get("target_offset_lu", 0.0) + (verdict.threshold - verdict.value)
        elif verdict.check in ("true_peak", "deliverables") and verdict.value > verdict.threshold:
            corrections["ceiling_offset_db"] = corrections.get("ceiling_offset_db", 0.0) - (
                verdict.value - verdict.threshold + CEILING_CORRECTION_MARGIN_DB
            )
        elif verdict.check == "stereo_width" and verdict.value > 0:
            corrections["width_scale"] = (
                corrections.get("width_scale", 1.0) * verdict.threshold / verdict.value * WIDTH_CORRECTION_MARGIN
            )
    bounded = {k: round(CORRECTIONS[k].clamp(v), 4) for k, v in corrections.items()}
    return bounded if bounded != {k: round(v, 4) for k, v in previous.items()} else {}
