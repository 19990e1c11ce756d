"""A masking told after a complaint, of the one complained about: "the lead sounds far away,
the choir drowns her", "la voix est trop loin, les guitares la couvrent". The masking says why
the first track is far or quiet; the first track is what to fix, the masking one is a reference
and keeps its level (:func:`.asides.consequences` drops its complaint)."""

from __future__ import annotations

import re

from mixdown_text_control.clause_types import Clause

# The one masked, as a pronoun after or before the masking verb.
MASKED_PRONOUN = re.compile(r"\b(?:her|him|it|them|(?:la|le|l|les) (?:couvre|couvrent|noie|noient|ecrase|"
                            r"ecrasent|masque|masquent|bouffe|bouffent|etouffe|etouffent))\b")
# What a clause asks when its track is to come forward.
_FORWARD = frozenset({"closeness", "presence", "level"})


def _targets(clause: Clause) -> set[str]:
    return {t.value for t in clause.targets if not t.excluded}


def raises_own(clause: Clause) -> bool:
    """Whether a clause asks its track to come forward (closer, more present, louder)."""
    return any(r.descriptor in _FORWARD and r.direction * r.polarity > 0 and not r.noop for r in clause.requests)


def masks_the_one_before(clause: Clause, before: Clause | None, text: str) -> bool:
    """Whether ``clause`` (a level complaint of a masking verb) masks, by a pronoun, the track
    that ``before``, the clause just before it, asks to come forward."""
    if before is None or not clause.masks or MASKED_PRONOUN.search(text[clause.start:clause.end]) is None:
        return False
    if {r.descriptor for r in clause.requests} != {"level"}:
        return False
    return raises_own(before) and bool(_targets(before)) and not _targets(before) & _targets(clause)
