"""The one parameter type: every processor, delivery target and QC correction is a table of it.

A :class:`Param` is a name carrying its unit (``threshold_db``, ``attack_ms``, ``cutoff_hz``),
a range, a default, a step, a scale and a meaning. A :class:`ParamTable` is an ordered set of
them, addressed by name (never by position), with one ``group`` naming what it belongs to
(``mixing.track.eq``, ``mastering.loudness``, ``targets``, ``corrections``…). Validation,
clamping, the API schema, presets, text-control edits, the web studio's sliders and the ML
models' normalisation all derive from these tables.

One range per name: every table registers itself in :data:`REGISTRY` at import, and a name
declared twice with a different range, default, unit or scale is an error at import time —
the same name means the same quantity everywhere.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from mixdown.errors import InvalidInput


class Scale(StrEnum):
    """How a parameter's range maps to [0, 1] for sliders and ML normalisation."""

    LINEAR = "linear"
    LOG = "log"  # frequencies, times, ratios: equal steps are equal ratios (needs min > 0)


@dataclass(frozen=True)
class Param:
    """One parameter: name (with unit suffix), range, default, unit, meaning, step, scale.

    ``step`` is 0 for a continuous value, else the value's resolution (1 for on/off switches
    such as ``mute``).
    """

    name: str
    min: float
    max: float
    default: float
    unit: str
    description: str
    step: float = 0.0
    scale: Scale = Scale.LINEAR
    group: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"{self.name}: default {self.default} is outside [{self.min}, {self.max}]")
        if self.scale is Scale.LOG and self.min <= 0:
            raise ValueError(f"{self.name}: a log scale needs a positive minimum, got {self.min}")

    @property
    def range(self) -> tuple[float, float]:
        return (self.min, self.max)

    def check(self, value: Any, where: str = "") -> float:
        """``value`` as a float, or InvalidInput naming ``where.name`` and the range."""
        label = f"{where}.{self.name}" if where else self.name
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise InvalidInput(f"{label} must be a finite number, got {value!r}"[:300])
        if not self.min <= value <= self.max:
            raise InvalidInput(f"{label}={value!r} is outside [{self.min:g}, {self.max:g}] {self.unit}".rstrip())
        return float(value)

    def clamp(self, value: float) -> float:
        """``value`` brought into the range (NaN gives the default)."""
        if not math.isfinite(value):
            return self.default if math.isnan(value) else (self.max if value > 0 else self.min)
        return float(min(max(value, self.min), self.max))

    def normalise(self, value: float) -> float:
        """``value`` mapped to [0, 1] along the parameter's scale (clamped first)."""
        value = self.clamp(value)
        if self.max == self.min:
            return 0.0
        if self.scale is Scale.LOG:
            return math.log(value / self.min) / math.log(self.max / self.min)
        return (value - self.min) / (self.max - self.min)

    def denormalise(self, unit_value: float) -> float:
        """The inverse of :meth:`normalise`: a value in [0, 1] (clamped) back to the range."""
        u = min(max(float(unit_value), 0.0), 1.0)
        if self.scale is Scale.LOG:
            return self.min * (self.max / self.min) ** u
        return self.min + u * (self.max - self.min)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["scale"] = str(self.scale)
        return data


class ParamTable(Mapping[str, Param]):
    """An ordered table of parameters of one group, addressed by name, registered in ``registry``
    (the process-wide :data:`REGISTRY` unless a test gives its own)."""

    def __init__(self, group: str, params: Iterable[Param], registry: Registry | None = None) -> None:
        self.group = group
        self._params: dict[str, Param] = {}
        for p in params:
            if p.name in self._params:
                raise ValueError(f"{group}: parameter {p.name!r} declared twice")
            self._params[p.name] = Param(**{**p.__dict__, "group": group})
        (REGISTRY if registry is None else registry).register(self)

    def __getitem__(self, name: str) -> Param:
        return self._params[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def __repr__(self) -> str:
        return f"ParamTable({self.group!r}, {list(self._params)})"

    def defaults(self) -> dict[str, float]:
        return {name: p.default for name, p in self._params.items()}

    def check(self, values: Mapping[str, Any], where: str = "") -> dict[str, float]:
        """Validate a partial map: every name known, every value a number in range.

        Raises InvalidInput naming the first unknown name (with the known ones) or the first
        value out of range.
        """
        if not isinstance(values, Mapping):
            raise InvalidInput(f"{where or self.group}: expected an object of parameter name → number")
        checked: dict[str, float] = {}
        for name, value in values.items():
            spec = self._params.get(name)
            if spec is None:
                raise InvalidInput(
                    f"{where or self.group}: unknown parameter {str(name)[:64]!r}; known: {', '.join(self._params)}"[:600]
                )
            checked[name] = spec.check(value, where)
        return checked

    def resolve(self, overrides: Mapping[str, Any] | None = None, where: str = "") -> dict[str, float]:
        """Every parameter: the defaults with ``overrides`` applied, each checked."""
        return {**self.defaults(), **self.check(dict(overrides or {}), where)}

    def export(self) -> list[dict[str, Any]]:
        return [p.to_dict() for p in self._params.values()]


def merge(group: str, *tables: Mapping[str, Param]) -> dict[str, Param]:
    """A plain name → Param map over several tables (names must not repeat)."""
    merged: dict[str, Param] = {}
    for table in tables:
        for name, p in table.items():
            if name in merged and merged[name] != p:
                raise ValueError(f"{group}: {name!r} appears twice with different definitions")
            merged[name] = p
    return merged


class Registry:
    """Every table declared in the process, keyed by group, with one definition per name."""

    def __init__(self) -> None:
        self.tables: dict[str, ParamTable] = {}
        self.by_name: dict[str, Param] = {}

    def register(self, table: ParamTable) -> None:
        if table.group in self.tables and self.tables[table.group] is not table:
            raise ValueError(f"parameter group {table.group!r} declared twice")
        for name, p in table.items():
            known = self.by_name.get(name)
            if known is not None and _definition(known) != _definition(p):
                raise ValueError(
                    f"parameter {name!r} is declared in {known.group!r} as "
                    f"[{known.min:g}, {known.max:g}] default {known.default:g} {known.unit} and in "
                    f"{p.group!r} as [{p.min:g}, {p.max:g}] default {p.default:g} {p.unit}: one name, one range"
                )
            self.by_name.setdefault(name, p)
        self.tables[table.group] = table

    def groups(self, prefix: str = "") -> list[ParamTable]:
        return [t for g, t in self.tables.items() if g == prefix or g.startswith(prefix)]


def _definition(p: Param) -> tuple[float, float, float, str, float, Scale]:
    return (p.min, p.max, p.default, p.unit, p.step, p.scale)


REGISTRY = Registry()
