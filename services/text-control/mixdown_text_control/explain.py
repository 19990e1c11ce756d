"""Every edit explained in one line, in the instruction's language (French or English).

The sentence is built from the edit itself: the target's label and the parameter's label
(:mod:`.labels`), the move's sense and its amount with the parameter's unit (from the tables):

- "plus de présence : je monte l'égaliseur vers 3000 Hz de la voix lead de 2 dB (+0,0 → +2,0 dB)"
- "less stereo width: lowering the stereo width of the backing vocals by 20 % (100 → 80 %)"
- "raising the reverb's room size from 0.50 to 0.65"; "muting the beat"; "je coupe l'envoi de
  delay de la voix lead (-24,0 → -60,0 dB)".

Gains, levels and widths (dB, dBFS, dBTP, LUFS, %) move *by* an amount; frequencies, times,
ratios and 0–1 controls move *from* one value *to* another. The rule parser prefixes what it
understood was asked (:func:`reason`, "plus de présence"); a clamped value names the range it
met; a note from the parser ("the lead vocal stays mono…") follows a dash.
"""

from __future__ import annotations

import re

from mixdown.mixparams import BUS_NAMES
from mixdown_text_control import lexicon as lx
from mixdown_text_control.edits import MASTER, Session
from mixdown_text_control.labels import PARAM_LABELS, TARGET_LABELS, Label, of

FIXED_NOTE = {"en": "the lead vocal stays mono and centred", "fr": "la voix lead reste mono et centrée"}

# Units whose moves read as a difference ("by 2 dB"); the others read "from a to b".
_DELTA_UNITS = ("dB", "dBFS", "dBTP", "LUFS", "%")
_PEAK_GAIN = re.compile(r"peak(\d+)_gain_db")

_PHRASING = {
    "level": {"en": ("louder", "quieter", "muted"), "fr": ("plus fort", "moins fort", "coupé (mute)")},
    "loudness": {"en": ("louder master", "quieter master", ""), "fr": ("master plus fort", "master moins fort", "")},
    "mute": {"en": ("muted", "back in the mix", ""), "fr": ("coupé (mute)", "remis dans le mix", "")},
}


def reason(descriptor: lx.Descriptor, off: bool, sign: int, language: str) -> str:
    """What the parser understood was asked: "more presence", "moins fort", "delay coupé"."""
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


def number(value: float, unit: str, language: str, signed: bool = False) -> str:
    """A value as the sentence shows it: one decimal for dB-like units, whole Hz, two decimals
    for 0–1 controls; a decimal comma in French."""
    if unit in ("dB", "dBFS", "dBTP", "LUFS"):
        text = f"{value:+.1f}" if signed else f"{value:.1f}".removesuffix(".0")
    elif unit in ("Hz", "%", "BPM"):
        text = f"{value:.0f}"
    elif unit in ("ms", "beats"):
        text = f"{value:g}"
    else:
        text = f"{value:.2f}"
    return text.replace(".", ",") if language == "fr" else text


def target_phrase(session: Session, target: str, language: str) -> str:
    """"the backing vocals", "la voix lead « Lead_Vox.wav »"."""
    role = session.role_of(target)
    label = TARGET_LABELS.get(role, TARGET_LABELS["other"]).text(language)
    bare = target.rsplit(".", 1)[0].replace("_", " ").lower()
    if target in (role, MASTER) or target in BUS_NAMES or bare in label.lower():
        return label  # "the beat", not "the beat 'beat'"
    return f"{label} « {target} »" if language == "fr" else f"{label} '{target}'"


