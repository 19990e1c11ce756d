"""The mixing console's parameter tables, declared once.

Every parameter the mixing service applies is declared here, with its unit in its name, its
range, its default and what it does. Validation (at the gateway and in the mixing core), the
JSON export behind ``GET /v1/parameters`` (API schema, UI sliders, text edits) and clamping of
analysis-derived values all derive from these tables. Parameters are always addressed by
name, never by position.

Each processor's parameters are one :class:`mixdown.params.ParamTable` with the group
``mixing.<track or bus>.<processor>`` (``mixing.track.eq``, ``mixing.bus.glue``…), in signal
order; name lists (a chain's inputs, a bus's names) derive from these tables, never typed again.

A full parameter set is a flat ``dict[str, dict[str, float]]``: one map per track, keyed by
the track's name, holding every parameter of :data:`TRACK_PROCESSORS`, plus one map per bus
(``reverb``, ``delay``, ``bus``) holding that bus's parameters (:data:`BUS_PROCESSORS`).
Parameter names are unique across all maps, so a flat map of bus overrides (as in the gRPC
``MixRequest.overrides``) can be routed by name (:data:`BUS_OF`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mixdown.catalog import TARGETS
from mixdown.errors import InvalidInput
from mixdown.params import Param, ParamTable, Scale, merge

LOG = Scale.LOG


def _peak(index: int, centre_hz: float) -> tuple[Param, ...]:
    return (
        Param(f"peak{index}_hz", 40.0, 18000.0, centre_hz, "Hz", f"centre frequency of peaking band {index}", scale=LOG),
        Param(f"peak{index}_gain_db", -18.0, 18.0, 0.0, "dB", f"gain of peaking band {index} at its centre (0 = off)"),
        Param(f"peak{index}_q", 0.1, 10.0, 1.0, "", f"quality factor of peaking band {index} (higher = narrower)",
              scale=LOG),
    )


def _tables(map_name: str, processors: dict[str, list[Param]]) -> dict[str, ParamTable]:
    """One table per processor, in signal order; group ``mixing.<map>.<processor>``."""
    return {name: ParamTable(f"mixing.{map_name}.{name}", params) for name, params in processors.items()}


# Per-track processors, in signal order. Frequencies, times, Qs and ratios are on a log scale
# (equal slider steps are equal ratios); gains, pan, mixes and switches are linear. Filters
# whose corner is above 0.45 x the sample rate are set to 0.45 x the sample rate.
TRACK_PROCESSORS: dict[str, ParamTable] = _tables("track", {
    "input": [
        Param("input_gain_db", -40.0, 40.0, 0.0, "dB",
              "gain before the chain; analysis sets it so that the track reaches the reference loudness"),
    ],
    "hpf": [
        Param("hpf_cutoff_hz", 20.0, 1000.0, 20.0, "Hz",
              "high-pass corner (-3 dB), 12 dB/octave; 20 Hz is the rumble filter every track keeps", scale=LOG),
    ],
    "eq": [
        Param("low_shelf_hz", 30.0, 1000.0, 120.0, "Hz", "corner frequency of the low shelf", scale=LOG),
        Param("low_shelf_gain_db", -18.0, 18.0, 0.0, "dB", "gain of the low shelf below its corner (0 = off)"),
        *_peak(1, 250.0),
        *_peak(2, 1000.0),
        *_peak(3, 3500.0),
        Param("high_shelf_hz", 1000.0, 20000.0, 10000.0, "Hz", "corner frequency of the high shelf", scale=LOG),
        Param("high_shelf_gain_db", -18.0, 18.0, 0.0, "dB", "gain of the high shelf above its corner (0 = off)"),
    ],
    "compressor": [
        Param("comp_threshold_db", -60.0, 0.0, 0.0, "dBFS", "peak level above which the compressor reduces gain"),
        Param("comp_ratio", 1.0, 20.0, 1.0, "", "input dB over the threshold per output dB (1 = off)", scale=LOG),
        Param("comp_attack_ms", 0.1, 200.0, 10.0, "ms", "attack time constant", scale=LOG),
        Param("comp_release_ms", 5.0, 2000.0, 100.0, "ms", "release time constant", scale=LOG),
        Param("comp_makeup_db", 0.0, 24.0, 0.0, "dB", "gain after the compressor"),
    ],
    "deesser": [
        Param("deess_threshold_db", -80.0, 0.0, -30.0, "dBFS",
              "level of the sibilance band (RMS over 3 ms, after the compressor) above which it is reduced"),
        Param("deess_reduction_db", 0.0, 24.0, 0.0, "dB", "largest reduction of the sibilance band (0 = off)"),
        Param("deess_low_hz", 2000.0, 12000.0, 5000.0, "Hz", "lower edge of the sibilance band", scale=LOG),
        Param("deess_high_hz", 3000.0, 20000.0, 10000.0, "Hz", "upper edge of the sibilance band", scale=LOG),
    ],
    "saturation": [
        Param("sat_drive_db", 0.0, 24.0, 0.0, "dB", "drive into the tanh waveshaper (more drive, more harmonics)"),
        Param("sat_mix", 0.0, 1.0, 0.0, "", "share of the saturated signal in parallel with the clean one (0 = off)"),
    ],
    "fader": [
        Param("gain_db", -60.0, 24.0, 0.0, "dB",
              "fader; analysis sets it from the processed track's loudness and the role's level"),
        Param("pan", -1.0, 1.0, 0.0, "",
              "-1 left .. 1 right; constant-power pan for mono tracks, balance for stereo ones"),
        Param("width_percent", 0.0, 200.0, 100.0, "%", "stereo width of a stereo track: 0 mono, 100 unchanged"),
        Param("mute", 0.0, 1.0, 0.0, "", "1 leaves the track out of the mix", step=1.0),
    ],
    "sends": [
        Param("reverb_send_db", -60.0, 0.0, -60.0, "dB", "post-fader send to the reverb bus (-60 = off)"),
        Param("delay_send_db", -60.0, 0.0, -60.0, "dB", "post-fader send to the tempo-synced delay bus (-60 = off)"),
        Param("duck_amount", 0.0, 1.0, 0.0, "",
              "share of the track that makes room for the lead vocal (dynamic EQ of the bus's duck band)"),
    ],
})

# Buses, each with its processors in signal order.
BUS_PROCESSORS: dict[str, dict[str, ParamTable]] = {
    "reverb": _tables("reverb", {
        "reverb": [
            Param("reverb_room_size", 0.0, 1.0, 0.5, "", "room size of the reverb (decay time)"),
            Param("reverb_width", 0.0, 1.0, 1.0, "", "stereo width of the reverb return"),
            Param("reverb_damping", 0.0, 1.0, 0.5, "", "high-frequency damping of the reverb tail"),
            Param("reverb_predelay_ms", 0.0, 250.0, 20.0, "ms", "delay before the reverb starts"),
            Param("reverb_return_db", -24.0, 6.0, 0.0, "dB", "level of the reverb return"),
        ],
    }),
    "delay": _tables("delay", {
        "delay": [
            Param("bpm", 40.0, 240.0, 120.0, "BPM", "tempo the delay follows (given, or detected from the tracks)",
                  scale=LOG),
            Param("delay_note", 0.125, 4.0, 0.5, "beats",
                  "delay time in beats: 0.25 = 1/16, 0.5 = 1/8, 0.75 = dotted 1/8, 1 = 1/4, 2 = 1/2", scale=LOG),
            Param("delay_feedback", 0.0, 0.95, 0.3, "", "share of each echo fed back into the next"),
            Param("delay_highcut_hz", 1000.0, 20000.0, 8000.0, "Hz", "low-pass on the echoes (20000 = off)", scale=LOG),
            Param("delay_lowcut_hz", 20.0, 2000.0, 150.0, "Hz", "high-pass on the echoes (20 = off)", scale=LOG),
            Param("delay_return_db", -24.0, 6.0, 0.0, "dB", "level of the delay return"),
        ],
    }),
    "bus": _tables("bus", {
        "duck": [
            Param("duck_depth_db", 0.0, 12.0, 3.0, "dB",
                  "largest cut of the duck band of the ducked tracks while the lead vocal sings (0 = off)"),
            Param("duck_low_hz", 200.0, 4000.0, 1000.0, "Hz", "lower edge of the duck band", scale=LOG),
            Param("duck_high_hz", 1000.0, 12000.0, 5000.0, "Hz", "upper edge of the duck band", scale=LOG),
            Param("duck_attack_ms", 1.0, 200.0, 10.0, "ms", "how fast the cut follows the vocal in", scale=LOG),
            Param("duck_release_ms", 10.0, 2000.0, 250.0, "ms", "how fast the cut recovers after the vocal", scale=LOG),
        ],
        "glue": [
            Param("glue_threshold_db", -40.0, 0.0, -14.0, "dBFS", "threshold of the mix-bus glue compressor"),
            Param("glue_ratio", 1.0, 10.0, 1.5, "", "ratio of the glue compressor (1 = off)", scale=LOG),
            Param("glue_attack_ms", 0.1, 100.0, 30.0, "ms", "attack time constant of the glue compressor", scale=LOG),
            Param("glue_release_ms", 10.0, 2000.0, 200.0, "ms", "release time constant of the glue compressor",
                  scale=LOG),
            Param("glue_makeup_db", 0.0, 12.0, 0.0, "dB", "gain after the glue compressor"),
        ],
        "output": [
            Param("trim_db", -24.0, 24.0, 0.0, "dB", "gain of the whole mix before the glue compressor"),
            # The delivery target's ceiling: one range for the mix bus's safety limiter and the master.
            TARGETS["ceiling_dbtp"],
        ],
    }),
}

BUS_NAMES: tuple[str, ...] = tuple(BUS_PROCESSORS)
TRACK_PARAMS: dict[str, Param] = merge("mixing.track", *TRACK_PROCESSORS.values())
BUS_PARAMS: dict[str, dict[str, Param]] = {
    bus: merge(f"mixing.{bus}", *processors.values()) for bus, processors in BUS_PROCESSORS.items()
}
BUS_OF: dict[str, str] = {name: bus for bus, table in BUS_PARAMS.items() for name in table}
# (lower, upper) pairs that must be strictly ordered.
ORDERED_PAIRS: tuple[tuple[str, str], ...] = (
    ("deess_low_hz", "deess_high_hz"),
    ("duck_low_hz", "duck_high_hz"),
    ("delay_lowcut_hz", "delay_highcut_hz"),
)
# The safety net: the lead vocal stays mono and centred.
LEAD_VOCAL_FIXED: dict[str, float] = {"pan": 0.0, "width_percent": 0.0}

if len(BUS_OF) + len(TRACK_PARAMS) != len(set(BUS_OF) | set(TRACK_PARAMS)):
    raise RuntimeError("parameter names must be unique across the track and bus tables")


def table_for(map_name: str) -> dict[str, Param]:
    """The table of a bus map, or the track table for any other name."""
    return BUS_PARAMS.get(map_name, TRACK_PARAMS)


def defaults(map_name: str) -> dict[str, float]:
    """Every parameter of a map at its default (a track map for a non-bus name)."""
    return {name: spec.default for name, spec in table_for(map_name).items()}


def check_values(map_name: str, values: Mapping[str, Any], role: str | None = None) -> dict[str, float]:
    """Validate a partial map of ``map_name`` (a bus or a track): known names, numbers in range.

    With ``role`` ``"lead_vocal"``, pan and width must keep the lead vocal mono and centred.
    Raises InvalidInput naming ``map_name.parameter``.
    """
    if not isinstance(values, Mapping):
        raise InvalidInput(f"{map_name}: expected an object of parameter name → number")
    table = table_for(map_name)
    checked: dict[str, float] = {}
    for name, value in values.items():
        spec = table.get(name)
        if spec is None:
            kind = f"bus {map_name!r}" if map_name in BUS_PARAMS else "a track"
            hint = f" (it belongs to bus {BUS_OF[name]!r})" if name in BUS_OF and map_name != BUS_OF.get(name) else ""
            raise InvalidInput(f"{map_name}.{name}: unknown parameter for {kind}{hint}; known: {', '.join(table)}"[:600])
        checked[name] = spec.check(value, map_name)
    if role == "lead_vocal":
        for name, fixed in LEAD_VOCAL_FIXED.items():
            if name in checked and checked[name] != fixed:
                raise InvalidInput(
                    f"{map_name}.{name}={checked[name]:g}: the lead vocal stays mono and centred "
                    f"({name} must be {fixed:g})"
                )
    return checked


def check_order(map_name: str, values: Mapping[str, float]) -> None:
    """Raise InvalidInput when a band's lower edge is not below its upper edge."""
    for low, high in ORDERED_PAIRS:
        if low in values and high in values and not values[low] < values[high]:
            raise InvalidInput(f"{map_name}.{low}={values[low]:g} must be below {map_name}.{high}={values[high]:g}")


