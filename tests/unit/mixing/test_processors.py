"""Physics of the mixing console's processors, on generated signals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from mixdown_mixing import buses, dynamics
from mixdown_mixing import processors as fx
from tests.audio_helpers import sine

RATES_HZ = (22050, 44100, 48000)
FLAT_EQ = dict(low_shelf_hz=120.0, low_shelf_gain_db=0.0, peak1_hz=250.0, peak1_gain_db=0.0, peak1_q=1.0,
               peak2_hz=1000.0, peak2_gain_db=0.0, peak2_q=1.0, peak3_hz=3500.0, peak3_gain_db=0.0, peak3_q=1.0,
               high_shelf_hz=10000.0, high_shelf_gain_db=0.0)


def rms_db(x: np.ndarray) -> float:
    return 10 * math.log10(float(np.mean(np.square(x, dtype=np.float64))) + 1e-30)


def response_db(process, frequency_hz: float, sample_rate_hz: int, channels: int = 1, seconds: float = 1.0) -> float:
    """Steady-state gain of ``process`` for a sine (second half of the signal, every channel)."""
    x = sine(frequency_hz, -12.0, seconds, sample_rate_hz, channels=channels, fade_seconds=0.0)
    y = process(x)
    half = x.shape[1] // 2
    gains = [rms_db(y[c, half:]) - rms_db(x[c, half:]) for c in range(channels)]
    assert max(gains) - min(gains) < 1e-3  # every channel alike
    return gains[0]


def band_energy_db(x: np.ndarray, sample_rate_hz: int, low_hz: float, high_hz: float) -> float:
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64), axis=-1)) ** 2
    frequencies = np.fft.rfftfreq(x.shape[-1], 1 / sample_rate_hz)
    return 10 * math.log10(float(spectrum[..., (frequencies >= low_hz) & (frequencies < high_hz)].sum()) + 1e-30)


@pytest.mark.parametrize("sample_rate_hz", RATES_HZ)
@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("cutoff_hz", [80.0, 400.0])
def test_highpass_is_3_db_down_at_its_cutoff_within_1_percent(sample_rate_hz, channels, cutoff_hz):
    def gain(frequency_hz: float) -> float:
        return response_db(lambda x: fx.highpass(x, sample_rate_hz, cutoff_hz), frequency_hz, sample_rate_hz,
                           channels, seconds=2.0)

    assert gain(0.99 * cutoff_hz) < -3.0103 < gain(1.01 * cutoff_hz)
    assert gain(cutoff_hz) == pytest.approx(-3.01, abs=0.05)
    assert gain(cutoff_hz / 8) - gain(cutoff_hz / 4) == pytest.approx(-12.0, abs=1.0)  # 12 dB/octave
    assert gain(20 * cutoff_hz) == pytest.approx(0.0, abs=0.05)


@pytest.mark.parametrize("sample_rate_hz", RATES_HZ)
def test_shelves_reach_their_gain_far_from_the_corner(sample_rate_hz):
    low = {**FLAT_EQ, "low_shelf_hz": 200.0, "low_shelf_gain_db": 6.0}
    high = {**FLAT_EQ, "high_shelf_hz": 4000.0, "high_shelf_gain_db": -6.0}
    assert response_db(lambda x: fx.eq(x, sample_rate_hz, **low), 10.0, sample_rate_hz, seconds=4.0) == \
        pytest.approx(6.0, abs=0.1)
    assert response_db(lambda x: fx.eq(x, sample_rate_hz, **low), 8000.0, sample_rate_hz) == pytest.approx(0.0, abs=0.1)
    nyquistish = 0.45 * sample_rate_hz
    assert response_db(lambda x: fx.eq(x, sample_rate_hz, **high), nyquistish, sample_rate_hz) == \
        pytest.approx(-6.0, abs=0.1)
    assert response_db(lambda x: fx.eq(x, sample_rate_hz, **high), 100.0, sample_rate_hz) == pytest.approx(0.0, abs=0.1)


@pytest.mark.parametrize("sample_rate_hz", RATES_HZ)
@pytest.mark.parametrize(("band", "centre_hz", "gain_db", "q"), [(1, 300.0, -4.0, 1.2), (3, 3500.0, 5.0, 2.0)])
def test_peaking_band_has_its_gain_at_its_centre(sample_rate_hz, band, centre_hz, gain_db, q):
    bands = {**FLAT_EQ, f"peak{band}_hz": centre_hz, f"peak{band}_gain_db": gain_db, f"peak{band}_q": q}
    measured = response_db(lambda x: fx.eq(x, sample_rate_hz, **bands), centre_hz, sample_rate_hz)
    assert measured == pytest.approx(gain_db, abs=0.05)
    assert fx.eq_response_db(sample_rate_hz, np.array([centre_hz]), **bands)[0] == pytest.approx(measured, abs=0.05)
    assert response_db(lambda x: fx.eq(x, sample_rate_hz, **bands), centre_hz / 8, sample_rate_hz) == \
        pytest.approx(0.0, abs=0.3)


@pytest.mark.parametrize("level_db", [-40.0, -25.0, -15.0, -8.0, -3.0])
@pytest.mark.parametrize("ratio", [2.0, 4.0])
def test_compressor_static_curve(level_db, ratio):
    rate, threshold_db = 48000, -20.0
    x = sine(1000.0, level_db, 3.0, rate, fade_seconds=0.0)
    y = fx.compressor(x, rate, threshold_db=threshold_db, ratio=ratio, attack_ms=1.0, release_ms=200.0)
    out_db = 20 * math.log10(float(np.abs(y[0, 2 * rate :]).max()))
    expected = level_db if level_db <= threshold_db else threshold_db + (level_db - threshold_db) / ratio
    assert out_db == pytest.approx(expected, abs=0.5)
    made_up = fx.compressor(x, rate, threshold_db, ratio, 1.0, 200.0, makeup_db=3.0)
    assert 20 * math.log10(float(np.abs(made_up[0, 2 * rate :]).max())) == pytest.approx(out_db + 3.0, abs=0.01)


def vowel(seconds: float, rate: int, level_db: float = -12.0) -> np.ndarray:
    """A sung-vowel-like tone: harmonics of 180 Hz shaped by formants at 700, 1200 and 2600 Hz."""
    t = np.arange(round(seconds * rate)) / rate
    x = np.zeros_like(t)
    for harmonic in range(1, 22):
        f = 180.0 * harmonic
        amplitude = sum(math.exp(-0.5 * ((f - c) / 150.0) ** 2) * g for c, g in ((700, 1.0), (1200, 0.5), (2600, 0.2)))
        x += (amplitude + 0.01 / harmonic) * np.sin(2 * np.pi * f * t)
    x *= 10 ** (level_db / 20) / np.sqrt(np.mean(x**2))
    return x[None, :].astype(np.float32)


def sibilant(seconds: float, rate: int) -> np.ndarray:
    """The vowel with loud "s" bursts (5-10 kHz noise), 150 ms every 400 ms."""
    rng = np.random.default_rng(3)
    noise = sosfilt(butter(4, (5000.0, 10000.0), btype="bandpass", fs=rate, output="sos"),
                    rng.standard_normal(round(seconds * rate)))
    gate = (np.arange(noise.size) % round(0.4 * rate)) < round(0.15 * rate)
    noise *= gate * (10 ** (-10 / 20) / np.sqrt(np.mean(noise[gate] ** 2)))
    return vowel(seconds, rate, level_db=-18.0) + noise[None, :].astype(np.float32)


@pytest.mark.parametrize("rate", [44100, 48000])
def test_deesser_reduces_sibilance_and_leaves_vowels_alone(rate):
    settings = dict(threshold_db=-30.0, reduction_db=8.0, low_hz=5000.0, high_hz=10000.0)
    hiss = sibilant(2.0, rate)
    cut = dynamics.deesser(hiss, rate, **settings)
    assert band_energy_db(hiss, rate, 6000, 9000) - band_energy_db(cut, rate, 6000, 9000) >= 3.0
    assert band_energy_db(cut, rate, 100, 3000) == pytest.approx(band_energy_db(hiss, rate, 100, 3000), abs=0.5)

    voice = vowel(2.0, rate)
    untouched = dynamics.deesser(voice, rate, **settings)
    assert abs(band_energy_db(voice, rate, 6000, 9000) - band_energy_db(untouched, rate, 6000, 9000)) < 0.5
    assert abs(rms_db(untouched) - rms_db(voice)) < 0.5
    assert np.array_equal(dynamics.deesser(voice, rate, **{**settings, "reduction_db": 0.0}), voice)


def test_pan_law_is_constant_power_for_mono():
    x = sine(440.0, -12.0, 0.5, 48000)
    centre = fx.pan_width(x, 48000, pan=0.0, width_percent=100.0)
    for channel in centre:
        assert rms_db(channel) - rms_db(x) == pytest.approx(-3.0103, abs=1e-3)
    left = fx.pan_width(x, 48000, pan=-1.0, width_percent=100.0)
    assert rms_db(left[0]) == pytest.approx(rms_db(x), abs=1e-4)
    assert np.abs(left[1]).max() < 1e-6 * np.abs(x).max()
    right = fx.pan_width(x, 48000, pan=0.5, width_percent=100.0)
    power = np.mean(right.astype(np.float64) ** 2, axis=1).sum()
    assert power == pytest.approx(np.mean(x.astype(np.float64) ** 2), rel=1e-4)
    assert rms_db(right[1]) > rms_db(right[0])


def test_stereo_pan_is_a_balance_and_width_scales_the_side():
    rng = np.random.default_rng(0)
    stereo = (0.1 * rng.standard_normal((2, 48000))).astype(np.float32)
    assert np.array_equal(fx.pan_width(stereo, 48000, 0.0, 100.0), stereo)
    mono = fx.pan_width(stereo, 48000, 0.0, 0.0)
    np.testing.assert_allclose(mono[0], mono[1], atol=1e-7)
    np.testing.assert_allclose(mono[0], stereo.mean(axis=0), atol=1e-6)
    hard_left = fx.pan_width(stereo, 48000, -1.0, 100.0)
    assert np.array_equal(hard_left[0], stereo[0]) and not hard_left[1].any()
    wide = fx.widen(stereo, 150.0)
    side = lambda s: (s[0] - s[1]) / 2  # noqa: E731
    np.testing.assert_allclose(side(wide), 1.5 * side(stereo), atol=1e-6)


@pytest.mark.parametrize("rate", RATES_HZ)
@pytest.mark.parametrize(("bpm", "note"), [(90.0, 0.5), (128.0, 0.75), (140.0, 0.25), (174.0, 1.0)])
def test_delay_time_is_the_note_value_at_the_tempo(rate, bpm, note):
    expected = round(60.0 / bpm * note * rate)
    assert buses.delay_samples(rate, bpm, note) == expected
    impulse = np.zeros((1, 3 * expected + 100), dtype=np.float32)
    impulse[0, 10] = 1.0
    wet = buses.tempo_delay(impulse, rate, bpm, note, feedback=0.5, highcut_hz=20000.0, lowcut_hz=20.0)
    assert int(np.argmax(np.abs(wet[0]))) == 10 + expected
    assert wet[0, 10 + expected] == pytest.approx(1.0)
    assert wet[0, 10 + 2 * expected] == pytest.approx(0.5)
    assert not wet[0, : 10 + expected].any()
    filtered = buses.tempo_delay(impulse, rate, bpm, note, feedback=0.5, highcut_hz=6000.0, lowcut_hz=200.0)
    assert abs(int(np.argmax(np.abs(filtered[0]))) - (10 + expected)) <= round(0.001 * rate)


def test_reverb_tail_follows_the_send_after_the_predelay():
    rate = 44100
    burst = np.zeros((1, 3 * rate), dtype=np.float32)
    burst[0, :2205] = np.random.default_rng(1).standard_normal(2205) * 0.3
    wet = buses.reverb(burst, rate, room_size=0.7, width=1.0, damping=0.5, predelay_ms=40.0)
    assert wet.shape == (2, 3 * rate)
    onset = int(np.flatnonzero(np.abs(wet).max(axis=0) > 1e-6)[0])
    assert onset >= round(0.040 * rate)
    tail = wet[:, round(0.6 * rate) : round(1.0 * rate)]
    assert rms_db(tail) > rms_db(burst[:, :2205]) - 40.0  # still ringing half a second after the send
    assert not np.allclose(wet[0], wet[1])  # a stereo return


def third_harmonic_db(x: np.ndarray, rate: int, f0: float) -> float:
    spectrum = np.abs(np.fft.rfft(x[0].astype(np.float64) * np.hanning(x.shape[1])))
    bin_hz = rate / x.shape[1]
    return 20 * math.log10(spectrum[round(3 * f0 / bin_hz)] / spectrum[round(f0 / bin_hz)])


def test_saturation_adds_harmonics_that_grow_with_the_drive():
    rate = 48000
    x = sine(1000.0, -6.0, 1.0, rate, fade_seconds=0.0)
    levels = [third_harmonic_db(fx.saturation(x, rate, drive_db=d, mix=1.0), rate, 1000.0) for d in (3.0, 6.0, 12.0)]
    assert levels[0] < levels[1] < levels[2]
    assert levels[0] > -60.0 and levels[2] > -25.0
    assert third_harmonic_db(x, rate, 1000.0) < -90.0
    assert np.array_equal(fx.saturation(x, rate, drive_db=12.0, mix=0.0), x)
    quiet = sine(1000.0, -60.0, 1.0, rate, fade_seconds=0.0)
    assert rms_db(fx.saturation(quiet, rate, 12.0, 1.0)) == pytest.approx(rms_db(quiet), abs=0.01)


def test_duck_cuts_the_presence_band_only_while_the_key_is_present():
    rate = 44100
    seconds = 4.0
    presence = sine(2200.0, -20.0, seconds, rate, channels=2, fade_seconds=0.0)
    low = sine(100.0, -20.0, seconds, rate, channels=2, fade_seconds=0.0)
    key = np.zeros((1, round(seconds * rate)), dtype=np.float32)
    key[0, 2 * rate :] = sine(300.0, -10.0, 2.0, rate, fade_seconds=0.0)[0]
    settings = dict(low_hz=1000.0, high_hz=5000.0, attack_ms=10.0, release_ms=100.0)
    ducked = dynamics.duck(presence, rate, key, depth_db=6.0, **settings)
    assert rms_db(ducked[:, round(2.5 * rate) :]) - rms_db(presence[:, round(2.5 * rate) :]) == \
        pytest.approx(-6.0, abs=0.3)
    assert rms_db(ducked[:, : round(1.5 * rate)]) == pytest.approx(rms_db(presence[:, : round(1.5 * rate)]), abs=0.05)
    bass = dynamics.duck(low, rate, key, depth_db=6.0, **settings)
    assert rms_db(bass[:, round(2.5 * rate) :]) == pytest.approx(rms_db(low[:, round(2.5 * rate) :]), abs=0.2)
    assert np.array_equal(dynamics.duck(presence, rate, key, depth_db=0.0, **settings), presence)


def test_safety_limit_never_clips_and_removes_nan():
    rate = 48000
    loud = sine(200.0, 12.0, 1.0, rate, channels=2)
    loud[0, 100] = np.nan
    out = buses.safety_limit(loud, rate, ceiling_dbtp=-1.0)
    assert np.all(np.isfinite(out))
    assert 20 * math.log10(float(np.abs(out).max())) <= -1.0 + 1e-4
    quiet = sine(200.0, -20.0, 1.0, rate, channels=2)
    assert np.array_equal(buses.safety_limit(quiet, rate, -1.0), quiet)


@pytest.mark.parametrize("release_ms", [50.0, 200.0, 2000.0])
def test_the_mix_bus_in_time_segments_matches_one_run_whatever_the_threads(release_ms):
    from mixdown_dev.examples import beat, vocal_like

    rate = 44100
    loud = (beat(80.0, rate, seed=8) + vocal_like(80.0, rate, seed=8)).astype(np.float32)
    loud *= np.float32(1.4 / np.abs(loud).max())  # over the ceiling: the limiter works too

    def board():
        return fx.compressor_plugins(-18.0, 3.0, 10.0, release_ms) + buses.limiter_plugins(-1.0)

    whole = fx.run_plugins(loud, rate, board())
    split = buses.run_plugins_in_segments(loud, rate, board, release_ms, threads=2)
    lead_s = max(buses.SETTLE_TIME_CONSTANTS * release_ms / 1000, 1.0)  # 0.6 s .. 24 s
    if release_ms < 1000.0:  # split in four: each lead-in reaches the state of one run to -100 dB
        assert min(buses.BUS_SEGMENTS, int(80.0 / (4 * lead_s))) == 4
        error_db = 20 * np.log10(max(float(np.abs(split - whole).max()), 1e-12) / float(np.abs(whole).max()))
        assert error_db < -100.0
    else:  # a 24 s lead-in: 80 s is too short to split
        np.testing.assert_array_equal(split, whole)
    np.testing.assert_array_equal(buses.run_plugins_in_segments(loud, rate, board, release_ms, threads=1), split)
    mixed = buses.master(loud, rate, lambda: fx.compressor_plugins(-18.0, 3.0, 10.0, release_ms), 0.0, -1.0,
                      settle_ms=release_ms, threads=2)
    assert 20 * np.log10(float(np.abs(mixed).max())) <= -1.0
