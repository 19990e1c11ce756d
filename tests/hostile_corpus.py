"""Hostile, broken and odd audio files, generated in memory (nothing binary is committed).

Each builder returns the file's bytes. Well-formed files come from soundfile (libsndfile);
crafted WAV headers are packed by hand so that they can lie about channels, sample rate,
sample format or data size.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

import numpy as np
import soundfile as sf

WAVE_FORMAT_PCM = 1
WAVE_FORMAT_IEEE_FLOAT = 3


def tone(seconds: float, sample_rate_hz: int, channels: int, level: float = 0.3, frequency_hz: float = 440.0,
         ) -> np.ndarray:
    """A sine of ``level`` (peak, linear) as (frames, channels) float32, each channel a little detuned."""
    t = np.arange(round(seconds * sample_rate_hz)) / sample_rate_hz
    columns = [level * np.sin(2 * np.pi * (frequency_hz + 7.0 * c) * t) for c in range(channels)]
    return np.stack(columns, axis=1).astype(np.float32)


def encoded(samples: np.ndarray, sample_rate_hz: int, container: str, subtype: str | None = None) -> bytes:
    """``samples`` (frames, channels) encoded by libsndfile as WAV, FLAC, MP3, AIFF or OGG."""
    buffer = io.BytesIO()
    sf.write(buffer, samples, sample_rate_hz, format=container, subtype=subtype)
    return buffer.getvalue()


def wav(seconds: float = 1.0, sample_rate_hz: int = 44100, channels: int = 2, subtype: str = "PCM_16",
        level: float = 0.3) -> bytes:
    return encoded(tone(seconds, sample_rate_hz, channels, level), sample_rate_hz, "WAV", subtype)


def flac(seconds: float = 1.0, sample_rate_hz: int = 44100, channels: int = 2) -> bytes:
    return encoded(tone(seconds, sample_rate_hz, channels), sample_rate_hz, "FLAC", "PCM_16")


def mp3(seconds: float = 2.0, sample_rate_hz: int = 44100, channels: int = 2) -> bytes:
    return encoded(tone(seconds, sample_rate_hz, channels), sample_rate_hz, "MP3", "MPEG_LAYER_III")


def riff_wav(*, channels: int, sample_rate_hz: int, bits: int = 16, data: bytes = b"",
             declared_data_bytes: int | None = None, format_tag: int = WAVE_FORMAT_PCM) -> bytes:
    """A canonical 44-byte WAV header followed by ``data``; the header may declare any values."""
    block_align = channels * bits // 8
    byte_rate = (sample_rate_hz * block_align) & 0xFFFFFFFF
    fmt = struct.pack("<HHIIHH", format_tag, channels, sample_rate_hz, byte_rate, block_align, bits)
    data_bytes = len(data) if declared_data_bytes is None else declared_data_bytes
    riff_bytes = min(4 + 8 + len(fmt) + 8 + data_bytes, 0xFFFFFFFF)
    return (b"RIFF" + struct.pack("<I", riff_bytes) + b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", data_bytes) + data)


def float_wav_with(value: float, seconds: float = 0.5, sample_rate_hz: int = 48000, channels: int = 2) -> bytes:
    """A 32-bit float WAV of a tone with one sample set to ``value`` (NaN, +inf, -inf) midway."""
    samples = tone(seconds, sample_rate_hz, channels)
    samples[len(samples) // 2, channels - 1] = value
    return encoded(samples, sample_rate_hz, "WAV", "FLOAT")


def cut(data: bytes, fraction: float) -> bytes:
    """The first ``fraction`` of ``data``."""
    return data[: int(len(data) * fraction)]


def wav_chunk(data: bytes, chunk_id: bytes) -> int:
    """Offset of ``chunk_id``'s header in a RIFF file."""
    offset = 12
    while offset + 8 <= len(data):
        size = struct.unpack_from("<I", data, offset + 4)[0]
        if data[offset:offset + 4] == chunk_id:
            return offset
        offset += 8 + size + (size & 1)
    raise ValueError(f"no {chunk_id!r} chunk")


def flac_declaring_frames(frames: int, seconds: float = 0.5, sample_rate_hz: int = 8000) -> bytes:
    """A short, valid FLAC whose STREAMINFO declares ``frames`` samples per channel."""
    data = bytearray(flac(seconds, sample_rate_hz, 1))
    if data[:4] != b"fLaC" or data[4] & 0x7F != 0:
        raise ValueError("expected STREAMINFO as the first metadata block")
    # STREAMINFO starts at byte 8; its bytes 10..17 hold rate (20 bits), channels - 1 (3),
    # bits - 1 (5) and the total sample count (36 bits), big-endian.
    packed = int.from_bytes(data[18:26], "big")
    packed = (packed & ~((1 << 36) - 1)) | (frames & ((1 << 36) - 1))
    data[18:26] = packed.to_bytes(8, "big")
    return bytes(data)


def with_chunk_before_data(wav_bytes: bytes, chunk_id: bytes, payload: bytes) -> bytes:
    """``wav_bytes`` with an extra chunk (odd sizes get their pad byte) inserted before ``data``."""
    offset = wav_chunk(wav_bytes, b"data")
    chunk = chunk_id + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) & 1 else b"")
    out = bytearray(wav_bytes[:offset] + chunk + wav_bytes[offset:])
    struct.pack_into("<I", out, 4, len(out) - 8)
    return bytes(out)


BOUNDARY = "hostile-corpus-boundary"


@dataclass(frozen=True)
class Part:
    """One multipart part; ``filename`` is written as given (quotes escaped, nothing else)."""

    name: str
    data: bytes = b""
    filename: str | None = None
    content_type: str | None = None


def multipart(parts: list[Part], boundary: str = BOUNDARY, charset: str = "utf-8") -> bytes:
    """A multipart/form-data body of ``parts``, byte for byte as a careless client would write it."""
    out = bytearray()
    for part in parts:
        disposition = f'form-data; name="{part.name}"'
        if part.filename is not None:
            disposition += '; filename="' + part.filename.replace('"', '\\"') + '"'
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode(charset, "surrogateescape")
        if part.content_type is not None:
            out += f"Content-Type: {part.content_type}\r\n".encode()
        out += b"\r\n" + part.data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out)


def content_type(boundary: str = BOUNDARY) -> str:
    return f"multipart/form-data; boundary={boundary}"
