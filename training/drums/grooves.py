"""Humanised drum grooves and fills: what a drummer plays, as timed hits (no audio here).

A style is a one-bar pattern on a 16-step grid per role (``X`` accent, ``x`` normal, ``g`` ghost,
``o`` played with probability :data:`OPTIONAL_PROBABILITY`, ``.`` rest), a tempo range, a swing
range and a timing jitter. :func:`groove` plays bars of it:

* swing delays every off-beat step (the "e"/"a" 16ths for 16th swing, the "and" 8ths for 8th
  swing) to ``swing`` of the way across its pair (0.5 straight, 2/3 triplet feel);
* each hit moves by Gaussian timing jitter of ``jitter_ms`` standard deviation, clipped to
  :data:`MAX_JITTER_MS`; velocities (0..1) are drawn around accent / normal / ghost levels;
* trap hi-hats break into rolls of 16th triplets, 32nds or 32nd triplets (:data:`ROLL_STEPS_PER_BEAT`);
* the last bar of a phrase may end with a tom fill (high to low, with snare), and a section
  starts with a crash on the downbeat, with the kick;
* the renderer chokes an open hi-hat at the next closed or pedal hi-hat (not done here).

:func:`sequence` strings sections of different styles and tempos together, for a "song".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_JITTER_MS = 12.0
"""No hit moves further than this from its grid time."""
OPTIONAL_PROBABILITY = 0.35
PHRASE_FILL_PROBABILITY = 0.4
"""Chance that a phrase (2 or 4 bars) inside a section ends with a fill; a section's last bar has its own."""
ROLL_STEPS_PER_BEAT = (6, 8, 12)
"""Trap hi-hat roll rates: 16th triplets, 32nds, 32nd triplets."""
TOM_ORDER = ("tom_high", "tom_high_mid", "tom_low_mid", "tom_low", "tom_floor_high", "tom_floor_low")
"""Toms from high to low, the order a fill descends."""
LEVELS = {"X": (0.95, 0.05), "x": (0.75, 0.08), "g": (0.25, 0.07), "o": (0.6, 0.1)}
"""Pattern letter → (mean, standard deviation) of the velocity."""


@dataclass(frozen=True)
class Event:
    """One hit: when (seconds from the start), which role (``kick``, ``hihat_open`` …), how hard (0..1)."""

    time_seconds: float
    role: str
    velocity: float


@dataclass(frozen=True)
class Style:
    bpm_range: tuple[float, float]
    swing_range: tuple[float, float]
    swing_16ths: bool
    jitter_ms: float
    patterns: tuple[dict[str, str], ...]


