"""BS.1770-4 / EBU R128 metering against ffmpeg's ebur128, pyloudnorm and the EBU test cases."""

from __future__ import annotations

import math
import re

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import sosfreqz

from mixdown.dsp import loudness, truepeak
from mixdown.errors import InvalidInput
from mixdown_dev import examples
from tests.audio_helpers import ffmpeg_ebur128, pink_noise, sine, write_float_wav

BS1770_48K_SOS = np.array(
    [
        [1.53512485958697, -2.69169618940638, 1.19839281085285, 1.0, -1.69065929318241, 0.73248077421585],
        [1.0, -2.0, 1.0, 1.0, -1.99004745483398, 0.99007225036621],
    ]
)


def _stepped(levels_and_durations: list[tuple[float, float]], sample_rate_hz: int = 48000) -> np.ndarray:
    """Stereo 1 kHz sine whose peak level steps through (dBFS, seconds) segments."""
    return np.concatenate(
        [sine(1000, level, seconds, sample_rate_hz, 2, fade_seconds=0) for level, seconds in levels_and_durations],
        axis=1,
    )


# ---------------------------------------------------------------------------------------------
# K-weighting
# ---------------------------------------------------------------------------------------------


def test_k_weighting_reproduces_the_bs1770_table_at_48k():
    np.testing.assert_allclose(loudness.k_weighting_sos(48000), BS1770_48K_SOS, rtol=0, atol=1e-12)


@pytest.mark.parametrize("sample_rate_hz", [22050, 44100, 96000, 192000])
def test_k_weighting_response_is_the_same_at_every_rate(sample_rate_hz):
    frequencies_hz = np.array([20.0, 40.0, 100.0, 1000.0, 2000.0, 5000.0, 10000.0])
    _, reference = sosfreqz(BS1770_48K_SOS, worN=frequencies_hz, fs=48000)
    _, response = sosfreqz(loudness.k_weighting_sos(sample_rate_hz), worN=frequencies_hz, fs=sample_rate_hz)
    reference_db, response_db = 20 * np.log10(np.abs(reference)), 20 * np.log10(np.abs(response))
    # Bilinear warping differs between rates only near Nyquist; below 0.25 * fs it stays tiny.
    usable = frequencies_hz < 0.25 * min(sample_rate_hz, 48000)
    np.testing.assert_allclose(response_db[usable], reference_db[usable], atol=0.025)
    assert reference_db[frequencies_hz == 10000.0][0] == pytest.approx(4.0, abs=0.1)


# ---------------------------------------------------------------------------------------------
# Agreement with ffmpeg's ebur128
# ---------------------------------------------------------------------------------------------


def _assert_agrees_with_ffmpeg(tmp_path, audio, sample_rate_hz):
    ffmpeg_lufs, ffmpeg_dbtp = ffmpeg_ebur128(write_float_wav(tmp_path / "signal.wav", audio, sample_rate_hz))
    report = loudness.measure(audio, sample_rate_hz)
    # ffmpeg prints one decimal: 0.05 of the tolerance is its rounding.
    assert report.integrated_lufs == pytest.approx(ffmpeg_lufs, abs=0.1)
    assert report.true_peak_dbtp == pytest.approx(ffmpeg_dbtp, abs=0.3)
    return report


@pytest.mark.parametrize("frequency_hz", [100, 1000, 5000, 10000])
@pytest.mark.parametrize("level_dbfs", [-3.0, -20.0, -40.0])
def test_sines_agree_with_ffmpeg(tmp_path, frequency_hz, level_dbfs):
    report = _assert_agrees_with_ffmpeg(tmp_path, sine(frequency_hz, level_dbfs, 3.0, 48000, 2), 48000)
    assert report.true_peak_dbtp == pytest.approx(level_dbfs, abs=0.05)


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("frequency_hz", [1000, 10000])
def test_rates_and_channel_counts_agree_with_ffmpeg(tmp_path, sample_rate_hz, channels, frequency_hz):
    _assert_agrees_with_ffmpeg(tmp_path, sine(frequency_hz, -12.0, 3.0, sample_rate_hz, channels), sample_rate_hz)


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize("channels", [1, 2])
def test_pink_noise_agrees_with_ffmpeg(tmp_path, sample_rate_hz, channels):
    _assert_agrees_with_ffmpeg(tmp_path, pink_noise(4.0, sample_rate_hz, channels), sample_rate_hz)


