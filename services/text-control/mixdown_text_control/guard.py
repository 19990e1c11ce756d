"""The LLM's edits checked against the rule parser's reading of the same instruction.

The LLM's answer has already been checked against the parameter tables
(:func:`~mixdown_text_control.llm.validate_answer`). Here it meets the rule reading, which
knows which way each word turns a parameter ("narrower", "plus sec", "further away") and
whom the sentence names. Two contradictions are reported, each as one line:

- **direction**: the LLM moves a parameter of a target one way, the rules move the same
  parameter of the same target the other way; or the LLM turns a *quality* of a target (its
  level, highs, mids, lows, width, reverb, delay, compression, saturation, de-essing: a
  :data:`QUALITY` groups the parameters that move it, with their sense) the other way than
  every rule edit of that quality on that target turns it ("moins brillant": the rules lower
  the high shelf, a model raising the 5 kHz band contradicts them). A quality the rules turn
  both ways ("less mud, more low end") is not judged;
- **target**: the LLM edits a track the rules did not touch (a bus the rules reach through a
  track's send, "more reverb", is the same request and passes).

When the rules read nothing there is nothing to check against, and the LLM's answer stands
(that is what the backend is for): the caller says so in the result. A contradiction makes
the rule reading the answer (see :class:`~mixdown_text_control.core.TextControl`).
"""

from __future__ import annotations

import re

from mixdown.events.outputs import TextEdit
from mixdown.mixparams import BUS_NAMES
from mixdown_text_control.edits import Session

# Parameter → (quality it turns, +1 when raising the parameter gives more of it).
QUALITY: dict[str, tuple[str, int]] = {
    "gain_db": ("level", 1), "trim_db": ("level", 1), "target_lufs": ("level", 1), "mute": ("level", -1),
    "high_shelf_gain_db": ("highs", 1), "low_shelf_gain_db": ("lows", 1), "hpf_cutoff_hz": ("lows", -1),
    "width_percent": ("width", 1), "reverb_width": ("width", 1),
    "reverb_send_db": ("reverb", 1), "reverb_return_db": ("reverb", 1), "reverb_room_size": ("reverb", 1),
    "delay_send_db": ("delay", 1), "delay_return_db": ("delay", 1), "delay_feedback": ("delay", 1),
    "comp_ratio": ("compression", 1), "comp_threshold_db": ("compression", -1),
    "glue_ratio": ("compression", 1), "glue_threshold_db": ("compression", -1),
    "sat_drive_db": ("saturation", 1), "sat_mix": ("saturation", 1),
    "deess_reduction_db": ("de-essing", 1), "deess_threshold_db": ("de-essing", -1),
}
QUALITY_FR = {"level": "le niveau", "highs": "les aigus", "mids": "les médiums", "lows": "les graves",
              "width": "la largeur", "reverb": "la reverb", "delay": "le delay", "compression": "la compression",
              "saturation": "la saturation", "de-essing": "le de-essing"}
# A peaking band turns the lows below 300 Hz, the highs from 2 kHz, the mids between.
LOWS_BELOW_HZ, HIGHS_FROM_HZ = 300.0, 2000.0
_PEAK_GAIN = re.compile(r"(peak\d+)_gain_db")


def _sense(edit: TextEdit) -> int:
    return (edit.value > edit.old_value) - (edit.value < edit.old_value)


def _quality(edit: TextEdit, edits: list[TextEdit], session: Session) -> tuple[str, int] | None:
    """The quality an edit turns and its sense (+1: more of it), or None."""
    band = _PEAK_GAIN.fullmatch(edit.parameter)
    if band is None:
        quality = QUALITY.get(edit.parameter)
        return (quality[0], quality[1] * _sense(edit)) if quality else None
    frequency = f"{band.group(1)}_hz"
    moved = [e.value for e in edits if (e.target, e.parameter) == (edit.target, frequency)]
    if moved:
        hz = moved[-1]
    elif session.spec(edit.target, frequency) is not None:
        hz = session.value(edit.target, frequency)
    else:
        return None
    name = "lows" if hz < LOWS_BELOW_HZ else "highs" if hz >= HIGHS_FROM_HZ else "mids"
    return name, _sense(edit)


def _rule_qualities(rules: list[TextEdit], session: Session) -> dict[tuple[str, str], int]:
    """(target, quality) → the one sense every rule edit turns it (qualities turned both ways left out)."""
    senses: dict[tuple[str, str], set[int]] = {}
    for edit in rules:
        quality = _quality(edit, rules, session)
        if quality and quality[1]:
            senses.setdefault((edit.target, quality[0]), set()).add(quality[1])
    return {key: next(iter(found)) for key, found in senses.items() if len(found) == 1}


def _moves(sense: int, language: str) -> str:
    if language == "fr":
        return "monte" if sense > 0 else "baisse"
    return "raises" if sense > 0 else "lowers"


def disagreements(llm: list[TextEdit], rules: list[TextEdit], language: str, session: Session) -> list[str]:
    """Where ``llm`` contradicts ``rules`` (empty when they agree or the rules read nothing);
    ``session`` holds the values in force before either (for the EQ bands' frequencies)."""
    if not rules:
        return []
    fr = language == "fr"
    rule_sense = {(e.target, e.parameter): _sense(e) for e in rules}
    rule_quality = _rule_qualities(rules, session)
    rule_targets = {e.target for e in rules}
    sent_to = {bus for e in rules for bus in BUS_NAMES if e.parameter == f"{bus}_send_db"}
    found: list[str] = []
    for edit in llm:
        sense = _sense(edit)
        where = f"{edit.target}.{edit.parameter}"
        expected = rule_sense.get((edit.target, edit.parameter))
        if expected is not None and sense and expected and sense != expected:
            found.append(f"le modèle {_moves(sense, 'fr')} {where} ({edit.old_value:g} → {edit.value:g}), "
                         f"la consigne demande l'inverse" if fr else
                         f"the model {_moves(sense, 'en')} {where} ({edit.old_value:g} → {edit.value:g}); "
                         "the instruction asks for the opposite")
        elif (quality := _quality(edit, llm, session)) and quality[1] \
                and rule_quality.get((edit.target, quality[0]), quality[1]) != quality[1]:
            found.append(f"le modèle {_moves(sense, 'fr')} {where} ({edit.old_value:g} → {edit.value:g}) : "
                         f"{QUALITY_FR[quality[0]]} dans l'autre sens que la consigne" if fr else
                         f"the model {_moves(sense, 'en')} {where} ({edit.old_value:g} → {edit.value:g}): "
                         f"{quality[0]} the other way than the instruction asks")
        elif edit.target not in rule_targets and edit.target not in sent_to:
            named = ", ".join(sorted(rule_targets))
            found.append(f"le modèle modifie {where}, une cible que la consigne ne nomme pas ({named})" if fr else
                         f"the model edits {where}, a target the instruction does not name ({named})")
    return found
