""""Everything" / "tout" said inside a complaint about one track, never the master:

- "calme tout ça", "tone all that down", "fix all of it": "tout ça" / "all that" is an anaphor
  of what was just said about the track before, so the clause takes that track;
- "it sits on top of everything", "ça fait vibrer tout", "it's louder than everything": a
  pronoun standing for the track (or its problem) said to do something to the whole mix is the
  complaint told again or its consequence; the request is the one before, so the clause asks
  nothing (raising the mix's loudness or lowering it would move a target no one named).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

WHOLE_WORDS = frozenset({"tout", "everything", "all", "everyone", "toute", "tous"})
# Words that name the mix or the master themselves: then "everything" may be the mix.
MIX_WORDS = frozenset({"mix", "master", "mixage", "morceau", "song", "track", "titre", "global", "overall",
                       "ensemble", "whole", "instru", "prod", "beat"})
# "tout ça", "all that", "all of it", "all of that", "tout cela": what was just said.
_ANAPHORS = (("tout", "ca"), ("tout", "cela"), ("all", "that"), ("all", "of", "it"), ("all", "of", "that"),
             ("all", "this"), ("tout", "le", "truc"))
# Pronoun subjects that stand for the track or the problem just named.
_SUBJECTS = frozenset({"it", "ca", "c", "that", "this", "elle", "il", "she", "he", "they", "ils", "elles"})
_WHOLE_TARGETS = frozenset({"mix", "master", "all"})


def _anaphor(words: list[str]) -> bool:
    return any(tuple(words[k:k + len(a)]) == a for a in _ANAPHORS for k in range(len(words)))


def whole_in_complaints(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Read "everything" after a clause about a named track (module docstring), in place."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], [t.text for t in parts[k]]
        before = clauses[k - 1]
        if not clause.targets or any(t.value not in _WHOLE_TARGETS for t in clause.targets) or \
                not WHOLE_WORDS & set(words) or MIX_WORDS & set(words):
            continue
        named = [c for c in clauses[:k] if c.targets and c.requests and
                 all(t.value not in _WHOLE_TARGETS for t in c.targets)]
        if not named:
            continue  # no track named before: "everything" is the mix
        if _anaphor(words):
            clause.targets = list(named[-1].targets)  # "calme tout ça": the track just complained of
        elif words[0] in _SUBJECTS and before.requests:
            clause.requests, clause.targets, clause.content = [], [], False  # "it sits on top of everything"
