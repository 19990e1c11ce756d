"""Audio file I/O: headers are checked before anything is decoded.

Decoders allocate what a header declares: pedalboard, asked for a crafted 100-byte WAV
whose data chunk claims 2 GiB, prepares to read half a billion frames. :func:`probe`
therefore reads the header with libsndfile (through soundfile) and the decoder's own view
of it (pedalboard opens a file without decoding), and rejects anything outside
:class:`AudioLimits` or inconsistent with the file size. A compressed file must also decode
at the end its header declares: a FLAC or MP3 cut short would otherwise decode to silence
where its end is missing. :func:`read` probes, then decodes in bounded chunks, so memory
follows what actually decodes. :func:`check_finite` scans a float file for NaN or infinite
samples without holding it whole. Writing WAV files is :mod:`mixdown.wav`.

Decoding uses pedalboard for WAV, AIFF, FLAC and Ogg Vorbis. MP3 is decoded with
soundfile (libmpg123): it honours the encoder delay and padding recorded by LAME, whereas
pedalboard returns them as about 1100 samples of leading silence, which would shift an MP3
stem against its WAV siblings. Both paths resample with pedalboard's streaming resampler,
the one behind ``AudioFile.resampled_to``.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from pedalboard.io import AudioFile, StreamResampler

from mixdown.dsp import as_audio
from mixdown.errors import InvalidInput

SUPPORTED_FORMATS = "WAV, AIFF, FLAC, Ogg Vorbis or MP3"
_CONTAINERS = {"WAV", "WAVEX", "AIFF", "FLAC", "OGG", "MP3"}
_UNCOMPRESSED_CONTAINERS = {"WAV", "WAVEX", "AIFF"}
_FLOAT_SUBTYPES = {"FLOAT", "DOUBLE"}
_BYTES_PER_SAMPLE = {
    "PCM_S8": 1,
    "PCM_U8": 1,
    "ULAW": 1,
    "ALAW": 1,
    "PCM_16": 2,
    "PCM_24": 3,
    "PCM_32": 4,
    "FLOAT": 4,
    "DOUBLE": 8,
}
_INTEGER_BITS = {"int8": 8, "int16": 16, "int24": 24, "int32": 32}
_SIZE_SLACK_BYTES = 4096
_CHUNK_FRAMES = 1 << 18
_TAIL_FRAMES = 4096
_WAV_HEADER_SCAN_BYTES = 1 << 16
_WAV_SAMPLE_FORMAT_TAGS = {0x0001, 0x0003, 0xFFFE}  # PCM, IEEE float, extensible


@dataclass(frozen=True)
class AudioInfo:
    """What a file's header says, once it has passed :func:`probe`."""

    format: str
    subtype: str
    sample_rate_hz: int
    channels: int
    frames: int
    duration_seconds: float


@dataclass(frozen=True)
class AudioLimits:
    """Bounds an input file must respect before it is decoded."""

    max_channels: int = 2
    min_sample_rate_hz: int = 8000
    max_sample_rate_hz: int = 192000
    max_duration_seconds: float = 1200.0


DEFAULT_LIMITS = AudioLimits()


def _reject(path: Path, problem: str) -> InvalidInput:
    return InvalidInput(f"{path.name}: {problem}")


