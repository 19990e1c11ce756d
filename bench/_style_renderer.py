"""An independent renderer of the console's parameters, for the style benchmark's R2 references.

The same settings as the production console (:mod:`mixdown_mixing.console`) mean roughly the
same mix here, but every processor is another design, so a style search cannot win by
reproducing our own DSP:

- high-pass: a 2nd-order Butterworth magnitude; EQ: bells Gaussian in log frequency (width from
  Q as the RBJ bandwidth in octaves) and logistic shelves, all zero-phase by FFT (the console:
  minimum-phase biquads);
- compressor: RMS detector over 1.45 ms blocks, 6 dB soft knee, attack/release smoothing of the
  gain reduction, stereo-linked (the console: JUCE's per-channel peak compressor, hard knee);
- saturation: ``tanh`` blended by ``sat_mix``; the de-esser and the ducker are left out;
- pan: a linear balance law with 0 dB at centre for mono and stereo (the console: sin/cos,
  -3 dB centre for mono); width: M/S side gain;
- reverb: a synthetic stereo impulse response (decorrelated noise, RT60 0.4–3 s from the room
  size, high frequencies decaying faster with damping, the pre-delay) (the console: Freeverb);
  delay: ideal echoes at the note length with feedback, band-limited by Butterworth filters;
- mix bus: the RMS compressor as glue, then loudness normalisation to -14 LUFS and a ``tanh``
  soft clip, as a mastered reference would be (the console: its limiter).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import butter, lfilter, sosfiltfilt

from mixdown.dsp.loudness import integrated_loudness_lufs

REFERENCE_LUFS = -14.0
BLOCK_SAMPLES = 64
KNEE_DB = 6.0
PAD_SECONDS = 1.0


def _db_to_gain(db: float) -> float:
    return 10.0 ** (db / 20.0)


def _octaves_of_q(q: float) -> float:
    return 2.0 / math.log(2.0) * math.asinh(1.0 / (2.0 * q))


def _magnitude(p: dict[str, float], frequencies_hz: np.ndarray) -> np.ndarray:
    """The high-pass and EQ's magnitude response at ``frequencies_hz`` (linear)."""
    f = np.maximum(frequencies_hz, 1.0)
    db = np.zeros_like(f)
    for band in ("peak1", "peak2", "peak3"):
        octaves = np.log2(f / p[f"{band}_hz"])
        sigma = _octaves_of_q(p[f"{band}_q"]) / 2.355  # the bandwidth as the bell's full width at half height
        db += p[f"{band}_gain_db"] * np.exp(-0.5 * (octaves / sigma) ** 2)
    db += p["low_shelf_gain_db"] / (1.0 + np.exp(4.0 * np.log2(f / p["low_shelf_hz"])))
    db += p["high_shelf_gain_db"] / (1.0 + np.exp(-4.0 * np.log2(f / p["high_shelf_hz"])))
    highpass = 1.0 / np.sqrt(1.0 + (p["hpf_cutoff_hz"] / f) ** 4)
    return 10.0 ** (db / 20.0) * highpass


def _zero_phase(audio: np.ndarray, sample_rate_hz: int, p: dict[str, float]) -> np.ndarray:
    pad = int(PAD_SECONDS * sample_rate_hz)
    padded = np.pad(audio, ((0, 0), (pad, pad)))
    spectrum = np.fft.rfft(padded, axis=1)
    spectrum *= _magnitude(p, np.fft.rfftfreq(padded.shape[1], 1.0 / sample_rate_hz))
    return np.fft.irfft(spectrum, n=padded.shape[1], axis=1)[:, pad:-pad]


def _smooth(values: np.ndarray, up_coefficient: float, down_coefficient: float) -> np.ndarray:
    out = np.empty_like(values)
    state = 0.0
    for i, value in enumerate(values):
        c = up_coefficient if value > state else down_coefficient
        state = value + c * (state - value)
        out[i] = state
    return out


def rms_compressor(audio: np.ndarray, sample_rate_hz: int, threshold_db: float, ratio: float,
                   attack_ms: float, release_ms: float) -> np.ndarray:
    """Stereo-linked RMS compression with a soft knee (no make-up)."""
    if ratio <= 1.0:
        return audio
    blocks = audio.shape[1] // BLOCK_SAMPLES + 1
    padded = np.pad(audio, ((0, 0), (0, blocks * BLOCK_SAMPLES - audio.shape[1])))
    power = np.mean(padded.reshape(audio.shape[0], blocks, BLOCK_SAMPLES) ** 2, axis=(0, 2))
    level_db = 10.0 * np.log10(power + 1e-12)
    over = level_db - threshold_db
    slope = 1.0 - 1.0 / ratio
    reduction = np.where(over <= -KNEE_DB / 2, 0.0,
                         np.where(over >= KNEE_DB / 2, slope * over, slope * (over + KNEE_DB / 2) ** 2 / (2 * KNEE_DB)))
    block_rate = sample_rate_hz / BLOCK_SAMPLES
    attack = math.exp(-1.0 / (block_rate * attack_ms / 1000.0))
    release = math.exp(-1.0 / (block_rate * release_ms / 1000.0))
    smoothed = _smooth(reduction, attack, release)
    centres = (np.arange(blocks) + 0.5) * BLOCK_SAMPLES
    gain_db = np.interp(np.arange(audio.shape[1]), centres, -smoothed)
    return audio * 10.0 ** (gain_db / 20.0)


