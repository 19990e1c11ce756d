"""Signals and reference measurements shared by the audio tests.

The reference meter is ffmpeg's ``ebur128`` filter (the static build that imageio-ffmpeg
ships), run on a file written to disk.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import soundfile as sf

_SUMMARY_INTEGRATED = re.compile(r"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf)\s*LUFS")
_SUMMARY_PEAK = re.compile(r"True peak:\s*Peak:\s*(-?[\d.]+|-inf)\s*dBFS")
_SUMMARY_RANGE = re.compile(r"Loudness range:\s*LRA:\s*([\d.]+)\s*LU")


def sine(
    frequency_hz: float,
    level_dbfs: float,
    duration_seconds: float,
    sample_rate_hz: int,
    channels: int = 1,
    phase_radians: float = 0.0,
    fade_seconds: float = 0.01,
) -> np.ndarray:
    """A sine of peak amplitude ``level_dbfs`` on every channel, float32 (channels, samples).

    Raised-cosine fades at both ends keep the onset from ringing (an abrupt start overshoots
    by up to 0.8 dB once band-limited, which every true-peak meter reports).
    """
    t = np.arange(round(duration_seconds * sample_rate_hz)) / sample_rate_hz
    tone = 10 ** (level_dbfs / 20) * np.sin(2 * np.pi * frequency_hz * t + phase_radians)
    fade = round(fade_seconds * sample_rate_hz)
    if fade:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade) / fade)
        tone[:fade] *= ramp
        tone[-fade:] *= ramp[::-1]
    return np.tile(tone.astype(np.float32), (channels, 1))


def pink_noise(duration_seconds: float, sample_rate_hz: int, channels: int = 1, seed: int = 0) -> np.ndarray:
    """Gaussian noise with a 1/f power spectrum, scaled to an RMS of -20 dBFS per channel."""
    rng = np.random.default_rng(seed)
    samples = round(duration_seconds * sample_rate_hz)
    spectrum = np.fft.rfft(rng.standard_normal((channels, samples)), axis=-1)
    frequency_hz = np.fft.rfftfreq(samples, 1 / sample_rate_hz)
    spectrum[:, 1:] /= np.sqrt(frequency_hz[1:])
    spectrum[:, 0] = 0
    noise = np.fft.irfft(spectrum, n=samples, axis=-1)
    noise *= 0.1 / np.sqrt(np.mean(noise**2, axis=-1, keepdims=True))
    return noise.astype(np.float32)


def write_float_wav(path: Path, audio: np.ndarray, sample_rate_hz: int) -> Path:
    """Write (channels, samples) audio as a 32-bit float WAV, unclipped and undithered."""
    sf.write(path, audio.T, sample_rate_hz, subtype="FLOAT")
    return path


def ffmpeg_ebur128_summary(path: Path) -> str:
    """The summary ffmpeg's ebur128 filter prints for ``path`` (true peak enabled)."""
    completed = subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-nostats",
            "-hide_banner",
            "-i",
            str(path),
            "-filter_complex",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return completed.stderr[completed.stderr.rfind("Summary:") :]


def _parse(pattern: re.Pattern[str], summary: str) -> float:
    match = pattern.search(summary)
    if match is None:
        raise ValueError(f"ffmpeg summary lacks {pattern.pattern!r}:\n{summary}")
    return float(match.group(1))


def ffmpeg_ebur128(path: Path) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBTP) as ffmpeg's ebur128 filter reports them."""
    summary = ffmpeg_ebur128_summary(path)
    return _parse(_SUMMARY_INTEGRATED, summary), _parse(_SUMMARY_PEAK, summary)


def ffmpeg_loudness_range_lu(path: Path) -> float:
    """Loudness range in LU as ffmpeg's ebur128 filter reports it."""
    return _parse(_SUMMARY_RANGE, ffmpeg_ebur128_summary(path))


def dominant_frequency_hz(audio: np.ndarray, sample_rate_hz: int) -> float:
    """Frequency of the largest bin of the Hann-windowed spectrum of the first channel,
    refined by parabolic interpolation of the log magnitude."""
    signal = audio[0].astype(np.float64)
    magnitude = np.abs(np.fft.rfft(signal * np.hanning(signal.size)))
    peak = int(np.argmax(magnitude[1:-1])) + 1
    left, centre, right = np.log(magnitude[peak - 1 : peak + 2] + 1e-30)
    offset = 0.5 * (left - right) / (left - 2 * centre + right)
    return (peak + offset) * sample_rate_hz / signal.size
