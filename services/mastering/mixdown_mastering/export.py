"""Deliverables: WAV 24-bit, WAV 16-bit with TPDF dither, FLAC 24-bit and MP3 320 kbps.

Each file is written, then decoded again and measured (:func:`verify`), so that what a job
reports is what the listener gets: quantisation, dither, and above all MP3 encoding change
the true peak (an MP3 decoder reconstructs peaks the encoder's filter bank created). The
MP3 is therefore encoded from a master limited to a lower ceiling (see
:func:`mixdown_mastering.core.lossy_master`) and checked after decoding.

WAV and FLAC go through libsndfile (:func:`mixdown.wav.write_wav`, ``soundfile``); MP3
through pedalboard's LAME writer (constant 320 kbps), and is decoded with libmpg123, which
honours the encoder delay and padding LAME records, so the decoded file lines up with the
master sample for sample.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from pedalboard.io import AudioFile

from mixdown import audio as audio_io
from mixdown import wav
from mixdown.dsp import as_audio
from mixdown.dsp.limiter import refined_true_peak_dbtp
from mixdown.dsp.loudness import measure
from mixdown.dsp.truepeak import true_peak_gain_bound
from mixdown.errors import InvalidInput
from mixdown.stageio import sha256_file

FORMATS = ("wav24", "wav16", "flac", "mp3")
CONTENT_TYPES = {"wav24": "audio/wav", "wav16": "audio/wav", "flac": "audio/flac", "mp3": "audio/mpeg"}
STORED_FORMATS = {"wav24": "wav-24", "wav16": "wav-16", "flac": "flac-24", "mp3": "mp3-320"}
MP3_BITRATE_KBPS = 320
MP3_SAMPLE_RATES_HZ = (32000, 44100, 48000)


def check_formats(formats: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The requested formats in delivery order (all when None or empty); wav24 always included."""
    if not formats:
        return FORMATS
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InvalidInput(f"unknown export format(s) {', '.join(map(repr, unknown))}; known: {', '.join(FORMATS)}")
    wanted = {"wav24", *formats}
    return tuple(f for f in FORMATS if f in wanted)


def _replace_atomically(path: Path, write) -> Path:
    partial = path.with_name(f".{path.name}.partial{path.suffix}")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def write_flac(path: Path | str, audio: np.ndarray, sample_rate_hz: int) -> Path:
    """24-bit FLAC (lossless: the same samples as the 24-bit WAV)."""
    audio = as_audio(audio, sample_rate_hz)

    def write(target: Path) -> None:
        with sf.SoundFile(str(target), "w", sample_rate_hz, audio.shape[0], subtype="PCM_24", format="FLAC") as out:
            for chunk in wav.pcm24_frames(audio):
                out.write(chunk)

    return _replace_atomically(Path(path), write)


def write_mp3(path: Path | str, audio: np.ndarray, sample_rate_hz: int, bitrate_kbps: int = MP3_BITRATE_KBPS) -> Path:
    """Constant-bitrate MP3 through LAME (pedalboard)."""
    audio = as_audio(audio, sample_rate_hz)
    if sample_rate_hz not in MP3_SAMPLE_RATES_HZ:
        raise InvalidInput(f"MP3 needs 32, 44.1 or 48 kHz audio, got {sample_rate_hz} Hz")

    def write(target: Path) -> None:
        with AudioFile(str(target), "w", sample_rate_hz, audio.shape[0], quality=bitrate_kbps) as out:
            out.write(audio)

    return _replace_atomically(Path(path), write)


def write(fmt: str, path: Path | str, audio: np.ndarray, sample_rate_hz: int) -> Path:
    """Write ``audio`` as one of :data:`FORMATS` to ``path``."""
    if fmt == "wav24":
        wav.write_wav(path, audio, sample_rate_hz, bit_depth="24")
    elif fmt == "wav16":
        wav.write_wav(path, audio, sample_rate_hz, bit_depth="16")
    elif fmt == "flac":
        write_flac(path, audio, sample_rate_hz)
    elif fmt == "mp3":
        write_mp3(path, audio, sample_rate_hz)
    else:
        raise InvalidInput(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    return Path(path)


def write_hashed(fmt: str, path: Path | str, audio: np.ndarray, sample_rate_hz: int) -> str:
    """:func:`write`, returning the SHA-256 (hex) of the file (a WAV is hashed as it is written)."""
    if fmt in ("wav24", "wav16"):
        return wav.write_wav(path, audio, sample_rate_hz, bit_depth=fmt[3:])
    return sha256_file(write(fmt, path, audio, sample_rate_hz))


@dataclass(frozen=True)
class Delivered:
    """A delivered file as decoded and measured."""

    format: str
    path: str
    sample_rate_hz: int
    channels: int
    frames: int
    size_bytes: int
    integrated_lufs: float
    true_peak_dbtp: float
    refined_true_peak_dbtp: float
    sample_peak_dbfs: float

    def to_dict(self) -> dict:
        return asdict(self)


# How far quantisation can move a peak: 1.5 LSB at 16 bits (rounding and +-1 LSB of
# dither), 0.5 LSB at 24, relative to full scale.
_QUANTISATION_PEAK = {"wav16": 1.5 * 2.0**-15, "wav24": 0.5 * 2.0**-23, "flac": 0.5 * 2.0**-23}


def verify(fmt: str, path: Path | str, master_refined_peak_dbtp: float | None = None) -> Delivered:
    """Decode ``path`` and measure it: BS.1770-4 loudness and true peak, and the true peak on
    the refined grid the limiter uses (:func:`mixdown.dsp.limiter.refined_true_peak_dbtp`).

    For a lossless file of a master whose refined true peak is known
    (``master_refined_peak_dbtp``), the refined peak is that peak plus the most quantisation
    can add (the interpolator's gain bound times the largest sample change), or the file's
    own true peak if higher; a lossy file is measured on the refined grid.
    """
    path = Path(path)
    decoded, rate = audio_io.read(path)
    report = measure(decoded, rate)
    if master_refined_peak_dbtp is not None and fmt in _QUANTISATION_PEAK:
        bound = 10 ** (master_refined_peak_dbtp / 20) + true_peak_gain_bound(rate, 3) * _QUANTISATION_PEAK[fmt]
        refined = max(report.true_peak_dbtp, 20 * math.log10(bound))
    else:
        refined = refined_true_peak_dbtp(decoded, rate)
    return Delivered(
        format=fmt, path=str(path), sample_rate_hz=rate, channels=int(decoded.shape[0]), frames=int(decoded.shape[1]),
        size_bytes=path.stat().st_size, integrated_lufs=report.integrated_lufs,
        true_peak_dbtp=report.true_peak_dbtp, refined_true_peak_dbtp=refined,
        sample_peak_dbfs=report.sample_peak_dbfs,
    )
