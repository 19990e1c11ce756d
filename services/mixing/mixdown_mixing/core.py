"""Mixing core, the facade: analyse → plan → render. No I/O, no grpc, no nats.

1. **Prepare**: tracks of other rates are resampled to the mix rate; mono stays mono until the
   pan stage; shorter tracks end in silence (the mix is as long as the longest).
2. **Analyse** (:mod:`analysis`): loudness, crest factor, spectral balance against the role's
   target, sibilance, per track; the tempo from the rhythm tracks unless it is given.
3. **Plan** (:mod:`plan`): every parameter of every track and bus from the tables, the roles,
   the preset, the analysis and the user's overrides (which always win).
4. **Render** (:mod:`console`): each track's chain runs once; the faders are then set from the
   processed tracks' loudness (:func:`plan.fader_targets`) so that each role sits at its level;
   then the groups, the buses and the mix bus.

:func:`mix` returns the full parameter set it used; :func:`render` with those parameters gives
the same audio bit for bit.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from math import gcd
from typing import Any

import numpy as np
from scipy.signal import resample_poly

from mixdown.catalog import DEFAULT_PRESET, ROLES, VOCAL_ROLES
from mixdown.dsp import check_sample_rate
from mixdown.dsp.pool import parallel_map
from mixdown.dsp.tempo import MAX_ANALYSIS_SECONDS, MIN_ANALYSIS_SECONDS, estimate_tempo
from mixdown.errors import InvalidInput
from mixdown.mixparams import BUS_NAMES, BUS_PARAMS, TRACK_PARAMS, check_full_set, check_track_names, check_values
from mixdown_mixing import console
from mixdown_mixing.analysis import TrackAnalysis, analyse_track, loudness_lufs
from mixdown_mixing.cache import RenderCache, frozen
from mixdown_mixing.plan import base_values, beat_coherence_db, fader_targets, plan, round_value
from mixdown_mixing.presets import Preset, load_preset
from mixdown_mixing.roles import ROLE_SPECTRAL_TARGETS_DB

__all__ = ["MixResult", "Track", "TrackAnalysis", "analyse", "mix", "render", "render_groups"]

TEMPO_CONFIDENCE_MIN = 0.1
RHYTHM_ROLES = ("drums", "kick", "snare")


@dataclass
class Track:
    name: str
    role: str
    audio: np.ndarray  # (channels, samples) float, 1 or 2 channels
    sample_rate_hz: int | None = None  # None: already at the mix rate
    source: str | None = None  # a stable name of the audio (its storage key): lets a render memo know it

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidInput(f"track {self.name!r}: unknown role {self.role!r}; known: {', '.join(ROLES)}")
        audio = self.audio
        if not isinstance(audio, np.ndarray) or audio.ndim != 2 or audio.shape[0] not in (1, 2) or audio.shape[1] == 0:
            raise InvalidInput(f"track {self.name!r}: expected (channels, samples) audio with 1 or 2 channels")
        if not np.issubdtype(audio.dtype, np.floating):
            raise InvalidInput(f"track {self.name!r}: expected floating-point samples, got {audio.dtype}")


@dataclass
class MixResult:
    audio: np.ndarray
    parameters: dict[str, dict[str, float]]
    analysis: list[TrackAnalysis]
    report: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Prepared:
    name: str
    role: str
    audio: np.ndarray
    notes: list[str]
    checked: bool = False
    source: str | None = None

    def finite(self) -> np.ndarray:
        """The audio with NaN and infinities zeroed (checked once, on the worker thread)."""
        if not self.checked:
            if not (math.isfinite(float(self.audio.max())) and math.isfinite(float(self.audio.min()))):
                self.audio = np.nan_to_num(self.audio, nan=0.0, posinf=0.0, neginf=0.0)
                self.notes.append("NaN or infinite samples replaced by silence")
            self.checked = True
        return self.audio


def prepare(tracks: list[Track], sample_rate_hz: int) -> tuple[list[_Prepared], int]:
    if not tracks:
        raise InvalidInput("nothing to mix: no tracks")
    names = [t.name for t in tracks]
    if len(set(names)) != len(names):
        raise InvalidInput("track names must be unique")
    check_track_names(names)
    prepared = []
    for track in tracks:
        audio, notes = np.asarray(track.audio, dtype=np.float32), []
        rate = track.sample_rate_hz or sample_rate_hz
        if rate != sample_rate_hz:
            common = gcd(int(rate), sample_rate_hz)
            audio = resample_poly(audio, sample_rate_hz // common, int(rate) // common, axis=1).astype(np.float32)
            notes.append(f"resampled from {rate} Hz to {sample_rate_hz} Hz")
        audio = np.ascontiguousarray(audio)
        source = None if track.source is None else f"{track.source}@{rate}"
        prepared.append(_Prepared(track.name, track.role, audio, notes, source=source))
    length = max(p.audio.shape[1] for p in prepared)
    for item in prepared:
        missing = length - item.audio.shape[1]
        if missing > 0:
            item.notes.append(f"{missing / sample_rate_hz:.2f} s shorter than the longest track: ends in silence")
    return prepared, length


def _checked_overrides(
    overrides: dict[str, dict[str, float]] | None, roles: dict[str, str]
) -> dict[str, dict[str, float]]:
    checked: dict[str, dict[str, float]] = {}
    for name, values in (overrides or {}).items():
        if name not in roles and name not in BUS_NAMES:
            raise InvalidInput(f"override for unknown track {name!r}; tracks: {sorted(roles)}; "
                               f"buses: {', '.join(BUS_NAMES)}")
        checked[name] = check_values(name, values, roles.get(name))
    return checked


def analyse(tracks: list[Track], sample_rate_hz: int, preset: str = DEFAULT_PRESET) -> list[TrackAnalysis]:
    """Measure every track (see :mod:`analysis`)."""
    prepared, _ = prepare(tracks, check_sample_rate(sample_rate_hz))
    return _analyse(prepared, sample_rate_hz, load_preset(preset), {})


def _analyse(
    prepared: list[_Prepared], sample_rate_hz: int, preset: Preset, overrides: dict[str, dict[str, float]]
) -> list[TrackAnalysis]:
    def one(item: _Prepared) -> TrackAnalysis:
        base = base_values(item.role, preset, overrides.get(item.name, {}))
        band = (base["deess_low_hz"], base["deess_high_hz"]) if base["deess_reduction_db"] > 0.0 else None
        result = analyse_track(item.name, item.role, item.finite(), sample_rate_hz,
                               ROLE_SPECTRAL_TARGETS_DB.get(item.role), band)
        result.notes.extend(item.notes)
        return result

    return parallel_map(one, prepared, cost=lambda item: item.audio.size)


def _tempo(prepared: list[_Prepared], analysis: list[TrackAnalysis], sample_rate_hz: int, length: int) -> tuple[float, float]:
    """(bpm, confidence) from the middle of the drums, else the other non-vocal tracks, else all."""
    live = [p for p, a in zip(prepared, analysis, strict=True) if not a.silent]
    chosen: list[_Prepared] = []
    for roles in (RHYTHM_ROLES, tuple(r for r in ROLES if r not in VOCAL_ROLES), ROLES):
        chosen = [p for p in live if p.role in roles]
        if chosen:
            break
    window = min(length, round(MAX_ANALYSIS_SECONDS * sample_rate_hz))
    if window < MIN_ANALYSIS_SECONDS * sample_rate_hz:
        return BUS_PARAMS["delay"]["bpm"].default, 0.0
    start = (length - window) // 2
    mono = np.zeros(window, dtype=np.float32)
    for item in chosen:
        part = item.audio[:, start : start + window]
        mono[: part.shape[1]] += part.mean(axis=0)
    tempo = estimate_tempo(mono[None, :], sample_rate_hz)
    return tempo.bpm, tempo.confidence


def chain_output(item: _Prepared, sample_rate_hz: int, p: dict[str, float],
                 cache: RenderCache | None = None) -> console.ChainOutput:
    """A prepared track's chain output with parameters ``p``; with ``cache``, a track with a
    ``source`` whose chain parameters are unchanged gets its earlier output back."""
    if cache is None or item.source is None:
        return console.process_track(item.finite(), sample_rate_hz, p)
    key = (item.source, sample_rate_hz, frozen(console.chain_values(p)))
    return cache.get_or_compute("chain", key, lambda: dataclasses.replace(
        console.process_track(item.finite(), sample_rate_hz, p), source=key))


def _process(
    prepared: list[_Prepared],
    sample_rate_hz: int,
    parameters: dict[str, dict[str, float]],
    analysis: list[TrackAnalysis] | None = None,
    cache: RenderCache | None = None,
) -> list[tuple[console.ChainOutput | None, float]]:
    """Each unmuted track's chain output, with its loudness when ``analysis`` is given
    (measured on the blocks the analysis read). With ``cache``, a track with a ``source``
    whose chain parameters are unchanged gets its earlier output back."""
    segments = {a.name: np.asarray(a.segments, dtype=np.int64) for a in analysis or []}

    def chain(item: _Prepared, p: dict[str, float]) -> console.ChainOutput:
        return chain_output(item, sample_rate_hz, p, cache)

    def one(item: _Prepared) -> tuple[console.ChainOutput | None, float]:
        p = parameters[item.name]
        if p["mute"] >= 0.5:
            return None, -math.inf
        out = chain(item, p)
        if item.name not in segments:
            return out, math.nan
        measured = loudness_lufs(out.audio, sample_rate_hz, segments[item.name])
        return out, measured + 20.0 * math.log10(out.gain) if math.isfinite(measured) else -math.inf

    return parallel_map(one, prepared, cost=lambda item: item.audio.size)


def _items(
    prepared: list[_Prepared], outputs: list[tuple[console.ChainOutput | None, float]]
) -> list[tuple[str, str, console.ChainOutput]]:
    return [(p.name, p.role, out) for p, (out, _) in zip(prepared, outputs, strict=True) if out is not None]


def mix(
    tracks: list[Track],
    sample_rate_hz: int,
    overrides: dict[str, dict[str, float]] | None = None,
    preset: str = DEFAULT_PRESET,
    bpm: float | None = None,
    cache: RenderCache | None = None,
) -> MixResult:
    """Mix ``tracks`` with ``preset``; ``overrides`` (track or bus name → {parameter: value})
    win over everything; ``bpm`` (or an override of ``delay.bpm``) skips tempo detection."""
    sample_rate_hz = check_sample_rate(sample_rate_hz)
    chosen = load_preset(preset)
    prepared, length = prepare(tracks, sample_rate_hz)
    roles = {p.name: p.role for p in prepared}
    overrides = _checked_overrides(overrides, roles)
    analysis = _analyse(prepared, sample_rate_hz, chosen, overrides)
    if all(a.silent for a in analysis):
        raise InvalidInput("every track is silent or near-silent; nothing to mix")
    for item in analysis:
        if item.role == "lead_vocal" and item.silent:
            raise InvalidInput(f"the lead vocal {item.name!r} is silent or near-silent")

    report: dict[str, Any] = {"preset": chosen.name, "vocal_over_beat_lu_range": list(chosen.vocal_over_beat_lu)}
    if bpm is not None:
        bpm = BUS_PARAMS["delay"]["bpm"].check(bpm, "bpm")
    if "bpm" in overrides.get("delay", {}):
        bpm = overrides["delay"]["bpm"]
        report.update(bpm_source="override", bpm_confidence=1.0)
    elif bpm is not None:
        report.update(bpm_source="given", bpm_confidence=1.0)
    else:
        bpm, confidence = _tempo(prepared, analysis, sample_rate_hz, length)
        source = "detected" if confidence >= TEMPO_CONFIDENCE_MIN else "default"
        if source == "default":
            bpm = BUS_PARAMS["delay"]["bpm"].default
        report.update(bpm_source=source, bpm_confidence=confidence)
    parameters = plan(analysis, sample_rate_hz, chosen, overrides, bpm)
    report["bpm"] = parameters["delay"]["bpm"]

    outputs = _process(prepared, sample_rate_hz, parameters, analysis, cache)
    live = [(p.name, p.role) for p, (out, _) in zip(prepared, outputs, strict=True) if out is not None]
    if not live:
        raise InvalidInput("every track is muted or silent; nothing to mix")
    post = {p.name: lufs for p, (_, lufs) in zip(prepared, outputs, strict=True)}
    depth_db = parameters["bus"]["duck_depth_db"]
    targets, _ = fader_targets(live, chosen, depth_db)
    chains = {p.name: out for p, (out, _) in zip(prepared, outputs, strict=True) if out is not None}
    music = [(chains[name], targets[name] - post[name], parameters[name]["pan"]) for name, role in live
             if role not in VOCAL_ROLES and math.isfinite(post[name])]
    coherence_db = beat_coherence_db(music, length, sample_rate_hz)
    targets, aimed = fader_targets(live, chosen, depth_db, coherence_db)
    report["beat_coherence_db"] = round(coherence_db, 2)
    for name, target in targets.items():
        if "gain_db" in overrides.get(name, {}):
            continue
        gain_db = target - post[name] if math.isfinite(post[name]) else 0.0
        parameters[name]["gain_db"] = round_value(TRACK_PARAMS["gain_db"].clamp(gain_db))
    if aimed is not None:
        report["vocal_over_beat_aimed_lu"] = round(aimed, 2)
    report["post_chain_lufs"] = {name: round(v, 2) for name, v in post.items() if math.isfinite(v)}
    audio = console.mixdown(_items(prepared, outputs), sample_rate_hz, parameters, length, cache=cache).audio
    return MixResult(audio, parameters, analysis, report)


def _checked_parameters(prepared: list[_Prepared], parameters: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    return check_full_set(parameters, {p.name: p.role for p in prepared})


def render(
    tracks: list[Track],
    sample_rate_hz: int,
    parameters: dict[str, dict[str, float]],
    cache: RenderCache | None = None,
) -> np.ndarray:
    """Render a full parameter set (as :func:`mix` returns it); chooses nothing, deterministic.

    ``cache`` (with tracks that name their ``source``) reuses the pieces an earlier render or
    mix computed from the same inputs and parameters; the result is the same bits."""
    sample_rate_hz = check_sample_rate(sample_rate_hz)
    prepared, length = prepare(tracks, sample_rate_hz)
    parameters = _checked_parameters(prepared, parameters)
    outputs = _process(prepared, sample_rate_hz, parameters, cache=cache)
    return console.mixdown(_items(prepared, outputs), sample_rate_hz, parameters, length, cache=cache).audio


def render_groups(
    tracks: list[Track], sample_rate_hz: int, parameters: dict[str, dict[str, float]]
) -> dict[str, np.ndarray]:
    """The mix and its dry groups after the faders: ``mix``, ``lead`` (lead vocal), ``vocals``
    (the other vocal roles) and ``beat`` (everything else, after ducking), each (2, samples)."""
    sample_rate_hz = check_sample_rate(sample_rate_hz)
    prepared, length = prepare(tracks, sample_rate_hz)
    parameters = _checked_parameters(prepared, parameters)
    outputs = _process(prepared, sample_rate_hz, parameters)
    result = console.mixdown(_items(prepared, outputs), sample_rate_hz, parameters, length, keep_groups=True)
    return {"mix": result.audio, **(result.groups or {})}
