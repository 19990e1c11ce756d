"""Rule-based instruction parser: French or English text → level edits on roles.

Understands level changes of a target ("turn the beat down 3 dB", "monte la voix de 2 dB",
"louder vocals"). Whatever it does not understand is returned as such, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

GAIN_RANGE_DB = (-60.0, 24.0)
DEFAULT_STEP_DB = 2.0

TARGETS: dict[str, tuple[str, ...]] = {
    "lead_vocal": ("voix", "vocal", "vocals", "voice", "chant", "lead"),
    "instrumental": ("beat", "instru", "instrumental", "prod", "instrumentale"),
    "adlib": ("adlib", "adlibs", "ad-libs"),
    "backing_vocal": ("backs", "backing", "choeurs", "choeur"),
}
UP_WORDS = ("up", "louder", "raise", "boost", "monte", "augmente", "plus fort", "remonte")
DOWN_WORDS = ("down", "quieter", "lower", "reduce", "baisse", "diminue", "moins fort", "descends")
FRENCH_HINTS = ("la ", "le ", "les ", "de ", "monte", "baisse", "augmente", "voix", "plus", "moins")
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:db|decibels?)")


@dataclass
class Edit:
    target: str
    parameter: str
    old_value: float
    value: float
    explanation: str
    clamped: bool = False


@dataclass
class ParseResult:
    locale: str
    edits: list[Edit] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in text if not unicodedata.combining(c))


def detect_locale(text: str) -> str:
    lowered = f" {normalise(text)} "
    return "fr" if sum(hint in lowered for hint in FRENCH_HINTS) >= 1 else "en"


def _clause_edit(clause: str, current: dict[str, dict[str, float]]) -> Edit | None:
    words = re.findall(r"[a-z0-9-]+", clause)
    target = next((role for role, names in TARGETS.items() if any(n in words for n in names)), None)
    up = any(w in clause for w in UP_WORDS)
    down = any(w in clause for w in DOWN_WORDS)
    if target is None or up == down:
        return None
    match = _AMOUNT.search(clause)
    amount = float(match.group(1).replace(",", ".")) if match else DEFAULT_STEP_DB
    old = current.get(target, {}).get("gain_db", 0.0)
    wanted = old + (amount if up else -amount)
    value = min(max(wanted, GAIN_RANGE_DB[0]), GAIN_RANGE_DB[1])
    clamped = value != wanted
    direction = "up" if up else "down"
    note = f"{target} level {direction} {amount:g} dB ({old:+.1f} → {value:+.1f} dB)"
    if clamped:
        note += f"; clamped to the range {GAIN_RANGE_DB[0]:g}..{GAIN_RANGE_DB[1]:g} dB"
    return Edit(target, "gain_db", old, value, note, clamped)


def parse(instruction: str, current: dict[str, dict[str, float]] | None = None, locale: str = "") -> ParseResult:
    """Edits for ``instruction`` given the current parameters keyed by role (``lead_vocal``...)."""
    current = current or {}
    result = ParseResult(locale=locale or detect_locale(instruction))
    text = normalise(instruction)
    for clause in re.split(r"(?<!\d)[,;.]|[,;.](?!\d)| and | et | puis ", text):
        clause = clause.strip()
        if not clause:
            continue
        edit = _clause_edit(clause, current)
        if edit is None:
            result.not_understood.append(clause)
        else:
            result.edits.append(edit)
    return result
