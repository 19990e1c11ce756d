"""A repair verb on a quality just complained about: the complaint's own fix.

"the vocal sounds nasal, fix the mids", "la voix est boueuse, règle le bas-médium", "the
esses are harsh, sort them out": the verb ("fix", "règle", "corrige", "sort out") names no
direction; the complaint did. Read alone, the verb would ask for more of the quality (a wish)
and contradict the complaint, and both would be dropped as opposite readings. The request of
the repair clause is the complaint's, already asked: it adds nothing.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

REPAIR_VERBS = frozenset({"fix", "fixe", "fixes", "sort", "repair", "correct", "regle", "regler", "reglez",
                          "corrige", "corriger", "corrigez", "arrange", "arranger", "arrangez", "repare", "reparer"})


def repairs(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Drop a repair clause's undirected request: an earlier clause complains about the same
    quality (its fix is asked), or none does and which way is not said (then not understood);
    changes ``clauses`` in place."""
    for k, (clause, part) in enumerate(zip(clauses, parts, strict=True)):
        if not REPAIR_VERBS & {t.text for t in part}:
            continue
        unsaid = False
        for request in clause.requests:
            if request.cue_source != "wish" or request.descriptor is None:
                continue
            # Said before: that fix, already asked; said nowhere: which way is not told ("fix the mids").
            request.noop = True
            unsaid = unsaid or not any(r.descriptor == request.descriptor and r.direction and not r.noop
                                       for earlier in clauses[:k] for r in earlier.requests)
        if clause.requests and all(r.noop for r in clause.requests):
            clause.content = unsaid
