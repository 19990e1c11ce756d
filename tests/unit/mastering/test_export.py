"""Export formats: readable, lossless where they should be, MP3 at 320 kbps, TPDF-dithered 16-bit."""

from __future__ import annotations

import math

import numpy as np
import pytest
import soundfile as sf

from mixdown import audio as audio_io
from mixdown.errors import InvalidInput
from mixdown.events.artifacts import MASTER_ARTIFACTS
from mixdown_mastering import export
from tests.audio_helpers import song

RATE = 44100


@pytest.fixture(scope="module")
def master() -> np.ndarray:
    audio = song(6.0, RATE, seed=3)
    return (audio * np.float32(0.8 / np.abs(audio).max())).astype(np.float32)


@pytest.mark.parametrize(
    ("fmt", "container", "subtype"),
    [("wav24", "WAV", "PCM_24"), ("wav16", "WAV", "PCM_16"), ("flac", "FLAC", "PCM_24"), ("mp3", "MP3", "MPEG_LAYER_III")],
)
def test_every_format_is_readable_and_aligned(tmp_path, master, fmt, container, subtype):
    path = export.write(fmt, tmp_path / MASTER_ARTIFACTS[fmt].file_name, master, RATE)
    info = sf.info(str(path))
    assert (info.format, info.subtype, info.samplerate, info.channels) == (container, subtype, RATE, 2)
    decoded, rate = audio_io.read(path)
    assert rate == RATE and decoded.shape == master.shape
    delivered = export.verify(fmt, path)
    assert delivered.frames == master.shape[1] and delivered.size_bytes == path.stat().st_size
    if fmt == "mp3":
        # Constant 320 kbps; the decoded waveform stays close to the master (aligned: no delay).
        assert path.stat().st_size * 8 / (master.shape[1] / RATE) == pytest.approx(320_000, rel=0.05)
        error = decoded - master
        assert 10 * np.log10(np.mean(error**2) / np.mean(master**2)) < -25.0
    else:
        bits = 16 if fmt == "wav16" else 24
        assert np.max(np.abs(decoded - master)) <= 2.0 ** -(bits - 1) * (1.5 if bits == 16 else 0.51)


def test_flac_is_the_24_bit_wav_bit_for_bit(tmp_path, master):
    wav, _ = audio_io.read(export.write("wav24", tmp_path / "m.wav", master, RATE))
    flac, _ = audio_io.read(export.write("flac", tmp_path / "m.flac", master, RATE))
    np.testing.assert_array_equal(wav, flac)


@pytest.mark.parametrize("offset_lsb", [0.0, 0.25, 0.5, 0.75])
def test_16_bit_dither_is_tpdf(tmp_path, offset_lsb):
    """TPDF dither of +-1 LSB makes the error's mean and power independent of the signal:
    for any input between two codes the error is unbiased with power 1/4 LSB^2 (1/12 from
    rounding, 1/6 from the dither): a noise floor of 20 log10(2^-16) = -96.3 dBFS RMS. An
    undithered or rectangular-dither quantiser would leave the error power depending on
    where the input sits between codes (0 at 0 LSB, 1/4 at 1/2 LSB without dither)."""
    lsb = 2.0**-15
    constant = np.full((2, RATE * 2), (1000.5 + offset_lsb) * lsb, dtype=np.float64).astype(np.float32)
    path = export.write("wav16", tmp_path / "dc.wav", constant, RATE)
    decoded, _ = audio_io.read(path)
    error = (decoded.astype(np.float64) - constant.astype(np.float64)) / lsb
    assert np.mean(error) == pytest.approx(0.0, abs=0.01)
    assert np.var(error) == pytest.approx(0.25, rel=0.03)
    assert set(np.unique(np.round(error - error.min())).tolist()) <= {0.0, 1.0, 2.0}


def test_16_bit_noise_floor_is_white_and_at_minus_96_dbfs(tmp_path):
    t = np.arange(RATE * 2) / RATE
    quiet = np.tile((10 ** (-70 / 20) * np.sin(2 * np.pi * 1000 * t)).astype(np.float32), (2, 1))
    decoded, _ = audio_io.read(export.write("wav16", tmp_path / "quiet.wav", quiet, RATE))
    error = decoded.astype(np.float64) - quiet.astype(np.float64)
    assert 10 * np.log10(np.mean(error**2)) == pytest.approx(20 * math.log10(2.0**-16), abs=0.2)
    # Uncorrelated with the signal (no distortion products riding on the sine).
    correlation = np.dot(error[0], quiet[0]) / math.sqrt(np.dot(error[0], error[0]) * np.dot(quiet[0], quiet[0]))
    assert abs(correlation) < 0.01
    spectrum = np.abs(np.fft.rfft(error[0] * np.hanning(error.shape[1]))) ** 2
    harmonics = [round(k * 1000 * error.shape[1] / RATE) for k in (2, 3, 5)]
    assert max(spectrum[h - 2 : h + 3].max() for h in harmonics) < 30 * np.median(spectrum)


def test_formats_are_checked():
    assert export.check_formats(None) == export.FORMATS
    assert export.check_formats(["mp3"]) == ("wav24", "mp3")
    with pytest.raises(InvalidInput, match="'ogg'"):
        export.check_formats(["ogg"])
