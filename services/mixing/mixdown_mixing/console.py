"""The console: per-track chains, the groups, the reverb and delay buses, the mix bus.

Signal flow, top to bottom::

    track ─ input gain ─ high-pass ─ EQ ─ compressor ─ de-esser ─ (makeup) ─ saturation
          ─ fader ─ pan / width ─┬─ lead | vocals | music group ─────────────────────┐
                                 ├─ ducked group ─ dynamic EQ keyed by the lead ─────┤
                                 ├─ reverb send (post-fader, mono) ─ reverb ─ return ┤
                                 └─ delay send (post-fader, mono) ─ tempo delay ─ ───┤
                                                                                    sum
          ─ trim ─ glue compressor (+ makeup) ─ brickwall safety limiter (true peak) ─ mix (2, samples)

Each track is processed once, its filters and compressor in one pedalboard call, the de-esser
after them in place (de-essing after the compressor catches the sibilance it brings up).
Tracks run on the worker pool (:mod:`mixdown.dsp.pool`; pedalboard, numpy and scipy release the GIL); the groups are
summed in track order over fixed time ranges, so the output does not depend on the number of
threads: the same tracks and parameters give the same bits.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from itertools import takewhile
from typing import Any

import numpy as np

from mixdown.catalog import VOCAL_ROLES
from mixdown.dsp.pool import parallel_map, workers
from mixdown.mixparams import TRACK_PARAMS, TRACK_PROCESSORS
from mixdown_mixing import buses, dynamics
from mixdown_mixing import processors as fx
from mixdown_mixing.cache import RenderCache, frozen

OFF_SEND_DB = TRACK_PARAMS["reverb_send_db"].min
_CHUNK_SAMPLES = 1 << 16
GROUPS = ("direct", "lead", "vocals", "music", "ducked")


def _gain(value_db: float) -> float:
    return 10.0 ** (value_db / 20.0)


# ---------------------------------------------------------------------------------------------
# Track chain
# ---------------------------------------------------------------------------------------------


CHAIN_PARAMETERS: tuple[str, ...] = tuple(
    name for processor in takewhile(lambda p: p != "fader", TRACK_PROCESSORS) for name in TRACK_PROCESSORS[processor]
)
"""What :func:`process_track` reads: the parameters of every track processor before the fader
(a chain output depends on its input and these only)."""


def chain_values(p: dict[str, float]) -> dict[str, float]:
    return {name: p[name] for name in CHAIN_PARAMETERS}


def eq_values(p: dict[str, float]) -> dict[str, float]:
    """The EQ's parameters (group ``mixing.track.eq``), as :func:`processors.eq_plugins` takes them."""
    return {name: p[name] for name in TRACK_PROCESSORS["eq"]}


def chain_plugins(sample_rate_hz: int, p: dict[str, float]) -> tuple[list[Any], list[Any]]:
    """The pedalboard processors of a track's chain: (filters, compressor)."""
    before = fx.highpass_plugins(sample_rate_hz, p["hpf_cutoff_hz"]) + fx.eq_plugins(sample_rate_hz, **eq_values(p))
    after = fx.compressor_plugins(p["comp_threshold_db"], p["comp_ratio"], p["comp_attack_ms"], p["comp_release_ms"])
    return before, after


@dataclass(frozen=True)
class ChainOutput:
    """A track after its chain: ``audio`` times ``gain`` (linear) is the chain's output.

    The input gain and the compressor's makeup are not multiplied into the samples where they
    commute with what follows: the filters are linear and the compressor and de-esser are
    scale-invariant (their thresholds move by the input gain instead), so both fold into the
    fader, one multiplication fewer per track. Only the saturation, which is not
    scale-invariant, needs them applied first.
    """

    audio: np.ndarray
    gain: float
    source: Hashable | None = None  # what it was computed from (a render memo key), when known


def process_track(audio: np.ndarray, sample_rate_hz: int, p: dict[str, float]) -> ChainOutput:
    """A track's chain, from the input gain to the saturation (before the fader): high-pass, EQ
    and compressor in one pedalboard board, then the de-esser (in place) and the saturation."""
    input_db = p["input_gain_db"]
    before = fx.highpass_plugins(sample_rate_hz, p["hpf_cutoff_hz"]) + fx.eq_plugins(sample_rate_hz, **eq_values(p))
    after = fx.compressor_plugins(p["comp_threshold_db"] - input_db, p["comp_ratio"], p["comp_attack_ms"],
                                  p["comp_release_ms"])
    x = fx.run_plugins(audio, sample_rate_hz, before + after)  # one board: one pass, one output
    if p["deess_reduction_db"] > 0.0:
        x = dynamics.deesser(x, sample_rate_hz, p["deess_threshold_db"] - input_db, p["deess_reduction_db"],
                             p["deess_low_hz"], p["deess_high_hz"], in_place=True)
    gain = _gain(input_db + p["comp_makeup_db"])
    if p["sat_mix"] > 0.0 and p["sat_drive_db"] > 0.0:
        x = fx.saturate_in_place(x, gain, p["sat_drive_db"], p["sat_mix"])
        gain = 1.0
    return ChainOutput(x, gain)