STYLES: dict[str, Style] = {
    "rock": Style((90, 150), (0.5, 0.52), False, 4.0, (
        {"kick": "x.....x.x.......", "snare": "....X.......X...", "hihat_closed": "X.x.X.x.X.x.X.x."},
        {"kick": "x.......x.x.....", "snare": "....X.......X..g", "ride": "X.x.X.x.X.x.X.x."},
        {"kick": "x.x.....x.x...o.", "snare": "....X.......X...", "hihat_closed": "XxxxXxxxXxxxXxxx"},
        {"kick": "x.......x.......", "snare": "....X.......X...", "tom_floor_low": "x.x.x.x.x.x.x.x.", "crash": "o..............."},
    )),
    "pop": Style((80, 128), (0.5, 0.54), True, 3.0, (
        {"kick": "x......x..x.....", "snare": "....X.......X...", "hihat_closed": "x.x.x.x.x.x.x.x."},
        {"kick": "x.....x...x..o..", "snare": "....X.......X...", "clap": "....x.......x...", "hihat_closed": "xxxxxxxxxxxxxxxx"},
        {"kick": "x.......x.......", "rim": "....x.......x...", "hihat_closed": "x.x.x.x.x.x.x.o."},
        {"kick": "x.....x.x.......", "snare": "....X.......X...", "tom_low_mid": "x..x..x...x..x..", "hihat_closed": "..x...x...x...x."},
    )),
    "hiphop": Style((70, 100), (0.54, 0.64), True, 7.0, (
        {"kick": "x......x..x.....", "snare": "....X.......X...", "hihat_closed": "x.x.x.x.x.x.x.x."},
        {"kick": "x.o....x.xx.....", "snare": "....X..g....X...", "hihat_closed": "x.xxx.x.x.xxx.x.", "hihat_open": "..............o."},
        {"kick": "x.......xx....o.", "clap": "....X.......X...", "hihat_closed": "x.x.x.x.x.x.x.x."},
    )),
    "trap": Style((130, 160), (0.5, 0.52), True, 2.0, (
        {"kick": "x.........x.....", "clap": "........X.......", "hihat_closed": "x.x.x.x.x.x.x.x."},
        {"kick": "x......x..o....o", "snare": "........X.......", "hihat_closed": "x.x.x.x.x.x.x.x.", "hihat_open": "..............o."},
    )),
    "funk": Style((90, 120), (0.5, 0.58), True, 5.0, (
        {"kick": "x.o...x...x..x..", "snare": "..g.X..g.g..X.g.", "hihat_closed": "XxxxXxxxXxxxXx.x", "hihat_open": "..............x."},
        {"kick": "x..x..x...x.....", "snare": "....X.gg.g..X..g", "hihat_closed": "xxxxxxxxxxxxxxxx"},
        {"kick": "x.....x...x.....", "snare": "....X.......X...", "hihat_closed": "x.xxx.xxx.xxx.xx", "tom_high": "...o......o.....", "tom_low": ".......o......o."},
    )),
    "jazz": Style((110, 220), (0.6, 0.68), False, 8.0, (
        {"ride": "X...x.x.X...x.x.", "hihat_pedal": "....x.......x...", "snare": "......o.....g..o", "kick": "g.......g......."},
        {"ride": "X...x.x.X...x.x.", "hihat_pedal": "....x.......x...", "rim": "........o.......", "kick": "o.....o........."},
        {"ride": "X...x.x.X...x.x.", "ride_bell": "o...............", "hihat_pedal": "....x.......x...", "snare": "..g...g...g...o."},
    )),
    "four_on_the_floor": Style((118, 132), (0.5, 0.53), True, 1.5, (
        {"kick": "X...X...X...X...", "clap": "....X.......X...", "hihat_open": "..x...x...x...x.", "hihat_closed": "x.o.x.o.x.o.x.o."},
        {"kick": "X...X...X...X...", "snare": "....x.......x...", "hihat_closed": "xxxxxxxxxxxxxxxx", "ride": "..o...o...o...o."},
    )),
}  # fmt: skip
"""The styles, each with its tempo range (bpm), swing range and patterns (one picked per section)."""


def _step_time(step: float, bar_start: float, beat_seconds: float, swing: float, swing_16ths: bool) -> float:
    """Grid time of a 16th step with swing: odd 16ths (or odd 8ths) move later within their pair."""
    pair = 2 if swing_16ths else 4  # steps per swung pair
    base, within = divmod(step, pair)
    if within >= pair / 2:
        within = pair * swing + (within - pair / 2) * 2 * (1 - swing)
    else:
        within = within * 2 * swing
    return bar_start + (base * pair + within) * beat_seconds / 4


def _velocity(rng: np.random.Generator, letter: str) -> float:
    mean, sd = LEVELS[letter]
    return float(np.clip(rng.normal(mean, sd), 0.05, 1.0))


def _jitter(rng: np.random.Generator, jitter_ms: float) -> float:
    return float(np.clip(rng.normal(0.0, jitter_ms), -MAX_JITTER_MS, MAX_JITTER_MS)) / 1000.0


