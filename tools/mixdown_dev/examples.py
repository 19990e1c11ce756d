"""Deterministic example material, synthesised here from seeded numpy (no downloads).

:func:`vocal_like` is a sung-vowel-like mono line and :func:`beat` a stereo instrumental
in A minor at 90 BPM; both are built on the same bar grid so that the pair written by
:func:`write_example_pair` lines up as a song. The same arguments always give the same
samples. Every signal is float32 (channels, samples).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.signal import butter, sosfilt

from mixdown.errors import InvalidInput
from mixdown.wav import write_wav

VOCAL_PEAK_DBFS = -6.0
BEAT_PEAK_DBFS = -3.0
EXAMPLE_SAMPLE_RATE_HZ = 44100
_DEFAULT_BPM = 90.0

# (F1, F2, F3) in Hz and relative gains in dB of five sung vowels.
_VOWEL_FORMANTS_HZ = {
    "a": ((800.0, 1150.0, 2900.0), (0.0, -2.0, -8.0)),
    "e": ((400.0, 1700.0, 2600.0), (0.0, -3.0, -6.0)),
    "i": ((300.0, 2200.0, 3000.0), (0.0, -4.0, -4.0)),
    "o": ((450.0, 800.0, 2830.0), (0.0, -1.0, -12.0)),
    "u": ((325.0, 700.0, 2530.0), (0.0, -5.0, -16.0)),
}
_FORMANT_BANDWIDTHS_HZ = (90.0, 110.0, 160.0)

# One bar per chord: A minor, F major, C major, G major (MIDI note numbers).
_CHORDS = ((57, 60, 64), (53, 57, 60), (48, 52, 55), (55, 59, 62))
_BASS_ROOTS = (33, 29, 36, 31)
# Melody of the vocal: (MIDI note, length in beats, vowel, starts with an "s").
_MELODY = (
    (69, 1.0, "a", False),
    (72, 1.0, "o", True),
    (71, 0.5, "e", False),
    (69, 1.5, "a", False),
    (65, 1.0, "i", True),
    (67, 1.0, "e", False),
    (69, 2.0, "o", False),
    (64, 1.0, "u", True),
    (67, 1.0, "a", False),
    (72, 1.0, "e", False),
    (71, 1.0, "i", True),
    (67, 2.0, "a", False),
    (62, 1.0, "o", False),
    (64, 1.0, "a", True),
)


def _midi_hz(note: float) -> float:
    return 440.0 * 2.0 ** ((note - 69.0) / 12.0)


def _check(duration_seconds: float, sample_rate_hz: int) -> int:
    if not 0.0 < duration_seconds <= 600.0:
        raise InvalidInput(f"duration_seconds={duration_seconds!r} is outside (0, 600] s")
    if not 8000 <= sample_rate_hz <= 192000:
        raise InvalidInput(f"sample_rate_hz={sample_rate_hz!r} is outside 8000..192000 Hz")
    return round(duration_seconds * sample_rate_hz)


def _saw(phase_cycles: np.ndarray, increment_cycles: np.ndarray) -> np.ndarray:
    """Band-limited sawtooth (PolyBLEP) from a running phase and its per-sample increment."""
    t = phase_cycles % 1.0
    saw = 2.0 * t - 1.0
    dt = np.maximum(increment_cycles, 1e-9)
    after = t < dt
    before = t > 1.0 - dt
    u = t[after] / dt[after]
    saw[after] -= 2.0 * u - u * u - 1.0
    v = (t[before] - 1.0) / dt[before]
    saw[before] -= v * v + 2.0 * v + 1.0
    return saw


def _envelope(length: int, attack: int, release: int) -> np.ndarray:
    envelope = np.ones(length)
    attack, release = min(attack, length // 2), min(release, length // 2)
    if attack:
        envelope[:attack] = np.linspace(0.0, 1.0, attack, endpoint=False) ** 2
    if release:
        envelope[length - release :] = np.linspace(1.0, 0.0, release) ** 2
    return envelope


def _band(noise: np.ndarray, low_hz: float, high_hz: float, sample_rate_hz: int, order: int = 4) -> np.ndarray:
    high_hz = min(high_hz, 0.45 * sample_rate_hz)
    return sosfilt(butter(order, (low_hz, high_hz), btype="bandpass", fs=sample_rate_hz, output="sos"), noise)


def _scale_to_peak(audio: np.ndarray, peak_dbfs: float) -> np.ndarray:
    return (audio * (10 ** (peak_dbfs / 20) / np.abs(audio).max())).astype(np.float32)


def vocal_like(duration_seconds: float, sample_rate_hz: int = EXAMPLE_SAMPLE_RATE_HZ, seed: int = 0) -> np.ndarray:
    """A sung-vowel-like mono line (1, samples) peaking at -6 dBFS.

    A PolyBLEP sawtooth glottal source follows a looping melody in A minor (90 BPM) with
    glides and 5.5 Hz vibrato that fades in on held notes; each syllable is a vowel
    shaped by three parallel formant resonators under an attack/release envelope.
    Breath noise (1-6 kHz) sits between syllables and some syllables open with a sibilant
    "s" burst band-limited to 5-10 kHz.
    """
    samples = _check(duration_seconds, sample_rate_hz)
    rng = np.random.default_rng(seed)
    beat_samples = 60.0 / _DEFAULT_BPM * sample_rate_hz

    notes: list[tuple[int, int, float, str, bool]] = []
    position = 0.0
    while position < samples:
        for midi, beats, vowel, sibilant in _MELODY:
            start = round(position)
            position += beats * beat_samples
            notes.append((start, min(round(position), samples), _midi_hz(midi), vowel, sibilant))
            if position >= samples:
                break

    target_hz = np.empty(samples)
    for start, stop, hz, _, _ in notes:
        target_hz[start:stop] = hz
    glide = round(0.04 * sample_rate_hz)
    pitch_hz = np.convolve(np.pad(target_hz, (glide, glide), mode="edge"), np.ones(glide) / glide, mode="same")
    pitch_hz = pitch_hz[glide : glide + samples]
    t = np.arange(samples) / sample_rate_hz
    vibrato_depth = np.zeros(samples)
    for start, stop, _, _, _ in notes:
        length = stop - start
        vibrato_depth[start:stop] = np.clip(np.arange(length) / (0.4 * sample_rate_hz) - 0.5, 0.0, 1.0)
    pitch_hz *= 2.0 ** (0.35 / 12.0 * vibrato_depth * np.sin(2 * np.pi * 5.5 * t + rng.uniform(0, 2 * np.pi)))
    pitch_hz *= 1.0 + 0.002 * sosfilt(butter(1, 8.0, fs=sample_rate_hz, output="sos"), rng.standard_normal(samples))
    increment = pitch_hz / sample_rate_hz
    source = _saw(np.cumsum(increment), increment)
    source = sosfilt(butter(1, 2500.0, fs=sample_rate_hz, output="sos"), source)

    voice = np.zeros(samples)
    breath = np.zeros(samples)
    gap = round(0.06 * sample_rate_hz)
    for start, stop, _, vowel, sibilant in notes:
        voiced_start = start + (round(0.12 * sample_rate_hz) if sibilant else 0)
        voiced_stop = max(stop - gap, voiced_start + 1)
        if voiced_stop > samples or voiced_start >= voiced_stop:
            continue
        segment = source[voiced_start:voiced_stop]
        frequencies_hz, gains_db = _VOWEL_FORMANTS_HZ[vowel]
        shaped = np.zeros_like(segment)
        for centre_hz, bandwidth_hz, gain_db in zip(frequencies_hz, _FORMANT_BANDWIDTHS_HZ, gains_db, strict=True):
            band = (centre_hz - bandwidth_hz / 2, centre_hz + bandwidth_hz / 2)
            resonator = butter(1, band, btype="bandpass", fs=sample_rate_hz, output="sos")
            shaped += 10 ** (gain_db / 20) * sosfilt(resonator, segment)
        level = 10 ** (rng.uniform(-3.0, 0.0) / 20)
        attack, release = round(0.03 * sample_rate_hz), round(0.08 * sample_rate_hz)
        voice[voiced_start:voiced_stop] += level * shaped * _envelope(len(segment), attack, release)
        if sibilant:
            length = round(rng.uniform(0.08, 0.14) * sample_rate_hz)
            burst = _band(rng.standard_normal(length), 5000.0, 10000.0, sample_rate_hz)
            burst *= _envelope(length, round(0.02 * sample_rate_hz), round(0.04 * sample_rate_hz))
            end = min(start + length, samples)
            breath[start:end] += 0.4 * burst[: end - start]
        inhale_stop = min(stop + round(0.05 * sample_rate_hz), samples)
        inhale_start = max(voiced_stop - round(0.02 * sample_rate_hz), 0)
        if inhale_stop > inhale_start:
            noise = _band(rng.standard_normal(inhale_stop - inhale_start), 1000.0, 6000.0, sample_rate_hz, order=2)
            breath[inhale_start:inhale_stop] += 0.05 * noise * np.hanning(inhale_stop - inhale_start)

    voice /= max(float(np.abs(voice).max()), 1e-12)
    breath_floor = 0.004 * _band(rng.standard_normal(samples), 1000.0, 6000.0, sample_rate_hz, order=2)
    return _scale_to_peak((voice + breath + breath_floor)[None, :], VOCAL_PEAK_DBFS)


def _place(track: np.ndarray, hit: np.ndarray, start: int) -> None:
    end = min(start + hit.shape[-1], track.shape[-1])
    if end > start:
        track[..., start:end] += hit[..., : end - start]


def _pan(mono: np.ndarray, pan: float) -> np.ndarray:
    angle = (pan + 1.0) * np.pi / 4
    return np.stack([np.cos(angle) * mono, np.sin(angle) * mono])


def beat(
    duration_seconds: float, sample_rate_hz: int = EXAMPLE_SAMPLE_RATE_HZ, bpm: float = _DEFAULT_BPM, seed: int = 0
) -> np.ndarray:
    """A stereo instrumental (2, samples) peaking at -3 dBFS.

    Kick (pitched sine sweep 150 -> 45 Hz) on beats 1 and 3 plus a pickup, snare (noise
    plus a 190 Hz tone) on 2 and 4, hi-hats on eighths with accents, a sawtooth bass on
    the chord roots (Am, F, C, G, one bar each) and a detuned, slowly swelling chord pad
    spread across the stereo field.
    """
    samples = _check(duration_seconds, sample_rate_hz)
    if not 40.0 <= bpm <= 240.0:
        raise InvalidInput(f"bpm={bpm!r} is outside 40..240")
    rng = np.random.default_rng(seed)
    beat_samples = 60.0 / bpm * sample_rate_hz
    beats = int(np.ceil(samples / beat_samples))
    fs = sample_rate_hz

    t_kick = np.arange(round(0.45 * fs)) / fs
    kick_phase = 2 * np.pi * (45.0 * t_kick + (150.0 - 45.0) * 0.035 * (1 - np.exp(-t_kick / 0.035)))
    kick = np.sin(kick_phase) * np.exp(-t_kick / 0.16)
    kick[: round(0.002 * fs)] += 0.5 * rng.standard_normal(round(0.002 * fs))

    t_snare = np.arange(round(0.25 * fs)) / fs
    snare_noise = _band(rng.standard_normal(t_snare.size), 1500.0, 9000.0, fs, order=2) * np.exp(-t_snare / 0.06)
    snare = 1.6 * snare_noise + 0.5 * np.sin(2 * np.pi * 190.0 * t_snare) * np.exp(-t_snare / 0.05)

    t_hat = np.arange(round(0.06 * fs)) / fs
    hat_noise = sosfilt(
        butter(4, min(7000.0, 0.4 * fs), btype="highpass", fs=fs, output="sos"), rng.standard_normal(t_hat.size)
    )

    drums = np.zeros((2, samples))
    for index in range(beats):
        start = round(index * beat_samples)
        position = index % 4
        if position in (0, 2):
            _place(drums, _pan(kick, 0.0), start)
        if position == 3 and index % 8 == 7:
            _place(drums, _pan(0.7 * kick, 0.0), start + round(0.5 * beat_samples))
        if position in (1, 3):
            _place(drums, _pan(snare, 0.05), start)
        for eighth in (0, 1):
            accent = 1.0 if eighth == 0 else 0.6
            hat = accent * rng.uniform(0.8, 1.0) * hat_noise * np.exp(-t_hat / rng.uniform(0.012, 0.025))
            _place(drums, _pan(0.35 * hat, 0.35), start + round(eighth * beat_samples / 2))

    bar_samples = 4 * beat_samples
    bar = (np.arange(samples) // bar_samples).astype(int) % len(_CHORDS)
    t = np.arange(samples) / fs

    bass_hz = np.array([_midi_hz(note) for note in _BASS_ROOTS])[bar]
    bass_increment = bass_hz / fs
    bass = _saw(np.cumsum(bass_increment), bass_increment)
    bass = sosfilt(butter(2, 400.0, fs=fs, output="sos"), bass)
    eighth_position = (np.arange(samples) % (beat_samples / 2)) / (beat_samples / 2)
    bass *= np.exp(-eighth_position * 2.0) * (1 - np.exp(-eighth_position * 200.0))
    bass = np.tanh(2.0 * bass)

    pad = np.zeros((2, samples))
    for voice in range(3):
        chord_hz = np.array([_midi_hz(chord[voice] + 12) for chord in _CHORDS])[bar]
        for channel, detune_cents in enumerate((-7.0, 7.0)):
            increment = chord_hz * 2 ** (detune_cents / 1200) / fs
            phase = np.cumsum(increment) + rng.uniform()
            pad[channel] += _saw(phase, increment)
    pad = sosfilt(butter(2, 1800.0, fs=fs, output="sos"), pad, axis=-1)
    bar_position = (np.arange(samples) % bar_samples) / bar_samples
    pad *= (0.6 + 0.4 * np.sin(np.pi * bar_position)) * (0.9 + 0.1 * np.sin(2 * np.pi * 0.25 * t))

    mix = drums + 0.45 * _pan(bass, 0.0) + 0.08 * pad
    fade = min(round(0.005 * fs), samples // 2)
    mix[:, :fade] *= np.linspace(0.0, 1.0, fade)
    return _scale_to_peak(mix, BEAT_PEAK_DBFS)


def write_example_pair(dest_dir: Path | str, duration_seconds: float = 20.0) -> dict[str, Path]:
    """Write ``vocal.wav`` (mono) and ``beat.wav`` (stereo), 44.1 kHz 24-bit, into ``dest_dir``.

    Returns ``{"vocal": path, "beat": path}``.
    """
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    paths = {"vocal": dest / "vocal.wav", "beat": dest / "beat.wav"}
    write_wav(paths["vocal"], vocal_like(duration_seconds, EXAMPLE_SAMPLE_RATE_HZ), EXAMPLE_SAMPLE_RATE_HZ, "24")
    write_wav(paths["beat"], beat(duration_seconds, EXAMPLE_SAMPLE_RATE_HZ), EXAMPLE_SAMPLE_RATE_HZ, "24")
    return paths
