""""Everything" / "tout" said inside a complaint about one track, never the master:

- "calme tout ça", "tone all that down", "fix all of it": "tout ça" / "all that" is an anaphor
  of what was just said about the track before, so the clause takes that track;
- "everything else is too loud", "tout le reste est trop fort": every track but the one named;
- "the 808 is so loud it shakes everything" (one clause): the track, not the mix;
- "it sits on top of everything", "ça fait vibrer tout", "it's louder than everything": a
  pronoun standing for the track (or its problem) said to do something to the whole mix is the
  complaint told again or its consequence; the request is the one before, so the clause asks
  nothing (raising the mix's loudness or lowering it would move a target no one named).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause, Target
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

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
# "everything else", "tout le reste", "all the rest": the tracks not named before.
OTHERS = frozenset({"else", "reste", "rest", "autres"})


def _anaphor(words: list[str]) -> bool:
    return any(tuple(words[k:k + len(a)]) == a for a in _ANAPHORS for k in range(len(words)))


def whole_in_complaints(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Read "everything" after a clause about a named track (module docstring), in place."""
    for clause, part in zip(clauses, parts, strict=True):
        _object_of_track(clause, [t.text for t in part])
    for k in range(1, len(clauses)):
        clause, words = clauses[k], [t.text for t in parts[k]]
        before = clauses[k - 1]
        if any(t.value not in _WHOLE_TARGETS for t in clause.targets) or not WHOLE_WORDS & set(words) or \
                MIX_WORDS & set(words):
            continue
        said = [c for c in clauses[:k] if c.targets and all(t.value not in _WHOLE_TARGETS for t in c.targets)]
        if OTHERS & set(words) and said:
            # "the vocal is fine but everything else is too loud": every track but those named.
            clause.targets = [Target(t.value, t.prepositional, True) for t in said[-1].targets]
            continue
        if not clause.targets:
            continue
        named = [c for c in clauses[:k] if c.targets and c.requests and
                 all(t.value not in _WHOLE_TARGETS for t in c.targets)]
        if not named:
            continue  # no track named before: "everything" is the mix
        if _anaphor(words):
            clause.targets = list(named[-1].targets)  # "calme tout ça": the track just complained of
        elif words[0] in _SUBJECTS and before.requests:
            clause.requests, clause.targets, clause.content = [], [], False  # "it sits on top of everything"


def _object_of_track(clause: Clause, words: list[str]) -> None:
    """"the 808 is so loud it shakes everything", "mets la voix au-dessus de tout": "everything"
    after a track named in the same clause is what the track does something to, not a target."""
    whole = [t for t in clause.targets if t.value in _WHOLE_TARGETS]
    if not whole or len(whole) == len(clause.targets) or MIX_WORDS & set(words) or OTHERS & set(words):
        return
    at = next((i for i, w in enumerate(words) if w in WHOLE_WORDS), None)
    first_track = next((i for i, w in enumerate(words) if any(e.kind == "target" and str(e.value) not in
                                                               _WHOLE_TARGETS for e in PHRASES.get(w, []))), None)
    if at is not None and first_track is not None and first_track < at:
        clause.targets = [t for t in clause.targets if t.value not in _WHOLE_TARGETS]
