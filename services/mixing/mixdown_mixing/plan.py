"""The plan: every parameter of every track and bus, from the tables, the roles, the preset and
the analysis, and the faders from the processed tracks' loudness.

1. **Track parameters** (:func:`plan`): table defaults → role defaults (:mod:`roles`) → the
   preset's values (:mod:`presets`) → analysis (input gain to ``REFERENCE_LUFS``, corrective EQ,
   compressor threshold relief for dense tracks, de-esser threshold from the sibilance) → the
   user's overrides, which always win. Values are clamped to the tables and rounded.
2. **Bus parameters**: table defaults → the preset's → the tempo (``delay.bpm``) → overrides.
3. **Faders** (:func:`fader_targets`, after the chains ran): each role at its level relative to
   the lead vocal, the beat at the preset's vocal-over-beat target under it (less the share of
   the ducking, and the beat's own coherence, :func:`beat_coherence_db`), the whole at ``MIX_LUFS``.

Pure functions of their arguments; no audio is processed here except the few blocks
:func:`beat_coherence_db` reads.
"""

from __future__ import annotations

import math

import numpy as np

from mixdown.catalog import VOCAL_ROLES
from mixdown.mixparams import BUS_NAMES, BUS_PARAMS, LEAD_VOCAL_FIXED, TRACK_PARAMS, check_order, defaults
from mixdown_mixing import console
from mixdown_mixing import processors as fx
from mixdown_mixing.analysis import TrackAnalysis
from mixdown_mixing.presets import Preset
from mixdown_mixing.roles import (
    CORRECTION_BANDS,
    MAX_CREST_RELIEF_DB,
    ROLE_CORRECTION_SHARE,
    ROLE_CREST_DB,
    ROLE_DEFAULTS,
    ROLE_LEVEL_LU,
    SPREAD_ROLES,
    correction_limits,
    spread_pan,
)

REFERENCE_LUFS = -20.0
MIX_LUFS = -18.0
MAX_COHERENCE_BLOCKS = 24
SIBILANT_CREST_DB = 5.0
# Share of the duck depth by which ducking lowers the beat's loudness while the vocal sings;
# the plan aims the vocal-over-beat target that much lower so that the result is centred.
DUCK_LOUDNESS_SHARE = 0.25


def base_values(role: str, preset: Preset, overrides: dict[str, float]) -> dict[str, float]:
    values = defaults("track")
    values.update(ROLE_DEFAULTS[role])
    values.update(preset.roles.get(role, {}))
    values.update(overrides)
    return values


def round_value(value: float) -> float:
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
    values = base_values(role, preset, {})
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
    return {name: round_value(TRACK_PARAMS[name].clamp(value)) for name, value in values.items()}


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
            values["bpm"] = round_value(BUS_PARAMS["delay"]["bpm"].clamp(bpm))
        parameters[bus] = values
    for name, values in overrides.items():
        parameters[name].update(values)
        check_order(name, parameters[name])
    return parameters


def fader_targets(
    items: list[tuple[str, str]], preset: Preset, duck_depth_db: float, coherence_db: float = 0.0
) -> tuple[dict[str, float], float | None]:
    """Target loudness (LUFS) of each (name, role) after its fader, and the vocal-over-beat
    aimed at. ``coherence_db`` is how much louder the beat's tracks sum than their powers add
    (shared kick, bass lines, chords), as :func:`beat_coherence_db` measures it."""
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


def beat_coherence_db(chains: list[tuple[console.ChainOutput, float, float]], length: int, sample_rate_hz: int) -> float:
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