# ---------------------------------------------------------------------------------------------
# Summing
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Route:
    """Where one processed track goes, every gain folded into (destination, source, gain) terms:
    fader, pan (or balance) and width become at most four scaled additions per group."""

    audio: np.ndarray
    groups: tuple[tuple[str, tuple[tuple[int, int, float], ...]], ...]
    sends: tuple[tuple[str, tuple[tuple[int, float], ...]], ...]
    source: Hashable | None = None


def _mixing_terms(channels: int, pan: float, width_percent: float, gain: float) -> tuple[tuple[int, int, float], ...]:
    """(output channel, input channel, gain) of :func:`processors.pan_width` scaled by ``gain``."""
    left, right = fx.pan_gains(pan, channels)
    if channels == 1:
        return (0, 0, left * gain), (1, 0, right * gain)
    if width_percent == 100.0:
        return (0, 0, left * gain), (1, 1, right * gain)
    same, cross = (1.0 + width_percent / 100.0) / 2.0, (1.0 - width_percent / 100.0) / 2.0
    return ((0, 0, left * gain * same), (0, 1, left * gain * cross), (1, 0, right * gain * cross),
            (1, 1, right * gain * same))


def _routes(
    items: list[tuple[str, str, ChainOutput]], parameters: dict[str, dict[str, float]], keep_groups: bool
) -> tuple[list[_Route], dict[str, float]]:
    """Every unmuted track's route, and the gain to apply after each bus (``ducked``, ``reverb``,
    ``delay``; 1 unless given).

    The ducker, the reverb and the delay are linear in what they process (the ducker's gain
    comes from its key): when a single track feeds one of them, that track's scalar gain into it
    (fader, send, the bus's input and return gains) is applied after the bus instead of before,
    so that a memo of the bus holds across changes of those gains ("turn the beat down 3 dB",
    "un peu plus de reverb" on the only track that sends to it)."""
    trim_db = parameters["bus"]["trim_db"]
    # reverb and delay are linear: their input and return gains fold into the sends
    bus_gain = {"reverb": _gain(buses.REVERB_INPUT_GAIN_DB + parameters["reverb"]["reverb_return_db"]),
                "delay": _gain(parameters["delay"]["delay_return_db"])}
    send_keys = {"reverb": "reverb_send_db", "delay": "delay_send_db"}
    playing = [name for name, _, _ in items if parameters[name]["mute"] < 0.5]
    feeders = {"ducked": [name for name in playing if parameters[name]["duck_amount"] > 0.0],
               **{bus: [name for name in playing if parameters[name][key] > OFF_SEND_DB]
                  for bus, key in send_keys.items()}}
    post_gains = {bus: 1.0 for bus in feeders}
    routes = []
    for name, role, chain in items:
        p = parameters[name]
        if p["mute"] >= 0.5:
            continue
        audio = chain.audio
        channels = audio.shape[0]
        fader = _gain(p["gain_db"] + trim_db) * chain.gain

        def into(bus: str, gain: float, name: str = name) -> float:
            """The part of ``gain`` applied before ``bus``, the rest recorded to apply after it."""
            if feeders[bus] == [name] and gain != 0.0:
                post_gains[bus] = gain
                return 1.0
            return gain

        group = "lead" if role == "lead_vocal" else "vocals" if role in VOCAL_ROLES else "music"
        group = group if keep_groups else "direct"
        share = p["duck_amount"]
        groups = tuple(
            (target, tuple(t for t in _mixing_terms(channels, p["pan"], p["width_percent"], gain) if t[2]))
            for target, gain in ((group, fader * (1.0 - share)), ("ducked", into("ducked", fader) * share))
            if gain != 0.0
        )
        sends = tuple(
            (bus, tuple((channel, into(bus, fader * _gain(p[key]) * bus_gain[bus]) / channels)
                        for channel in range(channels)))
            for bus, key in send_keys.items()
            if p[key] > OFF_SEND_DB
        )
        routes.append(_Route(audio, groups, sends, chain.source))
    return routes, post_gains


