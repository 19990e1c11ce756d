"""Style features on generated signals: physics of width, imbalance, Bark bands, invariances."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.errors import InvalidInput
from mixdown_mixing.style import features as ft

RATE = 44100


def _noise(seconds: float = 3.0, seed: int = 0, channels: int = 2) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal((channels, round(seconds * RATE))) * 0.1).astype(np.float32)


def _sine(frequency_hz: float, seconds: float = 3.0, rate: int = RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return np.stack([np.sin(2 * np.pi * frequency_hz * t)] * 2).astype(np.float32) * 0.25


def test_mono_signal_has_no_width_and_no_imbalance() -> None:
    mono = _noise(channels=1)
    features = ft.style_features(np.concatenate([mono, mono]), RATE)
    assert features.width_db == -ft.WIDTH_LIMIT_DB
    assert abs(features.imbalance_db) < 1e-9


def test_uncorrelated_channels_are_as_wide_as_they_are_centred() -> None:
    assert abs(ft.style_features(_noise(), RATE).width_db) < 0.3  # E_side == E_mid within the estimate


@pytest.mark.parametrize("left_gain, sign", [(1.0, 1.0), (0.25, -1.0)])
def test_a_signal_panned_left_leans_left(left_gain: float, sign: float) -> None:
    mono = _noise(channels=1)[0]
    stereo = np.stack([mono * left_gain, mono * (1.25 - left_gain)])
    imbalance = ft.style_features(stereo, RATE).imbalance_db
    expected = 20 * np.log10(left_gain / (1.25 - left_gain))
    assert np.sign(imbalance) == sign
    assert imbalance == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("rate", [44100, 48000])
@pytest.mark.parametrize("band", [3, 9, 20])
def test_a_sine_lands_in_its_bark_band(band: int, rate: int) -> None:
    _, centres = ft.bark_subbands(rate, np.zeros(1))
    frequency_hz = float(np.sqrt(centres[band * ft.SUBBANDS_PER_BAND + 1] * centres[band * ft.SUBBANDS_PER_BAND + 2]))
    features = ft.style_features(_sine(frequency_hz, rate=rate), rate)
    index, _ = ft.bark_subbands(rate, np.array([frequency_hz]))
    assert int(index[0]) // ft.SUBBANDS_PER_BAND == band
    assert int(np.argmax(features.mid_band_db)) == band
    assert features.mid_band_db[band] > -0.5  # nearly all of the power
    others = np.delete(features.mid_band_db, [band - 1, band, band + 1])
    assert others.max() < -40.0


def test_identical_signals_are_at_distance_zero_and_gain_does_not_count() -> None:
    audio = _noise()
    same = ft.style_distance(ft.style_features(audio, RATE), ft.style_features(audio, RATE))
    assert all(value == 0.0 for value in same.values())
    louder = ft.style_distance(ft.style_features(audio, RATE), ft.style_features(audio * 4.0, RATE))
    assert louder["total"] < 1e-6


def test_a_tilt_and_a_narrower_image_are_measured_in_steps() -> None:
    audio = _noise()
    mid, side = (audio[0] + audio[1]) / 2, (audio[0] - audio[1]) / 2
    narrow = np.stack([mid + side * 0.5, mid - side * 0.5])  # side -6 dB: width -6 dB
    distance = ft.style_distance(ft.style_features(narrow, RATE), ft.style_features(audio, RATE))
    assert distance["width"] == pytest.approx((6.02 / ft.TOLERANCES["width"]) ** 2, rel=0.05)
    assert distance["mid_spectrum"] < 0.05  # the shape did not change


def test_silence_and_nan_are_refused() -> None:
    with pytest.raises(InvalidInput, match="silent"):
        ft.style_features(np.zeros((2, RATE), dtype=np.float32), RATE)
    bad = _noise()
    bad[0, 10] = np.nan
    with pytest.raises(InvalidInput, match="NaN"):
        ft.style_features(bad, RATE)


def test_af_distance_follows_diffmst_definitions() -> None:
    audio = _noise()
    assert all(v == 0.0 for v in ft.af_distance(audio, audio, RATE).values())
    half = ft.af_distance(audio, audio * 0.5, RATE)
    rms = np.sqrt(np.mean(audio.astype(np.float64) ** 2, axis=-1))
    assert half["rms"] == pytest.approx(float(np.mean((rms * 0.5) ** 2)), rel=1e-6)
    assert half["crest_factor"] < 1e-12 and half["stereo_width"] < 1e-12
    assert half["barkspectrum"] == pytest.approx(np.log(2.0) ** 2, rel=1e-3)  # log-magnitudes shift by log 2
    mono = audio[:1]
    left = ft.af_features(np.concatenate([mono, mono * 0.0]), RATE)
    assert left["stereo_imbalance"][0] == pytest.approx(-1.0)  # (E_R - E_L) / (E_R + E_L)
    assert left["stereo_width"][0] == pytest.approx(1.0)  # E[(L-R)^2] / E[(L+R)^2] with R = 0


def test_diffmst_bark_filterbank_has_24_triangles_over_the_band() -> None:
    bank = ft._diffmst_bark_filterbank(32768 // 2 + 1, RATE)
    assert bank.shape == (16385, 24)
    assert (bank.max(axis=0) > 0.5).all()
    frequencies = np.linspace(0, RATE // 2, 16385)
    assert frequencies[np.argmax(bank[:, 0])] < 150.0 and frequencies[np.argmax(bank[:, -1])] > 10000.0


def test_mrstft_distance_is_zero_for_identity_and_grows_with_difference() -> None:
    audio = _noise(2.0)
    assert ft.mrstft_distance(audio, audio, RATE) < 1e-6
    assert ft.mrstft_distance(audio, audio * 0.9, RATE) < ft.mrstft_distance(audio, audio * 0.5, RATE)
