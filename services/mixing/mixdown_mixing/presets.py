"""Presets: data files (``presets/<name>.json``) that shape the role defaults and the buses.

A preset file holds:

- ``name``, ``kind`` (``vocal`` | ``full``) and ``description``, as in :data:`mixdown.catalog.PRESETS`;
- ``vocal_over_beat_lu``: ``[min, max]``, the lead vocal's short-term loudness relative to the
  beat (everything that is not a vocal) that the mix aims at (the middle) and guarantees;
- ``levels_lu`` (optional): role → level in LU replacing :data:`roles.ROLE_LEVEL_LU`;
- ``roles``: role → {parameter: value}, absolute values replacing the role defaults
  (analysis then adds its corrections to the EQ gains and thresholds);
- ``buses``: ``reverb`` / ``delay`` / ``bus`` → {parameter: value}.

Files are validated against the parameter tables when loaded; a bad file raises InvalidInput
naming the file and the value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from mixdown.catalog import DEFAULT_PRESET, PRESETS, ROLES
from mixdown.errors import InvalidInput
from mixdown.mixparams import BUS_NAMES, check_order, check_values

PRESET_DIR = Path(__file__).resolve().parent / "presets"
_KEYS = {"name", "kind", "description", "vocal_over_beat_lu", "levels_lu", "roles", "buses"}


@dataclass(frozen=True)
class Preset:
    name: str
    kind: str
    description: str
    vocal_over_beat_lu: tuple[float, float]
    levels_lu: dict[str, float] = field(default_factory=dict)
    roles: dict[str, dict[str, float]] = field(default_factory=dict)
    buses: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def vocal_over_beat_target_lu(self) -> float:
        low, high = self.vocal_over_beat_lu
        return (low + high) / 2.0


def preset_files() -> list[str]:
    """Names of the preset files shipped with the service."""
    return sorted(p.stem for p in PRESET_DIR.glob("*.json"))


def _parse(name: str, data: dict) -> Preset:
    where = f"preset {name!r}"
    if not isinstance(data, dict):
        raise InvalidInput(f"{where}: expected a JSON object")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InvalidInput(f"{where}: unknown key(s) {', '.join(unknown)}")
    if data.get("name") != name:
        raise InvalidInput(f"{where}: the file names itself {data.get('name')!r}")
    span = data.get("vocal_over_beat_lu")
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(v, int | float) for v in span)
            and span[0] < span[1]):
        raise InvalidInput(f"{where}: vocal_over_beat_lu must be [min, max] in LU with min < max")
    levels = data.get("levels_lu", {})
    for role, value in levels.items():
        if role not in ROLES or not isinstance(value, int | float) or not -30.0 <= value <= 10.0:
            raise InvalidInput(f"{where}: levels_lu.{role}={value!r} (a role and a level in -30..10 LU)")
    roles: dict[str, dict[str, float]] = {}
    for role, values in data.get("roles", {}).items():
        if role not in ROLES:
            raise InvalidInput(f"{where}: unknown role {role!r} in roles")
        roles[role] = check_values(f"{name}.{role}", values, role)
    buses: dict[str, dict[str, float]] = {}
    for bus, values in data.get("buses", {}).items():
        if bus not in BUS_NAMES:
            raise InvalidInput(f"{where}: unknown bus {bus!r}; buses: {', '.join(BUS_NAMES)}")
        buses[bus] = check_values(bus, values)
        check_order(bus, buses[bus])
    return Preset(
        name=name,
        kind=str(data.get("kind")),
        description=str(data.get("description")),
        vocal_over_beat_lu=(float(span[0]), float(span[1])),
        levels_lu={role: float(v) for role, v in levels.items()},
        roles=roles,
        buses=buses,
    )


@cache
def load_preset(name: str = DEFAULT_PRESET) -> Preset:
    """The preset ``name`` (empty: the default), validated; InvalidInput if it does not exist."""
    name = name or DEFAULT_PRESET
    if name not in PRESETS:
        raise InvalidInput(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}")
    path = PRESET_DIR / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"preset {name!r}: cannot read presets/{name}.json: {exc}") from exc
    return _parse(name, data)