def probe(path: Path | str, limits: AudioLimits = DEFAULT_LIMITS) -> AudioInfo:
    """Read and check the header of ``path`` without decoding any audio.

    Raises InvalidInput naming the problem: missing or empty file, not a recognised audio
    format, an unsupported codec, a channel count or sample rate outside ``limits`` (for a
    WAV, as its ``fmt `` chunk declares them, zero included), no frames, a duration over
    ``limits.max_duration_seconds`` (as libsndfile counts it or as the decoder's header
    declares it), an uncompressed file whose header declares more sample data than the file
    holds, or a compressed file whose last declared frames do not decode (it is truncated).
    """
    path = Path(path)
    if not path.is_file():
        raise _reject(path, "no such audio file")
    size_bytes = path.stat().st_size
    if size_bytes == 0:
        raise _reject(path, "the file is empty (0 bytes)")
    _check_wav_format(path, limits)
    try:
        header = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError) as error:
        raise _reject(path, f"not a recognised audio format (expected {SUPPORTED_FORMATS}): {error}") from None

    container, subtype = header.format, header.subtype
    if container not in _CONTAINERS or (container == "OGG" and subtype != "VORBIS"):
        raise _reject(path, f"{container}/{subtype} audio is not supported (expected {SUPPORTED_FORMATS})")
    channels, sample_rate_hz, frames = header.channels, int(header.samplerate), int(header.frames)
    _check_layout(path, channels, sample_rate_hz, limits)
    if frames <= 0:
        raise _reject(path, "the file contains no audio frames")
    _check_duration(path, frames, sample_rate_hz, limits)
    if container != "MP3":
        _check_decoder_header(path, size_bytes, container, subtype, channels, sample_rate_hz, limits)
    if container not in _UNCOMPRESSED_CONTAINERS:
        _check_tail(path, container, frames, sample_rate_hz)
    return AudioInfo(container, subtype, sample_rate_hz, channels, frames, frames / sample_rate_hz)


def _check_layout(path: Path, channels: int, sample_rate_hz: int, limits: AudioLimits) -> None:
    if not 1 <= channels <= limits.max_channels:
        raise _reject(path, f"{channels} channels; 1 to {limits.max_channels} are accepted")
    if not limits.min_sample_rate_hz <= sample_rate_hz <= limits.max_sample_rate_hz:
        raise _reject(
            path,
            f"sample rate {sample_rate_hz} Hz is outside {limits.min_sample_rate_hz}..{limits.max_sample_rate_hz} Hz",
        )


def _check_wav_format(path: Path, limits: AudioLimits) -> None:
    """Check the ``fmt `` chunk of a RIFF/WAVE file as declared, before libsndfile reads it.

    libsndfile refuses a header declaring 0 channels, 0 Hz or 0 bits per PCM or float sample
    with a message about its own state; this names the declared value instead. Files that are not
    RIFF/WAVE, or whose ``fmt `` chunk is not within the first 64 KiB, are left to libsndfile.
    """
    with path.open("rb") as handle:
        head = handle.read(_WAV_HEADER_SCAN_BYTES)
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RIFX") or head[8:12] != b"WAVE":
        return
    order = "<" if head[:4] == b"RIFF" else ">"
    offset = 12
    while offset + 8 <= len(head):
        chunk_id = head[offset:offset + 4]
        (chunk_bytes,) = struct.unpack_from(order + "I", head, offset + 4)
        if chunk_id == b"fmt ":
            if chunk_bytes < 16 or offset + 24 > len(head):
                return
            format_tag, channels, sample_rate_hz, _, _, bits = struct.unpack_from(order + "HHIIHH", head, offset + 8)
            _check_layout(path, channels, sample_rate_hz, limits)
            if bits == 0 and format_tag in _WAV_SAMPLE_FORMAT_TAGS:  # codecs such as GSM 6.10 declare 0
                raise _reject(path, "the WAV header declares 0 bits per sample")
            return
        offset += 8 + chunk_bytes + (chunk_bytes & 1)


def _check_tail(path: Path, container: str, frames: int, sample_rate_hz: int) -> None:
    """Decode the last frames the header declares (libsndfile seeks there)."""
    tail_frames = min(frames, _TAIL_FRAMES)
    try:
        with sf.SoundFile(str(path)) as source:
            source.seek(frames - tail_frames)
            decoded_frames = len(source.read(tail_frames, dtype="float32"))
    except (sf.LibsndfileError, RuntimeError, ValueError):
        decoded_frames = 0
    if decoded_frames < tail_frames:
        raise _reject(
            path,
            f"the header declares {frames} frames ({frames / sample_rate_hz:.1f} s) but the {container} stream "
            "ends before them; the file is truncated or corrupt",
        )


