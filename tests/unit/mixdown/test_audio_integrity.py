"""mixdown.audio on broken files: truncated compressed streams, lying WAV headers, non-finite
float samples. Files are generated (tests.hostile_corpus); none is stored."""

from __future__ import annotations

import math

import numpy as np
import pytest
import soundfile as sf

from mixdown import audio
from mixdown.errors import InvalidInput
from tests import hostile_corpus as hc

COMPRESSED = {
    "flac": ("FLAC", "PCM_16"),
    "flac24": ("FLAC", "PCM_24"),
    "ogg": ("OGG", "VORBIS"),
    "mp3": ("MP3", "MPEG_LAYER_III"),
}


@pytest.mark.parametrize("kind", sorted(COMPRESSED))
@pytest.mark.parametrize("seconds", [0.05, 1.0, 7.3])
@pytest.mark.parametrize(("sample_rate_hz", "channels"), [(8000, 1), (22050, 2), (48000, 2)])
def test_whole_compressed_files_pass_and_decode_to_their_declared_length(tmp_path, kind, seconds, sample_rate_hz,
                                                                         channels):
    container, subtype = COMPRESSED[kind]
    path = tmp_path / f"tone.{container.lower()}"
    path.write_bytes(hc.encoded(hc.tone(seconds, sample_rate_hz, channels), sample_rate_hz, container, subtype))
    info = audio.probe(path)
    assert (info.format, info.sample_rate_hz, info.channels) == (container, sample_rate_hz, channels)
    decoded, _ = audio.read(path)
    assert decoded.shape[1] == pytest.approx(info.frames, abs=2)


@pytest.mark.parametrize("kind", ["flac", "flac24", "mp3"])
@pytest.mark.parametrize("kept", [0.3, 0.6, 0.95])
def test_a_compressed_file_cut_short_is_rejected_instead_of_decoding_to_silence(tmp_path, kind, kept):
    """FLAC and MP3 (with its Xing/Info frame count) declare their length; cut, their decoders
    would pad the missing end with silence."""
    container, subtype = COMPRESSED[kind]
    whole = hc.encoded(hc.tone(4.0, 44100, 2), 44100, container, subtype)
    path = tmp_path / f"cut.{container.lower()}"
    path.write_bytes(hc.cut(whole, kept))
    with pytest.raises(InvalidInput, match=rf"declares \d+ frames \(4\.0 s\) but the {container} stream ends before "
                                           "them; the file is truncated or corrupt"):
        audio.probe(path)


@pytest.mark.parametrize("kept", [0.3, 0.6, 0.95])
def test_an_ogg_file_cut_short_reads_as_the_shorter_file_it_is(tmp_path, kept):
    """Ogg declares no length: its last complete page gives it, and that much decodes."""
    noise = (0.2 * np.random.default_rng(3).standard_normal((4 * 44100, 2))).astype(np.float32)
    path = tmp_path / "cut.ogg"
    path.write_bytes(hc.cut(hc.encoded(noise, 44100, "OGG", "VORBIS"), kept))
    info = audio.probe(path)
    assert 0 < info.frames < 4 * 44100 * kept * 1.1
    decoded, _ = audio.read(path)
    assert decoded.shape == (2, info.frames)
    end_rms = float(np.sqrt(np.mean(decoded[:, -4096:] ** 2)))
    assert end_rms == pytest.approx(0.2, rel=0.2)  # real audio to the end, not padding


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (dict(channels=0, sample_rate_hz=44100), "0 channels; 1 to 2 are accepted"),
        (dict(channels=3, sample_rate_hz=44100), "3 channels; 1 to 2 are accepted"),
        (dict(channels=1, sample_rate_hz=0), "sample rate 0 Hz is outside 8000..192000 Hz"),
        (dict(channels=1, sample_rate_hz=4_000_000_000), "sample rate 4000000000 Hz is outside"),
        (dict(channels=1, sample_rate_hz=44100, bits=0), "the WAV header declares 0 bits per sample"),
    ],
)
def test_a_wav_header_is_judged_on_what_it_declares(tmp_path, header, problem):
    path = tmp_path / "crafted.wav"
    path.write_bytes(hc.riff_wav(**header, data=bytes(1200)))
    with pytest.raises(InvalidInput, match=f"^crafted.wav: {problem}"):
        audio.probe(path)