def check_full_set(parameters: Mapping[str, Mapping[str, Any]], tracks: Mapping[str, str]) -> dict[str, dict[str, float]]:
    """Validate a full parameter set for ``tracks`` (name → role): every map complete, nothing unknown."""
    unknown = sorted(set(parameters) - set(tracks) - set(BUS_NAMES))
    if unknown:
        raise InvalidInput(f"parameters for unknown track(s) {', '.join(map(repr, unknown))}; "
                           f"tracks: {', '.join(map(repr, tracks))}; buses: {', '.join(BUS_NAMES)}")
    missing = [name for name in (*tracks, *BUS_NAMES) if name not in parameters]
    if missing:
        raise InvalidInput(f"parameters missing for: {', '.join(missing)}")
    checked: dict[str, dict[str, float]] = {}
    for map_name, values in parameters.items():
        values = check_values(map_name, values, tracks.get(map_name))
        absent = [name for name in table_for(map_name) if name not in values]
        if absent:
            raise InvalidInput(f"{map_name}: parameters missing: {', '.join(absent)}"[:600])
        check_order(map_name, values)
        checked[map_name] = values
    return checked


def check_track_names(names: list[str]) -> None:
    reserved = sorted(set(names) & set(BUS_NAMES))
    if reserved:
        raise InvalidInput(f"track name {reserved[0]!r} is reserved for a bus; rename the track")


