"""``style_mix``: mix raw tracks in the style of a reference, never farther from it than the DSP mix.

The stages, top to bottom:

1. **Reference**: checked (finite, at least ``MIN_REFERENCE_SECONDS``, not silent, one or two
   channels) and resampled to the mix rate.
2. **Plan**: the analysis-driven DSP mix (:func:`core.mix`), rendered by the production console.
3. **Features**: the style features of the reference and of the DSP mix
   (:mod:`.features`), and their distance.
4. **Seed**: the controller's prediction, when a controller is shipped
   (:mod:`.controller`, optional), brought inside the safety net.
5. **Optimise** the linear parameters against the reference (:mod:`.optimise`) from each start:
   the plan, and the controller's seed (its dynamics and room rendered once, so the fit starts
   from what the console does with them).
6. **Safety net** (:mod:`.safety`), then ``style_amount``: each parameter moves that share of
   the way from the plan to the style result on its normalised scale.
7. **Dynamics**: the glue and the tracks' compressor thresholds towards the reference's crest
   factor and loudness spread, searched on an excerpt (:mod:`.dynamics`), kept if the whole
   render confirms it.
8. **Render** each candidate with the production console (:func:`core.render`) and keep the
   closer to the reference; it is delivered only if its total distance to the reference is
   below the DSP mix's and its imbalance within ``IMBALANCE_LIMIT_DB``; otherwise the DSP mix
   is, with the reason. The report's mode names the start that won.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import time
import uuid
from math import gcd
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.signal import resample_poly

from mixdown.catalog import DEFAULT_PRESET
from mixdown.dsp import check_sample_rate
from mixdown.dsp.loudness import integrated_loudness_lufs
from mixdown.errors import InvalidInput
from mixdown.events.outputs import StyleReport
from mixdown.mixparams import table_for
from mixdown_mixing import core
from mixdown_mixing.cache import RenderCache
from mixdown_mixing.core import MixResult, Track
from mixdown_mixing.plan import round_value
from mixdown_mixing.style import features as ft
from mixdown_mixing.style.dynamics import dynamics_objective, refine_dynamics
from mixdown_mixing.style.optimise import IMBALANCE_AIM_DB, optimise
from mixdown_mixing.style.safety import IMBALANCE_LIMIT_DB, apply_safety_net, parameter_bounds, track_noise_floors_db

if TYPE_CHECKING:
    from mixdown_mixing.style.controller import Controller

log = logging.getLogger(__name__)

MIN_REFERENCE_SECONDS = 1.0
SILENT_REFERENCE_LUFS = -70.0


def checked_reference(reference: Any, reference_sample_rate_hz: int, sample_rate_hz: int) -> np.ndarray:
    """The reference as float32 (channels, samples) at ``sample_rate_hz``; InvalidInput naming
    the problem for one it cannot use."""
    try:
        rate = check_sample_rate(reference_sample_rate_hz)
    except InvalidInput as error:
        raise InvalidInput(f"reference: {error}") from None
    if not isinstance(reference, np.ndarray) or not np.issubdtype(reference.dtype, np.number):
        raise InvalidInput("reference: not audio (expected an array of samples)")
    audio = reference[None, :] if reference.ndim == 1 else reference
    if audio.ndim != 2 or audio.shape[0] not in (1, 2):
        raise InvalidInput(f"reference: expected (channels, samples) audio with 1 or 2 channels, got shape "
                           f"{reference.shape}")
    audio = audio.astype(np.float32)
    seconds = audio.shape[1] / rate
    if seconds < MIN_REFERENCE_SECONDS:
        raise InvalidInput(f"reference: {seconds:.2f} s long; at least {MIN_REFERENCE_SECONDS:g} s is needed")
    if not np.isfinite(audio).all():
        raise InvalidInput("reference: has NaN or infinite samples")
    if rate != sample_rate_hz:
        common = gcd(rate, sample_rate_hz)
        audio = resample_poly(audio, sample_rate_hz // common, rate // common, axis=1).astype(np.float32)
    lufs = integrated_loudness_lufs(audio, sample_rate_hz)
    if not math.isfinite(lufs) or lufs < SILENT_REFERENCE_LUFS:
        raise InvalidInput(f"reference: silent or near-silent (below {SILENT_REFERENCE_LUFS:g} LUFS)")
    return audio


@functools.lru_cache(maxsize=1)
def shipped_controller() -> Controller | None:
    """The shipped controller (:meth:`Controller.load`), opened once per process; None when no
    controller (module or weights) is shipped."""
    try:
        from mixdown_mixing.style.controller import Controller
    except ImportError:
        return None
    return Controller.load()


def _controller_seed(
    tracks: list[Track], sample_rate_hz: int, reference: np.ndarray
) -> dict[str, dict[str, float]] | None:
    """The controller's prediction, or None when no controller (module or weights) is shipped."""
    controller = shipped_controller()
    if controller is None:
        return None
    from mixdown_mixing.style.controller import controller_inputs
    roles = {track.name: track.role for track in tracks}
    track_features, reference_features = controller_inputs(tracks, roles, sample_rate_hz, reference, sample_rate_hz)
    return controller.predict(track_features, reference_features)


