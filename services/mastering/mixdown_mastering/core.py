"""Mastering core: pure functions from a mix to a master. No I/O.

The chain reads top to bottom in named stages:

1. ``tonal_balance``   gentle EQ toward the preset's target curve, subsonic high-pass (:mod:`.eq`)
2. ``reference_match`` mid/side spectra and width matched to a reference     (:mod:`.reference`, optional)
3. ``multiband``       3-band compression on LR4 crossovers                   (:mod:`.multiband`)
4. ``stereo_width``    side level: width setting, reference width, maximum    (:mod:`.stereo`)
5. ``loudness_range``  slow leveller, only when a maximum LRA is set          (:mod:`.leveler`)
6. ``loudness``        leveller, soft clipper and true-peak limiter to target (:mod:`mixdown.dsp.maximizer`)

Every parameter is declared once, in its stage's table (``ParamTable`` groups
``mastering.eq``, ``mastering.reference``, ``mastering.multiband``, ``mastering.stereo``,
``mastering.loudness``, ``mastering.lossy``), merged by name in :data:`PARAMETERS`; a value
out of range raises InvalidInput naming it. The delivery targets
(:class:`mixdown.events.targets.DeliveryTargets`) are what the master must meet; QC
corrections (:class:`mixdown.events.targets.Corrections`) shift them: ``target_offset_lu`` the
loudness target, ``ceiling_offset_db`` the true-peak ceiling, ``width_scale`` the width. The
result carries the full parameter set (settings, targets, corrections), so that a master can
be reproduced from it, and apart from it what every stage measured and applied.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from mixdown.catalog import TARGETS
from mixdown.dsp import as_audio
from mixdown.dsp.maximizer import MAXIMIZER_PARAMETERS, maximize
from mixdown.dsp.stereo import width_percent
from mixdown.errors import InvalidInput
from mixdown.events.targets import Corrections, DeliveryTargets
from mixdown.params import Param, ParamTable, merge
from mixdown.spectral_targets import spectral_curve
from mixdown_mastering import eq, leveler, multiband, reference, stereo

# The maximizer's settings; its target and ceiling are the delivery targets (mixdown.catalog.TARGETS).
LOUDNESS_PARAMETERS = ParamTable("mastering.loudness", [
    row for name, row in MAXIMIZER_PARAMETERS.items() if name not in ("target_lufs", "ceiling_dbtp")
])
LOSSY_PARAMETERS = ParamTable("mastering.lossy", [
    Param("mp3_headroom_db", 0.0, 3.0, 1.0, "dB", "extra true-peak headroom of the MP3, whose decoding raises peaks"),
])
PARAMETERS: dict[str, Param] = merge(
    "mastering", eq.PARAMETERS, reference.PARAMETERS, multiband.PARAMETERS, stereo.PARAMETERS,
    LOUDNESS_PARAMETERS, LOSSY_PARAMETERS,
)
"""Every mastering setting by name (the tables of the stages, in chain order)."""
DEFAULTS: dict[str, float] = {name: spec.default for name, spec in PARAMETERS.items()}
STAGES = ("tonal_balance", "reference_match", "multiband", "stereo_width", "loudness_range", "loudness")


def resolve_settings(overrides: dict[str, float] | None) -> dict[str, float]:
    """Every parameter: the defaults with ``overrides`` applied, each checked."""
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(PARAMETERS))
    if unknown:
        raise InvalidInput(f"unknown mastering parameter(s) {', '.join(map(repr, unknown))}; known: {', '.join(PARAMETERS)}")
    return {**DEFAULTS, **{name: PARAMETERS[name].check(value) for name, value in overrides.items()}}


@dataclass
class MasterResult:
    """The master, everything that produced it (settings, targets, corrections: fed back, they
    reproduce it bit for bit) and, apart, what each stage measured and applied."""

    audio: np.ndarray
    sample_rate_hz: int
    settings: dict[str, float]
    """Every parameter of :data:`PARAMETERS` as applied."""
    targets: DeliveryTargets
    """The targets aimed at; ``target_lufs`` is the reference's loudness when it came from it."""
    corrections: Corrections
    measurements: dict[str, float]
    """``effective_*`` targets (after corrections), tonal gains, ``multiband_*``, ``loudness_*``,
    and ``output_width_percent`` when the master's width is defined (not for silence or mono)."""
    timings: dict[str, float]
    premaster: np.ndarray = field(repr=False)
    loudness_settings: dict[str, float] = field(default_factory=dict)
    tonal_target: str = "default"  # the target spectrum of the tonal balance: a preset's name or "default"


def _pick(settings: dict[str, float], table: ParamTable) -> dict[str, float]:
    return {name: settings[name] for name in table}


