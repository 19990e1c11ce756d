"""Tonal balance: gentle, smoothed correction toward the target curve; subsonic high-pass."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp.spectrum import THIRD_OCTAVE_CENTERS_HZ
from mixdown.errors import InvalidInput
from mixdown.events.targets import DeliveryTargets
from mixdown_mastering import eq
from tests.audio_helpers import pink_noise, song

RATE = 48000
INSIDE = (THIRD_OCTAVE_CENTERS_HZ >= 50) & (THIRD_OCTAVE_CENTERS_HZ <= 12000)


def deviation_db(audio: np.ndarray) -> np.ndarray:
    return (eq.band_levels(audio, RATE) - eq.target_curve())[INSIDE]


def test_correction_moves_the_spectrum_toward_the_target_by_the_amount():
    mix = song(8.0, RATE, seed=1)
    out, applied = eq.tonal_balance(mix, RATE, tonal_amount=0.5, tonal_max_gain_db=12.0, tonal_smoothing_octaves=1.0)
    before, after = deviation_db(mix), deviation_db(out)
    spread_before = np.std(before - np.mean(before))
    spread_after = np.std(after - np.mean(after))
    assert spread_after < 0.75 * spread_before
    assert applied["tonal_max_boost_db"] <= 12.0 and applied["tonal_max_cut_db"] <= 12.0


def test_the_correction_is_gentle_and_limited():
    correction = eq.correction_db(pink_noise(4.0, RATE, 2), RATE, tonal_max_gain_db=2.0)
    assert np.max(np.abs(correction)) <= 2.0 + 1e-9
    # Smooth: neighbouring third octaves differ by little after octave smoothing.
    assert np.max(np.abs(np.diff(correction))) <= 1.5


def test_a_programme_on_the_target_is_left_almost_unchanged():
    # Noise shaped to the target curve: the correction stays within a fraction of a dB.
    noise = pink_noise(8.0, RATE, 2, seed=4)
    shaped = eq.apply_fir(noise, eq.curve_filter(RATE, eq.target_curve()[...] - np.mean(eq.target_curve())))
    correction = eq.correction_db(shaped, RATE)
    assert np.max(np.abs(correction)) < 0.6


def test_the_high_pass_removes_dc():
    audio = pink_noise(4.0, RATE, 2) + np.float32(0.05)
    out, _ = eq.tonal_balance(audio, RATE, tonal_amount=0.0, highpass_hz=20.0)
    assert np.abs(audio.mean(axis=1)).max() > 0.04
    assert np.abs(out[:, RATE:-RATE].mean(axis=1)).max() < 1e-3


def test_out_of_range_settings_are_named():
    with pytest.raises(InvalidInput, match="tonal_amount"):
        eq.tonal_balance(pink_noise(1.0, RATE, 2), RATE, tonal_amount=1.5)


def test_a_master_aims_at_its_presets_target_spectrum():
    from mixdown.dsp.spectrum import align_to_reference
    from mixdown.spectral_targets import spectral_curve
    from mixdown_mastering import core

    mix = song(12.0, RATE, seed=4)
    masters = {name: core.master(mix, RATE, DeliveryTargets(), preset=name) for name in ("hip_hop", "rock")}
    assert {name: result.tonal_target for name, result in masters.items()} == {"hip_hop": "hip_hop", "rock": "rock"}
    assert core.master(mix, RATE, DeliveryTargets()).tonal_target == "default"
    curves = {name: align_to_reference(spectral_curve(name)[1]) for name in masters}
    wanted = curves["hip_hop"] - curves["rock"]  # hip-hop's curve: more sub and low bass, a little less upper mid
    got = eq.band_levels(masters["hip_hop"].audio, RATE) - eq.band_levels(masters["rock"].audio, RATE)
    for band in np.flatnonzero(INSIDE & (np.abs(wanted) >= 1.0)):
        # the correction takes half the deviation, smoothed over an octave: at least a quarter shows
        assert np.sign(got[band]) == np.sign(wanted[band]), THIRD_OCTAVE_CENTERS_HZ[band]
        assert abs(got[band]) >= 0.25 * abs(wanted[band]), THIRD_OCTAVE_CENTERS_HZ[band]


def test_a_target_curve_of_the_wrong_shape_is_refused():
    with pytest.raises(InvalidInput, match="31 finite band levels"):
        eq.target_curve(0.0, np.zeros(10))
    with pytest.raises(InvalidInput, match="finite"):
        eq.target_curve(0.0, np.full(THIRD_OCTAVE_CENTERS_HZ.size, np.nan))
