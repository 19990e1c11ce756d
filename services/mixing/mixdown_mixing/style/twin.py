"""The console's differentiable twin, in torch: what the style search differentiates.

It follows the signal flow of :mod:`mixdown_mixing.console` (see its diagram), processor by
processor (:mod:`.twin_dsp`)::

    track ─ input gain ─ high-pass ─ EQ ─ compressor ─ de-esser (frozen) ─ makeup ─ saturation
          ─ fader ─ pan / width ─┬─ sum ──────────────────────────────────────────────┐
                                 ├─ ducked sum ─ duck band cut (frozen key curve) ────┤
                                 ├─ reverb send ─ reverb (captured IR, room slope) ───┤
                                 └─ delay send ─ delay (captured IR) ─────────────────┤
                                                                                     sum
          ─ trim (in the faders) ─ glue compressor ─ makeup ─ mix (2, samples), no limiter

Exact (to float rounding): gains, high-pass, EQ, saturation, pan, width, sends, the reverb and
delay buses at the frozen settings. Exact forward with an approximate gradient: the
compressors. Frozen from the production code at the given parameter set (:func:`freeze`):
the de-esser (its change to the chain at those settings, added back), the ducker's gain curve
(its key is the lead vocal at those settings), the reverb's impulse response (with its
first-order change in room size, so the room size has a gradient) and the delay's. Left out:
the mix bus's safety limiter; a search compares loudness-normalised signals instead.

Parameters: a full parameter set (floats, as :func:`core.mix` returns it) with the style
parameters (:mod:`.space`) as tensors in [0, 1] along each parameter's scale
(:func:`style_units`, :func:`resolved`); :func:`to_parameters` gives back floats for the
production render.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import torch

from mixdown.mixparams import BUS_NAMES, BUS_PARAMS, TRACK_PARAMS
from mixdown_mixing import buses, console, dynamics
from mixdown_mixing.core import Track, prepare
from mixdown_mixing.style import twin_dsp as dsp
from mixdown_mixing.style.space import BUS_STYLE_PARAMETERS, TRACK_STYLE_PARAMETERS

Value = torch.Tensor | float
Values = dict[str, dict[str, Value]]
ROOM_SIZE_STEP = 0.01


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------


def _style_names(map_name: str) -> tuple[str, ...]:
    return BUS_STYLE_PARAMETERS.get(map_name, ()) if map_name in BUS_NAMES else TRACK_STYLE_PARAMETERS


def _param(map_name: str, name: str):
    return BUS_PARAMS[map_name][name] if map_name in BUS_NAMES else TRACK_PARAMS[name]


def style_units(parameters: Mapping[str, Mapping[str, float]], requires_grad: bool = True) -> dict[str, dict[str, torch.Tensor]]:
    """The style parameters of ``parameters`` as leaf tensors in [0, 1] (float64), by map and name."""
    return {
        map_name: {name: torch.tensor(_param(map_name, name).normalise(values[name]), dtype=torch.float64,
                                      requires_grad=requires_grad) for name in _style_names(map_name)}
        for map_name, values in parameters.items() if _style_names(map_name)
    }


def resolved(parameters: Mapping[str, Mapping[str, float]], units: Mapping[str, Mapping[str, torch.Tensor]]) -> Values:
    """``parameters`` with each style parameter in ``units`` replaced by its value (a tensor)."""
    out: Values = {map_name: dict(values) for map_name, values in parameters.items()}
    for map_name, named in units.items():
        for name, unit in named.items():
            out[map_name][name] = dsp.denormalise(_param(map_name, name), unit)
    return out


def to_parameters(values: Mapping[str, Mapping[str, Value]]) -> dict[str, dict[str, float]]:
    """Plain floats (each within its parameter's range) for the production console."""
    return {map_name: {name: _param(map_name, name).clamp(dsp.scalar(v)) for name, v in named.items()}
            for map_name, named in values.items()}


# ---------------------------------------------------------------------------------------------
# Frozen state
# ---------------------------------------------------------------------------------------------


@dataclass
class Twin:
    """Tracks and the pieces frozen from the production code at one parameter set."""

    sample_rate_hz: int
    names: list[str]
    roles: dict[str, str]
    audio: dict[str, torch.Tensor]  # (channels, samples) each, padded to one length
    parameters: dict[str, dict[str, float]]  # the set the pieces were frozen at
    filter_size: int
    deess: dict[str, torch.Tensor] = field(default_factory=dict)  # the de-esser's change, after the input gain
    duck_change: torch.Tensor | None = None  # per sample: gain of the duck band minus 1
    duck_sections: torch.Tensor | None = None
    reverb_ir: torch.Tensor | None = None  # (2, samples): send to return, predelay included
    reverb_ir_per_room: torch.Tensor | None = None  # its derivative in room size
    delay_ir: torch.Tensor | None = None  # (1, samples)

    @property
    def samples(self) -> int:
        return next(iter(self.audio.values())).shape[1]


def _impulse(channels: int, samples: int, at: int = 0) -> np.ndarray:
    impulse = np.zeros((channels, samples), dtype=np.float32)
    if at < samples:
        impulse[0, at] = 1.0
    return impulse


def _reverb_ir(sample_rate_hz: int, samples: int, reverb_p: Mapping[str, float], room_size: float) -> np.ndarray:
    predelay = buses.predelay_samples(sample_rate_hz, reverb_p["reverb_predelay_ms"], samples)
    return buses.reverb_fed(_impulse(2, samples, predelay), sample_rate_hz, room_size, reverb_p["reverb_width"],
                            reverb_p["reverb_damping"])


def freeze(
    tracks: list[Track], sample_rate_hz: int, parameters: Mapping[str, Mapping[str, float]],
    dtype: torch.dtype = torch.float32, device: torch.device | str = "cpu",
) -> Twin:
    """The twin of the console for ``tracks`` around ``parameters`` (a full set): the tracks
    (resampled to the mix rate and padded to the longest, as the console mixes them) and the
    de-esser, ducker, reverb and delay pieces computed by the production code at that set,
    as ``dtype`` tensors on ``device`` (the compressors' envelopes run on the CPU either way)."""

    def tensor(values: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(values, dtype=dtype, device=device)

    prepared, length = prepare(tracks, sample_rate_hz)
    params = {k: dict(v) for k, v in parameters.items()}
    audio = {}
    for item in prepared:
        padded = np.zeros((item.audio.shape[0], length), dtype=np.float32)
        padded[:, : item.audio.shape[1]] = np.nan_to_num(item.audio)
        audio[item.name] = padded
    twin = Twin(sample_rate_hz, [p.name for p in prepared], {p.name: p.role for p in prepared},
                {name: tensor(a) for name, a in audio.items()}, params,
                dsp.fft_size(length, sample_rate_hz))
    chains: dict[str, console.ChainOutput] = {}
    for name in twin.names:
        p = params[name]
        if p["mute"] >= 0.5:
            continue
        if p["deess_reduction_db"] > 0.0:
            dry = console.process_track(audio[name], sample_rate_hz, {**p, "deess_reduction_db": 0.0, "sat_mix": 0.0})
            wet = console.process_track(audio[name], sample_rate_hz, {**p, "sat_mix": 0.0})
            change = (wet.audio.astype(np.float64) - dry.audio) * dsp.db_to_gain(p["input_gain_db"]).item()
            if np.any(change):
                twin.deess[name] = tensor(change)
        if twin.roles[name] == "lead_vocal":
            chains[name] = console.process_track(audio[name], sample_rate_hz, p)
    bus_p, reverb_p, delay_p = params["bus"], params["reverb"], params["delay"]
    items = [(name, twin.roles[name], chain) for name, chain in chains.items()]
    key = console._duck_key(items, params, length)
    if key is not None and bus_p["duck_depth_db"] > 0.0:
        reduction_db, block = dynamics.duck_reduction_db(key, sample_rate_hz, bus_p["duck_depth_db"],
                                                         bus_p["duck_attack_ms"], bus_p["duck_release_ms"])
        if np.any(reduction_db > 0.0):
            centres = np.arange(reduction_db.size) * block + block / 2.0
            change = np.interp(np.arange(length), centres, 10.0 ** (-reduction_db / 20.0) - 1.0)
            twin.duck_change = tensor(change)
            twin.duck_sections = dsp.band_sections(dynamics._band_sos(sample_rate_hz, bus_p["duck_low_hz"],
                                                                      bus_p["duck_high_hz"]))
    room = reverb_p["reverb_room_size"]
    step = ROOM_SIZE_STEP if room + ROOM_SIZE_STEP <= 1.0 else -ROOM_SIZE_STEP
    ir = _reverb_ir(sample_rate_hz, length, reverb_p, room)
    twin.reverb_ir = tensor(ir)
    twin.reverb_ir_per_room = tensor((_reverb_ir(sample_rate_hz, length, reverb_p, room + step).astype(np.float64)
                                      - ir) / step)
    twin.delay_ir = tensor(buses.tempo_delay(
        _impulse(1, length), sample_rate_hz, delay_p["bpm"], delay_p["delay_note"], delay_p["delay_feedback"],
        delay_p["delay_highcut_hz"], delay_p["delay_lowcut_hz"]))
    return twin


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def _gain(value_db: Value, like: torch.Tensor) -> torch.Tensor:
    return dsp.db_to_gain(value_db).to(device=like.device, dtype=like.dtype)


def render_track(
    x: torch.Tensor, sample_rate_hz: int, p: Mapping[str, Value], filter_size: int | None = None,
    deess_change: torch.Tensor | None = None,
) -> torch.Tensor:
    """A track's chain before the fader (:func:`console.process_track`): input gain, high-pass,
    EQ, compressor, the frozen de-esser change (if any), makeup, saturation. ``x`` (channels,
    samples); the high-pass corner, the compressor's times and the saturation are read as
    floats, the rest may be tensors."""
    size = filter_size or dsp.fft_size(x.shape[-1], sample_rate_hz)
    s = x * _gain(p["input_gain_db"], x)
    sections = torch.cat([dsp.highpass_sections(sample_rate_hz, dsp.scalar(p["hpf_cutoff_hz"])),
                          dsp.eq_sections(sample_rate_hz, p)])
    s = dsp.filtered(s, dsp.grid_response(sections, size, sample_rate_hz, x.device), size)
    s = dsp.compressor(s, sample_rate_hz, p["comp_threshold_db"], p["comp_ratio"], dsp.scalar(p["comp_attack_ms"]),
                       dsp.scalar(p["comp_release_ms"]))
    if deess_change is not None:
        s = s + deess_change
    s = s * _gain(p["comp_makeup_db"], s)
    mix, drive_db = dsp.scalar(p["sat_mix"]), dsp.scalar(p["sat_drive_db"])
    if mix > 0.0 and drive_db > 0.0:
        drive = 10.0 ** (drive_db / 20.0)
        s = (1.0 - mix) * s + mix * torch.tanh(drive * s) / drive
    return s


def pan_width(y: torch.Tensor, pan: Value, width_percent: Value) -> torch.Tensor:
    """:func:`processors.pan_width`: mono is panned at constant power (sin/cos, -3 dB at the
    centre); stereo has its side scaled by ``width_percent`` / 100, then a balance that leaves
    the centre at unity."""
    angle = (torch.as_tensor(pan, dtype=torch.float64) + 1.0) * math.pi / 4.0
    left, right = torch.cos(angle).to(y.dtype), torch.sin(angle).to(y.dtype)
    if y.shape[0] == 1:
        return torch.stack([y[0] * left, y[0] * right])
    root2 = math.sqrt(2.0)
    left, right = (root2 * left).clamp(max=1.0), (root2 * right).clamp(max=1.0)
    w = (torch.as_tensor(width_percent, dtype=torch.float64) / 100.0).to(y.dtype)
    same, cross = (1.0 + w) / 2.0, (1.0 - w) / 2.0
    return torch.stack([left * (same * y[0] + cross * y[1]), right * (cross * y[0] + same * y[1])])


def _send_gain(value_db: Value, like: torch.Tensor) -> torch.Tensor:
    """A send's gain; a send at its floor is off (as in the console) yet keeps the gradient of
    the floor's level, so that a search can open it."""
    gain = _gain(value_db, like)
    return gain - gain.detach() if dsp.scalar(value_db) <= console.OFF_SEND_DB else gain


def render_mix(twin: Twin, values: Mapping[str, Mapping[str, Value]]) -> torch.Tensor:
    """The mix (2, samples) before the safety limiter, for ``values`` (a full set, floats or
    tensors, e.g. :func:`resolved`)."""
    fs, size = twin.sample_rate_hz, twin.filter_size
    like = next(iter(twin.audio.values()))
    bus_p, reverb_p, delay_p = values["bus"], values["reverb"], values["delay"]
    trim = _gain(bus_p["trim_db"], like)
    zeros = torch.zeros((2, twin.samples), dtype=like.dtype, device=like.device)
    mix, ducked = zeros, zeros
    reverb_in = torch.zeros(twin.samples, dtype=like.dtype, device=like.device)
    delay_in = torch.zeros(twin.samples, dtype=like.dtype, device=like.device)
    any_ducked = False
    for name in twin.names:
        p = values[name]
        if dsp.scalar(p["mute"]) >= 0.5:
            continue
        y = render_track(twin.audio[name], fs, p, size, twin.deess.get(name))
        fader = _gain(p["gain_db"], y) * trim
        placed = pan_width(y, p["pan"], p["width_percent"]) * fader
        share = dsp.scalar(p["duck_amount"])
        mix = mix + placed * (1.0 - p["duck_amount"]) if share < 1.0 else mix
        if share > 0.0:
            ducked, any_ducked = ducked + placed * p["duck_amount"], True
        mono = y.mean(dim=0) * fader
        reverb_in = reverb_in + mono * _send_gain(p["reverb_send_db"], y)
        delay_in = delay_in + mono * _send_gain(p["delay_send_db"], y)
    if any_ducked and twin.duck_change is not None and twin.duck_sections is not None:
        band = dsp.filtered(ducked, dsp.grid_response(twin.duck_sections, size, fs, ducked.device), size)
        ducked = ducked + band * twin.duck_change
    mix = mix + ducked
    if twin.reverb_ir is not None and twin.reverb_ir_per_room is not None:
        room = torch.as_tensor(reverb_p["reverb_room_size"], dtype=torch.float64) - twin.parameters["reverb"]["reverb_room_size"]
        ir = twin.reverb_ir + room.to(like.dtype) * twin.reverb_ir_per_room
        wet = dsp.convolve(reverb_in[None, :], ir)
        mix = mix + wet * _gain(reverb_p["reverb_return_db"] + buses.REVERB_INPUT_GAIN_DB, wet)
    if twin.delay_ir is not None:
        wet = dsp.convolve(delay_in[None, :], twin.delay_ir)
        mix = mix + wet * _gain(delay_p["delay_return_db"], wet)
    mix = dsp.compressor(mix, fs, bus_p["glue_threshold_db"], bus_p["glue_ratio"], dsp.scalar(bus_p["glue_attack_ms"]),
                         dsp.scalar(bus_p["glue_release_ms"]))
    return mix * _gain(bus_p["glue_makeup_db"], mix)
