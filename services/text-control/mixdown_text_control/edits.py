"""Edits and the parameter state they apply to.

A :class:`Session` holds the parameters in force for one job (``{"tracks": {<name>: {...}},
"buses": {"reverb": {...}, "delay": {...}, "bus": {...}}, "targets": {"target_lufs": ...}}``)
and the tracks' roles. It knows each parameter's table entry (:mod:`mixdown.mixparams`, plus
the master's ``target_lufs``), clamps proposed values into range, keeps ordered band edges
ordered and the lead vocal mono and centred, and applies edits in order so that two requests
on one parameter compose.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mixdown.catalog import ROLES, TARGETS
from mixdown.events.outputs import TextEdit
from mixdown.mixparams import BUS_NAMES, BUS_PARAMS, LEAD_VOCAL_FIXED, ORDERED_PAIRS, TRACK_PARAMS
from mixdown.params import Param

MASTER = "master"
MASTER_PARAMS: dict[str, Param] = {"target_lufs": TARGETS["target_lufs"]}
# Smallest gap kept between the two edges of a band (Hz).
ORDER_GAP_HZ = 1.0


@dataclass
class ParseResult:
    """The edits for one instruction, what produced none (with close phrasings that would),
    which backend answered, and where the LLM's reading contradicted the rules'."""

    locale: str
    edits: list[TextEdit] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    backend: str = "rules"
    fallback_reason: str = ""
    suggestions: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)

    @property
    def understood(self) -> bool:
        """True when at least one edit was read; a partial understanding also lists what it ignored."""
        return bool(self.edits)

    def to_dict(self) -> dict[str, Any]:
        return {"locale": self.locale, "edits": [e.model_dump() for e in self.edits],
                "not_understood": list(self.not_understood), "suggestions": list(self.suggestions),
                "backend": self.backend, "fallback_reason": self.fallback_reason,
                "disagreements": list(self.disagreements)}


@dataclass(frozen=True)
class Proposal:
    """A value brought into range: ``note`` says why it differs from what was asked."""

    value: float
    clamped: bool
    note: str = ""


def round_value(spec: Param, value: float) -> float:
    """A readable resolution per unit: 0.1 dB, 1 Hz, 0.1 ms, 0.01 for 0..1 controls."""
    if spec.step:
        value = round(value / spec.step) * spec.step
    elif spec.unit == "Hz":
        value = round(value) if value >= 100 else round(value, 1)
    elif spec.unit in ("dB", "dBFS", "dBTP", "LUFS", "ms", "%", "BPM"):
        value = round(value, 1)
    elif spec.unit == "beats":
        value = round(value, 4)
    else:
        value = round(value, 2)
    return float(spec.clamp(value))


class Session:
    """The parameters in force for a job, and the tracks' roles.

    ``roles`` maps each track name to its role. Without roles, tracks named after a role
    (``lead_vocal``) take that role; with no tracks at all, each role stands for a track of
    that name at the table defaults, so the parser can be used without a job.
    """

    def __init__(self, current: Mapping[str, Any] | None = None, roles: Mapping[str, str] | None = None) -> None:
        current = current or {}
        self.tracks: dict[str, dict[str, float]] = {
            str(name): dict(values) for name, values in (current.get("tracks") or {}).items()
        }
        self.buses: dict[str, dict[str, float]] = {bus: dict((current.get("buses") or {}).get(bus) or {})
                                                   for bus in BUS_NAMES}
        self.master: dict[str, float] = dict(current.get("targets") or {})
        roles = {str(k): str(v) for k, v in (roles or {}).items()}
        if not roles:
            roles = {name: name for name in self.tracks if name in ROLES}
        for name in roles:
            self.tracks.setdefault(name, {})
        self.roles = roles
        self.virtual = not roles
        # The EQ bands each track's requests have taken in this instruction: a second request
        # takes another band rather than undo the first's.
        self.bands_taken: dict[str, set[str]] = {}
        # The parameters set to a value the instruction names ("coupe-bas à 60 Hz"): no other
        # request of it moves them further ("…, elle est trop maigre" leaves the cutoff at 60).
        self.values_given: set[tuple[str, str]] = set()

    # --- what exists -------------------------------------------------------------------------

    def track_names(self) -> list[str]:
        return list(self.roles)

    def track_targets(self) -> list[str]:
        """The tracks an edit may address: the session's, or without tracks the lead vocal and
        the instrumental (each a track of that name at the table defaults)."""
        return self.track_names() if not self.virtual else ["lead_vocal", "instrumental"]

    def tracks_with_role(self, role: str) -> list[str]:
        if self.virtual:
            return [role] if role in ROLES else []
        return [name for name, r in self.roles.items() if r == role]

    def has_role(self, role: str) -> bool:
        return bool(self.tracks_with_role(role)) and not self.virtual

    def role_of(self, target: str) -> str:
        return self.roles.get(target, target)

    def is_track(self, target: str) -> bool:
        return target in self.roles or (self.virtual and target in ROLES)

    def spec(self, target: str, parameter: str) -> Param | None:
        if target == MASTER:
            return MASTER_PARAMS.get(parameter)
        if target in BUS_PARAMS:
            return BUS_PARAMS[target].get(parameter)
        if self.is_track(target):
            return TRACK_PARAMS.get(parameter)
        return None

    def value(self, target: str, parameter: str) -> float:
        spec = self.spec(target, parameter)
        if spec is None:
            raise KeyError(f"{target}.{parameter}")
        if target == MASTER:
            values = self.master
        elif target in BUS_PARAMS:
            values = self.buses[target]
        else:
            values = self.tracks.setdefault(target, {})
        raw = values.get(parameter, spec.default)
        try:
            number = float(raw)
        except (TypeError, ValueError):
            return spec.default
        return number if math.isfinite(number) else spec.default

    def fixed(self, target: str, parameter: str) -> float | None:
        """The value a parameter must keep (the lead vocal's pan and width), else None."""
        if self.role_of(target) == "lead_vocal" and parameter in LEAD_VOCAL_FIXED:
            return LEAD_VOCAL_FIXED[parameter]
        return None

    # --- changing ----------------------------------------------------------------------------

    def propose(self, target: str, parameter: str, wanted: float) -> Proposal:
        """``wanted`` brought into the parameter's range and band order, rounded."""
        spec = self.spec(target, parameter)
        if spec is None:
            raise KeyError(f"{target}.{parameter}")
        if not math.isfinite(wanted):
            return Proposal(self.value(target, parameter), True, "not a finite number")
        value = round_value(spec, wanted)
        clamped = not spec.min <= wanted <= spec.max
        note = f"{spec.min:g}..{spec.max:g} {spec.unit}".strip() if clamped else ""
        for low, high in ORDERED_PAIRS:
            if parameter == low and value >= self.value(target, high) - ORDER_GAP_HZ / 2:
                value, clamped, note = self.value(target, high) - ORDER_GAP_HZ, True, f"below {high}"
            elif parameter == high and value <= self.value(target, low) + ORDER_GAP_HZ / 2:
                value, clamped, note = self.value(target, low) + ORDER_GAP_HZ, True, f"above {low}"
        return Proposal(value, clamped, note)

    def apply(self, edit: TextEdit) -> None:
        if edit.target == MASTER:
            self.master[edit.parameter] = edit.value
        elif edit.target in BUS_PARAMS:
            self.buses[edit.target][edit.parameter] = edit.value
        else:
            self.tracks.setdefault(edit.target, {})[edit.parameter] = edit.value


def merge_edit(edits: list[TextEdit], edit: TextEdit) -> None:
    """Add ``edit``; a second edit of the same parameter updates the first (its old value is kept)."""
    for existing in edits:
        if (existing.target, existing.parameter) == (edit.target, edit.parameter):
            existing.value = edit.value
            existing.clamped = existing.clamped or edit.clamped
            if edit.explanation and edit.explanation not in existing.explanation:
                existing.explanation = f"{existing.explanation}; {edit.explanation}"
            return
    edits.append(edit)