def test_gated_silence_sections_agree_with_ffmpeg(tmp_path):
    audio = pink_noise(9.0, 48000, 2)
    third = audio.shape[1] // 3
    audio[:, third : 2 * third] = 0.0
    audio[:, -48000:] *= 10 ** (-30 / 20)
    report = _assert_agrees_with_ffmpeg(tmp_path, audio, 48000)
    # The silent and the quiet parts are gated out; only blocks straddling their edges
    # remain. Averaging every block instead would read about 2.6 LU lower.
    noise_alone_lufs = loudness.integrated_loudness_lufs(pink_noise(9.0, 48000, 2), 48000)
    assert report.integrated_lufs == pytest.approx(noise_alone_lufs, abs=0.5)


def test_intersample_peak_agrees_with_ffmpeg(tmp_path):
    audio = sine(12000, -6.0, 3.0, 48000, 2, phase_radians=math.pi / 4)
    report = _assert_agrees_with_ffmpeg(tmp_path, audio, 48000)
    assert report.sample_peak_dbfs == pytest.approx(-6.0 - 3.01, abs=0.02)
    assert report.true_peak_dbtp == pytest.approx(-6.0, abs=0.05)


# ---------------------------------------------------------------------------------------------
# EBU Tech 3341 and 3342 cases that can be synthesised
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segments", "expected_lufs"),
    [
        ([(-23.0, 20.0)], -23.0),
        ([(-33.0, 20.0)], -33.0),
        ([(-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0)], -23.0),
        ([(-72.0, 10.0), (-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0), (-72.0, 10.0)], -23.0),
        ([(-26.0, 20.0), (-20.0, 20.1), (-26.0, 20.0)], -23.0),
    ],
    ids=["case1", "case2", "case3", "case4", "case5"],
)
def test_ebu_3341_integrated(segments, expected_lufs):
    assert loudness.integrated_loudness_lufs(_stepped(segments), 48000) == pytest.approx(expected_lufs, abs=0.1)


def test_ebu_3341_momentary_and_short_term_of_a_steady_tone():
    audio = _stepped([(-23.0, 20.0)])
    report = loudness.measure(audio, 48000)
    assert report.momentary_max_lufs == pytest.approx(-23.0, abs=0.1)
    assert report.short_term_max_lufs == pytest.approx(-23.0, abs=0.1)


def test_ebu_3341_case6_five_channels_weight_the_surrounds():
    levels_dbfs = [-28.0, -28.0, -24.0, -30.0, -30.0]
    audio = np.concatenate([sine(1000, level, 20.0, 48000, 1, fade_seconds=0) for level in levels_dbfs])
    assert loudness.integrated_loudness_lufs(audio, 48000) == pytest.approx(-23.0, abs=0.1)


@pytest.mark.parametrize(
    ("segments", "expected_lu"),
    [
        ([(-20.0, 20.0), (-30.0, 20.0)], 10.0),
        ([(-20.0, 20.0), (-15.0, 20.0)], 5.0),
        ([(-40.0, 20.0), (-20.0, 20.0)], 20.0),
        ([(-50.0, 20.0), (-35.0, 20.0), (-20.0, 20.0), (-35.0, 20.0), (-50.0, 20.0)], 15.0),
    ],
    ids=["case1", "case2", "case3", "case4"],
)
def test_ebu_3342_loudness_range(segments, expected_lu):
    assert loudness.loudness_range_lu(_stepped(segments), 48000) == pytest.approx(expected_lu, abs=1.0)


# ---------------------------------------------------------------------------------------------
# Agreement with pyloudnorm
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize(
    "make",
    [
        lambda rate: pink_noise(5.0, rate, 2),
        lambda rate: sine(440, -18.0, 5.0, rate, 1),
        lambda rate: sine(6000, -10.0, 5.0, rate, 2),
    ],
    ids=["pink-stereo", "sine440-mono", "sine6k-stereo"],
)
def test_integrated_agrees_with_pyloudnorm(sample_rate_hz, make):
    audio = make(sample_rate_hz)
    expected = pyloudnorm.Meter(sample_rate_hz).integrated_loudness(audio.T.astype(np.float64))
    # pyloudnorm designs its K-weighting from rounded analog parameters and reads about
    # 0.04 LU low at 44.1 and 48 kHz.
    assert loudness.integrated_loudness_lufs(audio, sample_rate_hz) == pytest.approx(expected, abs=0.1)


# ---------------------------------------------------------------------------------------------
# Physics and edge cases
# ---------------------------------------------------------------------------------------------


def test_duplicating_mono_to_stereo_adds_3_lu():
    mono = pink_noise(4.0, 48000, 1)
    stereo = np.repeat(mono, 2, axis=0)
    difference = loudness.integrated_loudness_lufs(stereo, 48000) - loudness.integrated_loudness_lufs(mono, 48000)
    assert difference == pytest.approx(10 * math.log10(2), abs=1e-6)


