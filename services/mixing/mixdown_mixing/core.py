"""Mixing core, the facade: analyse → plan → render. No I/O, no grpc, no nats.

1. **Prepare**: tracks of other rates are resampled to the mix rate; mono stays mono until the
   pan stage; shorter tracks end in silence (the mix is as long as the longest).
2. **Analyse** (:mod:`analysis`): loudness, crest factor, spectral balance against the role's
   target, sibilance, per track; the tempo from the rhythm tracks unless it is given.
3. **Plan**: table defaults → role defaults (:mod:`roles`) → the preset's values
   (:mod:`presets`) → analysis (input gain to ``REFERENCE_LUFS``, corrective EQ, compressor
   threshold relief for dense tracks, de-esser threshold from the sibilance) → the user's
   overrides, which always win. Values are clamped to the tables and rounded.
4. **Render** (:mod:`console`): each track's chain runs once; the faders are then set from the
   processed tracks' loudness so that each role sits at its level (vocals relative to the lead,
   the beat at the preset's vocal-over-beat target under it, the whole at ``MIX_LUFS``).

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
from mixdown_mixing import console
from mixdown_mixing import processors as fx
from mixdown_mixing.analysis import TrackAnalysis, analyse_track, loudness_lufs
from mixdown_mixing.cache import RenderCache, frozen
from mixdown_mixing.params import (
    BUS_NAMES,
    BUS_PARAMS,
    LEAD_VOCAL_FIXED,
    TRACK_PARAMS,
    check_full_set,
    check_order,
    check_track_names,
    check_values,
    defaults,
)
from mixdown_mixing.presets import Preset, load_preset
from mixdown_mixing.roles import (
    CORRECTION_BANDS,
    MAX_CREST_RELIEF_DB,
    ROLE_CORRECTION_SHARE,
    ROLE_CREST_DB,
    ROLE_DEFAULTS,
    ROLE_LEVEL_LU,
    ROLE_SPECTRAL_TARGETS_DB,
    SPREAD_ROLES,
    correction_limits,
    spread_pan,
)

__all__ = ["MIX_LUFS", "REFERENCE_LUFS", "MixResult", "Track", "TrackAnalysis", "analyse", "mix", "render",
           "render_groups"]

REFERENCE_LUFS = -20.0
MIX_LUFS = -18.0
TEMPO_CONFIDENCE_MIN = 0.1
RHYTHM_ROLES = ("drums", "kick", "snare")
MAX_COHERENCE_BLOCKS = 24
SIBILANT_CREST_DB = 5.0
# Share of the duck depth by which ducking lowers the beat's loudness while the vocal sings;
# the plan aims the vocal-over-beat target that much lower so that the result is centred.
DUCK_LOUDNESS_SHARE = 0.25


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


def _prepare(tracks: list[Track], sample_rate_hz: int) -> tuple[list[_Prepared], int]:
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


def _base_values(role: str, preset: Preset, overrides: dict[str, float]) -> dict[str, float]:
    values = defaults("track")
    values.update(ROLE_DEFAULTS[role])
    values.update(preset.roles.get(role, {}))
    values.update(overrides)
    return values


def analyse(tracks: list[Track], sample_rate_hz: int, preset: str = DEFAULT_PRESET) -> list[TrackAnalysis]:
    """Measure every track (see :mod:`analysis`)."""
    prepared, _ = _prepare(tracks, check_sample_rate(sample_rate_hz))
    return _analyse(prepared, sample_rate_hz, load_preset(preset), {})


def _analyse(
    prepared: list[_Prepared], sample_rate_hz: int, preset: Preset, overrides: dict[str, dict[str, float]]
) -> list[TrackAnalysis]:
    def one(item: _Prepared) -> TrackAnalysis:
        base = _base_values(item.role, preset, overrides.get(item.name, {}))
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


def _round(value: float) -> float:
    return round(float(value), 3)


def _deess_threshold_db(item: TrackAnalysis, values: dict[str, float], sample_rate_hz: int) -> float:
    """Half the largest reduction under the sibilant frames' band level as the de-esser sees
    it: after the input gain, the EQ and the compressor (which sits before it). The compressor's
    cut on those frames is estimated from its static curve, its peak detector reading the frames
    SIBILANT_CREST_DB over their RMS."""
    centre_hz = math.sqrt(values["deess_low_hz"] * values["deess_high_hz"])
    eq_db = float(fx.eq_response_db(sample_rate_hz, np.array([centre_hz]), **console.eq_values(values))[0])
    staged_db = values["input_gain_db"] + eq_db
    compression_db = 0.0
    if values["comp_ratio"] > 1.0 and item.sibilant_frame_dbfs is not None:
        over_db = item.sibilant_frame_dbfs + staged_db + SIBILANT_CREST_DB - values["comp_threshold_db"]
        compression_db = max(over_db, 0.0) * (1.0 - 1.0 / values["comp_ratio"])
    return item.sibilant_level_dbfs + staged_db - compression_db - 0.5 * values["deess_reduction_db"]


def _track_plan(
    item: TrackAnalysis, preset: Preset, spread: tuple[int, int], sample_rate_hz: int
) -> dict[str, float]:
    role = item.role
    values = _base_values(role, preset, {})
    if role in SPREAD_ROLES:
        values["pan"] = spread_pan(role, abs(values["pan"]), spread[0], spread[1], item.channels)
    if role == "lead_vocal":
        values.update(LEAD_VOCAL_FIXED)
    if item.silent:
        values["mute"] = 1.0
    else:
        values["input_gain_db"] = REFERENCE_LUFS - item.integrated_lufs
        share = ROLE_CORRECTION_SHARE.get(role, 0.0)
        for band, name in CORRECTION_BANDS.items():
            deviation = item.spectral_deviation_db.get(band)
            if share and deviation is not None:
                values[name] += float(np.clip(-share * deviation, *correction_limits(role, band)))
        if values["comp_ratio"] > 1.0:
            relief = ROLE_CREST_DB.get(role, 14.0) - item.crest_factor_db
            values["comp_threshold_db"] += float(np.clip(relief, 0.0, MAX_CREST_RELIEF_DB))
        if values["deess_reduction_db"] > 0.0 and item.sibilant_level_dbfs is not None:
            values["deess_threshold_db"] = _deess_threshold_db(item, values, sample_rate_hz)
    return {name: _round(TRACK_PARAMS[name].clamp(value)) for name, value in values.items()}


def plan(
    analysis: list[TrackAnalysis],
    sample_rate_hz: int,
    preset: Preset,
    overrides: dict[str, dict[str, float]],
    bpm: float,
) -> dict[str, dict[str, float]]:
    """Every parameter of every track and bus except the faders (set after the chains)."""
    parameters: dict[str, dict[str, float]] = {}
    counts = {role: sum(a.role == role for a in analysis) for role in SPREAD_ROLES}
    seen = dict.fromkeys(SPREAD_ROLES, 0)
    for item in analysis:
        index = seen.get(item.role, 0)
        if item.role in seen:
            seen[item.role] += 1
        parameters[item.name] = _track_plan(item, preset, (index, counts.get(item.role, 1)), sample_rate_hz)
    for bus in BUS_NAMES:
        values = defaults(bus) | preset.buses.get(bus, {})
        if bus == "delay":
            values["bpm"] = _round(BUS_PARAMS["delay"]["bpm"].clamp(bpm))
        parameters[bus] = values
    for name, values in overrides.items():
        parameters[name].update(values)
        check_order(name, parameters[name])
    return parameters


def _fader_targets(
    items: list[tuple[str, str]], preset: Preset, duck_depth_db: float, coherence_db: float = 0.0
) -> tuple[dict[str, float], float | None]:
    """Target loudness (LUFS) of each (name, role) after its fader, and the vocal-over-beat
    aimed at. ``coherence_db`` is how much louder the beat's tracks sum than their powers add
    (shared kick, bass lines, chords), as :func:`_coherence_db` measures it."""
    levels = ROLE_LEVEL_LU | preset.levels_lu
    relative = {name: levels[role] for name, role in items}
    music = [name for name, role in items if role not in VOCAL_ROLES]
    aimed = None
    if any(role == "lead_vocal" for _, role in items) and music:
        aimed = preset.vocal_over_beat_target_lu - DUCK_LOUDNESS_SHARE * duck_depth_db
        group = 10.0 * math.log10(sum(10.0 ** (relative[name] / 10.0) for name in music)) + coherence_db
        for name in music:
            relative[name] += -aimed - group
    total = 10.0 * math.log10(sum(10.0 ** (value / 10.0) for value in relative.values()))
    return {name: value + MIX_LUFS - total for name, value in relative.items()}, aimed


def _coherence_db(chains: list[tuple[console.ChainOutput, float, float]], length: int, sample_rate_hz: int) -> float:
    """Energy of the sum of (chain output, fader dB, pan) over the sum of their energies, in dB,
    on up to MAX_COHERENCE_BLOCKS random 400 ms blocks of the mix (0 for one track)."""
    if len(chains) < 2:
        return 0.0
    size = round(0.4 * sample_rate_hz)
    count = length // size
    if count == 0:
        return 0.0
    rng = np.random.default_rng(0x4D4958)
    picks = np.sort(rng.choice(count, min(count, MAX_COHERENCE_BLOCKS), replace=False))
    index = (picks[:, None] * size + np.arange(size)[None, :]).ravel()
    total = np.zeros((2, index.size), dtype=np.float32)
    parts = 0.0
    for chain, gain_db, pan in chains:
        audio = chain.audio
        usable = index[index < audio.shape[1]]
        left, right = fx.pan_gains(pan, audio.shape[0])
        scale = 10.0 ** (gain_db / 20.0) * chain.gain
        for channel, pan_gain in ((0, left), (1, right)):
            part = audio[min(channel, audio.shape[0] - 1), usable] * np.float32(scale * pan_gain)
            total[channel, : usable.size] += part
            parts += float(np.einsum("i,i->", part, part, dtype=np.float64))
    summed = float(np.einsum("ij,ij->", total, total, dtype=np.float64))
    return 10.0 * math.log10(summed / parts) if parts > 0.0 and summed > 0.0 else 0.0


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
        if cache is None or item.source is None:
            return console.process_track(item.finite(), sample_rate_hz, p)
        key = (item.source, sample_rate_hz, frozen(console.chain_values(p)))
        return cache.get_or_compute("chain", key, lambda: dataclasses.replace(
            console.process_track(item.finite(), sample_rate_hz, p), source=key))

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
    prepared, length = _prepare(tracks, sample_rate_hz)
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
    targets, _ = _fader_targets(live, chosen, depth_db)
    chains = {p.name: out for p, (out, _) in zip(prepared, outputs, strict=True) if out is not None}
    music = [(chains[name], targets[name] - post[name], parameters[name]["pan"]) for name, role in live
             if role not in VOCAL_ROLES and math.isfinite(post[name])]
    coherence_db = _coherence_db(music, length, sample_rate_hz)
    targets, aimed = _fader_targets(live, chosen, depth_db, coherence_db)
    report["beat_coherence_db"] = round(coherence_db, 2)
    for name, target in targets.items():
        if "gain_db" in overrides.get(name, {}):
            continue
        gain_db = target - post[name] if math.isfinite(post[name]) else 0.0
        parameters[name]["gain_db"] = _round(TRACK_PARAMS["gain_db"].clamp(gain_db))
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
    prepared, length = _prepare(tracks, sample_rate_hz)
    parameters = _checked_parameters(prepared, parameters)
    outputs = _process(prepared, sample_rate_hz, parameters, cache=cache)
    return console.mixdown(_items(prepared, outputs), sample_rate_hz, parameters, length, cache=cache).audio


def render_groups(
    tracks: list[Track], sample_rate_hz: int, parameters: dict[str, dict[str, float]]
) -> dict[str, np.ndarray]:
    """The mix and its dry groups after the faders: ``mix``, ``lead`` (lead vocal), ``vocals``
    (the other vocal roles) and ``beat`` (everything else, after ducking), each (2, samples)."""
    sample_rate_hz = check_sample_rate(sample_rate_hz)
    prepared, length = _prepare(tracks, sample_rate_hz)
    parameters = _checked_parameters(prepared, parameters)
    outputs = _process(prepared, sample_rate_hz, parameters)
    result = console.mixdown(_items(prepared, outputs), sample_rate_hz, parameters, length, keep_groups=True)
    return {"mix": result.audio, **(result.groups or {})}
