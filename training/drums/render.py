"""Render grooves with a kit into per-piece stems and the drum-bus mixture they sum to.

Signal flow of one example (every stage after the hits is either per piece, or linear, or a
gain shared by all pieces, so the pieces always sum to the mixture)::

    events ─▶ hits placed per piece (layer by velocity, open hi-hat choked by the next closed one,
              panned by role from the drummer's seat)
           ─▶ per piece: EQ (low shelf, peak, high shelf) ─▶ compressor ─▶ gain   (pedalboard)
              ─▶ own room (synthetic stereo IR: direct sound, early reflections, decorrelated
                 exponentially decaying noise) ─▶ bus room (one IR for every piece; linear)
                 (the two rooms as one convolution)
           ─▶ bus compression: ONE gain envelope computed on the sum, multiplied into every piece
           ─▶ stereo width (mid/side), mirror, polarity and level: the same for every piece
           ─▶ mixture = sum of the pieces (float32)

Pieces that do not play in an example (dropped at random, or that the groove does not use) are
exact zeros. The example starts mid-groove: a pre-roll is rendered and cut so that tails of
earlier hits ring into the start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pedalboard as pb
from scipy.signal import fftconvolve, lfilter

from mixdown.errors import InvalidInput
from training.drums.grooves import TOM_ORDER, Event, sequence
from training.drums.kits import DRUM_PIECES, Hit, KitBank, role_of

PREROLL_SECONDS = 2.0
BRUSH_STYLES = ("jazz", "pop", "funk")
"""What a brush kit (GM "Brush" presets: brush snare, slap and swirl) plays: jazz mostly, and soft pop and funk."""
DROP_PIECE_PROBABILITY = 0.15
"""Chance that a piece is left out of an example altogether (the model must learn silence)."""
CHOKE_FADE_MS = 8.0
FALLBACKS: dict[str, tuple[str, ...]] = {
    "rim": ("snare",), "clap": ("snare",), "hihat_pedal": ("hihat_closed",), "hihat_open": ("hihat_closed",),
    "ride": ("ride_bell", "hihat_closed"), "ride_bell": ("ride", "hihat_closed"),
    "crash": ("china", "splash", "ride", "hihat_open"), "china": ("crash",), "splash": ("crash",),
}  # fmt: skip
"""Role → roles played instead when the kit lacks it (toms fall back to the nearest tom)."""
PIECE_OF_ROLE = {"kick": "kick", "snare": "snare", "rim": "snare", "clap": "snare"}
ROLE_PAN = {
    "kick": 0.0, "snare": -0.05, "rim": -0.05, "clap": 0.0, "hihat_closed": -0.5, "hihat_open": -0.5, "hihat_pedal": -0.5,
    "ride": 0.5, "ride_bell": 0.45, "crash": -0.35, "china": 0.6, "splash": -0.2,
    "tom_high": -0.3, "tom_high_mid": -0.1, "tom_low_mid": 0.1, "tom_low": 0.3, "tom_floor_high": 0.45, "tom_floor_low": 0.6,
}  # fmt: skip
"""Where each role sits from the drummer's seat (-1 left .. 1 right), scaled per example by a random spread."""
SILENT_BELOW = 1e-5
"""A piece whose peak is under this fraction (-100 dB) of the mixture's is set to exact zeros: what
is left there is float32 FFT rounding of a tail that ended in the pre-roll, not sound."""


@dataclass(frozen=True)
class DrumExample:
    """``mixture`` (2, n) float32; ``pieces`` in :data:`DRUM_PIECES` order, each (2, n), summing to it."""

    mixture: np.ndarray
    pieces: dict[str, np.ndarray]
    bpm: float
    styles: tuple[str, ...]


def piece_of_role(role: str) -> str:
    if role in PIECE_OF_ROLE:
        return PIECE_OF_ROLE[role]
    return "toms" if role.startswith("tom") else "cymbals"