def _check_duration(path: Path, frames: int, sample_rate_hz: int, limits: AudioLimits) -> None:
    duration_seconds = frames / sample_rate_hz
    if duration_seconds > limits.max_duration_seconds:
        raise _reject(
            path,
            f"the header declares {frames} frames ({duration_seconds:.1f} s), "
            f"over the {limits.max_duration_seconds:g} s limit",
        )


def _check_decoder_header(
    path: Path,
    size_bytes: int,
    container: str,
    subtype: str,
    channels: int,
    sample_rate_hz: int,
    limits: AudioLimits,
) -> None:
    """Check the header as pedalboard reads it: the frame count it would trust."""
    try:
        with AudioFile(str(path)) as decoder:
            declared_frames = int(decoder.frames)
            decoder_channels, decoder_rate_hz = decoder.num_channels, int(decoder.samplerate)
    except (ValueError, RuntimeError) as error:
        raise _reject(path, f"the {container} decoder cannot open the file: {error}") from None
    if (decoder_channels, decoder_rate_hz) != (channels, sample_rate_hz):
        raise _reject(
            path,
            f"inconsistent header: {channels} channels at {sample_rate_hz} Hz for libsndfile, "
            f"{decoder_channels} at {decoder_rate_hz} Hz for the decoder",
        )
    if container in _UNCOMPRESSED_CONTAINERS and subtype in _BYTES_PER_SAMPLE:
        declared_bytes = declared_frames * channels * _BYTES_PER_SAMPLE[subtype]
        if declared_bytes > size_bytes + _SIZE_SLACK_BYTES:
            raise _reject(
                path,
                f"the header declares {declared_frames} frames ({declared_frames / sample_rate_hz:.1f} s, "
                f"{declared_bytes} bytes of {subtype} samples) but the file holds only {size_bytes} bytes; "
                "it is truncated or its header is corrupt",
            )
    _check_duration(path, declared_frames, sample_rate_hz, limits)


def check_finite(path: Path | str, info: AudioInfo) -> None:
    """Raise InvalidInput when a float file (32- or 64-bit WAV or AIFF) holds a NaN or an
    infinite sample, naming the first frame. Integer and compressed formats cannot hold
    either, so only float files are read, in chunks of 2**18 frames."""
    path = Path(path)
    if info.subtype not in _FLOAT_SUBTYPES:
        return
    frame = 0
    for block in sf.blocks(str(path), blocksize=_CHUNK_FRAMES, dtype="float32", always_2d=True,
                           frames=info.frames):
        finite = np.isfinite(block)
        if not finite.all():
            first = frame + int(np.argmin(finite.all(axis=1)))
            raise _reject(
                path,
                f"the audio contains NaN or infinite samples (first at frame {first}, "
                f"{first / info.sample_rate_hz:.3f} s)",
            )
        frame += len(block)


# Subtypes libsndfile decodes exactly as this module reads them: 16- and 24-bit integers over
# full scale 2**(bits-1) (exact in float32), float as it is.
_DIRECT_SUBTYPES = {"PCM_16", "PCM_24", "FLOAT"}


def _decoded_chunks(path: Path, info: AudioInfo) -> Iterator[np.ndarray]:
    if info.subtype in _DIRECT_SUBTYPES and info.format in _UNCOMPRESSED_CONTAINERS | {"FLAC"}:
        with sf.SoundFile(str(path)) as source:
            remaining = info.frames
            while remaining > 0:
                block = source.read(min(_CHUNK_FRAMES, remaining), dtype="float32", always_2d=True)
                if block.shape[0] == 0:
                    return
                remaining -= block.shape[0]
                yield np.ascontiguousarray(block.T)
        return
    if info.format == "MP3":
        for block in sf.blocks(str(path), blocksize=_CHUNK_FRAMES, dtype="float32", always_2d=True):
            yield np.ascontiguousarray(block.T)
        return
    with AudioFile(str(path)) as decoder:
        bits = _INTEGER_BITS.get(str(decoder.file_dtype))
        remaining = info.frames
        while remaining > 0:
            block = decoder.read(min(_CHUNK_FRAMES, remaining))
            if block.shape[1] == 0:
                return
            remaining -= block.shape[1]
            yield block if bits is None else _rescaled(block, bits)


