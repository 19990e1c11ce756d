"""A thing preferred to the one just lowered: "moins de reverb sur la voix, plutôt un petit delay",
"less reverb, a bit of delay instead", "rather some delay": more of that thing, in its own way,
never the way of the request before it (a bare thing after "less X" would otherwise inherit "less").
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

# Words that prefer what they name to what was said before.
PREFERRING = frozenset({"plutot", "instead", "rather", "preferably", "prefer", "prefere", "prefererais", "preferrais"})
# Openings of what is not wanted in place of the request before ("plutôt que de monter la voix",
# "rather than boosting the vocal", "au lieu de", "instead of"): no request of their own.
_REJECTING = (("plutot", "que"), ("plutot", "qu"), ("rather", "than"), ("instead", "of"), ("au", "lieu", "de"),
              ("au", "lieu", "d"))


def preferred_things(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A clause after another that names a thing with no way of its own beside a word of
    preference: that thing wished for, its "more" kept through inheritance; a clause of what the
    request before replaces ("plutôt que de …"): nothing asked."""
    for k, (clause, part) in enumerate(zip(clauses, parts, strict=True)):
        if not k:
            continue
        words = tuple(t.text for t in part)
        # ("baisse le beat plutôt que de monter la voix": the opening may end the clause before.)
        tail = tuple(t.text for t in parts[k - 1][-4:] if t.text not in ("de", "d", "to"))
        rejected = any(words[:len(r)] == r or tail[-len(r):] == r for r in _REJECTING)
        if not rejected and not PREFERRING & set(words):
            continue
        if rejected and any(c.requests for c in clauses[:k]):
            clause.requests, clause.content = [], False  # said, as what the request before replaces
            continue
        for request in clause.requests:
            if request.cue_source == "wish" and request.direction > 0 and request.descriptor is not None:
                request.cue_source = "explicit"
