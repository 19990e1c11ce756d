"""Audio file I/O: every supported format, resampling, and hostile or broken inputs."""

from __future__ import annotations

import struct
import time

import numpy as np
import pytest
import soundfile as sf
from pedalboard.io import AudioFile

from mixdown import audio, wav
from mixdown.errors import InvalidInput
from mixdown_dev import examples
from tests.audio_helpers import dominant_frequency_hz, sine

LOSSY = {"ogg", "mp3"}
FORMAT_NAMES = {"wav": "WAV", "aiff": "AIFF", "flac": "FLAC", "ogg": "OGG", "mp3": "MP3"}


def _write_with_pedalboard(path, samples, sample_rate_hz):
    options = {"quality": "320k"} if path.suffix == ".mp3" else {}
    with AudioFile(str(path), "w", sample_rate_hz, samples.shape[0], **options) as writer:
        writer.write(samples)
    return path


def _rms_db(samples):
    return 10 * np.log10(np.mean(samples.astype(np.float64) ** 2))


def _wav_header(channels, sample_rate_hz, bits, data_bytes):
    block_align = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 1, channels, sample_rate_hz, sample_rate_hz * block_align, block_align, bits)
    return (
        b"RIFF"
        + struct.pack("<I", 4 + 8 + len(fmt) + 8 + data_bytes)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"data"
        + struct.pack("<I", data_bytes)
    )


# ---------------------------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["wav", "aiff", "flac", "ogg", "mp3"])
@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("sample_rate_hz", [44100, 48000])
def test_probe_and_read_every_format(tmp_path, extension, channels, sample_rate_hz):
    original = sine(1000, -6.0, 1.0, sample_rate_hz, channels)
    path = _write_with_pedalboard(tmp_path / f"tone.{extension}", original, sample_rate_hz)

    info = audio.probe(path)
    assert (info.format, info.channels, info.sample_rate_hz) == (FORMAT_NAMES[extension], channels, sample_rate_hz)
    assert info.frames == pytest.approx(original.shape[1], abs=0 if extension not in LOSSY else 2048)
    assert info.duration_seconds == pytest.approx(info.frames / sample_rate_hz)

    decoded, decoded_rate_hz = audio.read(path)
    assert decoded_rate_hz == sample_rate_hz
    assert decoded.dtype == np.float32 and decoded.flags.c_contiguous
    assert decoded.shape == (channels, info.frames)
    assert dominant_frequency_hz(decoded, sample_rate_hz) == pytest.approx(1000.0, abs=0.5)
    if extension in LOSSY:
        assert _rms_db(decoded) == pytest.approx(_rms_db(original), abs=0.5)
    else:
        np.testing.assert_allclose(decoded, original, atol=1.0 / 32768)


@pytest.mark.parametrize(
    ("extension", "subtype", "bits"), [("wav", "PCM_16", 16), ("aiff", "PCM_24", 24), ("flac", "PCM_24", 24)]
)
def test_integer_samples_read_with_full_scale_at_two_to_the_bits(tmp_path, extension, subtype, bits):
    top = 1 << (bits - 1)
    integers = np.array([-top, -top + 1, -1, 0, 1, 12345, top - 1], dtype=np.int64)
    path = tmp_path / f"ramp.{extension}"
    sf.write(path, (integers << (32 - bits)).astype(np.int32), 44100, subtype=subtype)
    decoded, _ = audio.read(path)
    np.testing.assert_array_equal(decoded[0], (integers / top).astype(np.float32))


def test_mp3_decodes_gapless(tmp_path):
    impulse = np.zeros((1, 44100), dtype=np.float32)
    impulse[0, 20000] = 0.9
    path = _write_with_pedalboard(tmp_path / "click.mp3", impulse, 44100)
    decoded, _ = audio.read(path)
    # Encoder delay and padding are removed: the click stays where it was written.
    assert decoded.shape[1] == 44100
    assert abs(int(np.argmax(np.abs(decoded[0]))) - 20000) <= 2


@pytest.mark.parametrize("source_rate_hz", [22050, 44100])
@pytest.mark.parametrize("channels", [1, 2])
def test_resampling_to_48k_keeps_frequency_and_level(tmp_path, source_rate_hz, channels):
    original = sine(1000, -6.0, 2.0, source_rate_hz, channels)
    path = tmp_path / "tone.wav"
    sf.write(path, original.T, source_rate_hz, subtype="FLOAT")

    decoded, decoded_rate_hz = audio.read(path, sample_rate_hz=48000)
    assert decoded_rate_hz == 48000
    assert decoded.shape[0] == channels
    assert decoded.shape[1] == pytest.approx(2.0 * 48000, abs=4)
    assert dominant_frequency_hz(decoded, 48000) == pytest.approx(1000.0, abs=0.2)
    steady = decoded[:, 4800:-4800]
    assert _rms_db(steady) == pytest.approx(-6.0 - 3.01, abs=0.05)


def test_read_returns_the_file_rate_when_none_is_asked(tmp_path):
    path = tmp_path / "tone.wav"
    sf.write(path, sine(440, -12.0, 0.5, 32000, 1).T, 32000)
    decoded, rate_hz = audio.read(path)
    assert rate_hz == 32000 and decoded.shape == (1, 16000)


