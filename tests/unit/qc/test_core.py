"""QC core: verdicts against targets, the numbered code registry and the corrections for mastering."""

from __future__ import annotations

import re

import numpy as np
import pytest

from mixdown.events.targets import DeliveryTargets
from mixdown_qc.codes import CHECKS, CODES
from mixdown_qc.core import DeliveredFile, analyze, corrections_for, judge_deliverables, spectral_curve

RATE_HZ = 48000


def sine(level_db: float, seconds: float = 5.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    x = 10 ** (level_db / 20) * np.sin(2 * np.pi * 997 * t)
    return np.stack([x, x]).astype(np.float32)


def verdicts(analysis):
    return {v.check: v for v in analysis.verdicts}


def test_codes_are_numbered_once_each_with_an_explanation():
    assert [c.code for c in CHECKS.values()] == [f"QC{n:03d}" for n in range(1, len(CHECKS) + 1)]
    assert CODES["QC001"].check == "integrated_loudness" and CODES["QC002"].check == "true_peak"
    assert CODES["QC003"].check == "silence" and CODES["QC004"].check == "invalid_samples"
    assert all(len(c.explanation) > 30 for c in CHECKS.values())
    hard = {c.check for c in CHECKS.values() if c.hard}
    assert {"true_peak", "clipping", "invalid_samples", "silence"} <= hard
    assert {c.check for c in CHECKS.values() if c.correctable} == {
        "integrated_loudness", "true_peak", "stereo_width", "deliverables"}


def test_a_master_on_target_passes_every_check():
    # A stereo 997 Hz sine at -23 dBFS per channel measures -23 LUFS (EBU Tech 3341 case 1).
    analysis = analyze(sine(-23.0), RATE_HZ, DeliveryTargets(target_lufs=-23.0, ceiling_dbtp=-1.0))
    assert analysis.passed
    assert verdicts(analysis)["integrated_loudness"].value == pytest.approx(-23.0, abs=0.1)
    assert corrections_for(analysis.verdicts, {}) == {}
    assert all(re.fullmatch(r"QC\d{3}", v.code) for v in analysis.verdicts)


def test_loudness_off_target_fails_with_a_numbered_code_and_a_correction():
    analysis = analyze(sine(-20.0), RATE_HZ, DeliveryTargets(target_lufs=-14.0))
    loudness = verdicts(analysis)["integrated_loudness"]
    assert loudness.level == "fail" and loudness.code == "QC001"
    assert "against a target of -14.0 LUFS" in loudness.explanation
    assert corrections_for(analysis.verdicts, {})["target_offset_lu"] == pytest.approx(6.0, abs=0.1)
    assert corrections_for(analysis.verdicts, {"target_offset_lu": -1.0})["target_offset_lu"] == pytest.approx(5.0, abs=0.1)


@pytest.mark.parametrize(("target", "level"), [(-23.3, "pass"), (-22.3, "warn"), (-21.5, "fail")])
def test_loudness_levels(target, level):
    analysis = analyze(sine(-23.0), RATE_HZ, DeliveryTargets(target_lufs=target))
    assert verdicts(analysis)["integrated_loudness"].level == level


def test_true_peak_over_the_ceiling_is_a_hard_failure():
    analysis = analyze(sine(-0.5), RATE_HZ, DeliveryTargets(target_lufs=None, ceiling_dbtp=-1.0))
    peak = verdicts(analysis)["true_peak"]
    assert peak.level == "fail" and peak.code == "QC002" and peak.hard_fail
    assert corrections_for(analysis.verdicts, {})["ceiling_offset_db"] == pytest.approx(-0.6, abs=0.05)


def test_silence_and_nan_are_hard_failures_that_cannot_be_corrected():
    silent = analyze(np.zeros((2, RATE_HZ), np.float32), RATE_HZ, DeliveryTargets(target_lufs=-14.0))
    assert verdicts(silent)["silence"].level == "fail" and not silent.passed
    broken = sine(-20.0)
    broken[0, 100] = np.nan
    invalid = analyze(broken, RATE_HZ, DeliveryTargets(target_lufs=-14.0))
    assert verdicts(invalid)["invalid_samples"].hard_fail
    assert corrections_for(invalid.verdicts, {}) == {}


def test_deliverables_are_judged_by_the_worst_file():
    targets = DeliveryTargets(target_lufs=-10.0, ceiling_dbtp=-1.0)
    good = [DeliveredFile("wav16", -10.0, -1.05), DeliveredFile("mp3", -10.2, -1.2)]
    assert judge_deliverables(good, targets).level == "pass"
    warn = judge_deliverables([*good, DeliveredFile("flac", -10.7, -1.1)], targets)
    assert warn.level == "warn" and "flac: -10.70 LUFS" in warn.explanation
    over = judge_deliverables([*good, DeliveredFile("mp3", -10.0, -0.4)], targets)
    assert over.level == "fail" and over.hard_fail and over.code == "QC013"
    assert corrections_for([over], {})["ceiling_offset_db"] == pytest.approx(-0.7, abs=1e-6)


def test_corrections_accumulate_and_stay_in_range():
    analysis = analyze(sine(-40.0), RATE_HZ, DeliveryTargets(target_lufs=-10.0))
    corrections = corrections_for(analysis.verdicts, {"target_offset_lu": 2.0})
    assert corrections["target_offset_lu"] == 6.0  # capped at the range's end


def test_every_preset_has_a_spectral_curve():
    from mixdown.catalog import PRESETS

    for name in PRESETS:
        used, curve, tolerance = spectral_curve(name)
        assert used == name and curve.shape == (31,) and tolerance > 0
    assert spectral_curve("no-such-preset")[0] == "streaming"
