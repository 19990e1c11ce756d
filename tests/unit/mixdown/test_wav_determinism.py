"""The same audio always writes the same WAV bytes: a recomputed stage output is byte-identical."""

from __future__ import annotations

import time

import numpy as np
import pytest
import soundfile as sf

from mixdown.wav import write_wav


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


def _libsndfile_wav(path, audio: np.ndarray, rate: int, bit_depth: str) -> bytes:
    """The same samples written by libsndfile (PEAK chunk off), quantised as write_wav does."""
    from soundfile import _ffi, _snd

    scale = {"24": float(1 << 23), "16": float(1 << 15)}.get(bit_depth)
    if bit_depth == "float32":
        data, subtype = audio.T, "FLOAT"
    elif bit_depth == "24":
        data, subtype = (np.clip(np.round(audio.astype(np.float64) * scale), -scale, scale - 1)
                         .astype(np.int32) << 8).T, "PCM_24"
    else:
        data, subtype = None, "PCM_16"
        scratch = path.with_suffix(".mine.wav")
        write_wav(scratch, audio, rate, "16")  # the dither is ours: take its integers back
        data = sf.read(scratch, dtype="int16", always_2d=True)[0]
    with sf.SoundFile(str(path), "w", rate, audio.shape[0], subtype=subtype, format="WAV") as out:
        _snd.sf_command(out._file, 0x1050, _ffi.NULL, 0)  # SFC_SET_ADD_PEAK_CHUNK off
        out.write(data)
    return path.read_bytes()


@pytest.mark.parametrize("bit_depth", ["float32", "24", "16"])
@pytest.mark.parametrize("channels, frames, rate", [(1, 1001, 44100), (2, 300_000, 48000), (6, 777, 22050)])
def test_write_wav_writes_the_bytes_libsndfile_writes_and_returns_their_sha256(tmp_path, bit_depth, channels,
                                                                             frames, rate):
    import hashlib

    audio = (0.4 * np.random.default_rng(channels).standard_normal((channels, frames))).astype(np.float32)
    audio[:, :4] = np.array([1.5, -1.5, 1.0, -1.0], dtype=np.float32)  # over full scale, and at it
    digest = write_wav(tmp_path / "ours.wav", audio, rate, bit_depth)
    ours = (tmp_path / "ours.wav").read_bytes()
    assert ours == _libsndfile_wav(tmp_path / "libsndfile.wav", audio, rate, bit_depth)
    assert digest == hashlib.sha256(ours).hexdigest()
    assert len(ours) % 2 == 0  # an odd data chunk is padded
