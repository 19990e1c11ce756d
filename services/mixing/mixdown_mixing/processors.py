"""The console's track processors: pure functions ``fn(audio, sample_rate_hz, **params) -> audio``.

Audio is float32 shaped (channels, samples) with one or two channels; no function changes its
input unless asked to (``in_place``). The high-pass, the EQ and the compressor are pedalboard's
(JUCE) processors, built here as plugin lists a console runs in one board; the saturation and
pan/width are numpy, vectorised over chunks (no per-sample Python loops). Parameter names and
units are those of :mod:`mixdown.mixparams`, without the processor prefix.

The other processors, in signal order after these: the band dynamics (de-esser, ducker) in
:mod:`.dynamics`, the reverb, the tempo delay and the mix bus's limiter in :mod:`.buses`.

Filter corners above ``MAX_CORNER_RATIO`` x the sample rate are set to that (:func:`corner_hz`),
so every table value works at every rate from 22.05 kHz up.
"""

from __future__ import annotations

import math

import numpy as np
import pedalboard as pb
from scipy.signal import sosfreqz

MAX_CORNER_RATIO = 0.45
# Two identical first-order high-passes at this fraction of the corner (prewarped) are 3 dB down
# at the corner: |H|^2 = (t^2 / (1 + t^2))^2 = 1/2 gives t^2 = 1 + sqrt(2).
_HPF_WARP = math.sqrt(1.0 + math.sqrt(2.0))
# Processors that work a chunk at a time keep their temporaries this long (samples).
CHUNK_SAMPLES = 1 << 16


def corner_hz(frequency_hz: float, sample_rate_hz: int) -> float:
    """``frequency_hz``, at most ``MAX_CORNER_RATIO`` x the sample rate."""
    return float(min(frequency_hz, MAX_CORNER_RATIO * sample_rate_hz))


def db_to_gain(value_db: float) -> float:
    return 10.0 ** (value_db / 20.0)


# ---------------------------------------------------------------------------------------------
# pedalboard processors, as lists a console can chain in one board
# ---------------------------------------------------------------------------------------------


def highpass_plugins(sample_rate_hz: int, cutoff_hz: float) -> list[pb.Plugin]:
    """12 dB/octave high-pass, -3 dB at ``cutoff_hz``: two first-order sections (Q 0.5)."""
    corner = corner_hz(cutoff_hz, sample_rate_hz)
    section_hz = math.atan(math.tan(math.pi * corner / sample_rate_hz) / _HPF_WARP) * sample_rate_hz / math.pi
    return [pb.HighpassFilter(section_hz), pb.HighpassFilter(section_hz)]


def eq_plugins(
    sample_rate_hz: int,
    low_shelf_hz: float,
    low_shelf_gain_db: float,
    peak1_hz: float,
    peak1_gain_db: float,
    peak1_q: float,
    peak2_hz: float,
    peak2_gain_db: float,
    peak2_q: float,
    peak3_hz: float,
    peak3_gain_db: float,
    peak3_q: float,
    high_shelf_hz: float,
    high_shelf_gain_db: float,
) -> list[pb.Plugin]:
    """Low shelf, three peaking bands, high shelf (RBJ biquads); bands at 0 dB are left out."""
    plugins: list[pb.Plugin] = []
    if low_shelf_gain_db:
        plugins.append(pb.LowShelfFilter(corner_hz(low_shelf_hz, sample_rate_hz), low_shelf_gain_db))
    for hz, gain_db, q in ((peak1_hz, peak1_gain_db, peak1_q), (peak2_hz, peak2_gain_db, peak2_q),
                           (peak3_hz, peak3_gain_db, peak3_q)):
        if gain_db:
            plugins.append(pb.PeakFilter(corner_hz(hz, sample_rate_hz), gain_db, q))
    if high_shelf_gain_db:
        plugins.append(pb.HighShelfFilter(corner_hz(high_shelf_hz, sample_rate_hz), high_shelf_gain_db))
    return plugins