def choose_instruments(rng: np.random.Generator, kit: KitBank) -> dict[str, list[Hit]]:
    """Role → the layers of one instrument of the kit that plays it in this example."""
    by_role: dict[str, list[str]] = {}
    for piece in DRUM_PIECES:
        for instrument in kit.pieces.get(piece, {}):
            by_role.setdefault(role_of(instrument), []).append(f"{piece}/{instrument}")
    chosen: dict[str, list[Hit]] = {}
    for role, options in by_role.items():
        piece, instrument = str(rng.choice(options)).split("/", 1)
        chosen[role] = kit.pieces[piece][instrument]
    toms = [t for t in TOM_ORDER if t in chosen]
    for i, tom in enumerate(TOM_ORDER):
        if tom not in chosen and toms:
            chosen[tom] = chosen[min(toms, key=lambda t: abs(TOM_ORDER.index(t) - i))]
    for role, alternatives in FALLBACKS.items():
        if role not in chosen:
            found = next((a for a in alternatives if a in chosen), None)
            if found:
                chosen[role] = chosen[found]
    return chosen


def layer_for(layers: list[Hit], velocity: float, rng: np.random.Generator) -> Hit:
    """The layer whose velocity range holds ``velocity`` (±0.03, so neighbouring layers alternate)."""
    v = velocity + rng.uniform(-0.03, 0.03)
    return next((h for h in layers if h.velocity >= v), layers[-1])


def role_gains(rng: np.random.Generator, spread: float) -> dict[str, np.ndarray]:
    """Constant-power (left, right) gains per role for this example, 1 each at the centre."""
    gains = {}
    for role, pan in ROLE_PAN.items():
        angle = (np.clip(pan * spread + rng.normal(0, 0.05), -1, 1) + 1) * np.pi / 4
        gains[role] = np.sqrt(2) * np.array([[np.cos(angle)], [np.sin(angle)]])
    return gains


def place_hits(
    events: list[Event], chosen: dict[str, list[Hit]], n: int, sample_rate_hz: int, rng: np.random.Generator, spread: float = 0.0
) -> dict[str, np.ndarray]:
    """Dry stems, piece → (2, n) float64; an open hi-hat stops (fade) at the next closed/pedal hi-hat."""
    stems = {piece: np.zeros((2, n)) for piece in DRUM_PIECES}
    closes = np.array([round(e.time_seconds * sample_rate_hz) for e in events if e.role in ("hihat_closed", "hihat_pedal")] + [n + 10**9])
    fade = int(CHOKE_FADE_MS * sample_rate_hz / 1000)
    gains = role_gains(rng, spread)
    for event in events:
        if event.role not in chosen:
            continue
        start = round(event.time_seconds * sample_rate_hz)
        if start >= n:
            continue
        audio = layer_for(chosen[event.role], event.velocity, rng).audio
        length = min(audio.shape[1], n - start)
        hit = audio[:, :length] * event.velocity**1.5 * gains.get(event.role, 1.0)  # velocity curve between Hydrogen's linear and SF2's square
        if event.role == "hihat_open":
            stop = int(closes[np.searchsorted(closes, start, side="right")]) - start
            if stop < length:
                hit = hit[:, : stop + fade].copy()
                hit[:, stop:] *= np.linspace(1.0, 0.0, hit.shape[1] - stop)
                length = hit.shape[1]
        stems[piece_of_role(event.role)][:, start : start + length] += hit
    return stems