def _processing(bus_parameters: dict[str, float]) -> Hashable:
    """A bus's parameters that shape its output (its return level is a gain on its input terms
    or after it, see :func:`_routes`), as a memo key."""
    return frozen({k: v for k, v in bus_parameters.items() if not k.endswith("_return_db")})


class _Sums:
    """The group and send accumulators, filled a time range at a time.

    The reverb send is accumulated straight into the reverb's input, ``predelay`` samples
    late, in channel 0 of a stereo buffer (see :func:`buses.reverb_fed`)."""

    def __init__(self, routes: list[_Route], length: int, predelay: int) -> None:
        self.routes = routes
        self.length = length
        self.offsets = {"reverb": predelay, "delay": 0}
        used = {group for route in routes for group, _ in route.groups}
        self.groups = {group: np.zeros((2, length), dtype=np.float32) for group in GROUPS if group in used}
        sent = {bus for route in routes for bus, _ in route.sends}
        self.sends = {bus: np.zeros((2 if bus == "reverb" else 1, length), dtype=np.float32)
                      for bus in ("reverb", "delay") if bus in sent}

    def fill(self, span: tuple[int, int]) -> None:
        start, stop = span
        scratch = np.empty(stop - start, dtype=np.float32)
        for route in self.routes:
            end = min(stop, route.audio.shape[1])
            if end <= start:
                continue
            segment = route.audio[:, start:end]
            tmp = scratch[: end - start]
            for group, terms in route.groups:
                target = self.groups[group][:, start:end]
                last = None
                for output, source, gain in terms:
                    if (source, gain) != last:  # a centred mono track scales once for both sides
                        np.multiply(segment[source], np.float32(gain), out=tmp)
                        last = (source, gain)
                    target[output] += tmp
            for bus, terms in route.sends:
                offset = self.offsets[bus]
                size = min(end, self.length - offset) - start
                if size <= 0:
                    continue
                target = self.sends[bus][0, start + offset : start + offset + size]
                for source, gain in terms:
                    np.multiply(segment[source, :size], np.float32(gain), out=tmp[:size])
                    target += tmp[:size]


def _spans(length: int) -> list[tuple[int, int]]:
    return [(start, min(start + _CHUNK_SAMPLES, length)) for start in range(0, length, _CHUNK_SAMPLES)]


def _fill(sums: _Sums, length: int) -> None:
    spans = _spans(length)
    count = min(workers(), len(spans))
    shares = [spans[i::count] for i in range(count)]
    parallel_map(lambda mine: [sums.fill(span) for span in mine], shares)


def _duck_key(
    items: list[tuple[str, str, ChainOutput]], parameters: dict[str, dict[str, float]], length: int
) -> np.ndarray | None:
    """The ducker's key: the unmuted lead vocal(s) after the chain, mono, (1, length). Its
    level does not matter (the ducker reads the key against its own active level), so a lone
    lead's fader is left out of it; several leads are summed at their faders."""
    leads = [(chain, parameters[name]) for name, role, chain in items
             if role == "lead_vocal" and parameters[name]["mute"] < 0.5]
    if not leads:
        return None
    if len(leads) == 1 and leads[0][0].audio.shape == (1, length):
        return leads[0][0].audio
    key = np.zeros((1, length), dtype=np.float32)
    for chain, p in leads:
        gain = np.float32((_gain(p["gain_db"]) * chain.gain if len(leads) > 1 else 1.0) / chain.audio.shape[0])
        key[0, : chain.audio.shape[1]] += chain.audio.sum(axis=0) * gain
    return key


# ---------------------------------------------------------------------------------------------
# Buses
# ---------------------------------------------------------------------------------------------


@dataclass
class Mixdown:
    audio: np.ndarray
    groups: dict[str, np.ndarray] | None = None


