"""The parameters the style mode moves, taken from the console's tables by name.

Every other parameter keeps the DSP plan's value. A style parameter is addressed as
(map, name): a track's map is the track's name, a bus's map is the bus name. Normalisation to
[0, 1] for the search and the controller goes through each :class:`mixdown.params.Param`'s
scale (:meth:`~mixdown.params.Param.normalise`), never through positions in a vector typed
by hand.
"""

from __future__ import annotations

from mixdown.mixparams import BUS_PARAMS, TRACK_PARAMS
from mixdown.params import Param

# Per track: level and image, tonal balance (the gains of the EQ bands at the plan's
# frequencies), dynamics, space.
TRACK_STYLE_PARAMETERS: tuple[str, ...] = (
    "gain_db",
    "pan",
    "width_percent",
    "low_shelf_gain_db",
    "peak1_gain_db",
    "peak2_gain_db",
    "peak3_gain_db",
    "high_shelf_gain_db",
    "comp_threshold_db",
    "comp_ratio",
    "reverb_send_db",
    "delay_send_db",
)
# Per bus: the room and the mix bus's glue.
BUS_STYLE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "reverb": ("reverb_room_size", "reverb_return_db"),
    "bus": ("glue_threshold_db", "glue_ratio"),
}


def track_params() -> dict[str, Param]:
    """The style parameters of a track, by name, as declared in the console's table."""
    return {name: TRACK_PARAMS[name] for name in TRACK_STYLE_PARAMETERS}


def bus_params() -> dict[str, dict[str, Param]]:
    """The style parameters of each bus, by bus and name, as declared in the console's tables."""
    return {bus: {name: BUS_PARAMS[bus][name] for name in names} for bus, names in BUS_STYLE_PARAMETERS.items()}
