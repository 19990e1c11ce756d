"""Reference matching: average spectra of mid and side moved toward the reference's, width followed."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp import stereo
from mixdown.dsp.spectrum import THIRD_OCTAVE_CENTERS_HZ, align_to_reference, average_power_spectrum, band_levels_db
from mixdown.errors import InvalidInput
from mixdown_mastering.reference import match_reference
from tests.audio_helpers import pink_noise, song

RATE = 44100
BANDS = (THIRD_OCTAVE_CENTERS_HZ >= 40) & (THIRD_OCTAVE_CENTERS_HZ <= 16000)


def levels(signal: np.ndarray) -> np.ndarray:
    frequencies_hz, power = average_power_spectrum(signal, RATE)
    return align_to_reference(band_levels_db(frequencies_hz, power))[BANDS]


def band_error_db(audio: np.ndarray, reference: np.ndarray) -> float:
    """RMS difference of the aligned third-octave band levels of the mids and of the sides."""
    errors = []
    for a, r in zip(stereo.mid_side(audio), stereo.mid_side(reference), strict=True):
        errors.append(levels(a[None, :]) - levels(r[None, :]))
    return float(np.sqrt(np.mean(np.concatenate(errors) ** 2)))


def shaped_noise(seed: int, tilt_db_per_octave: float, bass_db: float, width: float) -> np.ndarray:
    """Stereo noise whose mid follows a tilt and a bass shelf, with a side ``width`` times the mid."""
    from mixdown.dsp.fir import curve_fir, overlap_save

    centres = np.geomspace(20.0, 20000.0, 40)
    gains = tilt_db_per_octave * np.log2(centres / 1000.0) + bass_db / (1 + (centres / 150.0) ** 2)
    fir = curve_fir(RATE, centres, gains)
    mid, side = pink_noise(10.0, RATE, 2, seed=seed)
    shaped = overlap_save(np.stack([mid, side]), fir[None, :], (fir.size - 1) // 2)[0]
    return stereo.from_mid_side(shaped[0], shaped[1] * np.float32(width))


def other_song(seed: int) -> np.ndarray:
    """Another take of the song, mastered elsewhere: darker, more bass, twice as wide."""
    from mixdown.dsp.fir import curve_fir, overlap_save

    centres = np.geomspace(20.0, 20000.0, 40)
    fir = curve_fir(RATE, centres, -2.0 * np.log2(centres / 1000.0) + 5.0 / (1 + (centres / 120.0) ** 2))
    mid, side = stereo.mid_side(song(10.0, RATE, seed=seed))
    shaped = overlap_save(np.stack([mid, side]), fir[None, :], (fir.size - 1) // 2)[0]
    return stereo.from_mid_side(shaped[0], shaped[1] * np.float32(2.0))


@pytest.mark.parametrize(
    ("mix", "reference"),
    [
        (lambda: shaped_noise(1, -1.0, 0.0, 0.3), lambda: shaped_noise(2, -4.0, 6.0, 0.6)),
        (lambda: shaped_noise(3, 1.0, -3.0, 0.8), lambda: shaped_noise(4, -2.0, 3.0, 0.4)),
        (lambda: song(10.0, RATE, seed=1), lambda: other_song(seed=2)),
    ],
    ids=["darker-wider", "brighter-narrower", "song-to-song"],
)
def test_matching_moves_the_average_spectrum_toward_the_reference(mix, reference):
    mix, reference = mix(), reference()
    before = band_error_db(mix, reference)
    matched, applied = match_reference(mix, RATE, reference)
    after = band_error_db(matched, reference)
    assert after <= 0.5 * before, (before, after)
    assert np.isfinite(applied["reference_lufs"])


def test_matching_brings_the_width_toward_the_reference():
    mix = song(8.0, RATE, seed=2)
    mid, side = stereo.mid_side(pink_noise(8.0, RATE, 2, seed=3))
    reference = stereo.from_mid_side(mid, side * np.float32(0.5 / (np.std(side) / np.std(mid))))
    matched, applied = match_reference(mix, RATE, reference)
    assert applied["reference_width_percent"] == pytest.approx(50.0, rel=0.02)
    assert abs(stereo.width_percent(matched) - 50.0) < 0.5 * abs(stereo.width_percent(mix) - 50.0)


def test_amount_zero_leaves_the_mix_as_it_is_and_a_mono_mix_gets_no_side():
    mix = song(4.0, RATE, seed=3)
    same, _ = match_reference(mix, RATE, pink_noise(4.0, RATE, 2), reference_amount=0.0)
    np.testing.assert_allclose(same, mix, atol=1e-4)
    mono = mix.mean(axis=0, keepdims=True)
    matched, applied = match_reference(mono, RATE, pink_noise(4.0, RATE, 2))
    assert matched.shape == mono.shape and applied["reference_side_max_boost_db"] == 0.0


def test_a_silent_reference_is_refused():
    with pytest.raises(InvalidInput, match="reference track is silent"):
        match_reference(song(2.0, RATE), RATE, np.zeros((2, RATE), dtype=np.float32))