def _parameter_phrase(session: Session, target: str, parameter: str, language: str) -> str:
    """The parameter with its owner: "the stereo width of the backing vocals", "la largeur de
    la reverb", "l'égaliseur vers 3000 Hz de la voix lead"."""
    band = _PEAK_GAIN.fullmatch(parameter)
    if band and session.spec(target, f"peak{band.group(1)}_hz") is not None:
        hz = session.value(target, f"peak{band.group(1)}_hz")
        label = Label(f"the EQ around {hz:.0f} Hz", f"l'égaliseur vers {hz:.0f} Hz")
    else:
        label = PARAM_LABELS.get(parameter, Label(parameter, parameter))
    text = label.text(language)
    if target == MASTER or target in BUS_NAMES:
        return text  # a bus's or the master's label names its owner
    if language != "fr":
        text = text if text.startswith("the ") else f"the {text}"
    return f"{text} {of(target_phrase(session, target, language), language)}"


def sentence(session: Session, target: str, parameter: str, old: float, value: float, unit: str,
             language: str, clamp_note: str = "") -> str:
    """The edit in words (without the reason): verb, what, of whom, by how much."""
    fr = language == "fr"
    what = _parameter_phrase(session, target, parameter, language)
    who = target_phrase(session, target, language)
    limit = (f"limité à {clamp_note}" if fr else f"clamped to {clamp_note}") if clamp_note else ""
    if parameter == "mute":
        text = (("je coupe " if value >= 0.5 else "je remets ") + who + ("" if value >= 0.5 else " dans le mix")) if fr \
            else ("muting " if value >= 0.5 else "unmuting ") + who
        return text
    if value == old:
        stays = f"{what} reste à {number(value, unit, language)} {unit}" if fr \
            else f"{what} stays at {number(value, unit, language)} {unit}"
        spec = session.spec(target, parameter)
        bound = spec is not None and value in (spec.min, spec.max)
        # ("reste à 80 Hz, déjà là": a value already where asked is no limit met.)
        already = ("déjà à sa limite" if fr else "already at its limit") if bound else ("déjà là" if fr else "already there")
        return f"{stays.rstrip()} ({limit or already})"
    up = value > old
    if parameter.endswith("_send_db") and not up and value <= -60.0:
        text = f"je coupe {what}" if fr else f"turning off {what}"
        return f"{text} ({number(old, unit, language, signed=True)} → {number(value, unit, language, signed=True)} {unit})"
    if parameter == "pan":
        side = ("la droite" if value > 0 else "la gauche" if value < 0 else "le centre") if fr \
            else ("right" if value > 0 else "left" if value < 0 else "towards the centre")
        text = f"je décale {who} vers {side}" if fr else f"panning {who} {side}"
        moved = f"{number(old, unit, language)} → {number(value, unit, language)}"
        return f"{text} ({moved}{'; ' + limit if limit else ''})"
    verb = ("je monte " if up else "je baisse ") if fr else ("raising " if up else "lowering ")
    if unit in _DELTA_UNITS:
        step_unit = "LU" if unit == "LUFS" else unit  # a difference of loudness is in LU
        by = f"de {number(abs(value - old), unit, language)} {step_unit}" if fr \
            else f"by {number(abs(value - old), unit, language)} {step_unit}"
        moved = f"{number(old, unit, language, signed=True)} → {number(value, unit, language, signed=True)} {unit}"
        return f"{verb}{what} {by} ({moved}{'; ' + limit if limit else ''})"
    unit_text = f" {unit}" if unit else ""
    span = (f"de {number(old, unit, language)} à {number(value, unit, language)}{unit_text}" if fr
            else f"from {number(old, unit, language)} to {number(value, unit, language)}{unit_text}")
    return f"{verb}{what} {span}{f' ({limit})' if limit else ''}"


def explain(session: Session, target: str, parameter: str, old: float, value: float, descriptor: lx.Descriptor,
            sign: int, off: bool, language: str, clamp_note: str, note: str, unit: str) -> str:
    """One line in the instruction's language: what was asked, then the edit in words (with
    the range it met, if clamped), then any note."""
    asked = reason(descriptor, off, sign, language)
    said = sentence(session, target, parameter, old, value, unit, language, clamp_note)
    line = f"{asked}{' : ' if language == 'fr' else ': '}{said}"
    return f"{line} — {note}" if note else line