def test_gain_shifts_loudness_by_the_same_amount():
    audio = pink_noise(4.0, 44100, 2)
    before = loudness.integrated_loudness_lufs(audio, 44100)
    after = loudness.integrated_loudness_lufs(audio * np.float32(10 ** (-7.5 / 20)), 44100)
    assert after - before == pytest.approx(-7.5, abs=1e-3)


@pytest.mark.parametrize(
    ("sample_rate_hz", "phase_degrees"),
    [(44100, 0.0), (44100, 22.5), (48000, 45.0), (48000, 67.5), (96000, 0.0), (96000, 45.0)],
)
def test_true_peak_of_a_quarter_rate_sine_is_its_amplitude(sample_rate_hz, phase_degrees):
    # The phases put a crest on the oversampled grid (4x at 44.1/48 kHz, 2x at 96 kHz), as
    # in the true-peak cases of EBU Tech 3341; the samples themselves sit up to 3 dB lower.
    audio = sine(sample_rate_hz / 4, -3.0, 1.0, sample_rate_hz, 2, phase_radians=math.radians(phase_degrees))
    true_peak = truepeak.true_peak_dbtp(audio, sample_rate_hz)
    assert true_peak == pytest.approx(-3.0, abs=0.05)
    assert true_peak >= truepeak.sample_peak_dbfs(audio) - 1e-6


def test_true_peak_counts_the_overshoot_of_an_abrupt_start():
    faded = sine(15000, -6.0, 1.0, 48000, 1)
    abrupt = sine(15000, -6.0, 1.0, 48000, 1, phase_radians=0.3, fade_seconds=0)
    assert truepeak.true_peak_dbtp(faded, 48000) == pytest.approx(-6.0, abs=0.05)
    assert truepeak.true_peak_dbtp(abrupt, 48000) > -6.0 + 0.2


def test_true_peak_envelope_bounds_every_sample_and_matches_the_overall_peak():
    audio = pink_noise(2.0, 44100, 2)
    envelope = truepeak.true_peak_envelope(audio, 44100)
    assert envelope.shape == (audio.shape[1],)
    assert np.all(envelope >= np.abs(audio).max(axis=0))
    assert 20 * np.log10(envelope.max()) == pytest.approx(truepeak.true_peak_dbtp(audio, 44100), abs=1e-5)


def test_true_peak_skips_only_passages_that_cannot_hold_the_peak():
    # A song has quiet passages whose interpolation is skipped; the result must equal the
    # maximum of the full per-sample envelope.
    song = examples.beat(6.0, 44100) + 0.7 * examples.vocal_like(6.0, 44100)
    quiet_then_loud = np.concatenate([0.05 * song, song, 0.2 * song], axis=1)
    for audio in (song, quiet_then_loud, np.ascontiguousarray(song[:, ::-1])):
        full = 20 * np.log10(truepeak.true_peak_envelope(audio, 44100).max())
        assert truepeak.true_peak_dbtp(audio, 44100) == pytest.approx(full, abs=1e-6)


def test_true_peak_finds_an_intersample_peak_beside_a_louder_sample():
    # The click has the loudest sample; the quarter-rate burst, 3 dB lower in its samples,
    # has the highest true peak.
    audio = np.zeros((1, 48000), dtype=np.float32)
    audio[0, 5000] = 0.8
    burst = sine(12000, 20 * math.log10(0.95), 0.05, 48000, 1, phase_radians=math.pi / 4, fade_seconds=0.005)
    audio[:, 30000 : 30000 + burst.shape[1]] = burst
    assert truepeak.sample_peak_dbfs(audio) == pytest.approx(20 * math.log10(0.8), abs=1e-4)
    assert truepeak.true_peak_dbtp(audio, 48000) == pytest.approx(20 * math.log10(0.95), abs=0.02)


def test_measure_matches_the_individual_measures():
    audio = _stepped([(-30.0, 4.0), (-18.0, 4.0)], 44100)
    report = loudness.measure(audio, 44100)
    assert report == loudness.LoudnessReport(
        integrated_lufs=loudness.integrated_loudness_lufs(audio, 44100),
        true_peak_dbtp=truepeak.true_peak_dbtp(audio, 44100),
        sample_peak_dbfs=truepeak.sample_peak_dbfs(audio),
        momentary_max_lufs=loudness.momentary_max_lufs(audio, 44100),
        short_term_max_lufs=loudness.short_term_max_lufs(audio, 44100),
        loudness_range_lu=loudness.loudness_range_lu(audio, 44100),
    )