def room_ir(rng: np.random.Generator, sample_rate_hz: int, rt60_seconds: float, wet_db: float) -> np.ndarray:
    """A short synthetic stereo impulse response (2, m): direct sound at sample 0 (so onsets stay put),
    4-8 early reflections within 3-30 ms per channel, then decorrelated noise decaying by 60 dB in
    ``rt60_seconds``, darkened by a one-pole low-pass; reflections and tail at ``wet_db`` relative
    to the direct sound's energy."""
    m = int(min(rt60_seconds, 1.5) * sample_rate_hz)
    t = np.arange(m) / sample_rate_hz
    tail = rng.standard_normal((2, m)) * np.exp(-6.91 * t / rt60_seconds)
    pole = rng.uniform(0.2, 0.7)
    tail = lfilter([1 - pole], [1, -pole], tail, axis=1)
    tail[:, : int(0.003 * sample_rate_hz)] = 0.0
    energy = float(np.sum(tail**2) / 2)
    for channel in range(2):  # each reflection carries a few percent of the tail's energy
        for _ in range(int(rng.integers(4, 9))):
            sign = 1.0 if rng.random() < 0.5 else -1.0
            tail[channel, int(rng.uniform(0.003, 0.03) * sample_rate_hz)] += sign * rng.uniform(0.1, 0.3) * np.sqrt(energy)
    tail *= 10 ** (wet_db / 20) / np.sqrt(np.sum(tail**2) / 2)
    tail[:, 0] += 1.0
    return tail


def process_piece(rng: np.random.Generator, x: np.ndarray, sample_rate_hz: int, piece: str, bus_ir: np.ndarray) -> np.ndarray:
    """EQ, compression and gain of one piece's close sound, then its own room and the bus room
    (random settings per example). The two rooms are linear and adjacent, so they are applied
    as one impulse response (their convolution): one long convolution per piece instead of two."""
    board = pb.Pedalboard([
        pb.LowShelfFilter(cutoff_frequency_hz=rng.uniform(60, 250), gain_db=rng.uniform(-6, 6)),
        pb.PeakFilter(cutoff_frequency_hz=float(np.exp(rng.uniform(np.log(200), np.log(6000)))), gain_db=rng.uniform(-6, 6), q=rng.uniform(0.5, 2.0)),
        pb.HighShelfFilter(cutoff_frequency_hz=rng.uniform(3000, 10000), gain_db=rng.uniform(-6, 6)),
        pb.Compressor(threshold_db=rng.uniform(-30, -6), ratio=rng.uniform(1.0, 6.0), attack_ms=rng.uniform(1, 30), release_ms=rng.uniform(40, 300)),
        pb.Gain(gain_db=rng.uniform(-9, 3)),
    ])  # fmt: skip
    x = board(x.astype(np.float32), sample_rate_hz)
    rt60 = {"kick": (0.15, 0.6), "snare": (0.3, 1.2), "toms": (0.3, 1.2), "cymbals": (0.3, 1.0)}[piece]
    own = room_ir(rng, sample_rate_hz, rng.uniform(*rt60), rng.uniform(-24, -8))
    rooms = fftconvolve(own, bus_ir, axes=1).astype(np.float32)
    return fftconvolve(x, rooms, axes=1)[:, : x.shape[1]].astype(np.float64)