def _rescaled(block: np.ndarray, bits: int) -> np.ndarray:
    """pedalboard divides integer samples by 2**(bits-1) - 1; libsndfile, ffmpeg and
    :func:`write_wav` use 2**(bits-1), so that -1.0 is the most negative integer. Rescale
    (exactly, by recovering the integers, up to 24 bits)."""
    top = float(1 << (bits - 1))
    if bits > 24:
        return block * np.float32((top - 1) / top)
    return (np.rint(block.astype(np.float64) * (top - 1)) / top).astype(np.float32)


def _resampled(chunks: Iterator[np.ndarray], source_hz: int, target_hz: int, channels: int) -> Iterator[np.ndarray]:
    resampler = StreamResampler(source_hz, target_hz, channels)
    for chunk in chunks:
        yield resampler.process(chunk)
    yield resampler.process()


def _finite(path: Path, chunks: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
    for chunk in chunks:
        if not np.isfinite(chunk).all():
            raise _reject(path, "the audio contains NaN or infinite samples")
        yield chunk


def read(
    path: Path | str,
    sample_rate_hz: int | None = None,
    limits: AudioLimits = DEFAULT_LIMITS,
) -> tuple[np.ndarray, int]:
    """Decode ``path`` to float32 (channels, frames) and return it with its sample rate.

    The file is probed first (see :func:`probe`). With ``sample_rate_hz`` set and
    different from the file's rate, the audio is resampled (pedalboard's windowed-sinc
    streaming resampler). Decoding runs in chunks of 2**18 frames and stops at the frames
    libsndfile counts in the file (a truncated WAV reads short rather than padded with
    silence). Integer samples map to [-1, 1) with full scale 2**(bits-1), as libsndfile
    and ffmpeg read them. Raises InvalidInput for NaN or infinite samples.
    """
    path = Path(path)
    info = probe(path, limits)
    target_hz = info.sample_rate_hz if sample_rate_hz is None else sample_rate_hz
    if isinstance(target_hz, bool) or not isinstance(target_hz, int):
        raise InvalidInput(f"sample_rate_hz must be an integer, got {sample_rate_hz!r}")
    if not limits.min_sample_rate_hz <= target_hz <= limits.max_sample_rate_hz:
        raise InvalidInput(
            f"sample_rate_hz {target_hz} is outside {limits.min_sample_rate_hz}..{limits.max_sample_rate_hz} Hz"
        )

    chunks = _finite(path, _decoded_chunks(path, info))
    if target_hz != info.sample_rate_hz:
        chunks = _resampled(chunks, info.sample_rate_hz, target_hz, info.channels)
    max_frames = math.ceil(limits.max_duration_seconds * target_hz) + _CHUNK_FRAMES
    parts: list[np.ndarray] = []
    decoded_frames = 0
    for chunk in chunks:
        decoded_frames += chunk.shape[1]
        if decoded_frames > max_frames:
            raise _reject(path, f"decodes to more than {limits.max_duration_seconds:g} s of audio")
        parts.append(chunk)
    if decoded_frames == 0:
        raise _reject(path, "no audio frames could be decoded")
    audio = np.concatenate(parts, axis=1) if len(parts) > 1 else parts[0]
    return np.ascontiguousarray(audio, dtype=np.float32), target_hz


def to_channels(audio: np.ndarray, channels: int) -> np.ndarray:
    """Convert between mono and stereo: mono is duplicated to both channels (so it reads
    3 LU louder by BS.1770), stereo is averaged to mono. Same-count input is copied."""
    audio = as_audio(audio)
    if channels not in (1, 2):
        raise InvalidInput(f"channels must be 1 or 2, got {channels!r}")
    current = audio.shape[0]
    if current == channels:
        return audio.copy()
    if current == 1:
        return np.repeat(audio, 2, axis=0)
    if current == 2:
        return audio.mean(axis=0, keepdims=True, dtype=np.float32)
    raise InvalidInput(f"cannot convert {current} channels to {channels}; only mono and stereo convert")