def _rbj_sections(sample_rate_hz: int, bands: dict[str, float]) -> list[list[float]]:
    """The biquads (b0, b1, b2, a0, a1, a2) of :func:`eq_plugins`, as JUCE designs them."""
    sections = []

    def shelf(frequency_hz: float, gain_db: float, high: bool) -> list[float]:
        a = math.sqrt(db_to_gain(gain_db))
        omega = 2.0 * math.pi * corner_hz(frequency_hz, sample_rate_hz) / sample_rate_hz
        cos, beta = math.cos(omega), math.sin(omega) * math.sqrt(a) / (1.0 / math.sqrt(2.0))
        am, ap = a - 1.0, a + 1.0
        if high:
            return [a * (ap + am * cos + beta), -2.0 * a * (am + ap * cos), a * (ap + am * cos - beta),
                    ap - am * cos + beta, 2.0 * (am - ap * cos), ap - am * cos - beta]
        return [a * (ap - am * cos + beta), 2.0 * a * (am - ap * cos), a * (ap - am * cos - beta),
                ap + am * cos + beta, -2.0 * (am + ap * cos), ap + am * cos - beta]

    if bands["low_shelf_gain_db"]:
        sections.append(shelf(bands["low_shelf_hz"], bands["low_shelf_gain_db"], high=False))
    for index in (1, 2, 3):
        gain_db = bands[f"peak{index}_gain_db"]
        if gain_db:
            a = math.sqrt(db_to_gain(gain_db))
            omega = 2.0 * math.pi * corner_hz(bands[f"peak{index}_hz"], sample_rate_hz) / sample_rate_hz
            alpha = math.sin(omega) / (2.0 * bands[f"peak{index}_q"])
            c2 = -2.0 * math.cos(omega)
            sections.append([1.0 + alpha * a, c2, 1.0 - alpha * a, 1.0 + alpha / a, c2, 1.0 - alpha / a])
    if bands["high_shelf_gain_db"]:
        sections.append(shelf(bands["high_shelf_hz"], bands["high_shelf_gain_db"], high=True))
    return sections


def eq_response_db(sample_rate_hz: int, frequencies_hz: np.ndarray, **bands: float) -> np.ndarray:
    """Magnitude response in dB of :func:`eq` at ``frequencies_hz`` (keywords as :func:`eq_plugins`)."""
    frequencies_hz = np.atleast_1d(np.asarray(frequencies_hz, dtype=np.float64))
    sections = _rbj_sections(sample_rate_hz, bands)
    if not sections:
        return np.zeros(frequencies_hz.shape)
    sos = np.array([[b0 / a0, b1 / a0, b2 / a0, 1.0, a1 / a0, a2 / a0] for b0, b1, b2, a0, a1, a2 in sections])
    _, response = sosfreqz(sos, worN=frequencies_hz, fs=sample_rate_hz)
    return 20.0 * np.log10(np.maximum(np.abs(response), 1e-12))


def compressor_plugins(threshold_db: float, ratio: float, attack_ms: float, release_ms: float) -> list[pb.Plugin]:
    """pedalboard's (JUCE) peak compressor, hard knee; none at ratio 1."""
    if ratio <= 1.0:
        return []
    return [pb.Compressor(threshold_db=threshold_db, ratio=ratio, attack_ms=attack_ms, release_ms=release_ms)]


def run_plugins(audio: np.ndarray, sample_rate_hz: int, plugins: list[pb.Plugin]) -> np.ndarray:
    """``audio`` through ``plugins`` in one board; a copy when the list is empty."""
    if not plugins:
        return audio.copy()
    return pb.Pedalboard(plugins)(audio, sample_rate_hz)


# ---------------------------------------------------------------------------------------------
# Pure functions, one per processor
# ---------------------------------------------------------------------------------------------


def gain(audio: np.ndarray, sample_rate_hz: int, gain_db: float) -> np.ndarray:
    return audio * np.float32(db_to_gain(gain_db))


def highpass(audio: np.ndarray, sample_rate_hz: int, cutoff_hz: float) -> np.ndarray:
    """12 dB/octave high-pass, -3 dB at ``cutoff_hz`` at every sample rate."""
    return run_plugins(audio, sample_rate_hz, highpass_plugins(sample_rate_hz, cutoff_hz))