def mixdown(
    items: list[tuple[str, str, ChainOutput]],
    sample_rate_hz: int,
    parameters: dict[str, dict[str, float]],
    length: int,
    keep_groups: bool = False,
    cache: RenderCache | None = None,
) -> Mixdown:
    """Sum processed tracks (name, role, chain output) into the stereo mix.

    With ``cache``, a bus return whose inputs (the chain outputs that feed it, by their
    ``source``, with their gains) and parameters are those of an earlier render comes from it."""
    reverb_p, delay_p, bus_p = parameters["reverb"], parameters["delay"], parameters["bus"]
    predelay = buses.predelay_samples(sample_rate_hz, reverb_p["reverb_predelay_ms"], length)
    routes, post_gains = _routes(items, parameters, keep_groups)
    sums = _Sums(routes, length, predelay)
    _fill(sums, length)
    key = _duck_key(items, parameters, length)

    def memo(kind: str, identity: Hashable | None, compute: Callable[[], np.ndarray]) -> np.ndarray:
        return compute() if cache is None or identity is None else cache.get_or_compute(kind, identity, compute)

    def fed_by(bus: str) -> Hashable | None:
        """What a bus's input is made of, or None when a feeding track has no known source."""
        feeds = [(route.source, terms) for route in routes for name, terms in route.sends if name == bus]
        if any(source is None for source, _ in feeds):
            return None
        return sample_rate_hz, length, tuple(feeds)

    def after(bus: str, piece: np.ndarray | None) -> np.ndarray | None:
        """``piece`` times the gain that comes after ``bus`` (a new array when it is not 1)."""
        gain = post_gains[bus]
        return piece if piece is None or gain == 1.0 else piece * np.float32(gain)

    def duck_task() -> np.ndarray | None:
        ducked = sums.groups.get("ducked")
        if ducked is None or key is None or bus_p["duck_depth_db"] <= 0.0:
            return after("ducked", ducked)
        feeds = [(route.source, terms) for route in routes for name, terms in route.groups if name == "ducked"]
        leads = [(chain.source, parameters[name]["gain_db"], chain.gain) for name, role, chain in items
                 if role == "lead_vocal" and parameters[name]["mute"] < 0.5]
        if len(leads) == 1:  # a lone lead's level is not in the key (see _duck_key)
            leads = [leads[0][:1]]
        identity = None if any(s is None for s, *_ in feeds + leads) else (
            sample_rate_hz, length, tuple(feeds), tuple(leads),
            frozen({k: v for k, v in bus_p.items() if k.startswith("duck_")}))
        return after("ducked", memo("duck", identity, lambda: dynamics.duck(
            ducked, sample_rate_hz, key, bus_p["duck_depth_db"], bus_p["duck_low_hz"], bus_p["duck_high_hz"],
            bus_p["duck_attack_ms"], bus_p["duck_release_ms"])))

    def reverb_task() -> np.ndarray | None:
        if "reverb" not in sums.sends:
            return None
        feeds = fed_by("reverb")
        return after("reverb", memo("reverb", feeds and (feeds, predelay, _processing(reverb_p)), lambda: buses.reverb_fed(
            sums.sends["reverb"], sample_rate_hz, reverb_p["reverb_room_size"], reverb_p["reverb_width"],
            reverb_p["reverb_damping"])))

    def delay_task() -> np.ndarray | None:
        if "delay" not in sums.sends:
            return None
        feeds = fed_by("delay")
        return after("delay", memo("delay", feeds and (feeds, _processing(delay_p)), lambda: buses.tempo_delay(
            sums.sends["delay"], sample_rate_hz, delay_p["bpm"], delay_p["delay_note"], delay_p["delay_feedback"],
            delay_p["delay_highcut_hz"], delay_p["delay_lowcut_hz"], in_place=True)))

    # the reverb is the longest: it starts first, the ducker and the delay share the other thread
    reverb_wet, ducked, delay_wet = parallel_map(lambda task: task(), [reverb_task, duck_task, delay_task])

    parts = [part for part in (*(sums.groups.get(g) for g in ("direct", "lead", "vocals", "music")), ducked,
                               reverb_wet, delay_wet) if part is not None]
    if keep_groups or not parts or parts[0].shape[0] != 2:
        mix = np.zeros((2, length), dtype=np.float32)  # the groups go back to the caller intact
    else:
        mix = parts.pop(0)  # ours: sum in place (a memo's piece is read-only: copied)
        mix = mix if mix.flags.writeable else mix.copy()
    for part in parts:
        mix += part
    def glue() -> list:
        return fx.compressor_plugins(bus_p["glue_threshold_db"], bus_p["glue_ratio"], bus_p["glue_attack_ms"],
                                     bus_p["glue_release_ms"])

    audio = buses.master(mix, sample_rate_hz, glue, bus_p["glue_makeup_db"], bus_p["ceiling_dbtp"],
                      settle_ms=max(bus_p["glue_attack_ms"], bus_p["glue_release_ms"]), threads=workers())
    groups = None
    if keep_groups:
        silence = np.zeros((2, length), dtype=np.float32)
        beat = sums.groups.get("music", silence) + (ducked if ducked is not None else silence)
        groups = {"lead": sums.groups.get("lead", silence), "vocals": sums.groups.get("vocals", silence),
                  "beat": beat}
    return Mixdown(audio, groups)
