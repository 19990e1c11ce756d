"""Every QC check: its value and verdict on signals built to pass and to fail it."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp import levels, stereo
from mixdown.events.targets import DeliveryTargets
from mixdown_qc.core import analyze, corrections_for, spectral_curve
from tests.audio_helpers import pink_noise, sine, song

RATE = 48000


def verdict(audio: np.ndarray, check: str, preset: str | None = None, **targets):
    analysis = analyze(audio, RATE, DeliveryTargets(**{"target_lufs": None, **targets}), preset)
    return next(v for v in analysis.verdicts if v.check == check), analysis


def wide(width_percent: float) -> np.ndarray:
    mid = pink_noise(4.0, RATE, 1, seed=1)[0]
    side = pink_noise(4.0, RATE, 1, seed=2)[0] * np.float32(width_percent / 100)
    return stereo.from_mid_side(mid, side)


@pytest.mark.parametrize(("width", "maximum", "level"), [(60.0, 140.0, "pass"), (130.0, 140.0, "pass"),
                                                          (160.0, 140.0, "fail"), (90.0, 80.0, "fail")])
def test_stereo_width(width, maximum, level):
    result, analysis = verdict(wide(width), "stereo_width", max_width_percent=maximum)
    assert result.value == pytest.approx(width, rel=0.01)
    assert result.level == level and result.code == "QC006"
    if level == "fail":
        scale = corrections_for(analysis.verdicts, {})["width_scale"]
        assert scale == pytest.approx(maximum / width * 0.97, rel=0.01)


@pytest.mark.parametrize(("make", "expected", "level"), [
    (lambda n: np.stack([n[0], n[0]]), 1.0, "pass"),
    (lambda n: np.stack([n[0], -n[0]]), -1.0, "warn"),
    (lambda n: n, 0.0, "warn"),
    (lambda n: np.stack([n[0], 0.8 * n[0] + 0.2 * n[1]]), 0.97, "pass"),
])
def test_phase_correlation(make, expected, level):
    result, analysis = verdict(make(pink_noise(3.0, RATE, 2)), "phase_correlation")
    assert result.value == pytest.approx(expected, abs=0.05)
    assert result.level == level and result.code == "QC007"  # a warning at most, never a failure


@pytest.mark.parametrize(("offset", "level"), [(0.0, "pass"), (0.0005, "pass"), (0.005, "warn")])
def test_dc_offset(offset, level):
    result, _ = verdict(pink_noise(3.0, RATE, 2) + np.float32(offset), "dc_offset")
    assert result.value == pytest.approx(100 * offset, abs=0.01)
    assert result.level == level and result.code == "QC008"


def test_clipped_runs_fail_and_isolated_full_scale_samples_do_not():
    audio = sine(100, -6.0, 2.0, RATE, 2)
    audio[:, 1000] = 1.0  # one full-scale sample: not a clipped run
    audio[0, 5000:5002] = -1.0  # two in a row: not a run of three
    result, _ = verdict(audio, "clipping")
    assert result.level == "pass" and result.value == 0.0
    clipped = np.clip(sine(100, 3.0, 2.0, RATE, 2), -1.0, 1.0)
    result, analysis = verdict(clipped, "clipping")
    assert result.level == "fail" and result.hard_fail and result.code == "QC005"
    assert result.value == pytest.approx(2 * 2 * 2 * 100, rel=0.02)  # two runs a cycle, 100 Hz, 2 s, 2 channels
    assert levels.clipping(clipped).longest_run_samples > 40
    # Mastering cannot undo clipping: nothing in the corrections addresses it.
    assert set(corrections_for([result], {})) == set()


def test_dropouts_inside_the_programme_warn_and_silent_ends_do_not():
    audio = pink_noise(4.0, RATE, 2)
    audio[:, : RATE // 2] = 0.0  # leading silence
    audio[:, -RATE // 2 :] = 0.0  # trailing silence
    result, analysis = verdict(audio, "dropouts")
    assert result.level == "pass"
    assert analysis.metrics.silence.leading_seconds == pytest.approx(0.5, abs=1e-3)
    audio[:, 2 * RATE : 2 * RATE + RATE // 50] = 0.0  # 20 ms cut to digital silence
    result, analysis = verdict(audio, "dropouts")
    assert result.level == "warn" and result.value == 1.0 and result.code == "QC012"
    assert analysis.metrics.silence.dropout_times_seconds == (2.0,)
    assert analysis.metrics.silence.longest_dropout_seconds == pytest.approx(0.02, abs=1e-3)


def test_a_fade_to_silence_is_not_a_dropout():
    audio = pink_noise(4.0, RATE, 2)
    fade = np.linspace(1.0, 0.0, RATE, dtype=np.float32) ** 8
    audio[:, RATE : 2 * RATE] *= fade
    audio[:, 2 * RATE : 2 * RATE + RATE // 10] = 0.0
    assert verdict(audio, "dropouts")[0].level == "pass"


def test_silence_fails_hard():
    result, analysis = verdict(np.zeros((2, 2 * RATE), np.float32), "silence", target_lufs=-14.0)
    assert result.level == "fail" and result.hard_fail and not analysis.passed


def test_dynamics_warns_on_a_crushed_master():
    result, _ = verdict(sine(1000, -1.0, 3.0, RATE, 2), "dynamics")
    assert result.value == pytest.approx(-1.0 - (-1.0 + 3.01 - 0.69 - 3.01 + 0.0), abs=0.5) or result.value < 6
    assert result.level == "warn"
    assert verdict(song(4.0, RATE), "dynamics")[0].level == "pass"


def test_loudness_range_is_checked_only_against_a_maximum():
    quiet_loud = np.concatenate([sine(1000, -30.0, 6.0, RATE, 2), sine(1000, -10.0, 6.0, RATE, 2)], axis=1)
    result, _ = verdict(quiet_loud, "loudness_range", max_lra_lu=10.0)
    assert result.value == pytest.approx(20.0, abs=1.0) and result.level == "warn"
    analysis = analyze(quiet_loud, RATE, DeliveryTargets(target_lufs=None))
    assert all(v.check != "loudness_range" for v in analysis.verdicts)


def test_spectral_balance_against_the_preset_curve():
    # Noise shaped exactly like the preset's curve passes; a sine-only programme does not.
    from mixdown.dsp.fir import curve_fir, overlap_save
    from mixdown.dsp.spectrum import THIRD_OCTAVE_CENTERS_HZ

    _, curve, tolerance = spectral_curve("hip_hop")
    fir = curve_fir(RATE, THIRD_OCTAVE_CENTERS_HZ, curve - curve.mean())
    shaped = overlap_save(pink_noise(6.0, RATE, 2), fir[None, :], (fir.size - 1) // 2)[0]
    result, _ = verdict(shaped, "spectral_balance", preset="hip_hop")
    assert result.level == "pass" and result.value < 2.0 and result.code == "QC011"
    result, analysis = verdict(sine(1000, -10.0, 3.0, RATE, 2), "spectral_balance", preset="hip_hop")
    assert result.level == "warn" and result.value > tolerance and "'hip_hop' curve" in result.explanation
    assert analysis.passed  # spectral balance only warns
