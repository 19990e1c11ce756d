"""Refine the mix's dynamics towards a reference's crest factor and loudness spread.

The linear fit (:mod:`.optimise`) leaves the compressors alone; their settings move the crest
factor and the spread of short-term loudness, which a reference's mix reveals. This step is the
design note's "short time-domain refinement of dynamics on excerpts": a coordinate search over
the mix bus glue threshold and ratio and one shift of every compressing track's threshold,
each candidate rendered by the production console over one excerpt where the mix is loudest.
A candidate's whole-song features are predicted as the current mix's plus the change the
excerpt shows; the search minimises the style distance with the dynamics features at full
weight. The caller renders the chosen parameters whole and keeps them only if closer.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from mixdown_mixing import core
from mixdown_mixing.style import features as ft

EXCERPT_SECONDS = 12.0
# per round, the steps tried on each axis around the best so far: coarse, then fine
GLUE_STEPS_DB = ((-4.0, -2.0, 2.0, 4.0), (-1.0, 1.0))
COMP_STEPS_DB = ((-6.0, -3.0, 3.0, 6.0), (-1.5, 1.5))
GLUE_RATIO_FACTORS = ((0.7, 1.4), (0.85, 1.2))
DYNAMICS = ("crest", "loudness_spread")


def excerpt_bounds(audio: np.ndarray, sample_rate_hz: int, seconds: float = EXCERPT_SECONDS) -> tuple[int, int]:
    """(start, end) samples of the ``seconds`` of ``audio`` with the most energy (the whole when shorter)."""
    length = audio.shape[1]
    size = int(seconds * sample_rate_hz)
    if length <= size:
        return 0, length
    hop = sample_rate_hz // 2
    power = np.cumsum(np.concatenate([[0.0], np.mean(audio.astype(np.float64) ** 2, axis=0)]))
    starts = np.arange(0, length - size + 1, hop)
    energy = power[starts + size] - power[starts]
    start = int(starts[int(np.argmax(energy))])
    return start, start + size


def dynamics_objective(distance: dict[str, float]) -> float:
    """The style distance with crest factor and loudness spread at full weight."""
    return distance["total"] + sum((1.0 - ft.WEIGHTS[name]) * distance[name] for name in DYNAMICS)


def _shifted(parameters: dict[str, dict[str, float]], glue_db: float, comp_db: float, ratio_factor: float,
             frozen: dict[str, set[str]], compressing: list[str]) -> dict[str, dict[str, float]]:
    result = {name: dict(values) for name, values in parameters.items()}
    bus_frozen = frozen.get("bus", set())
    if glue_db and "glue_threshold_db" not in bus_frozen:
        result["bus"]["glue_threshold_db"] = parameters["bus"]["glue_threshold_db"] + glue_db
    if ratio_factor != 1.0 and "glue_ratio" not in bus_frozen:
        result["bus"]["glue_ratio"] = max(1.0, parameters["bus"]["glue_ratio"] * ratio_factor)
    for name in compressing:
        if comp_db and "comp_threshold_db" not in frozen.get(name, set()):
            result[name]["comp_threshold_db"] = parameters[name]["comp_threshold_db"] + comp_db
    return result


def refine_dynamics(
    tracks: list[core.Track],
    sample_rate_hz: int,
    parameters: dict[str, dict[str, float]],
    mix_audio: np.ndarray,
    reference: ft.StyleFeatures,
    frozen: dict[str, set[str]] | None = None,
    clamp=None,
) -> dict[str, dict[str, float]]:
    """``parameters`` with the glue threshold and the tracks' compressor thresholds shifted
    towards ``reference``'s dynamics (``mix_audio``: their production render). ``clamp(params)``
    brings a candidate inside the safety net; ``frozen``: per map, the user's parameters."""
    frozen = frozen or {}
    clamp = clamp or (lambda p: p)
    start, end = excerpt_bounds(mix_audio, sample_rate_hz)
    excerpt = [dataclasses.replace(t, audio=t.audio[:, start:end], source=None) for t in tracks]
    whole = ft.style_features(mix_audio, sample_rate_hz)
    compressing = [t.name for t in tracks if parameters[t.name]["comp_ratio"] > 1.0 and parameters[t.name]["mute"] < 0.5]

    def excerpt_features(candidate: dict[str, dict[str, float]]) -> ft.StyleFeatures:
        return ft.style_features(core.render(excerpt, sample_rate_hz, candidate), sample_rate_hz)

    base = excerpt_features(parameters)

    def predicted_objective(candidate: dict[str, dict[str, float]]) -> float:
        shown = excerpt_features(candidate)
        predicted = dataclasses.replace(
            whole,
            crest_db=whole.crest_db + shown.crest_db - base.crest_db,
            loudness_spread_lu=whole.loudness_spread_lu + shown.loudness_spread_lu - base.loudness_spread_lu,
            mid_band_db=whole.mid_band_db + shown.mid_band_db - base.mid_band_db,
            side_band_db=whole.side_band_db + shown.side_band_db - base.side_band_db,
            width_db=whole.width_db + shown.width_db - base.width_db,
            imbalance_db=whole.imbalance_db + shown.imbalance_db - base.imbalance_db,
        )
        return dynamics_objective(ft.style_distance(predicted, reference))

    position = {"glue": 0.0, "comp": 0.0, "ratio": 1.0}
    best = dynamics_objective(ft.style_distance(whole, reference))
    for glue_steps, comp_steps, ratio_factors in zip(GLUE_STEPS_DB, COMP_STEPS_DB, GLUE_RATIO_FACTORS, strict=True):
        axes = (("glue", glue_steps, float.__add__), ("ratio", ratio_factors, float.__mul__),
                ("comp", comp_steps if compressing else (), float.__add__))
        for axis, steps, move in axes:
            around = position[axis]
            for step in steps:
                candidate = {**position, axis: move(around, step)}
                value = predicted_objective(clamp(_shifted(parameters, candidate["glue"], candidate["comp"],
                                                           candidate["ratio"], frozen, compressing)))
                if value < best - 1e-6:
                    best, position = value, candidate
    return clamp(_shifted(parameters, position["glue"], position["comp"], position["ratio"], frozen, compressing))
