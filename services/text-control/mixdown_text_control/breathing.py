"""Room to breathe as the purpose of a space request: "grande salle sur la reverb, je veux que
ça respire", "widen the pads so the mix can breathe". Breathing is a compression word when it
is said of dynamics ("the beat is breathing too much", "laisse respirer la voix, moins de
compression"); beside a request for space (reverb, its room, width, delay) with no track of its
own, it says why that space is wanted and asks for no compression move."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

BREATHING_WORDS = frozenset({"respire", "respirer", "respirent", "breathe", "breathes", "breathing", "breath",
                             "aere", "aerer", "aeree"})
SPACE_DESCRIPTORS = frozenset({"reverb", "reverb_size", "reverb_width", "reverb_predelay", "width", "delay",
                               "delay_feedback", "delay_time"})


def breathing_space(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make nothing of a clause whose only request is compression read from a breathing word,
    naming no track, when another clause asks for space."""
    space = [k for k, c in enumerate(clauses) if any(r.descriptor in SPACE_DESCRIPTORS for r in c.requests)]
    if not space:
        return
    for k, (clause, part) in enumerate(zip(clauses, parts, strict=True)):
        if k in space or not clause.requests or any(t.value not in ("mix", "master") for t in clause.targets):
            continue
        if all(r.descriptor == "compression" for r in clause.requests) and \
                any(t.text in BREATHING_WORDS for t in part):
            clause.requests, clause.content = [], False
