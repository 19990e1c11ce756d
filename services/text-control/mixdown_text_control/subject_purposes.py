"""What the tracks just named should do, said with them as the subject of a verb the lexicon
does not know: "écarte plus les backs, je veux qu'ils entourent la voix", "widen the pads so they
wrap around the vocal".

The track after that verb ("la voix") is what the named tracks should do it to, no target: the
clause asks for nothing of its own (the request is the one before), so no quality is carried
onto that track by inheritance.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

# Subject pronouns of the tracks just named, and what may open their clause.
_SUBJECTS = frozenset({"ils", "elles", "they", "il", "elle", "it"})
_OPENERS = frozenset({"qu", "que", "so", "that", "pour", "veux", "want", "je", "i", "like"})


def subject_purposes(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make nothing of each clause telling what the tracks before should do (module docstring)."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], [t.text for t in parts[k]]
        subject = next((i for i, w in enumerate(words) if w in _SUBJECTS), None)
        if subject is None or not set(words[:subject]) <= _OPENERS or not clauses[k - 1].requests:
            continue
        if clause.requests and all(r.descriptor is None and not r.direction and not r.amounts
                                   for r in clause.requests):
            clause.requests, clause.targets, clause.content = [], [], False
