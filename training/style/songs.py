"""Generated multitracks for the style controller: stems by role from seeded numpy, no downloads.

A song is a lead vocal (:func:`mixdown_dev.examples.vocal_like`) with either the example
instrumental (:func:`mixdown_dev.examples.beat`) or a random set of stems: kick, snare, hi-hats
(``drums``), bass, keys or pad chords, guitar-like plucks, backing vocals and doubles (other
seeds of the vocal line). Each stem gets a random level, so the console's plan has work to do.
Every stem is float32 (channels, samples); the same seed always gives the same song.
"""

from __future__ import annotations

import numpy as np

from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing.core import Track
from mixdown_separation.synth import hihat_hit, kick_hit, snare_hit

SAMPLE_RATE_HZ = 44100
SONG_SECONDS = 6.0
# Roots (MIDI) of a four-bar loop in A minor, the key of the example vocal.
_ROOTS = (45, 41, 48, 43)
_CHORD_STEPS = (0, 3, 7)  # minor-ish triad on every root keeps it simple


def _hz(note: float) -> float:
    return 440.0 * 2.0 ** ((note - 69.0) / 12.0)


def _tone(frequency_hz: float, samples: int, partials: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(samples) / SAMPLE_RATE_HZ
    out = np.zeros(samples)
    for k in range(1, partials + 1):
        if k * frequency_hz < 0.45 * SAMPLE_RATE_HZ:
            out += np.sin(2 * np.pi * k * frequency_hz * t + rng.uniform(0, 2 * np.pi)) / k
    return out


def _place(out: np.ndarray, hit: np.ndarray, start: int) -> None:
    end = min(out.shape[-1], start + hit.shape[-1])
    if end > start:
        out[..., start:end] += hit[..., : end - start]


def _grid(bpm: float) -> tuple[int, float]:
    samples = round(SONG_SECONDS * SAMPLE_RATE_HZ)
    return samples, 60.0 / bpm * SAMPLE_RATE_HZ


def _hits(kind: str, bpm: float, rng: np.random.Generator) -> np.ndarray:
    samples, beat_samples = _grid(bpm)
    out = np.zeros(samples)
    steps = int(SONG_SECONDS * SAMPLE_RATE_HZ / beat_samples * 2) + 1
    for step in range(steps):  # eighth notes
        start = round(step * beat_samples / 2)
        if kind == "kick" and (step % 8 in (0, 4) or (step % 8 == 7 and rng.random() < 0.5)):
            _place(out, kick_hit(SAMPLE_RATE_HZ, rng), start)
        elif kind == "snare" and step % 8 in (2, 6):
            _place(out, snare_hit(SAMPLE_RATE_HZ, rng), start)
        elif kind == "drums":
            _place(out, (1.0 if step % 2 == 0 else 0.6) * hihat_hit(SAMPLE_RATE_HZ, rng, open_hat=step % 8 == 7), start)
    return out


def _bass(bpm: float, rng: np.random.Generator) -> np.ndarray:
    samples, beat_samples = _grid(bpm)
    out = np.zeros(samples)
    for index in range(int(samples / beat_samples) + 1):
        start, length = round(index * beat_samples), round(0.9 * beat_samples)
        note = _tone(_hz(_ROOTS[(index // 4) % 4] - 12), length, 8, rng)
        _place(out, note * np.exp(-np.arange(length) / (0.3 * SAMPLE_RATE_HZ)) * np.minimum(1, np.arange(length) / 60),
               start)
    return out


def _chords(bpm: float, rng: np.random.Generator, pad: bool) -> np.ndarray:
    samples, beat_samples = _grid(bpm)
    out = np.zeros((2, samples))
    bar = round(4 * beat_samples)
    for index in range(samples // bar + 1):
        envelope = (np.minimum(1, np.arange(bar) / (0.3 * SAMPLE_RATE_HZ)) if pad
                    else np.exp(-np.arange(bar) / (0.8 * SAMPLE_RATE_HZ)) * np.minimum(1, np.arange(bar) / 200))
        for voice, step in enumerate(_CHORD_STEPS):
            tone = _tone(_hz(_ROOTS[index % 4] + 12 + step) * (1 + rng.uniform(-0.002, 0.002)), bar, 5, rng) * envelope
            pan = (voice - 1) * (0.7 if pad else 0.4)
            _place(out, np.stack([np.cos((pan + 1) * np.pi / 4) * tone, np.sin((pan + 1) * np.pi / 4) * tone]),
                   index * bar)
    return out


def _plucks(bpm: float, rng: np.random.Generator) -> np.ndarray:
    samples, beat_samples = _grid(bpm)
    out = np.zeros(samples)
    length = round(beat_samples / 2)
    for step in range(int(samples / length) + 1):
        root = _ROOTS[(step // 8) % 4] + 12 + int(rng.choice(_CHORD_STEPS)) + 12 * int(rng.random() < 0.3)
        note = _tone(_hz(root), length, 12, rng) * np.exp(-np.arange(length) / (0.12 * SAMPLE_RATE_HZ))
        _place(out, note, step * length)
    return out


def _scaled(audio: np.ndarray, peak_dbfs: float) -> np.ndarray:
    audio = np.atleast_2d(audio)
    return (audio * (10 ** (peak_dbfs / 20) / max(float(np.abs(audio).max()), 1e-12))).astype(np.float32)


STEM_ROLES = ("kick", "snare", "drums", "bass", "keys", "pad", "guitar", "backing_vocal", "double")


def song(seed: int) -> tuple[list[Track], float]:
    """A generated multitrack and its tempo in BPM (the vocal follows its own 90 BPM line)."""
    rng = np.random.default_rng(seed)
    bpm = float(rng.uniform(80.0, 130.0))
    tracks = [Track("lead", "lead_vocal", _scaled(vocal_like(SONG_SECONDS, SAMPLE_RATE_HZ, seed=seed), rng.uniform(-12, -3)))]
    if rng.random() < 0.25:
        tracks.append(Track("beat", "instrumental",
                            _scaled(beat(SONG_SECONDS, SAMPLE_RATE_HZ, bpm=bpm, seed=seed), rng.uniform(-9, -1))))
        return tracks, bpm
    count = int(rng.integers(1, 8))
    for role in sorted(rng.choice(STEM_ROLES, size=count, replace=False), key=STEM_ROLES.index):
        if role in ("kick", "snare", "drums"):
            audio = _hits(role, bpm, rng)
        elif role == "bass":
            audio = _bass(bpm, rng)
        elif role in ("keys", "pad"):
            audio = _chords(bpm, rng, pad=role == "pad")
        elif role == "guitar":
            audio = _plucks(bpm, rng)
        else:
            audio = vocal_like(SONG_SECONDS, SAMPLE_RATE_HZ, seed=seed * 7 + 1 + STEM_ROLES.index(role))
        tracks.append(Track(str(role), str(role), _scaled(audio, rng.uniform(-18, -3))))
    return tracks, bpm