def fill(rng: np.random.Generator, start_seconds: float, beats: int, beat_seconds: float) -> list[tuple[float, str, str]]:
    """A tom fill over ``beats`` beats: 16ths (or 8th triplets) descending the toms, snare mixed in.

    Returns (grid time, role, velocity letter); the renderer maps missing toms to the nearest.
    """
    per_beat = int(rng.choice([4, 3, 2]))
    n = beats * per_beat
    order = list(TOM_ORDER[int(rng.integers(0, 2)) :: int(rng.integers(1, 3))])
    hits = []
    for i in range(n):
        if 0 < i < n - 1 and rng.random() < 0.12:  # a gap, never at the ends
            continue
        role = "snare" if (i < n - 1 and i < per_beat and rng.random() < 0.4) else order[min(len(order) - 1, i * len(order) // n)]
        hits.append((start_seconds + i * beat_seconds / per_beat, role, "X" if i % per_beat == 0 else "x"))
    return hits


def groove_grid(
    rng: np.random.Generator, style: str, bars: int, bpm: float, start_seconds: float = 0.0, crash_at_start: bool = True, fill_at_end: bool = True
) -> list[tuple[float, str, str]]:
    """The grid (swung, not humanised) of ``bars`` bars of ``style``: (time in seconds, role, velocity letter)."""
    spec = STYLES[style]
    beat_seconds = 60.0 / bpm
    swing = float(rng.uniform(*spec.swing_range))
    pattern = spec.patterns[int(rng.integers(len(spec.patterns)))]
    phrase_bars = int(rng.choice([2, 4]))
    grid: list[tuple[float, str, str]] = []
    for bar in range(bars):
        bar_start = start_seconds + bar * 4 * beat_seconds
        ends_phrase = (bar + 1) % phrase_bars == 0 and rng.random() < PHRASE_FILL_PROBABILITY
        fill_beats = int(rng.integers(1, 3)) if ((fill_at_end and bar == bars - 1) or ends_phrase) else 0
        fill_from = 16 - 4 * fill_beats
        for role, steps in pattern.items():
            for step, letter in enumerate(steps):
                if letter == "." or step >= fill_from or (letter == "o" and rng.random() > OPTIONAL_PROBABILITY):
                    continue
                if style == "trap" and role == "hihat_closed" and rng.random() < 0.15:
                    per_beat = int(rng.choice(ROLL_STEPS_PER_BEAT))
                    t0 = _step_time(step, bar_start, beat_seconds, swing, spec.swing_16ths)
                    for k in range(per_beat // 2):  # a roll fills this 8th
                        grid.append((t0 + k * beat_seconds / per_beat, role, "x" if k else "X"))
                    continue
                grid.append((_step_time(step, bar_start, beat_seconds, swing, spec.swing_16ths), role, letter))
        if fill_beats:
            grid += fill(rng, bar_start + fill_from * beat_seconds / 4, fill_beats, beat_seconds)
        if bar == 0 and crash_at_start:
            grid += [(bar_start, "crash", "X"), (bar_start, "kick", "X")]
    return grid


def humanise(rng: np.random.Generator, grid: list[tuple[float, str, str]], jitter_ms: float) -> list[Event]:
    """Events in grid order: each time moved by clipped Gaussian jitter, each velocity drawn for its letter."""
    return [Event(max(0.0, t + _jitter(rng, jitter_ms)), role, _velocity(rng, letter)) for t, role, letter in grid]


def groove(
    rng: np.random.Generator, style: str, bars: int, bpm: float, start_seconds: float = 0.0, crash_at_start: bool = True, fill_at_end: bool = True
) -> list[Event]:
    """``bars`` bars of ``style`` at ``bpm`` from ``start_seconds``, humanised, sorted by time."""
    grid = groove_grid(rng, style, bars, bpm, start_seconds, crash_at_start, fill_at_end)
    return sorted(humanise(rng, grid, STYLES[style].jitter_ms), key=lambda e: e.time_seconds)


def sequence(rng: np.random.Generator, seconds: float, styles: tuple[str, ...] | None = None, max_sections: int = 1) -> tuple[list[Event], float, tuple[str, ...]]:
    """Sections of 2-8 bars covering ``seconds``: (events, first section's bpm, styles played).

    With ``max_sections`` > 1 each section picks a new style and tempo (a "song"); a section
    starts with a crash with probability 0.7 (always after the first) and ends with a fill with
    probability 0.6.
    """
    names = styles or tuple(STYLES)
    events: list[Event] = []
    played: list[str] = []
    t, first_bpm, bpm, section = 0.0, 0.0, 0.0, 0
    while t < seconds:
        if section < max_sections:  # a new section: new style and tempo; later ones go on with the last
            style = str(rng.choice(names))
            bpm = float(rng.uniform(*STYLES[style].bpm_range))
        bars = int(rng.integers(2, 9))
        events += groove(rng, style, bars, bpm, t, crash_at_start=section > 0 or rng.random() < 0.7, fill_at_end=rng.random() < 0.6)
        first_bpm = first_bpm or bpm
        if style not in played:
            played.append(style)
        t += bars * 4 * 60.0 / bpm
        section += 1
    return [e for e in events if e.time_seconds < seconds], first_bpm, tuple(played)
