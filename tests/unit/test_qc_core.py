"""QC core: verdicts against targets and the corrections it asks of mastering."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown_qc.core import analyze, corrections_for

RATE_HZ = 48000


def sine(level_db: float, seconds: float = 5.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    x = 10 ** (level_db / 20) * np.sin(2 * np.pi * 997 * t)
    return np.stack([x, x]).astype(np.float32)


def verdicts(analysis):
    return {v.check: v for v in analysis.verdicts}


def test_a_master_on_target_passes_every_check():
    # A stereo 997 Hz sine at -23 dBFS per channel measures -23 LUFS (EBU Tech 3341 case 1).
    analysis = analyze(sine(-23.0), RATE_HZ, target_lufs=-23.0, ceiling_dbtp=-1.0)
    assert analysis.passed
    assert verdicts(analysis)["integrated_loudness"].value == pytest.approx(-23.0, abs=0.1)
    assert corrections_for(analysis, {}) == {}


def test_loudness_off_target_fails_with_a_numbered_code_and_a_correction():
    analysis = analyze(sine(-20.0), RATE_HZ, target_lufs=-14.0, ceiling_dbtp=-1.0)
    loudness = verdicts(analysis)["integrated_loudness"]
    assert loudness.level == "fail" and loudness.code == "QC001"
    assert "against a target of -14.0 LUFS" in loudness.explanation
    assert corrections_for(analysis, {})["target_offset_lu"] == pytest.approx(6.0, abs=0.1)
    assert corrections_for(analysis, {"target_offset_lu": 1.0})["target_offset_lu"] == pytest.approx(7.0, abs=0.1)


def test_small_loudness_error_warns_only():
    analysis = analyze(sine(-23.0), RATE_HZ, target_lufs=-22.3, ceiling_dbtp=-1.0)
    assert verdicts(analysis)["integrated_loudness"].level == "warn"
    assert analysis.passed


def test_true_peak_over_the_ceiling_is_a_hard_failure():
    analysis = analyze(sine(-0.5), RATE_HZ, target_lufs=None, ceiling_dbtp=-1.0)
    peak = verdicts(analysis)["true_peak"]
    assert peak.level == "fail" and peak.code == "QC002" and peak.hard_fail
    assert corrections_for(analysis, {})["ceiling_offset_db"] == pytest.approx(-0.6, abs=0.05)


def test_silence_and_nan_are_hard_failures_that_cannot_be_corrected():
    silent = analyze(np.zeros((2, RATE_HZ), np.float32), RATE_HZ, -14.0, -1.0)
    assert verdicts(silent)["silence"].level == "fail" and not silent.passed
    broken = sine(-20.0)
    broken[0, 100] = np.nan
    invalid = analyze(broken, RATE_HZ, -14.0, -1.0)
    assert verdicts(invalid)["invalid_samples"].hard_fail
    assert corrections_for(invalid, {}) == {}
