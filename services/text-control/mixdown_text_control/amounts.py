"""Amounts with units in an instruction ("de 3 dB", "à 120 Hz", "-14 LUFS", "ratio 4", "50 %")
and which parameter each one sets.

An amount is *absolute* ("à 120 Hz", "-14 LUFS", a ratio: that value) or a *move* ("de 3 dB",
"by 3 dB", "+2 dB": that much in the request's direction, or in the sign's). The 0–1 controls
(:data:`UNIT_INTERVAL`) and the ratios (:data:`RATIOS`) are read from the parameter tables: a
percentage sets a 0–1 control as its fraction ("reverb width 80 %" → 0.8).
"""

from __future__ import annotations

from dataclasses import dataclass

from mixdown.mixparams import BUS_PARAMS, TRACK_PARAMS
from mixdown.params import Param
from mixdown_text_control.normalise import Token

UNITS = {"db": "db", "decibel": "db", "decibels": "db", "dbs": "db", "lu": "db", "hz": "hz", "hertz": "hz",
         "khz": "khz", "lufs": "lufs", "%": "percent", "pourcent": "percent", "pourcents": "percent",
         "percent": "percent", "pct": "percent", "ms": "ms", "milliseconde": "ms", "millisecondes": "ms",
         "millisecond": "ms", "milliseconds": "ms", ":1": "ratio"}
_ABSOLUTE_BEFORE = frozenset({"a", "to", "at", "vers", "sous", "below", "under", "au", "=", "en", "around",
                              "autour", "jusqu", "jusque", "until", "sur", "set"})
_BELOW = frozenset({"sous", "below", "under", "en dessous", "beneath"})
_RELATIVE_BEFORE = frozenset({"de", "d", "by", "of"})


def _mixing_params() -> list[Param]:
    return [*TRACK_PARAMS.values(), *(p for table in BUS_PARAMS.values() for p in table.values())]


# The 0–1 controls: unitless, continuous, inside [0, 1] (mix, amounts, room size, feedback...).
UNIT_INTERVAL = frozenset(p.name for p in _mixing_params() if p.unit == "" and not p.step and 0.0 <= p.min
                          and p.max <= 1.0)
# The ratios ("ratio 4", "4:1"), named by their unit suffix.
RATIOS = frozenset(p.name for p in _mixing_params() if p.name.endswith("_ratio"))


@dataclass
class Amount:
    value: float
    unit: str  # db | hz | lufs | percent | ms | ratio
    absolute: bool
    signed: bool
    below: bool
    index: int
    relative: bool = False  # "de 3 dB", "by 3 dB"


def find_amounts(tokens: list[Token]) -> list[Amount]:
    """Every number followed by a unit (or after "ratio") in a clause's tokens."""
    words = [t.text for t in tokens]
    found: list[Amount] = []
    for i, token in enumerate(tokens):
        if not token.is_number:
            continue
        unit = UNITS.get(words[i + 1]) if i + 1 < len(words) else None
        before = words[i - 1] if i else ""
        if unit is None and before == "ratio":
            unit = "ratio"
        if unit is None and i >= 2 and words[i - 2] == "ratio" and before in ("de", "of", "a", "to", "at"):
            unit = "ratio"
        if unit is None:
            continue
        value = float(token.text)
        if unit == "khz":
            unit, value = "hz", value * 1000.0
        absolute = before in _ABSOLUTE_BEFORE or unit in ("lufs", "ratio")
        relative = before in _RELATIVE_BEFORE and unit != "ratio"
        if relative:
            absolute = False
        signed = token.text[0] in "+-"
        if signed and unit != "lufs" and before not in _ABSOLUTE_BEFORE:
            absolute = False
        below = before in _BELOW or (i >= 2 and f"{words[i - 2]} {before}" in _BELOW)
        found.append(Amount(value, unit, absolute, signed, below, i, relative))
    return found


def matching_amount(amounts: list[Amount], unit: str, parameter: str, primary: bool) -> Amount | None:
    """The first amount that can set ``parameter`` (of table unit ``unit``); a level in dB only
    for the ``primary`` parameter a request moves."""
    for amount in amounts:
        if amount.unit == "db" and unit in ("dB", "dBFS", "LUFS") and primary:
            return amount
        if amount.unit == "lufs" and unit == "LUFS":
            return amount
        if amount.unit == "hz" and ((unit == "Hz" and not amount.below) or
                                    (amount.below and parameter == "hpf_cutoff_hz")):
            return amount
        if amount.unit == "ms" and unit == "ms":
            return amount
        if amount.unit == "percent" and (unit == "%" or (unit == "" and parameter in UNIT_INTERVAL)):
            return amount
        if amount.unit == "ratio" and parameter in RATIOS:
            return amount
    return None


def with_amount(amount: Amount, old: float, sign: int, unit: str) -> float:
    """The value an explicit amount asks for: absolute ("à 120 Hz") or a move in ``sign``'s
    direction ("de 3 dB"; a bare signed amount decided ``sign`` already)."""
    value = amount.value / 100.0 if amount.unit == "percent" and unit != "%" else amount.value
    if amount.absolute:
        return value
    return old + sign * abs(value)