def test_a_codec_that_declares_zero_bits_is_judged_on_its_codec(tmp_path):
    path = tmp_path / "gsm.wav"
    path.write_bytes(hc.encoded(hc.tone(0.5, 8000, 1), 8000, "WAV", "GSM610"))
    with pytest.raises(InvalidInput, match="GSM 6.10 audio codec") as refused:
        audio.probe(path)
    assert "bits per sample" not in str(refused.value)


def test_a_wav_header_after_other_chunks_is_still_checked(tmp_path):
    data = hc.riff_wav(channels=1, sample_rate_hz=3000, data=bytes(1200))
    path = tmp_path / "late-fmt.wav"
    # move fmt after a JUNK chunk: RIFF header, JUNK, then the rest
    junk = b"JUNK" + (7).to_bytes(4, "little") + b"1234567\0"
    body = data[:12] + junk + data[12:]
    path.write_bytes(body[:4] + (len(body) - 8).to_bytes(4, "little") + body[8:])
    with pytest.raises(InvalidInput, match="sample rate 3000 Hz is outside"):
        audio.probe(path)


def test_the_truncation_message_gives_the_declared_duration(tmp_path):
    path = tmp_path / "ten-hours.wav"
    path.write_bytes(hc.riff_wav(channels=1, sample_rate_hz=8000, data=bytes(1000),
                                 declared_data_bytes=10 * 3600 * 8000 * 2))
    with pytest.raises(InvalidInput, match=r"declares 288000000 frames \(36000\.0 s, 576000000 bytes of PCM_16 "
                                           r"samples\) but the file holds only 1044 bytes"):
        audio.probe(path)


def test_a_declared_duration_over_the_limit_is_rejected_from_the_header(tmp_path):
    path = tmp_path / "ten-hours.flac"
    path.write_bytes(hc.flac_declaring_frames(10 * 3600 * 8000))
    with pytest.raises(InvalidInput, match=r"288000000 frames \(36000\.0 s\), over the 1200 s limit"):
        audio.probe(path)


@pytest.mark.parametrize("subtype", ["FLOAT", "DOUBLE"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_check_finite_names_the_first_non_finite_frame(tmp_path, subtype, value):
    samples = hc.tone(1.0, 48000, 2)
    samples[36000, 1] = value
    samples[40000, 0] = value
    path = tmp_path / "bad.wav"
    sf.write(path, samples, 48000, subtype=subtype)
    info = audio.probe(path)
    with pytest.raises(InvalidInput, match=r"NaN or infinite samples \(first at frame 36000, 0\.750 s\)"):
        audio.check_finite(path, info)


def test_check_finite_finds_a_sample_in_a_later_chunk(tmp_path):
    frames = (1 << 18) * 2 + 100
    samples = np.zeros((frames, 1), dtype=np.float32)
    samples[frames - 3, 0] = math.nan
    path = tmp_path / "late.wav"
    sf.write(path, samples, 44100, subtype="FLOAT")
    with pytest.raises(InvalidInput, match=f"first at frame {frames - 3},"):
        audio.check_finite(path, audio.probe(path))


def test_check_finite_passes_float_audio_beyond_full_scale_and_integer_files(tmp_path):
    loud = tmp_path / "loud.wav"
    sf.write(loud, hc.tone(0.5, 44100, 2, level=8.0), 44100, subtype="FLOAT")
    audio.check_finite(loud, audio.probe(loud))
    pcm = tmp_path / "pcm.wav"
    sf.write(pcm, hc.tone(0.5, 44100, 2), 44100, subtype="PCM_24")
    audio.check_finite(pcm, audio.probe(pcm))


def test_a_double_sample_beyond_float32_is_infinite_as_the_decoder_reads_it(tmp_path):
    samples = hc.tone(0.2, 44100, 1).astype(np.float64)
    samples[10, 0] = 1e300
    path = tmp_path / "huge.wav"
    sf.write(path, samples, 44100, subtype="DOUBLE")
    with pytest.raises(InvalidInput, match="first at frame 10,"):
        audio.check_finite(path, audio.probe(path))
    with pytest.raises(InvalidInput, match="NaN or infinite samples"):
        audio.read(path)
