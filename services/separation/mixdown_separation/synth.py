"""Generated test material with a known answer, from seeded numpy (no downloads, no samples).

* :func:`drum_loop`: a stereo drum loop built from separately synthesised kick, snare, tom and
  cymbal/hi-hat hits at known times, returned with each piece on its own, so that a drum
  splitter can be scored piece by piece (SDR).
* :func:`tonal_song`: chords, bass and a melody in a known key, optionally over a drum beat at
  a known tempo, so that BPM and key detection can be scored.

The same arguments always give the same samples. Every signal is float32 (channels, samples).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import butter, sosfilt

from mixdown.errors import InvalidInput

DRUM_PIECES = ("kick", "snare", "toms", "cymbals")
PITCH_CLASSES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
HARMONIC_MINOR_SCALE = (0, 2, 3, 5, 7, 8, 11)
NATURAL_MINOR_SCALE = (0, 2, 3, 5, 7, 8, 10)


def _samples(duration_seconds: float, sample_rate_hz: int) -> int:
    if not 0.0 < duration_seconds <= 600.0:
        raise InvalidInput(f"duration_seconds={duration_seconds!r} is outside (0, 600] s")
    if not 8000 <= sample_rate_hz <= 192000:
        raise InvalidInput(f"sample_rate_hz={sample_rate_hz!r} is outside 8000..192000 Hz")
    return round(duration_seconds * sample_rate_hz)


def _band(noise: np.ndarray, low_hz: float, high_hz: float, sample_rate_hz: int, order: int = 2) -> np.ndarray:
    high_hz = min(high_hz, 0.45 * sample_rate_hz)
    return sosfilt(butter(order, (low_hz, high_hz), btype="bandpass", fs=sample_rate_hz, output="sos"), noise)


def _highpass(noise: np.ndarray, cutoff_hz: float, sample_rate_hz: int, order: int = 4) -> np.ndarray:
    cutoff_hz = min(cutoff_hz, 0.4 * sample_rate_hz)
    return sosfilt(butter(order, cutoff_hz, btype="highpass", fs=sample_rate_hz, output="sos"), noise)


def _pan(mono: np.ndarray, pan: float) -> np.ndarray:
    """Constant-power pan, ``pan`` from -1 (left) to 1 (right)."""
    angle = (pan + 1.0) * np.pi / 4
    return np.stack([np.cos(angle) * mono, np.sin(angle) * mono])


def _place(track: np.ndarray, hit: np.ndarray, start: int) -> None:
    end = min(start + hit.shape[-1], track.shape[-1])
    if end > start:
        track[..., start:end] += hit[..., : end - start]


# --- drum hits ---------------------------------------------------------------------------------


def kick_hit(sample_rate_hz: int, rng: np.random.Generator) -> np.ndarray:
    """A sine whose pitch drops from ~150 Hz to ~50 Hz, decaying in ~0.15 s, with a short click."""
    fs = sample_rate_hz
    t = np.arange(round(0.5 * fs)) / fs
    low_hz, high_hz = rng.uniform(45.0, 60.0), rng.uniform(130.0, 170.0)
    sweep_seconds = rng.uniform(0.025, 0.045)
    phase = 2 * np.pi * (low_hz * t + (high_hz - low_hz) * sweep_seconds * (1 - np.exp(-t / sweep_seconds)))
    body = np.sin(phase) * np.exp(-t / rng.uniform(0.12, 0.2))
    click = _band(rng.standard_normal(t.size), 1500.0, 5000.0, fs) * np.exp(-t / 0.003)
    return body + 0.3 * click


def snare_hit(sample_rate_hz: int, rng: np.random.Generator) -> np.ndarray:
    """A 180-240 Hz drum-head tone plus a burst of snare-wire noise (1-8 kHz)."""
    fs = sample_rate_hz
    t = np.arange(round(0.35 * fs)) / fs
    head_hz = rng.uniform(180.0, 240.0)
    head = np.sin(2 * np.pi * head_hz * t) + 0.4 * np.sin(2 * np.pi * 1.6 * head_hz * t)
    head *= np.exp(-t / rng.uniform(0.04, 0.07))
    wires = _band(rng.standard_normal(t.size), 1000.0, 8000.0, fs) * np.exp(-t / rng.uniform(0.05, 0.09))
    return 0.6 * head + 1.4 * wires


def tom_hit(sample_rate_hz: int, rng: np.random.Generator, pitch_hz: float) -> np.ndarray:
    """A pitched membrane (80-300 Hz) with a slight pitch drop and a long (~0.3-0.5 s) decay."""
    fs = sample_rate_hz
    t = np.arange(round(0.9 * fs)) / fs
    pitch = pitch_hz * (1.0 + 0.12 * np.exp(-t / 0.05))
    phase = 2 * np.pi * np.cumsum(pitch) / fs
    tone = np.sin(phase) + 0.3 * np.sin(1.5 * phase) + 0.15 * np.sin(2.0 * phase)
    tone *= np.exp(-t / rng.uniform(0.25, 0.4))
    stick = _band(rng.standard_normal(t.size), 800.0, 4000.0, fs) * np.exp(-t / 0.006)
    return tone + 0.2 * stick


def hihat_hit(sample_rate_hz: int, rng: np.random.Generator, open_hat: bool = False) -> np.ndarray:
    """High-passed noise with a metallic ring, short (closed) or long (open)."""
    fs = sample_rate_hz
    t = np.arange(round((0.5 if open_hat else 0.12) * fs)) / fs
    noise = _highpass(rng.standard_normal(t.size), 6000.0, fs)
    ring = sum(np.sign(np.sin(2 * np.pi * f * t)) for f in (3140.0, 4470.0, 5930.0))
    metal = _highpass(ring + 0.5 * noise, 5000.0, fs)
    decay_seconds = rng.uniform(0.15, 0.25) if open_hat else rng.uniform(0.012, 0.03)
    return 0.6 * metal * np.exp(-t / decay_seconds)


def crash_hit(sample_rate_hz: int, rng: np.random.Generator) -> np.ndarray:
    """A crash cymbal: bright noise and inharmonic partials above ~4 kHz, ringing ~1 s."""
    fs = sample_rate_hz
    t = np.arange(round(2.0 * fs)) / fs
    noise = _highpass(rng.standard_normal(t.size), 4000.0, fs)
    partials = sum(np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)) for f in rng.uniform(4000.0, 12000.0, 12))
    return (0.7 * noise + 0.1 * partials) * np.exp(-t / rng.uniform(0.6, 1.0))


@dataclass(frozen=True)
class DrumLoop:
    """A drum loop (``mix``) and its pieces (``pieces[name]``), which sum to it exactly."""

    mix: np.ndarray
    pieces: dict[str, np.ndarray]
    sample_rate_hz: int
    bpm: float
    hits: dict[str, list[float]]
    """Onset time of every hit in seconds, by piece."""


def drum_loop(
    duration_seconds: float,
    sample_rate_hz: int = 44100,
    bpm: float = 100.0,
    seed: int = 0,
    peak_dbfs: float = -3.0,
) -> DrumLoop:
    """A rock/pop drum loop: kick on 1 and 3 (with extra eighth-note kicks), snare on 2 and 4
    (with a ghost note), hi-hats on eighths (open on the last eighth of a bar), a crash at the
    start of every 4 bars and a tom fill (high, mid, floor) on the last beat of every 2nd bar.

    Every hit is synthesised afresh (velocity and tuning vary), so no two hits are identical.
    """
    samples = _samples(duration_seconds, sample_rate_hz)
    if not 40.0 <= bpm <= 240.0:
        raise InvalidInput(f"bpm={bpm!r} is outside 40..240")
    rng = np.random.default_rng(seed)
    fs = sample_rate_hz
    beat_samples = 60.0 / bpm * fs
    pieces = {name: np.zeros((2, samples)) for name in DRUM_PIECES}
    hits: dict[str, list[float]] = {name: [] for name in DRUM_PIECES}
    tom_pitches_hz = (rng.uniform(190.0, 230.0), rng.uniform(130.0, 160.0), rng.uniform(85.0, 105.0))
    tom_pans = (-0.4, 0.0, 0.4)
    bars = int(np.ceil(samples / (4 * beat_samples)))

    def add(name: str, hit: np.ndarray, position_beats: float, gain: float, pan: float) -> None:
        start = round(position_beats * beat_samples)
        if start < samples:
            _place(pieces[name], _pan(gain * hit, pan), start)
            hits[name].append(start / fs)

    for bar in range(bars):
        first = 4.0 * bar
        fill = bar % 2 == 1
        for beat in (0.0, 2.0):
            add("kick", kick_hit(fs, rng), first + beat, rng.uniform(0.85, 1.0), 0.0)
        if rng.random() < 0.6:
            add("kick", kick_hit(fs, rng), first + 2.5, rng.uniform(0.6, 0.8), 0.0)
        for beat in (1.0, 3.0):
            if not (fill and beat == 3.0):
                add("snare", snare_hit(fs, rng), first + beat, rng.uniform(0.8, 1.0), 0.05)
        add("snare", snare_hit(fs, rng), first + 1.75, rng.uniform(0.15, 0.25), 0.05)
        for eighth in range(8):
            if fill and eighth >= 6:
                continue
            open_hat = eighth == 7
            gain = (0.5 if eighth % 2 == 0 else 0.3) * rng.uniform(0.8, 1.0)
            add("cymbals", hihat_hit(fs, rng, open_hat), first + eighth / 2, gain, 0.3)
        if bar % 4 == 0:
            add("cymbals", crash_hit(fs, rng), first, rng.uniform(0.35, 0.45), -0.3)
        if fill:
            for index, (pitch_hz, pan) in enumerate(zip(tom_pitches_hz, tom_pans, strict=True)):
                add("toms", tom_hit(fs, rng, pitch_hz), first + 3.0 + index / 3, rng.uniform(0.7, 0.9), pan)

    mix = sum(pieces.values())
    scale = 10 ** (peak_dbfs / 20) / max(float(np.abs(mix).max()), 1e-12)
    pieces32 = {name: (piece * scale).astype(np.float32) for name, piece in pieces.items()}
    mix32 = np.sum([pieces32[name] for name in DRUM_PIECES], axis=0, dtype=np.float32)
    return DrumLoop(mix32, pieces32, fs, float(bpm), hits)


# --- tonal material ----------------------------------------------------------------------------


def key_name(tonic: int, mode: str) -> str:
    """``key_name(9, "minor")`` → ``"A minor"``."""
    return f"{PITCH_CLASSES[tonic % 12]} {mode}"


def _tone(frequency_hz: np.ndarray | float, samples: int, sample_rate_hz: int, partials: int, phase: float) -> np.ndarray:
    t = np.arange(samples) / sample_rate_hz
    out = np.zeros(samples)
    for k in range(1, partials + 1):
        if np.max(k * np.asarray(frequency_hz)) < 0.45 * sample_rate_hz:
            out += np.sin(2 * np.pi * k * np.asarray(frequency_hz) * t + k * phase) / k
    return out


def _midi_hz(note: float) -> float:
    return 440.0 * 2.0 ** ((note - 69.0) / 12.0)


# Progressions as scale degrees (0-based) of chord roots; triads are stacked in the scale.
MAJOR_PROGRESSION = (0, 3, 4, 0, 5, 3, 4, 0)  # I IV V I vi IV V I
MINOR_PROGRESSION = (0, 3, 4, 0, 5, 3, 4, 0)  # i iv V i VI iv V i (harmonic minor: major V)


def tonal_song(
    duration_seconds: float,
    tonic: int,
    mode: str,
    sample_rate_hz: int = 44100,
    bpm: float = 100.0,
    drums: bool = True,
    seed: int = 0,
    peak_dbfs: float = -3.0,
) -> np.ndarray:
    """A stereo song in ``tonic`` (0 = C … 11 = B) ``mode`` ("major" or "minor", harmonic minor)
    at ``bpm``: one chord per bar from a cadential progression, a bass on the roots, a melody on
    the scale and, with ``drums``, a kick/snare/hi-hat beat (kick 1 and 3, snare 2 and 4)."""
    if mode not in ("major", "minor"):
        raise InvalidInput(f"mode must be 'major' or 'minor', got {mode!r}")
    samples = _samples(duration_seconds, sample_rate_hz)
    rng = np.random.default_rng(seed)
    fs = sample_rate_hz
    scale = MAJOR_SCALE if mode == "major" else HARMONIC_MINOR_SCALE
    progression = MAJOR_PROGRESSION if mode == "major" else MINOR_PROGRESSION
    beat_samples = 60.0 / bpm * fs
    bar_samples = 4 * beat_samples
    base = 48 + tonic % 12  # the tonic in octave 3

    def degree_note(degree: int) -> int:
        return base + 12 * (degree // 7) + scale[degree % 7]

    music = np.zeros((2, samples))
    bars = int(np.ceil(samples / bar_samples))
    for bar in range(bars):
        start = round(bar * bar_samples)
        length = min(round(bar_samples), samples - start)
        if length <= 0:
            break
        root = progression[bar % len(progression)]
        envelope = np.minimum(1.0, np.arange(length) / (0.01 * fs)) * np.exp(-np.arange(length) / (1.5 * fs))
        for index, degree in enumerate((root, root + 2, root + 4)):
            chord_tone = _tone(_midi_hz(degree_note(degree) + 12), length, fs, 4, rng.uniform(0, 2 * np.pi))
            music[:, start : start + length] += 0.18 * _pan(chord_tone * envelope, (index - 1) * 0.5)
        for beat in range(4):
            note_start = start + round(beat * beat_samples)
            note_length = min(round(0.9 * beat_samples), samples - note_start)
            if note_length <= 0:
                break
            bass_env = np.exp(-np.arange(note_length) / (0.4 * fs)) * np.minimum(1.0, np.arange(note_length) / 50)
            bass = _tone(_midi_hz(degree_note(root) - 12), note_length, fs, 6, 0.0) * bass_env
            music[:, note_start : note_start + note_length] += 0.3 * _pan(bass, 0.0)
            melody_degree = int(rng.choice([root, root + 2, root + 4, 7, 4, 2]))
            melody_note = degree_note(melody_degree % 7) + 12 + (12 if melody_degree % 7 < 3 else 0)
            lead_env = np.minimum(1.0, np.arange(note_length) / (0.02 * fs)) * np.exp(
                -np.arange(note_length) / (0.5 * fs)
            )
            lead = _tone(_midi_hz(melody_note), note_length, fs, 3, 0.0) * lead_env
            music[:, note_start : note_start + note_length] += 0.12 * _pan(lead, 0.3)
    if drums:
        music += 0.8 * beat_pattern(duration_seconds, fs, bpm, seed=seed)
    return (music * (10 ** (peak_dbfs / 20) / max(float(np.abs(music).max()), 1e-12))).astype(np.float32)


def beat_pattern(
    duration_seconds: float,
    sample_rate_hz: int = 44100,
    bpm: float = 100.0,
    seed: int = 0,
    hats_per_beat: int = 2,
    style: str = "backbeat",
) -> np.ndarray:
    """A plain stereo beat with ``hats_per_beat`` hi-hats per beat.

    ``backbeat``: kick on 1 and 3, snare on 2 and 4. ``four_on_the_floor``: kick on every beat,
    snare (clap) on 2 and 4, the hi-hats on the off-beats only.
    """
    if style not in ("backbeat", "four_on_the_floor"):
        raise InvalidInput(f"style must be 'backbeat' or 'four_on_the_floor', got {style!r}")
    samples = _samples(duration_seconds, sample_rate_hz)
    rng = np.random.default_rng(seed + 1000)
    fs = sample_rate_hz
    beat_samples = 60.0 / bpm * fs
    out = np.zeros((2, samples))
    for index in range(int(np.ceil(samples / beat_samples))):
        start = round(index * beat_samples)
        if style == "backbeat" or index % 2 == 0:
            hit = kick_hit(fs, rng) if index % 2 == 0 else snare_hit(fs, rng)
            _place(out, _pan(0.8 * hit, 0.0), start)
        else:
            _place(out, _pan(0.8 * kick_hit(fs, rng), 0.0), start)
            _place(out, _pan(0.6 * snare_hit(fs, rng), 0.1), start)
        for sub in range(hats_per_beat):
            if style == "four_on_the_floor" and sub == 0:
                continue
            gain = 0.3 if sub == 0 else 0.2
            _place(out, _pan(gain * hihat_hit(fs, rng), 0.3), start + round(sub * beat_samples / hats_per_beat))
    return out.astype(np.float32)