def split_bus_overrides(values: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """Route a flat map of bus parameters to their buses (``{"glue_ratio": 2}`` → ``{"bus": {...}}``)."""
    routed: dict[str, dict[str, float]] = {}
    for name, value in values.items():
        bus = BUS_OF.get(name)
        if bus is None:
            raise InvalidInput(f"bus override {name!r}: unknown parameter; bus parameters: {', '.join(BUS_OF)}"[:600])
        routed.setdefault(bus, {})[name] = BUS_PARAMS[bus][name].check(value, bus)
    return routed


def parse_job_overrides(
    overrides: Mapping[str, Any], tracks: Mapping[str, str] | None = None
) -> tuple[dict[str, dict[str, float]], float | None]:
    """Validate a job's overrides and return them as (per-map overrides, bpm or None).

    The shape is ``{"tracks": {<track name>: {param: value}}, "buses": {<bus>: {param: value}},
    "bpm": <float>}`` (every key optional). ``tracks`` maps the job's track names to roles;
    without it track names are not checked. Raises InvalidInput naming what is wrong.
    """
    if not isinstance(overrides, Mapping):
        raise InvalidInput('overrides must be an object {"tracks": {...}, "buses": {...}, "bpm": <number>}')
    extra = sorted(set(overrides) - {"tracks", "buses", "bpm"})
    if extra:
        raise InvalidInput(
            f"overrides: unknown key(s) {', '.join(map(repr, extra))}; expected "
            '{"tracks": {<track name>: {<parameter>: <number>}}, "buses": {<bus>: {<parameter>: <number>}}, '
            '"bpm": <number>}'
        )
    result: dict[str, dict[str, float]] = {}
    per_track = overrides.get("tracks", {})
    if not isinstance(per_track, Mapping):
        raise InvalidInput("overrides.tracks must be an object of track name → {parameter: number}")
    for name, values in per_track.items():
        if tracks is not None and name not in tracks:
            raise InvalidInput(f"overrides.tracks names unknown track {name!r}; tracks: {', '.join(map(repr, tracks))}")
        if name in BUS_NAMES:
            raise InvalidInput(f"overrides.tracks.{name}: {name!r} is a bus; put it under overrides.buses")
        result[name] = check_values(name, values, tracks.get(name) if tracks else None)
    per_bus = overrides.get("buses", {})
    if not isinstance(per_bus, Mapping):
        raise InvalidInput("overrides.buses must be an object of bus name → {parameter: number}")
    for bus, values in per_bus.items():
        if bus not in BUS_PARAMS:
            raise InvalidInput(f"overrides.buses names unknown bus {bus!r}; buses: {', '.join(BUS_NAMES)}")
        result[bus] = check_values(bus, values)
    bpm = overrides.get("bpm")
    if bpm is not None:
        bpm = BUS_PARAMS["delay"]["bpm"].check(bpm, "overrides")
    return result, bpm


def export() -> dict[str, Any]:
    """The tables as JSON-ready data: per-track processors, then each bus's processors."""

    def processors(tables: Mapping[str, ParamTable]) -> list[dict[str, Any]]:
        return [{"processor": name, "group": table.group, "parameters": table.export()} for name, table in tables.items()]

    return {
        "track": processors(TRACK_PROCESSORS),
        "buses": {bus: processors(table) for bus, table in BUS_PROCESSORS.items()},
        "lead_vocal_fixed": dict(LEAD_VOCAL_FIXED),
    }