def _track(audio: np.ndarray, sample_rate_hz: int, p: dict[str, float]) -> np.ndarray:
    """One track's chain to its stereo output after fader, pan and width."""
    x = np.atleast_2d(audio).astype(np.float64) * _db_to_gain(p["input_gain_db"])
    x = _zero_phase(x, sample_rate_hz, p)
    x = rms_compressor(x, sample_rate_hz, p["comp_threshold_db"], p["comp_ratio"], p["comp_attack_ms"],
                       p["comp_release_ms"]) * _db_to_gain(p["comp_makeup_db"])
    if p["sat_mix"] > 0.0 and p["sat_drive_db"] > 0.0:
        drive = _db_to_gain(p["sat_drive_db"])
        x = (1.0 - p["sat_mix"]) * x + p["sat_mix"] * np.tanh(drive * x) / drive
    x = x * _db_to_gain(p["gain_db"])
    if x.shape[0] == 1:
        x = np.repeat(x, 2, axis=0)
    else:
        mid, side = (x[0] + x[1]) / 2.0, (x[0] - x[1]) / 2.0 * p["width_percent"] / 100.0
        x = np.stack([mid + side, mid - side])
    pan = p["pan"]
    return x * np.array([[min(1.0, 1.0 - pan)], [min(1.0, 1.0 + pan)]])


def _reverb(send: np.ndarray, sample_rate_hz: int, bus: dict[str, float], seed: int) -> np.ndarray:
    rt60_seconds = 0.4 + 2.6 * bus["reverb_room_size"]
    length = int(min(rt60_seconds, 3.0) * sample_rate_hz)
    t = np.arange(length) / sample_rate_hz
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((2, length))
    bright = noise * np.exp(-6.91 * t / rt60_seconds)
    dark_cut = 1500.0 + (1.0 - bus["reverb_damping"]) * 8000.0
    dark = lfilter(*butter(1, dark_cut / (sample_rate_hz / 2)), bright, axis=1)
    mix = np.exp(-t / (rt60_seconds / 3.0))  # the highs die first
    impulse = mix * bright + (1.0 - mix) * dark
    mid, side = impulse.mean(axis=0), (impulse[0] - impulse[1]) / 2.0 * bus["reverb_width"]
    impulse = np.stack([mid + side, mid - side])
    impulse *= 0.5 / math.sqrt(float(np.sum(impulse**2)) / 2.0)
    predelay = int(bus["reverb_predelay_ms"] / 1000.0 * sample_rate_hz)
    out = np.zeros_like(send)
    for channel in range(2):
        wet = np.fft.irfft(np.fft.rfft(send[channel], send.shape[1] + length) * np.fft.rfft(impulse[channel],
                                                                                             send.shape[1] + length))
        out[channel, predelay:] = wet[: send.shape[1] - predelay]
    return out * _db_to_gain(bus["reverb_return_db"])


def _delay(send: np.ndarray, sample_rate_hz: int, bus: dict[str, float]) -> np.ndarray:
    step = max(1, int(bus["delay_note"] * 60.0 / bus["bpm"] * sample_rate_hz))
    out = np.zeros_like(send)
    gain, offset = 1.0, step
    while offset < send.shape[1] and gain > 1e-3:
        out[:, offset:] += gain * send[:, : send.shape[1] - offset]
        gain *= bus["delay_feedback"]
        offset += step
    nyquist = sample_rate_hz / 2.0
    band = butter(2, [bus["delay_lowcut_hz"] / nyquist, min(bus["delay_highcut_hz"] / nyquist, 0.99)],
                  btype="band", output="sos")
    return sosfiltfilt(band, out, axis=1) * _db_to_gain(bus["delay_return_db"])


def render(tracks: list, sample_rate_hz: int, parameters: dict[str, dict[str, float]], seed: int = 0) -> np.ndarray:
    """The mix of ``tracks`` (objects with ``name`` and ``audio``) with the console's
    ``parameters``, by this module's processors: a (2, samples) float32 master at -14 LUFS."""
    length = max(np.atleast_2d(t.audio).shape[1] for t in tracks)
    mix = np.zeros((2, length))
    reverb_send, delay_send = np.zeros((2, length)), np.zeros((2, length))
    for track in tracks:
        p = parameters[track.name]
        if p["mute"] >= 0.5:
            continue
        out = _track(track.audio, sample_rate_hz, p)
        out = np.pad(out, ((0, 0), (0, length - out.shape[1])))
        mix += out
        if p["reverb_send_db"] > -60.0:
            reverb_send += out * _db_to_gain(p["reverb_send_db"])
        if p["delay_send_db"] > -60.0:
            delay_send += out * _db_to_gain(p["delay_send_db"])
    mix += _reverb(reverb_send, sample_rate_hz, {**parameters["reverb"]}, seed)
    mix += _delay(delay_send, sample_rate_hz, {**parameters["delay"]})
    bus = parameters["bus"]
    mix = rms_compressor(mix, sample_rate_hz, bus["glue_threshold_db"], bus["glue_ratio"], bus["glue_attack_ms"],
                         bus["glue_release_ms"]) * _db_to_gain(bus["glue_makeup_db"] + bus["trim_db"])
    loudness = integrated_loudness_lufs(mix, sample_rate_hz)
    if math.isfinite(loudness):
        mix *= _db_to_gain(REFERENCE_LUFS - loudness)
    return (0.98 * np.tanh(mix / 0.98)).astype(np.float32)
