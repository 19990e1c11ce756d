"""WAV writing with deterministic bytes: the same samples always write the same file.

:func:`write_wav` writes float32, 24-bit or 16-bit (TPDF-dithered from a fixed seed) WAV files
a chunk at a time, hashing the bytes as they go, under a temporary name renamed into place.
The bytes are those libsndfile writes for the same samples, less the PEAK chunk (which would
record the time of writing). :func:`pcm24_frames` gives the 24-bit integers to other encoders
(FLAC). Reading and checking files is :mod:`mixdown.audio`.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import numpy as np

from mixdown.dsp import as_audio
from mixdown.errors import InvalidInput

_CHUNK_FRAMES = 1 << 18
_DITHER_SEED = 0x4D495844


def _pcm16_dithered(audio: np.ndarray) -> np.ndarray:
    """16-bit integers (full scale 2**15) of ``audio`` with TPDF dither of +-1 LSB (the
    difference of two uniform variables from a fixed seed), rounded and clipped; float32
    arithmetic, exact to 1/256 LSB."""
    scale = np.float32(1 << 15)
    scaled = audio.astype(np.float32) * scale
    rng = np.random.default_rng(_DITHER_SEED)
    scaled += rng.random(scaled.shape, dtype=np.float32)
    scaled -= rng.random(scaled.shape, dtype=np.float32)
    np.round(scaled, out=scaled)
    return np.clip(scaled, -scale, scale - 1, out=scaled).astype(np.int16)


def pcm24_frames(audio: np.ndarray) -> Iterator[np.ndarray]:
    """``audio`` (channels, samples) float32 as 24-bit integers, rounded (half to even) and
    clipped at full scale 2**23, in interleaved (frames, channels) int32 chunks with the
    24 bits on top, as libsndfile takes them. Float32 arithmetic is exact here: scaling by
    2**23 only moves the exponent, and every integer up to 2**24 is a float32. Each chunk is
    overwritten by the next: write it before asking for another."""
    channels, samples = audio.shape
    size = min(_CHUNK_FRAMES, samples)
    scaled = np.empty((size, channels), dtype=np.float32)
    integers = np.empty((size, channels), dtype=np.int32)
    scale, top = np.float32(1 << 23), float(1 << 23)
    for start in range(0, samples, size):
        frames = min(size, samples - start)
        block, out = scaled[:frames], integers[:frames]
        with np.errstate(over="ignore"):  # a huge finite sample becomes inf, then full scale
            np.multiply(audio[:, start : start + frames].T, scale, out=block)
        np.rint(block, out=block)
        np.clip(block, -top, top - 1, out=block)
        np.copyto(out, block, casting="unsafe")
        out <<= 8
        yield out


def write_wav(
    path: Path | str,
    audio: np.ndarray,
    sample_rate_hz: int,
    bit_depth: Literal["float32", "24", "16"] = "float32",
) -> str:
    """Write (channels, samples) audio as a WAV file; returns the SHA-256 (hex) of its bytes.

    ``float32`` stores the samples unchanged (values beyond +-1 survive). ``24`` and
    ``16`` quantise to integers (full scale 2**23 and 2**15, clipping at +-1); ``16`` adds
    TPDF dither of +-1 LSB first, from a fixed seed so that the same input always writes
    the same file. The file is written under a temporary name and renamed into place, so a
    reader never sees a partial file.

    The bytes are those libsndfile writes for the same samples (``fmt `` chunk, and for
    float ``fact`` and the ``PAD `` it reserves for a PEAK chunk, which is left out: it
    would record the time of writing), produced here a chunk at a time and hashed as they
    are written.
    """
    audio = as_audio(audio, sample_rate_hz)
    if bit_depth not in ("float32", "24", "16"):
        raise InvalidInput(f"bit_depth must be 'float32', '24' or '16', got {bit_depth!r}")
    channels, frames = audio.shape
    bits = 32 if bit_depth == "float32" else int(bit_depth)
    header, pad = _wav_header(channels, sample_rate_hz, frames, bits, floating=bit_depth == "float32")
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    digest = hashlib.sha256()
    try:
        with open(partial, "wb") as out:
            for piece in itertools.chain([header], _wav_data(audio, bit_depth), [pad]):
                out.write(piece)
                digest.update(piece)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return digest.hexdigest()


def _wav_header(channels: int, sample_rate_hz: int, frames: int, bits: int, floating: bool) -> tuple[bytes, bytes]:
    """The bytes before the samples, and the pad byte after them when their count is odd
    (RIFF chunks have even sizes)."""
    block = channels * bits // 8
    data_bytes = frames * block
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 3 if floating else 1, channels, sample_rate_hz,
                      sample_rate_hz * block, block, bits)
    if floating:  # libsndfile's float layout: the frame count, then room for a PEAK chunk
        pad = 8 + 8 * channels
        fmt += struct.pack("<4sII", b"fact", 4, frames) + struct.pack("<4sI", b"PAD ", pad) + bytes(pad)
    body = b"WAVE" + fmt + struct.pack("<4sI", b"data", data_bytes)
    riff_bytes = len(body) + data_bytes + data_bytes % 2
    if riff_bytes > 0xFFFFFFFF:
        raise InvalidInput(f"{frames} frames of {channels} channels at {bits} bits exceed the 4 GiB a WAV file can hold")
    return struct.pack("<4sI", b"RIFF", riff_bytes) + body, bytes(data_bytes % 2)


def _wav_data(audio: np.ndarray, bit_depth: str) -> Iterator[memoryview]:
    """The interleaved little-endian sample bytes of a WAV ``data`` chunk, a chunk at a time."""
    if bit_depth == "24":
        for block in pcm24_frames(audio):  # the 24 bits sit in the top three bytes of each int32
            little = block.astype("<i4", copy=False)
            yield memoryview(np.ascontiguousarray(little.view(np.uint8).reshape(-1, 4)[:, 1:]))
        return
    interleaved = audio if bit_depth == "float32" else _pcm16_dithered(audio)
    dtype = "<f4" if bit_depth == "float32" else "<i2"
    for start in range(0, interleaved.shape[1], _CHUNK_FRAMES):
        block = interleaved[:, start : start + _CHUNK_FRAMES].T
        yield memoryview(np.ascontiguousarray(block, dtype=dtype))