def bus_gain(rng: np.random.Generator, mix: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """ONE gain envelope (n,) of a bus compressor computed on the sum: RMS detector (5-20 ms), static
    curve (threshold, ratio), gain reduction smoothed by a one-pole filter (5-40 ms)."""
    detector_coeff = np.exp(-1.0 / (rng.uniform(0.005, 0.02) * sample_rate_hz))
    power = lfilter([1 - detector_coeff], [1, -detector_coeff], np.mean(mix**2, axis=0))
    level_db = 10 * np.log10(np.maximum(power, 1e-12))
    threshold_db = float(np.max(level_db)) - rng.uniform(0, 18)
    reduction_db = np.maximum(level_db - threshold_db, 0.0) * (1 - 1 / rng.uniform(1.0, 4.0))
    smooth_coeff = np.exp(-1.0 / (rng.uniform(0.005, 0.04) * sample_rate_hz))
    reduction_db = lfilter([1 - smooth_coeff], [1, -smooth_coeff], reduction_db)
    return 10 ** (-reduction_db / 20)


def render(
    rng: np.random.Generator, kit: KitBank, events: list[Event], seconds: float, sample_rate_hz: int = 44100,
    preroll_seconds: float = 0.0, bpm: float = 0.0, styles: tuple[str, ...] = (), drop_pieces: bool = True, processing: bool = True,
) -> DrumExample:  # fmt: skip
    """Render ``events`` (times from the start of the pre-roll) with ``kit``; keep ``seconds`` after the pre-roll.

    ``processing=False`` leaves out rooms, EQ, compression and the bus (dry stems, for tests).
    """
    if kit.sample_rate_hz != sample_rate_hz:
        raise InvalidInput(f"kit {kit.name!r} is at {kit.sample_rate_hz} Hz, the render at {sample_rate_hz} Hz")
    n_keep, n_pre = round(seconds * sample_rate_hz), round(preroll_seconds * sample_rate_hz)
    n = n_pre + n_keep
    chosen = choose_instruments(rng, kit)
    playing = {piece_of_role(e.role) for e in events if e.role in chosen}
    if drop_pieces and len(playing) > 1:
        dropped = {p for p in sorted(playing) if rng.random() < DROP_PIECE_PROBABILITY}
        if dropped == playing:
            dropped.discard(sorted(playing)[int(rng.integers(len(playing)))])
        events = [e for e in events if piece_of_role(e.role) not in dropped]
    stems = place_hits(events, chosen, n, sample_rate_hz, rng, spread=rng.uniform(0.0, 1.0) if processing else 0.0)
    silent = {p for p in DRUM_PIECES if not np.any(stems[p])}
    if processing:
        bus_ir = room_ir(rng, sample_rate_hz, rng.uniform(0.2, 1.5), rng.uniform(-30, -10))
        for piece in DRUM_PIECES:
            if piece not in silent:
                stems[piece] = process_piece(rng, stems[piece], sample_rate_hz, piece, bus_ir)
        gain = bus_gain(rng, sum(stems.values()), sample_rate_hz)
        width = rng.uniform(0.3, 1.3)
        mirror = rng.random() < 0.5
        for piece in DRUM_PIECES:
            x = stems[piece] * gain
            mid, side = (x[0] + x[1]) / 2, (x[0] - x[1]) / 2 * width
            x = np.stack([mid + side, mid - side])
            stems[piece] = x[::-1] if mirror else x
    stems = {p: stems[p][:, n_pre:] for p in DRUM_PIECES}
    peak = max(float(np.max(np.abs(sum(stems.values())))), 1e-9)
    for piece in DRUM_PIECES:
        if np.max(np.abs(stems[piece])) < SILENT_BELOW * peak:
            stems[piece] = np.zeros_like(stems[piece])
    scale = (10 ** (rng.uniform(-12, -1) / 20) / peak) * (-1 if processing and rng.random() < 0.5 else 1)
    pieces = {p: (stems[p] * scale).astype(np.float32) for p in DRUM_PIECES}
    mixture = np.sum([pieces[p].astype(np.float64) for p in DRUM_PIECES], axis=0).astype(np.float32)
    return DrumExample(mixture, pieces, bpm, styles)


def styles_for(kit: KitBank) -> tuple[str, ...] | None:
    """The styles a kit plays: brush kits play what brushes are played in, others everything (None)."""
    return BRUSH_STYLES if "brush" in kit.name.lower() else None


def render_example(rng: np.random.Generator, kit: KitBank, seconds: float, sample_rate_hz: int = 44100) -> DrumExample:
    """A training example: one style at one tempo, starting mid-groove after a pre-roll."""
    events, bpm, styles = sequence(rng, PREROLL_SECONDS + seconds, styles_for(kit))
    return render(rng, kit, events, seconds, sample_rate_hz, PREROLL_SECONDS, bpm, styles)


def render_song(rng: np.random.Generator, kit: KitBank, seconds: float, sample_rate_hz: int = 44100) -> DrumExample:
    """A "song" of ``seconds`` (the benchmark uses 20-30 s): sections of different styles and tempos,
    fills between them, crashes at section starts; every piece the groove uses plays."""
    events, bpm, styles = sequence(rng, seconds, styles_for(kit), max_sections=int(rng.integers(3, 6)))
    return render(rng, kit, events, seconds, sample_rate_hz, 0.0, bpm, styles, drop_pieces=False)
