"""One-line explanations of edits, in the instruction's language (French or English).

"voix lead « vox » : plus d'aigus (high_shelf_gain_db +1,0 → +3,0 dB)", "beat: quieter (gain_db
+0.0 → -3.0 dB; clamped to -60..24 dB)".
"""

from __future__ import annotations

from mixdown.mixparams import BUS_NAMES
from mixdown_text_control import lexicon as lx
from mixdown_text_control.edits import MASTER, Session
from mixdown_text_control.words_targets import ROLE_LABELS, RoleLabel

FIXED_NOTE = {"en": "the lead vocal stays mono and centred", "fr": "la voix lead reste mono et centrée"}

_PHRASING = {
    "level": {"en": ("louder", "quieter", "muted"), "fr": ("plus fort", "moins fort", "coupé (mute)")},
    "loudness": {"en": ("louder master", "quieter master", ""), "fr": ("master plus fort", "master moins fort", "")},
    "mute": {"en": ("muted", "back in the mix", ""), "fr": ("coupé (mute)", "remis dans le mix", "")},
}


def _what(descriptor: lx.Descriptor, off: bool, sign: int, language: str) -> str:
    phrasing = _PHRASING.get(descriptor.name, {}).get(language)
    if phrasing:
        more, less, off_text = phrasing
        return off_text if off and off_text else (more if sign > 0 else less)
    label = descriptor.label[language]
    if language == "fr":
        if off and descriptor.off is not None:
            return f"{label} coupée" if label.endswith(("reverb", "saturation", "compression", "chaleur")) else \
                f"{label} coupé"
        elision = "d'" if label[:1] in "aeiouyéèêh" else "de "
        return f"{'plus' if sign > 0 else 'moins'} {elision}{label}"
    if off and descriptor.off is not None:
        return f"{label} off"
    return f"{'more' if sign > 0 else 'less'} {label}"


def _number(value: float, unit: str, language: str) -> str:
    text = f"{value:+.1f}" if unit in ("dB", "dBFS", "LUFS") else f"{value:.0f}" if unit == "Hz" else f"{value:g}"
    return text.replace(".", ",") if language == "fr" else text


def explain(session: Session, target: str, parameter: str, old: float, value: float, descriptor: lx.Descriptor,
            sign: int, off: bool, language: str, clamp_note: str, note: str, unit: str) -> str:
    """One line in the instruction's language: who, what, the numbers, and any limit met."""
    role = session.role_of(target)
    label = getattr(ROLE_LABELS.get(role, RoleLabel(role, role)), language)
    plain = target in (role, MASTER) or target in BUS_NAMES or target.lower() in (label.lower(), role)
    who = label if plain else f"{label} « {target} »" if language == "fr" else f"{label} '{target}'"
    what = _what(descriptor, off, sign, language)
    unit_text = f" {unit}" if unit else ""
    line = f"{who}: {what} ({parameter} {_number(old, unit, language)} → {_number(value, unit, language)}{unit_text}"
    if clamp_note:
        line += f"; limité à {clamp_note}" if language == "fr" else f"; clamped to {clamp_note}"
    line += ")"
    if note:
        line += f" — {note}"
    if language == "fr":
        line = line.replace(": ", " : ", 1)
    return line
