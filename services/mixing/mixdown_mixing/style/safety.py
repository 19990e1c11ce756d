"""The safety net every style result passes before it is rendered.

Whatever proposed the parameters (the optimiser, the controller, a user's slider), the values
delivered keep to these rules, relative to the analysis-driven DSP plan:

- the lead vocal stays centred and mono (:data:`mixdown.mixparams.LEAD_VOCAL_FIXED`); kick and
  bass stay within ``NEAR_CENTRE_PAN`` of the centre;
- the high-pass may rise above the plan's corner, never fall below it;
- a trust region around the plan (``TRUST_REGION``): EQ band gains within ±6 dB, faders and
  thresholds within ±12 dB, the reverb return within ±6 dB; ceilings on the compression
  ratio (8), the glue ratio (4), the saturation mix (0.3), the sends (plan + 6 dB) and the
  width (150 %);
- no net gain lifts a track's noise floor above ``NOISE_FLOOR_LIMIT_DBFS`` in the mix (unless
  the plan already had it there): the fader comes down instead. The floor is estimated from the
  track's quietest active blocks (:func:`track_noise_floors_db`);
- every value stays inside its table's range.

The mix's imbalance (|10 log10(E_L/E_R)| ≤ 1 dB) is a property of the render, not of one
parameter: the optimiser aims within it and :mod:`.mode` checks the production render.
Each value brought back is reported as a :class:`~mixdown.events.outputs.StyleClip`.
"""

from __future__ import annotations

import math

import numpy as np

from mixdown.events.outputs import StyleClip
from mixdown.mixparams import BUS_NAMES, LEAD_VOCAL_FIXED, table_for
from mixdown_mixing import core
from mixdown_mixing.plan import round_value

NEAR_CENTRE_PAN = 0.1
CENTRED_ROLES = ("kick", "bass")
NOISE_FLOOR_LIMIT_DBFS = -60.0
IMBALANCE_LIMIT_DB = 1.0  # the delivered mix leans at most this much to one side
FLOOR_BLOCK_SECONDS = 0.05
FLOOR_PERCENTILE = 5.0
ACTIVE_DBFS = -100.0
QUIET_PASSAGE_DB = 20.0
EQ_GAINS = ("low_shelf_gain_db", "peak1_gain_db", "peak2_gain_db", "peak3_gain_db", "high_shelf_gain_db")
# parameter -> (largest cut, largest lift) relative to the plan (None: no bound that side)
TRUST_REGION: dict[str, tuple[float | None, float | None]] = {
    **{name: (6.0, 6.0) for name in EQ_GAINS},
    "gain_db": (12.0, 12.0),
    "comp_threshold_db": (12.0, 12.0),
    "glue_threshold_db": (12.0, 12.0),
    "reverb_return_db": (6.0, 6.0),
    "reverb_send_db": (None, 6.0),
    "delay_send_db": (None, 6.0),
    "hpf_cutoff_hz": (0.0, None),
}
CEILINGS = {"comp_ratio": 8.0, "glue_ratio": 4.0, "sat_mix": 0.3, "width_percent": 150.0}


def track_noise_floors_db(
    tracks: list[core.Track], sample_rate_hz: int, parameters: dict[str, dict[str, float]]
) -> dict[str, float]:
    """Each track's noise floor in the mix at ``parameters``, in dBFS, for the tracks that have
    one to measure: the ``FLOOR_PERCENTILE`` percentile of the RMS of its
    ``FLOOR_BLOCK_SECONDS`` blocks above ``ACTIVE_DBFS`` (its quietest active blocks: digital
    silence is no floor), when it lies ``QUIET_PASSAGE_DB`` or more under the median block (a
    track that never goes quiet shows its music there, not its noise), raised by the input
    gain, the makeup, the fader and the trim."""
    prepared, _ = core.prepare(tracks, sample_rate_hz)
    block = max(1, round(FLOOR_BLOCK_SECONDS * sample_rate_hz))
    floors = {}
    for item in prepared:
        audio = item.finite()
        count = audio.shape[1] // block
        if count == 0:
            continue
        blocks = audio[:, : count * block].reshape(audio.shape[0], count, block)
        power = np.square(blocks, dtype=np.float64).mean(axis=(0, 2))  # squared in float64, no copy before
        level = 10.0 * np.log10(power + 1e-30)
        active = level[level > ACTIVE_DBFS]
        if active.size == 0:
            continue
        floor = float(np.percentile(active, FLOOR_PERCENTILE))
        if floor > float(np.median(active)) - QUIET_PASSAGE_DB:
            continue
        p = parameters[item.name]
        floors[item.name] = floor + p["input_gain_db"] + p["comp_makeup_db"] + p["gain_db"] + parameters["bus"]["trim_db"]
    return floors