def eq(audio: np.ndarray, sample_rate_hz: int, **bands: float) -> np.ndarray:
    """Low shelf, three peaking bands and high shelf; keywords as :func:`eq_plugins`."""
    return run_plugins(audio, sample_rate_hz, eq_plugins(sample_rate_hz, **bands))


def compressor(
    audio: np.ndarray,
    sample_rate_hz: int,
    threshold_db: float,
    ratio: float,
    attack_ms: float,
    release_ms: float,
    makeup_db: float = 0.0,
) -> np.ndarray:
    """Peak compressor: above ``threshold_db`` the output level rises 1 dB per ``ratio`` dB
    (steady state), then ``makeup_db`` of gain."""
    out = run_plugins(audio, sample_rate_hz, compressor_plugins(threshold_db, ratio, attack_ms, release_ms))
    if makeup_db:
        out *= np.float32(db_to_gain(makeup_db))
    return out


def saturation(audio: np.ndarray, sample_rate_hz: int, drive_db: float, mix: float) -> np.ndarray:
    """Parallel tanh waveshaper: ``(1 - mix) x + mix tanh(d x) / d`` with d = 10^(drive_db/20).

    The shaper has unity gain for small signals, so the drive adds harmonics (odd ones, rising
    with the drive and the level) and rounds peaks rather than making the track louder.
    """
    if mix <= 0.0 or drive_db <= 0.0:
        return audio.copy()
    return saturate_in_place(audio.copy(), 1.0, drive_db, mix)


def saturate_in_place(x: np.ndarray, gain: float, drive_db: float, mix: float) -> np.ndarray:
    """:func:`saturation` of ``gain`` x ``x``, computed in ``x`` (which it returns), a chunk at
    a time (no temporary the size of the track)."""
    drive = db_to_gain(drive_db)
    into, wet, dry = np.float32(gain * drive), np.float32(mix / drive), np.float32(gain * (1.0 - mix))
    scratch = np.empty((x.shape[0], min(CHUNK_SAMPLES, x.shape[1])), dtype=np.float32)
    for start in range(0, x.shape[1], CHUNK_SAMPLES):
        part = x[:, start : start + CHUNK_SAMPLES]
        shaped = scratch[:, : part.shape[1]]
        np.multiply(part, into, out=shaped)
        np.tanh(shaped, out=shaped)
        shaped *= wet
        part *= dry
        part += shaped
    return x


def pan_gains(pan: float, channels: int) -> tuple[float, float]:
    """(left, right) gains: constant power (sin/cos, -3 dB each at centre) for mono, a
    constant-power balance that leaves the centre at unity for stereo."""
    angle = (pan + 1.0) * math.pi / 4.0
    left, right = math.cos(angle), math.sin(angle)
    if channels == 1:
        return left, right
    return min(1.0, math.sqrt(2.0) * left), min(1.0, math.sqrt(2.0) * right)


def pan_width(audio: np.ndarray, sample_rate_hz: int, pan: float, width_percent: float) -> np.ndarray:
    """Stereo (2, samples) output. Mono input is panned (width does not apply); stereo input
    has its side signal scaled by ``width_percent`` / 100 (0 = mono, 100 = unchanged), then
    is balanced by ``pan``."""
    left_gain, right_gain = pan_gains(pan, audio.shape[0])
    if audio.shape[0] == 1:
        return np.stack([audio[0] * np.float32(left_gain), audio[0] * np.float32(right_gain)])
    out = widen(audio, width_percent)
    if left_gain != 1.0:
        out[0] *= np.float32(left_gain)
    if right_gain != 1.0:
        out[1] *= np.float32(right_gain)
    return out


def widen(stereo: np.ndarray, width_percent: float) -> np.ndarray:
    """A copy of ``stereo`` with its side signal (L - R) / 2 scaled by ``width_percent`` / 100."""
    if width_percent == 100.0:
        return stereo.copy()
    mid = (stereo[0] + stereo[1]) * np.float32(0.5)
    side = (stereo[0] - stereo[1]) * np.float32(0.5 * width_percent / 100.0)
    return np.stack([mid + side, mid - side])
