"""Mastering core: loudness targets under a true-peak ceiling, corrections from QC."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp.loudness import integrated_loudness_lufs, true_peak_dbtp
from mixdown.errors import InvalidInput
from mixdown_mastering.core import Targets, master

RATE_HZ = 44100


def programme(seconds: float = 6.0, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    kick = np.sin(2 * np.pi * 55 * t) * (np.mod(t, 0.5) < 0.12)
    noise = rng.standard_normal((2, t.size)) * 0.05
    return (0.3 * kick + noise).astype(np.float32)


@pytest.mark.parametrize("target_lufs", [-14.0, -10.0, -8.0])
def test_master_lands_on_target_under_the_ceiling(target_lufs):
    out, parameters = master(programme(), RATE_HZ, Targets(target_lufs=target_lufs, ceiling_dbtp=-1.0))
    assert integrated_loudness_lufs(out, RATE_HZ) == pytest.approx(target_lufs, abs=0.2)
    assert true_peak_dbtp(out, RATE_HZ) <= -1.0 + 0.05
    assert parameters["target_lufs"] == target_lufs


def test_corrections_shift_the_effective_targets():
    out, parameters = master(programme(), RATE_HZ, Targets(-14.0, -1.0),
                             {"target_offset_lu": 0.5, "ceiling_offset_db": -0.3})
    assert parameters["effective_target_lufs"] == pytest.approx(-13.5)
    assert parameters["effective_ceiling_dbtp"] == pytest.approx(-1.3)
    assert true_peak_dbtp(out, RATE_HZ) <= -1.3 + 0.05


@pytest.mark.parametrize(("targets", "message"), [
    (dict(target_lufs=-2.0), "target_lufs=-2.0 is outside"),
    (dict(ceiling_dbtp=1.0), "ceiling_dbtp=1.0 is outside"),
])
def test_out_of_range_targets_are_rejected(targets, message):
    with pytest.raises(InvalidInput, match=message):
        Targets(**targets)


def test_unknown_correction_is_rejected():
    with pytest.raises(InvalidInput, match="unknown correction 'width'"):
        master(programme(), RATE_HZ, Targets(), {"width": 1.0})