def master(
    audio: np.ndarray,
    sample_rate_hz: int,
    targets: DeliveryTargets,
    corrections: Corrections | None = None,
    settings: dict[str, float] | None = None,
    reference_audio: np.ndarray | None = None,
    preset: str | None = None,
) -> MasterResult:
    """Master ``audio`` (channels, samples) to ``targets``; see the module docstring.

    ``settings`` overrides parameter defaults (:data:`PARAMETERS`), ``corrections`` come from
    QC (none: no change), ``reference_audio`` (same sample rate) is a master to match. With ``preset`` the tonal
    balance aims at that preset's target spectrum (:func:`mixdown.spectral_targets.spectral_curve`,
    the curve QC checks), else at :data:`mixdown_mastering.eq.TARGET_CURVE_DB`.
    """
    audio = as_audio(audio, sample_rate_hz)
    corrections = corrections or Corrections()
    settings = resolve_settings(settings)
    timings: dict[str, float] = {}
    applied: dict[str, float] = {}
    clock = time.perf_counter()

    def done(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    curve_name, curve_db = (spectral_curve(preset)[:2] if preset else ("default", None))
    audio, tonal = eq.tonal_balance(audio, sample_rate_hz, **_pick(settings, eq.PARAMETERS), target_curve_db=curve_db)
    applied.update(tonal)
    done("tonal_balance")

    target_width = None
    reference_lufs = None
    if reference_audio is not None:
        audio, matched = reference.match_reference(
            audio, sample_rate_hz, reference_audio, **_pick(settings, reference.PARAMETERS)
        )
        applied.update(matched)
        reference_lufs = matched["reference_lufs"]
        target_width = matched["reference_width_percent"] if audio.shape[0] == 2 else None
        done("reference_match")

    audio, bands = multiband.compress(audio, sample_rate_hz, **_pick(settings, multiband.PARAMETERS))
    applied.update({f"multiband_{name}": value for name, value in bands.items()})
    done("multiband")

    audio, width = stereo.control_width(
        audio, sample_rate_hz, settings["width_percent"], targets.max_width_percent,
        corrections.width_scale, target_width,
    )
    applied.update(width)
    done("stereo_width")

    if targets.max_lra_lu is not None:
        audio, lra = leveler.limit_loudness_range(audio, sample_rate_hz, targets.max_lra_lu)
        applied.update(lra)
        done("loudness_range")

    target_lufs = targets.target_lufs
    if target_lufs is None:
        spec = TARGETS["target_lufs"]
        target_lufs = spec.clamp(reference_lufs) if reference_lufs is not None else spec.default
    effective_target = target_lufs + corrections.target_offset_lu
    effective_ceiling = targets.ceiling_dbtp + corrections.ceiling_offset_db
    loudness_settings = {"target_lufs": effective_target, "ceiling_dbtp": effective_ceiling,
                         **_pick(settings, LOUDNESS_PARAMETERS)}
    premaster = audio
    audio, loud = maximize(premaster, sample_rate_hz, **loudness_settings)
    applied.update({f"loudness_{name}": value for name, value in loud.items()})
    done("loudness")

    output_width = width_percent(audio)
    measurements = {
        "effective_target_lufs": effective_target,
        "effective_ceiling_dbtp": effective_ceiling,
        **{name: float(value) for name, value in applied.items()},
        **({"output_width_percent": output_width} if math.isfinite(output_width) else {}),
    }
    return MasterResult(
        audio=audio.astype(np.float32, copy=False), sample_rate_hz=sample_rate_hz, settings=settings,
        targets=targets.model_copy(update={"target_lufs": target_lufs}), corrections=corrections,
        measurements=measurements, timings=timings, premaster=premaster, loudness_settings=loudness_settings,
        tonal_target=curve_name,
    )


def lossy_master(result: MasterResult, headroom_db: float) -> tuple[np.ndarray, dict[str, float]]:
    """The master rendered again for a lossy format: the same chain with the loudness stage
    aiming ``headroom_db`` under the ceiling (the codec's reconstruction raises peaks)."""
    settings = dict(result.loudness_settings)
    settings["ceiling_dbtp"] = max(settings["ceiling_dbtp"] - headroom_db, TARGETS["ceiling_dbtp"].min)
    # Start where the master's search ended: the same programme, a little more limiting.
    headroom = result.measurements.get("loudness_leveler_headroom_db", settings["leveler_headroom_db"])
    settings["leveler_headroom_db"] = min(headroom, LOUDNESS_PARAMETERS["leveler_headroom_db"].max)
    return maximize(result.premaster, result.sample_rate_hz, **settings,
                    initial_gain_db=result.measurements.get("loudness_input_gain_db"))

