"""A bus parameter named by its noun with the way told by a degree beside it: "reverb width
smaller please", "verb width -20%", "reverb size: bigger", "la largeur de la reverb plus petite":
the degree's way (a size word says more or less of the parameter it stands beside, whatever its
own class), never the noun's bare "more"; then "keep it more central" after it is the same
parameter in its own words' way, never the send of a track."""

from __future__ import annotations

from mixdown_text_control import lexicon as lx
from mixdown_text_control.amounts import find_amounts
from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# The bus parameters and the qualifier class that names each ("reverb_width": "width").
_CLASS_OF = {name: cls for (_, cls), name in lx.QUALIFIED.items()}
# Degree classes that say more or less of any bus parameter ("smaller width", "bigger size").
_DEGREES = frozenset({"size", "width"})


def _degree(part: list[Token], cls: str) -> int:
    """The way a comparative qualifier in ``part`` says (+1/-1), 0 when there is none; a signed
    amount in % says it too ("-20%")."""
    for token in part:
        for entry in PHRASES.get(token.text, []):
            if entry.kind == "qual" and entry.comparative and entry.value in _DEGREES | {cls}:
                return entry.polarity
    signed = [a for a in find_amounts(part) if a.signed and a.unit == "percent"]
    return (1 if signed[0].value > 0 else -1) if signed else 0


def bus_degrees(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Give a bus parameter named by its noun the way of the degree beside it, and a pronoun
    clause after it that qualifies it in its class ("keep it more central") that parameter."""
    for k, (clause, part) in enumerate(zip(clauses, parts, strict=True)):
        for request in clause.requests:
            cls = _CLASS_OF.get(request.descriptor or "")
            if cls is None or request.cue_source != "wish":
                continue
            way = _degree(part, cls)
            if way:
                request.direction, request.cue_source = way, "explicit"
            if k + 1 < len(clauses) and clauses[k + 1].pronoun and not clauses[k + 1].targets:
                _qualified_after(clauses[k + 1], parts[k + 1], request.descriptor, cls)


def _qualified_after(clause: Clause, part: list[Token], descriptor: str, cls: str) -> None:
    """"…, keep it more central": a qualifier of the parameter's class in a pronoun clause."""
    for token in part:
        entry = next((e for e in PHRASES.get(token.text, []) if e.kind == "qual" and e.value == cls), None)
        if entry is None:
            continue
        for request in clause.requests:
            if request.descriptor is None and request.direction:
                request.descriptor, request.implicit = descriptor, False
                request.direction *= entry.polarity if not entry.comparative else 1
                request.cue_source = "explicit"
        return