# ---------------------------------------------------------------------------------------------
# Rejections
# ---------------------------------------------------------------------------------------------


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        audio.probe(path)


def test_missing_file_is_rejected(tmp_path):
    with pytest.raises(InvalidInput, match="no such audio file"):
        audio.read(tmp_path / "missing.wav")


def test_text_renamed_wav_is_not_audio(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("verse 1: la la la\n" * 20)
    with pytest.raises(InvalidInput, match="not a recognised audio format"):
        audio.read(path)


def test_header_declaring_absurd_size_is_rejected_before_decoding(tmp_path):
    path = tmp_path / "crafted.wav"
    header = _wav_header(channels=2, sample_rate_hz=44100, bits=16, data_bytes=0x7FFFFFF0)
    path.write_bytes(header + bytes(100 - len(header)))
    assert path.stat().st_size == 100
    started = time.perf_counter()
    with pytest.raises(InvalidInput, match=r"header declares 536870908 frames .* file holds only 100 bytes"):
        audio.read(path)
    assert time.perf_counter() - started < 1.0


def test_slightly_truncated_wav_still_reads(tmp_path):
    path = tmp_path / "short.wav"
    original = sine(1000, -6.0, 1.0, 44100, 2)
    sf.write(path, original.T, 44100, subtype="PCM_16")
    data = path.read_bytes()
    path.write_bytes(data[:-400])
    decoded, _ = audio.read(path)
    assert decoded.shape == (2, 44100 - 100)


def test_three_channel_file_is_rejected(tmp_path):
    path = tmp_path / "surround.wav"
    sf.write(path, sine(1000, -6.0, 0.5, 48000, 3).T, 48000)
    with pytest.raises(InvalidInput, match="3 channels"):
        audio.probe(path)
    assert audio.probe(path, audio.AudioLimits(max_channels=3)).channels == 3


def test_nan_samples_are_rejected(tmp_path):
    samples = sine(1000, -6.0, 0.5, 48000, 2)
    samples[1, 1234] = np.nan
    path = tmp_path / "nan.wav"
    sf.write(path, samples.T, 48000, subtype="FLOAT")
    with pytest.raises(InvalidInput, match="NaN or infinite samples"):
        audio.read(path)


def test_infinite_samples_are_rejected(tmp_path):
    samples = sine(1000, -6.0, 0.5, 48000, 1)
    samples[0, 99] = np.inf
    path = tmp_path / "inf.wav"
    sf.write(path, samples.T, 48000, subtype="FLOAT")
    with pytest.raises(InvalidInput, match="NaN or infinite samples"):
        audio.read(path, sample_rate_hz=44100)


def test_sample_rate_outside_limits_is_rejected(tmp_path):
    path = tmp_path / "phone.wav"
    sf.write(path, sine(300, -6.0, 0.5, 4000, 1).T, 4000)
    with pytest.raises(InvalidInput, match="sample rate 4000 Hz is outside 8000..192000 Hz"):
        audio.probe(path)


def test_duration_over_limit_is_rejected(tmp_path):
    path = tmp_path / "long.flac"
    sf.write(path, sine(300, -6.0, 2.0, 8000, 1).T, 8000)
    with pytest.raises(InvalidInput, match=r"16000 frames \(2.0 s\), over the 1.5 s limit"):
        audio.probe(path, audio.AudioLimits(max_duration_seconds=1.5))


def test_zero_frames_is_rejected(tmp_path):
    path = tmp_path / "nothing.wav"
    sf.write(path, np.zeros((0, 2), dtype=np.float32), 44100)
    with pytest.raises(InvalidInput, match="no audio frames"):
        audio.probe(path)


def test_unsupported_codec_is_rejected(tmp_path):
    path = tmp_path / "voice.ogg"
    sf.write(path, sine(300, -6.0, 0.5, 48000, 1).T, 48000, format="OGG", subtype="OPUS")
    with pytest.raises(InvalidInput, match="OGG/OPUS audio is not supported"):
        audio.probe(path)


def test_read_rejects_a_bad_target_rate(tmp_path):
    path = tmp_path / "tone.wav"
    sf.write(path, sine(300, -6.0, 0.5, 48000, 1).T, 48000)
    with pytest.raises(InvalidInput, match="sample_rate_hz 1000000 is outside"):
        audio.read(path, sample_rate_hz=1_000_000)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def test_write_float32_round_trips_exactly(tmp_path):
    samples = sine(1000, 3.0, 0.5, 48000, 2)
    path = tmp_path / "float.wav"
    wav.write_wav(path, samples, 48000)
    assert sf.info(path).subtype == "FLOAT"
    decoded, _ = audio.read(path)
    np.testing.assert_array_equal(decoded, samples)


def test_write_24_bit_is_within_half_an_lsb(tmp_path):
    samples = sine(1000, -1.0, 0.5, 44100, 2)
    path = tmp_path / "pcm24.wav"
    wav.write_wav(path, samples, 44100, bit_depth="24")
    assert sf.info(path).subtype == "PCM_24"
    decoded, _ = audio.read(path)
    assert np.abs(decoded - samples).max() <= 0.5 / 2**23 + 1e-9


def test_write_16_bit_dither_keeps_a_tone_below_one_lsb(tmp_path):
    lsb = 1 / 32768
    samples = (0.4 * lsb * np.sin(2 * np.pi * 1000 * np.arange(96000) / 48000)).astype(np.float32)[None]
    path = tmp_path / "pcm16.wav"
    wav.write_wav(path, samples, 48000, bit_depth="16")
    assert sf.info(path).subtype == "PCM_16"
    decoded, _ = audio.read(path)
    error = decoded.astype(np.float64) - samples
    # TPDF dither of +-1 LSB plus rounding: zero-mean error of 0.5 LSB RMS, independent of
    # the signal. Rounding alone would write silence and lose the tone.
    assert np.sqrt(np.mean(error**2)) == pytest.approx(0.5 * lsb, rel=0.05)
    assert abs(np.mean(error)) < 0.01 * lsb
    assert np.any(decoded != 0)
    assert dominant_frequency_hz(decoded, 48000) == pytest.approx(1000.0, abs=1.0)


def test_write_16_bit_is_deterministic_and_clips(tmp_path):
    samples = sine(1000, 6.0, 0.1, 44100, 1)
    first, second = tmp_path / "a.wav", tmp_path / "b.wav"
    wav.write_wav(first, samples, 44100, bit_depth="16")
    wav.write_wav(second, samples, 44100, bit_depth="16")
    assert first.read_bytes() == second.read_bytes()
    decoded, _ = audio.read(first)
    assert decoded.max() <= 32767 / 32768 and decoded.min() >= -1.0


def test_write_rejects_bad_bit_depth_and_leaves_no_file(tmp_path):
    with pytest.raises(InvalidInput, match="bit_depth"):
        wav.write_wav(tmp_path / "x.wav", sine(1000, -6.0, 0.1, 44100, 1), 44100, bit_depth="8")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# Channels
# ---------------------------------------------------------------------------------------------


def test_mono_to_stereo_duplicates_and_stereo_to_mono_averages():
    mono = sine(440, -6.0, 0.1, 44100, 1)
    stereo = audio.to_channels(mono, 2)
    assert stereo.shape == (2, mono.shape[1])
    np.testing.assert_array_equal(stereo[0], mono[0])
    np.testing.assert_array_equal(stereo[1], mono[0])

    left_right = np.stack([mono[0], -0.5 * mono[0]])
    folded = audio.to_channels(left_right, 1)
    np.testing.assert_allclose(folded[0], 0.25 * mono[0], atol=1e-7)
    assert folded.dtype == np.float32


def test_to_channels_rejects_other_counts():
    with pytest.raises(InvalidInput, match="channels must be 1 or 2"):
        audio.to_channels(sine(440, -6.0, 0.1, 44100, 2), 6)
    with pytest.raises(InvalidInput, match="cannot convert 3 channels"):
        audio.to_channels(sine(440, -6.0, 0.1, 44100, 3), 2)


# ---------------------------------------------------------------------------------------------
# Example material
# ---------------------------------------------------------------------------------------------


def test_example_pair_is_written_deterministically_at_realistic_levels(tmp_path):
    paths = examples.write_example_pair(tmp_path / "first", duration_seconds=4.0)
    again = examples.write_example_pair(tmp_path / "second", duration_seconds=4.0)
    assert set(paths) == {"vocal", "beat"}
    for name, path in paths.items():
        assert path.read_bytes() == again[name].read_bytes()
    vocal, vocal_rate_hz = audio.read(paths["vocal"])
    beat, beat_rate_hz = audio.read(paths["beat"])
    assert vocal.shape == (1, 4 * 44100) and beat.shape == (2, 4 * 44100)
    assert vocal_rate_hz == beat_rate_hz == 44100
    assert 20 * np.log10(np.abs(vocal).max()) == pytest.approx(-6.0, abs=0.01)
    assert 20 * np.log10(np.abs(beat).max()) == pytest.approx(-3.0, abs=0.01)


def test_example_vocal_has_voice_and_sibilance_and_beat_has_low_end():
    vocal = examples.vocal_like(4.0, 44100)[0].astype(np.float64)
    power = np.abs(np.fft.rfft(vocal)) ** 2
    frequency_hz = np.fft.rfftfreq(vocal.size, 1 / 44100)

    def share_db(low_hz, high_hz, spectrum=power):
        return 10 * np.log10(spectrum[(frequency_hz >= low_hz) & (frequency_hz < high_hz)].sum() / spectrum.sum())

    assert share_db(200, 1200) > -1.0
    assert -30.0 < share_db(5000, 10000) < -10.0
    assert share_db(12000, 22050) < -25.0

    beat = examples.beat(4.0, 44100)
    beat_power = np.abs(np.fft.rfft(beat.astype(np.float64), axis=-1)) ** 2
    assert share_db(30, 150, beat_power.sum(axis=0)) > -6.0
    assert not np.allclose(beat[0], beat[1])