def interpolate(
    plan: dict[str, dict[str, float]], style: dict[str, dict[str, float]], amount: float
) -> dict[str, dict[str, float]]:
    """Each parameter ``amount`` of the way from ``plan`` to ``style`` on its normalised scale
    (0: the plan's values, 1: the style's, exactly)."""
    result = {}
    for target, values in plan.items():
        table = table_for(target)
        result[target] = dict(values)
        for name, value in values.items():
            wanted = style.get(target, {}).get(name, value)
            if wanted == value or amount <= 0.0:
                continue
            if amount >= 1.0:
                result[target][name] = wanted
                continue
            param = table[name]
            u = param.normalise(value) + amount * (param.normalise(wanted) - param.normalise(value))
            result[target][name] = round_value(param.denormalise(u))
    return result


def _unfrozen(values: dict[str, dict[str, float]], frozen: dict[str, set[str]]) -> dict[str, dict[str, float]]:
    """``values`` without the parameters the user set (``frozen``, by map)."""
    return {target: {name: value for name, value in params.items() if name not in frozen.get(target, set())}
            for target, params in values.items()}


def _rounded(distances: dict[str, float]) -> dict[str, float]:
    return {name: round(value, 4) for name, value in distances.items()}


def style_mix(
    tracks: list[Track],
    sample_rate_hz: int,
    reference: np.ndarray,
    reference_sample_rate_hz: int,
    *,
    reference_name: str,
    preset: str = DEFAULT_PRESET,
    overrides: dict[str, dict[str, float]] | None = None,
    bpm: float | None = None,
    style_amount: float = 1.0,
    cache: RenderCache | None = None,
    use_controller: bool = True,
) -> tuple[MixResult, StyleReport]:
    """Mix ``tracks`` in the style of ``reference`` (see the module docstring); ``overrides``
    win as in :func:`core.mix` and the search leaves them alone. ``use_controller=False`` starts
    the search from the plan even when a controller is shipped (the benchmark's "optimisation")."""
    if not (isinstance(style_amount, (int, float)) and 0.0 <= style_amount <= 1.0):
        raise InvalidInput(f"style_amount={style_amount!r} is outside [0, 1]")
    sample_rate_hz = check_sample_rate(sample_rate_hz)
    reference = checked_reference(reference, reference_sample_rate_hz, sample_rate_hz)
    # the search reads the plan's chain outputs: a memo (the caller's, else one for this job)
    # hands them over, for tracks that name no source under a name of this job's
    if cache is None:
        cache = RenderCache()
        job = uuid.uuid4().hex
        tracks = [t if t.source is not None else dataclasses.replace(t, source=f"style-{job}/{t.name}") for t in tracks]
    dsp = core.mix(tracks, sample_rate_hz, overrides, preset, bpm, cache)
    started = time.perf_counter()
    target = ft.style_features(reference, sample_rate_hz)
    mix_features = ft.style_features(dsp.audio, sample_rate_hz)
    distance_dsp = ft.style_distance(mix_features, target)
    af_dsp = ft.af_distance(dsp.audio, reference, sample_rate_hz)

    def report(mode: str, delivered: dict[str, float], af_delivered: dict[str, float], **extra: Any) -> StyleReport:
        return StyleReport(mode=mode, style_amount=float(style_amount), reference=reference_name,
                           distance_dsp=_rounded(distance_dsp), distance_delivered=_rounded(delivered),
                           af_distance_dsp=_rounded(af_dsp), af_distance_delivered=_rounded(af_delivered),
                           seconds=round(time.perf_counter() - started, 3), **extra)

    def deliver_dsp(reason: str, clips: list | None = None) -> tuple[MixResult, StyleReport]:
        dsp.report["mix_mode"] = "style"
        return dsp, report("dsp", distance_dsp, af_dsp, clipped=clips or [], fallback_reason=reason)

    if style_amount == 0.0:
        return deliver_dsp("style_amount is 0: the DSP plan's mix")
    seed = _controller_seed(tracks, sample_rate_hz, reference) if use_controller else None
    frozen = {name: set(values) for name, values in (overrides or {}).items()}
    floors = track_noise_floors_db(tracks, sample_rate_hz, dsp.parameters)
    roles = {track.name: track.role for track in tracks}
    bounds = parameter_bounds(dsp.parameters, roles, floors)
    # Search from each start: the plan, and the controller's prediction inside the net (its
    # dynamics and room, which the linear fit leaves alone, rendered once so the fit starts from
    # what the console really does with them). The closer production render wins.
    starts = [("optimisation", dsp.parameters, mix_features, None)]
    if seed is not None:
        seeded, _ = apply_safety_net(_unfrozen(seed, frozen), dsp.parameters, roles, floors)
        seeded_features = ft.style_features(core.render(tracks, sample_rate_hz, seeded, cache), sample_rate_hz)
        starts.append(("controller+optimisation", seeded, seeded_features, seed))
    def fitted(base, base_features, start, aim: ft.StyleFeatures = target):
        """The search from ``base`` (rendered: ``base_features``) towards ``aim``, inside the net,
        rendered: (parameters, audio, features, distance to the reference, clips)."""
        proposed = optimise(tracks, sample_rate_hz, base, aim, base_features, seed=start, frozen=frozen,
                            bounds=bounds, cache=cache)
        safe, clips = apply_safety_net(proposed, dsp.parameters, roles, floors)
        parameters = interpolate(dsp.parameters, safe, float(style_amount))
        audio = core.render(tracks, sample_rate_hz, parameters, cache)
        features = ft.style_features(audio, sample_rate_hz)
        return parameters, audio, features, ft.style_distance(features, target), clips

    best = None
    for mode, base, base_features, start in starts:
        candidate = fitted(base, base_features, start)
        if best is None or candidate[3]["total"] < best[4]["total"]:
            best = (mode, *candidate)
    mode, parameters, audio, features, distance, clips = best
    # the compressors, which the linear fit leaves alone, towards the reference's dynamics
    refined = refine_dynamics(tracks, sample_rate_hz, parameters, audio, target, frozen,
                              clamp=lambda p: interpolate(dsp.parameters, apply_safety_net(p, dsp.parameters, roles,
                                                                                           floors)[0],
                                                          float(style_amount)))
    if refined != parameters:
        refined_audio = core.render(tracks, sample_rate_hz, refined, cache)
        refined_features = ft.style_features(refined_audio, sample_rate_hz)
        refined_distance = ft.style_distance(refined_features, target)
        if dynamics_objective(refined_distance) < dynamics_objective(distance):
            parameters, audio, features, distance = refined, refined_audio, refined_features, refined_distance
    if abs(features.imbalance_db) > IMBALANCE_LIMIT_DB:
        # the render leans past the net where the model aimed inside it: aim again, as far the
        # other way as the render missed, from where the render is
        missed = features.imbalance_db - float(np.clip(target.imbalance_db, -IMBALANCE_AIM_DB, IMBALANCE_AIM_DB))
        aim = dataclasses.replace(target, imbalance_db=float(np.clip(target.imbalance_db, -IMBALANCE_AIM_DB,
                                                                     IMBALANCE_AIM_DB)) - missed)
        retry = fitted(parameters, features, None, aim)
        if abs(retry[2].imbalance_db) < abs(features.imbalance_db):
            parameters, audio, features, distance, clips = retry
    if distance["total"] >= distance_dsp["total"]:
        return deliver_dsp(f"the style mix is not closer to the reference than the DSP mix (total distance "
                           f"{distance['total']:.3g} against {distance_dsp['total']:.3g})", clips)
    if abs(features.imbalance_db) > IMBALANCE_LIMIT_DB:
        return deliver_dsp(f"the style mix leans {features.imbalance_db:+.2f} dB to one side (more than "
                           f"{IMBALANCE_LIMIT_DB:g} dB)", clips)
    result = MixResult(audio, parameters, dsp.analysis, {**dsp.report, "mix_mode": "style"})
    return result, report(mode, distance, ft.af_distance(audio, reference, sample_rate_hz), clipped=clips)
