"""The same audio always writes the same WAV bytes: a recomputed stage output is byte-identical."""

from __future__ import annotations

import time

import numpy as np
import pytest
import soundfile as sf

from mixdown.audio import write_wav


def _audio(channels: int) -> np.ndarray:
    return (0.2 * np.random.default_rng(3).standard_normal((channels, 4410))).astype(np.float32)


@pytest.mark.parametrize("bit_depth", ["float32", "24", "16"])
@pytest.mark.parametrize("channels", [1, 2])
def test_the_same_audio_writes_the_same_bytes_without_a_peak_chunk(tmp_path, bit_depth, channels):
    write_wav(tmp_path / "first.wav", _audio(channels), 44100, bit_depth)
    write_wav(tmp_path / "second.wav", _audio(channels), 44100, bit_depth)
    first = (tmp_path / "first.wav").read_bytes()
    assert first == (tmp_path / "second.wav").read_bytes()
    assert b"PEAK" not in first  # libsndfile's PEAK chunk holds the time of writing


def test_a_float_wav_written_a_second_later_has_the_same_bytes(tmp_path):
    write_wav(tmp_path / "first.wav", _audio(2), 44100)
    time.sleep(1.1)  # the PEAK chunk's time stamp counts whole seconds
    write_wav(tmp_path / "second.wav", _audio(2), 44100)
    assert (tmp_path / "first.wav").read_bytes() == (tmp_path / "second.wav").read_bytes()


def test_a_float_wav_keeps_every_sample_without_its_peak_chunk(tmp_path):
    audio = np.array([[0.0, 1.5, -2.25, 1e-9], [0.5, -0.5, 0.25, -1.0]], dtype=np.float32)
    write_wav(tmp_path / "f.wav", audio, 48000)
    data, rate = sf.read(tmp_path / "f.wav", dtype="float32", always_2d=True)
    assert rate == 48000 and sf.info(tmp_path / "f.wav").subtype == "FLOAT"
    np.testing.assert_array_equal(data.T, audio)