def test_silence_reads_minus_infinity():
    report = loudness.measure(np.zeros((2, 48000), dtype=np.float32), 48000)
    assert report.integrated_lufs == -math.inf
    assert report.true_peak_dbtp == -math.inf
    assert report.sample_peak_dbfs == -math.inf
    assert report.momentary_max_lufs == -math.inf
    assert report.loudness_range_lu == 0.0


def test_short_audio_has_no_gating_block():
    audio = sine(1000, -10.0, 0.3, 48000, 2)
    assert loudness.integrated_loudness_lufs(audio, 48000) == -math.inf
    assert loudness.short_term_max_lufs(sine(1000, -10.0, 2.0, 48000, 2), 48000) == -math.inf
    assert truepeak.true_peak_dbtp(audio, 48000) == pytest.approx(-10.0, abs=0.05)


@pytest.mark.parametrize(
    ("audio", "sample_rate_hz", "message"),
    [
        (np.full((2, 48000), np.nan, dtype=np.float32), 48000, "NaN"),
        (np.zeros((48000, 2), dtype=np.float32), 48000, "transposed"),
        (np.zeros(48000, dtype=np.float32), 48000, "(channels, samples)"),
        (np.zeros((2, 48000), dtype=np.int16), 48000, "floating-point"),
        (np.zeros((2, 48000), dtype=np.float32), 4000, "sample_rate_hz"),
        (np.zeros((4, 48000), dtype=np.float32), 48000, "4 channels"),
    ],
    ids=["nan", "transposed", "one-dimensional", "integer", "rate", "four-channels"],
)
def test_invalid_input_is_named(audio, sample_rate_hz, message):
    with pytest.raises(InvalidInput, match=re.escape(message)):
        loudness.measure(audio, sample_rate_hz)


# ---------------------------------------------------------------------------------------------
# Block true peaks (the kernels against their references: test_dsp_kernels.py)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("grid_refinement", [1, 3])
def test_block_true_peaks_are_the_envelope_per_block(grid_refinement):
    audio = pink_noise(2.0, 44100, 2) * np.float32(4.0)
    envelope = truepeak.true_peak_envelope(audio, 44100, grid_refinement)
    padded = np.zeros(-(-envelope.size // 32) * 32, dtype=np.float32)
    padded[: envelope.size] = envelope
    np.testing.assert_allclose(truepeak.true_peak_blocks(audio, 44100, grid_refinement),
                               padded.reshape(-1, 32).max(axis=1), rtol=1e-6)
    mask = np.zeros(padded.size // 32, dtype=bool)
    mask[::7] = True
    masked = truepeak.true_peak_blocks(audio, 44100, grid_refinement, mask)
    np.testing.assert_allclose(masked[mask], padded.reshape(-1, 32).max(axis=1)[mask], rtol=1e-6)
    assert np.all(masked[~mask] == 0.0)


# ---------------------------------------------------------------------------------------------
# The EBU Tech 3341 cases against ffmpeg too, at both job rates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize(
    "segments",
    [[(-23.0, 20.0)], [(-33.0, 20.0)], [(-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0)],
     [(-72.0, 10.0), (-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0), (-72.0, 10.0)],
     [(-26.0, 20.0), (-20.0, 20.1), (-26.0, 20.0)]],
    ids=["case1", "case2", "case3", "case4", "case5"],
)
def test_ebu_3341_cases_agree_with_ffmpeg(tmp_path, sample_rate_hz, segments):
    _assert_agrees_with_ffmpeg(tmp_path, _stepped(segments, sample_rate_hz), sample_rate_hz)


@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
@pytest.mark.parametrize(("frequency_fraction", "phase_degrees", "level_dbfs"),
                         [(0.25, 45.0, -6.0), (0.25, 60.0, -6.0), (0.25, 67.5, -6.0), (0.25, 88.0, -6.0),
                          (0.5 / 1.5, 0.0, -6.0)])
def test_ebu_3341_true_peak_cases_agree_with_ffmpeg(tmp_path, sample_rate_hz, frequency_fraction, phase_degrees,
                                                   level_dbfs):
    # Tech 3341 cases 15-19: sines at a quarter (and a third) of the sample rate whose
    # crests fall between the samples; each should read its amplitude, -6 dBTP.
    audio = sine(sample_rate_hz * frequency_fraction, level_dbfs, 3.0, sample_rate_hz, 2,
                 phase_radians=math.radians(phase_degrees))
    report = _assert_agrees_with_ffmpeg(tmp_path, audio, sample_rate_hz)
    assert report.true_peak_dbtp == pytest.approx(level_dbfs, abs=0.3)