def _bounds(name: str, value_plan: float, role: str | None) -> tuple[float, float, str]:
    """(low, high, reason) for one parameter of a map whose plan value is ``value_plan``."""
    low, high, reasons = -math.inf, math.inf, []
    if name in TRUST_REGION:
        cut, lift = TRUST_REGION[name]
        if cut is not None:
            low = value_plan - cut
        if lift is not None:
            high = value_plan + lift
        reasons.append("trust region around the DSP plan")
    if name in CEILINGS:
        high = min(high, CEILINGS[name])
        reasons.append(f"at most {CEILINGS[name]:g}")
    if role == "lead_vocal" and name in LEAD_VOCAL_FIXED:
        low = high = LEAD_VOCAL_FIXED[name]
        reasons = ["the lead vocal stays centred and mono"]
    elif role in CENTRED_ROLES and name == "pan":
        low, high = -NEAR_CENTRE_PAN, NEAR_CENTRE_PAN
        reasons = [f"{role} stays near the centre"]
    return low, high, "; ".join(reasons) or "table range"


def parameter_bounds(
    plan: dict[str, dict[str, float]], roles: dict[str, str], noise_floors_db: dict[str, float] | None = None
) -> dict[str, dict[str, tuple[float, float, str]]]:
    """Per map and parameter, the (low, high, reason) the net allows around ``plan``, inside
    the table's range; the optimiser searches inside these, :func:`apply_safety_net` enforces
    them. The noise-floor rule bounds the fader (a broadband lift), not the EQ's band lifts."""
    bounds: dict[str, dict[str, tuple[float, float, str]]] = {}
    for target, values in plan.items():
        role = None if target in BUS_NAMES else roles.get(target)
        table = table_for(target)
        bounds[target] = {}
        for name, value in values.items():
            if name not in table:
                continue
            low, high, reason = _bounds(name, value, role)
            param = table[name]
            bounds[target][name] = (max(low, param.min), min(high, param.max), reason)
    for name, floor_db in (noise_floors_db or {}).items():
        if name not in bounds:
            continue
        low, high, reason = bounds[name]["gain_db"]
        headroom_db = max(NOISE_FLOOR_LIMIT_DBFS, floor_db) - floor_db
        if plan[name]["gain_db"] + headroom_db < high:
            bounds[name]["gain_db"] = (low, plan[name]["gain_db"] + headroom_db,
                                       f"would lift the track's noise floor above {NOISE_FLOOR_LIMIT_DBFS:g} dBFS in "
                                       f"the mix")
    return bounds


def apply_safety_net(
    proposed: dict[str, dict[str, float]],
    plan: dict[str, dict[str, float]],
    roles: dict[str, str],
    noise_floors_db: dict[str, float] | None = None,
) -> tuple[dict[str, dict[str, float]], list[StyleClip]]:
    """``proposed`` brought inside the net around ``plan`` (see the module docstring), and the
    values it changed. ``roles``: track name -> role; ``noise_floors_db``: each track's noise
    floor in the mix at the plan (:func:`track_noise_floors_db`), when known. Values the
    proposal leaves out keep the plan's."""
    bounds = parameter_bounds(plan, roles, noise_floors_db)
    result = {name: dict(values) for name, values in plan.items()}
    clips: list[StyleClip] = []
    for target, values in proposed.items():
        if target not in plan:
            continue
        for name, value in values.items():
            if name not in bounds[target]:
                continue
            low, high, reason = bounds[target][name]
            kept = plan[target][name] if not math.isfinite(value) else round_value(min(max(float(value), low), high))
            result[target][name] = kept
            if not math.isfinite(value) or abs(kept - value) > 1e-9:
                clips.append(StyleClip(target=target, parameter=name, proposed=float(value) if math.isfinite(value)
                                       else 0.0, value=kept, reason=reason if math.isfinite(value) else "not finite"))
    return result, clips
