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


# ---------------------------------------------------------------------------------------------
# Programme material for mastering tests (deterministic, float32 (2, samples))
# ---------------------------------------------------------------------------------------------


def song(duration_seconds: float, sample_rate_hz: int, seed: int = 0) -> np.ndarray:
    """A vocal over a beat: :func:`mixdown_dev.examples.beat` plus the centred vocal line."""
    from mixdown_dev import examples

    vocal = examples.vocal_like(duration_seconds, sample_rate_hz, seed=seed)
    return (examples.beat(duration_seconds, sample_rate_hz, seed=seed) + 0.7 * vocal).astype(np.float32)


def piano_like(duration_seconds: float, sample_rate_hz: int, seed: int = 0) -> np.ndarray:
    """A dynamic piano-like line: struck harmonic notes decaying over 1-2 s, velocities
    spread over 24 dB (pianissimo to forte), slightly spread in stereo."""
    rng = np.random.default_rng(seed)
    samples = round(duration_seconds * sample_rate_hz)
    out = np.zeros((2, samples))
    t_note = np.arange(round(2.0 * sample_rate_hz)) / sample_rate_hz
    position = 0
    while position < samples:
        frequency_hz = 110.0 * 2 ** (rng.integers(0, 36) / 12)
        velocity = 10 ** (rng.uniform(-24.0, 0.0) / 20)
        note = sum(
            (0.6**k) * np.sin(2 * np.pi * frequency_hz * (k + 1) * t_note) * np.exp(-t_note * (1.5 + k))
            for k in range(6)
            if frequency_hz * (k + 1) < 0.45 * sample_rate_hz
        )
        note *= velocity * np.minimum(t_note / 0.003, 1.0)
        pan = rng.uniform(-0.4, 0.4)
        end = min(position + note.size, samples)
        out[0, position:end] += np.cos((pan + 1) * np.pi / 4) * note[: end - position]
        out[1, position:end] += np.sin((pan + 1) * np.pi / 4) * note[: end - position]
        position += round(rng.uniform(0.15, 0.6) * sample_rate_hz)
    return (0.5 * out / np.abs(out).max()).astype(np.float32)


def bass_heavy(duration_seconds: float, sample_rate_hz: int, seed: int = 0) -> np.ndarray:
    """Sub-heavy club material: a 45-60 Hz sine bass with long notes, a kick on every beat
    at 128 BPM and quiet, wide hi-hats."""
    rng = np.random.default_rng(seed)
    samples = round(duration_seconds * sample_rate_hz)
    t = np.arange(samples) / sample_rate_hz
    beat = 60.0 / 128.0
    note = (t // (2 * beat)).astype(int)
    bass_hz = np.array([45.0, 55.0, 49.0, 60.0])[note % 4]
    bass = 0.6 * np.sin(2 * np.pi * np.cumsum(bass_hz) / sample_rate_hz) * (0.7 + 0.3 * np.cos(np.pi * t / beat) ** 2)
    phase = t % beat
    kick = np.sin(2 * np.pi * (50 * phase + 100 * 0.03 * (1 - np.exp(-phase / 0.03)))) * np.exp(-phase / 0.12)
    hats = rng.standard_normal((2, samples)) * np.exp(-((t + beat / 2) % (beat / 2)) / 0.01) * 0.05
    hats = np.diff(hats, axis=1, prepend=0.0)
    mono = bass + 0.8 * kick
    return (0.5 * (np.stack([mono, mono]) + hats) / np.abs(mono).max()).astype(np.float32)
