"""Mastering core: the chain in named stages, its parameter table, targets and QC corrections."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp import stereo
from mixdown.dsp.limiter import refined_true_peak_dbtp
from mixdown.dsp.loudness import integrated_loudness_lufs, loudness_range_lu
from mixdown.dsp.truepeak import true_peak_dbtp
from mixdown.errors import InvalidInput
from mixdown.events.targets import Corrections, DeliveryTargets
from mixdown_mastering import core
from tests.audio_helpers import piano_like, pink_noise, song

RATE_HZ = 44100


@pytest.fixture(scope="module")
def mix() -> np.ndarray:
    return song(6.0, RATE_HZ, seed=3)


@pytest.mark.parametrize("target_lufs", [-14.0, -10.0, -8.0])
def test_master_lands_on_target_under_the_ceiling(mix, target_lufs):
    result = core.master(mix, RATE_HZ, DeliveryTargets(target_lufs=target_lufs, ceiling_dbtp=-1.0))
    assert integrated_loudness_lufs(result.audio, RATE_HZ) == pytest.approx(target_lufs, abs=0.15)
    assert true_peak_dbtp(result.audio, RATE_HZ) <= -1.0
    assert refined_true_peak_dbtp(result.audio, RATE_HZ) <= -1.0 + 1e-6
    assert result.audio.shape == mix.shape and result.audio.dtype == np.float32
    assert list(result.timings) == ["tonal_balance", "multiband", "stereo_width", "loudness"]


def test_the_result_carries_every_parameter_and_what_each_stage_applied(mix):
    result = core.master(mix, RATE_HZ, DeliveryTargets())
    assert set(result.settings) == set(core.PARAMETERS)
    assert result.targets == DeliveryTargets() and result.corrections == Corrections()
    for name in ("effective_target_lufs", "effective_ceiling_dbtp", "loudness_input_gain_db", "multiband_low_level_db",
                 "tonal_1000hz_db", "width_in_percent", "output_width_percent"):
        assert name in result.measurements, name
    # settings and measurements apart: nothing measured passes for a parameter
    assert not set(result.measurements) & set(core.PARAMETERS)
    assert all(isinstance(v, float) for v in (*result.settings.values(), *result.measurements.values()))


def test_the_same_mix_and_parameters_render_the_same_master_bit_for_bit(mix):
    first = core.master(mix, RATE_HZ, DeliveryTargets(target_lufs=-9.0), settings={"band_ratio": 3.0})
    again = core.master(mix, RATE_HZ, DeliveryTargets(target_lufs=-9.0), settings=core.DEFAULTS | {"band_ratio": 3.0})
    np.testing.assert_array_equal(first.audio, again.audio)


def test_corrections_shift_the_effective_targets(mix):
    result = core.master(mix, RATE_HZ, DeliveryTargets(target_lufs=-14.0, ceiling_dbtp=-1.0),
                         Corrections(target_offset_lu=0.5, ceiling_offset_db=-0.3))
    assert result.measurements["effective_target_lufs"] == pytest.approx(-13.5)
    assert result.measurements["effective_ceiling_dbtp"] == pytest.approx(-1.3)
    assert integrated_loudness_lufs(result.audio, RATE_HZ) == pytest.approx(-13.5, abs=0.15)
    assert true_peak_dbtp(result.audio, RATE_HZ) <= -1.3


def test_width_is_capped_and_narrowed_by_the_width_correction():
    mid, side = stereo.mid_side(pink_noise(6.0, RATE_HZ, 2))
    wide = stereo.from_mid_side(mid, side * np.float32(1.8))
    capped = core.master(wide, RATE_HZ, DeliveryTargets(max_width_percent=100.0))
    assert capped.measurements["width_out_percent"] == pytest.approx(100.0, rel=0.01)
    narrowed = core.master(wide, RATE_HZ, DeliveryTargets(max_width_percent=100.0), Corrections(width_scale=0.8))
    assert narrowed.measurements["width_out_percent"] == pytest.approx(80.0, rel=0.01)
    assert stereo.width_percent(narrowed.audio) < stereo.width_percent(capped.audio)


def test_a_loudness_range_maximum_narrows_a_dynamic_programme():
    piano = piano_like(20.0, RATE_HZ, seed=2)
    lra_in = loudness_range_lu(piano, RATE_HZ)
    result = core.master(piano, RATE_HZ, DeliveryTargets(target_lufs=-16.0, max_lra_lu=4.0))
    assert lra_in > 6.0
    assert result.measurements["lra_out_lu"] <= 4.0
    assert loudness_range_lu(result.audio, RATE_HZ) <= 4.5
    assert "loudness_range" in result.timings


def test_with_a_reference_and_no_target_the_master_takes_the_reference_loudness(mix):
    reference = pink_noise(6.0, RATE_HZ, 2) * np.float32(1.5)
    reference_lufs = integrated_loudness_lufs(reference, RATE_HZ)
    result = core.master(mix, RATE_HZ, DeliveryTargets(target_lufs=None), reference_audio=reference)
    assert result.targets.target_lufs == pytest.approx(reference_lufs)
    assert integrated_loudness_lufs(result.audio, RATE_HZ) == pytest.approx(reference_lufs, abs=0.15)
    assert "reference_match" in result.timings


def test_mono_mixes_are_mastered_in_mono():
    mono = song(4.0, RATE_HZ).mean(axis=0, keepdims=True)
    result = core.master(mono, RATE_HZ, DeliveryTargets(target_lufs=-12.0))
    assert result.audio.shape == mono.shape
    assert integrated_loudness_lufs(result.audio, RATE_HZ) == pytest.approx(-12.0, abs=0.15)


def test_the_lossy_master_keeps_the_loudness_under_a_lower_ceiling(mix):
    result = core.master(mix, RATE_HZ, DeliveryTargets(target_lufs=-9.0))
    lossy, applied = core.lossy_master(result, 1.0)
    assert applied["true_peak_dbtp"] <= -2.0 + 1e-6
    assert integrated_loudness_lufs(lossy, RATE_HZ) == pytest.approx(-9.0, abs=0.15)


@pytest.mark.parametrize(("targets", "message"), [
    (dict(target_lufs=-2.0), "target_lufs=-2.0 is outside"),
    (dict(ceiling_dbtp=1.0), "ceiling_dbtp=1.0 is outside"),
    (dict(max_width_percent=20.0), "max_width_percent=20.0 is outside"),
    (dict(max_lra_lu=50.0), "max_lra_lu=50.0 is outside"),
])
def test_out_of_range_targets_are_rejected(targets, message):
    with pytest.raises(InvalidInput, match=message):
        DeliveryTargets(**targets)
    with pytest.raises(InvalidInput, match="unknown parameter 'lufs'"):
        DeliveryTargets.of({"lufs": -14.0})


def test_unknown_or_out_of_range_corrections_and_parameters_are_named(mix):
    with pytest.raises(InvalidInput, match="unknown parameter 'width'"):
        Corrections.of({"width": 1.0})
    with pytest.raises(InvalidInput, match="width_scale=2.0 is outside"):
        Corrections(width_scale=2.0)
    with pytest.raises(InvalidInput, match="band_ratio"):
        core.master(mix, RATE_HZ, DeliveryTargets(), settings={"band_ratio": 50.0})
    with pytest.raises(InvalidInput, match="'loudness_war'"):
        core.master(mix, RATE_HZ, DeliveryTargets(), settings={"loudness_war": 1.0})
