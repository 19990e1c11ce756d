"""The LLM's edits checked against the rule parser's reading of the same instruction.

The LLM's answer has already been checked against the parameter tables
(:func:`~mixdown_text_control.llm.validate_answer`). Here it meets the rule reading, which
knows which way each word turns a parameter ("narrower", "plus sec", "further away") and
whom the sentence names. Two contradictions are reported, each as one line:

- **direction**: the LLM moves a parameter of a target one way, the rules move the same
  parameter of the same target the other way;
- **target**: the LLM edits a track the rules did not touch (a bus the rules reach through a
  track's send, "more reverb", is the same request and passes).

When the rules read nothing there is nothing to check against, and the LLM's answer stands
(that is what the backend is for): the caller says so in the result. A contradiction makes
the rule reading the answer (see :class:`~mixdown_text_control.core.TextControl`).
"""

from __future__ import annotations

from mixdown.events.outputs import TextEdit
from mixdown.mixparams import BUS_NAMES


def _sense(edit: TextEdit) -> int:
    return (edit.value > edit.old_value) - (edit.value < edit.old_value)


def _moves(sense: int, language: str) -> str:
    if language == "fr":
        return "monte" if sense > 0 else "baisse"
    return "raises" if sense > 0 else "lowers"


def disagreements(llm: list[TextEdit], rules: list[TextEdit], language: str) -> list[str]:
    """Where ``llm`` contradicts ``rules`` (empty when they agree or the rules read nothing)."""
    if not rules:
        return []
    fr = language == "fr"
    rule_sense = {(e.target, e.parameter): _sense(e) for e in rules}
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
        elif edit.target not in rule_targets and edit.target not in sent_to:
            named = ", ".join(sorted(rule_targets))
            found.append(f"le modèle modifie {where}, une cible que la consigne ne nomme pas ({named})" if fr else
                         f"the model edits {where}, a target the instruction does not name ({named})")
    return found
