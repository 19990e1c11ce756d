"""What is said of a bus's space after a request about its shape: "make the reverb space bigger,
like a proper hall", "la salle de la reverb est trop grande, on dirait une église", "je veux une
reverb de petite pièce, intime, pas une cathédrale", "make the reverb wider, smooth rnb style".

The place, the feeling or the kind of music named after a request on the reverb's own parameters
(its room size, width, damping, pre-delay) pictures that request: it asks for no second move, so
no track's send and no vocal EQ change with it. A clause that says how much more or less ("and
more reverb on the vocal"), names a track, or has a verb of its own is a request and is kept.
"""

from __future__ import annotations

from mixdown_text_control import lexicon as lx
from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.song_kinds import GENRES

# Openings of a likeness ("like she's whispering in my ear", "on dirait du mono").
LIKENESS_OPENINGS = ("like", "as if", "as though", "comme", "comme si", "on dirait", "on dirait que", "genre",
                     "it s like", "its like", "c est comme", "it sounds like", "sounds like", "ca sonne comme")
# Words that make a genre a likeness ("rnb style", "vibe trap", "façon gospel").
_STYLE_WORDS = frozenset({"style", "vibe", "feel", "type", "genre", "facon", "mood", "esprit"})
# The descriptors a picture of a space reads as: the space itself, its size or width, nearness.
_PICTURED = frozenset({"reverb", "closeness"})
# Cues that ask an amount of their own ("more", "less"), not a picture.
_ASKED = frozenset({"explicit", "comparative"})


def _shapes_bus(clause: Clause) -> bool:
    """Whether ``clause`` asks for a change of a bus's own parameter (not its send or return)."""
    for request in clause.requests:
        descriptor = request.descriptor
        if descriptor in lx.DESCRIPTORS and descriptor not in ("reverb", "delay") and \
                lx.DESCRIPTORS[descriptor].scope in ("reverb", "delay") and not descriptor.endswith("_return") \
                and request.direction and not request.noop:
            return True
    return False


def _pictures(clause: Clause, words: list[str]) -> bool:
    text = " ".join(words) + " "
    likeness = any(text.startswith(o + " ") for o in LIKENESS_OPENINGS)  # "like" is no verb here
    if clause.targets or (clause.has_verb and not likeness) or any(r.amounts for r in clause.requests):
        return False
    if GENRES & set(words) and (_STYLE_WORDS & set(words) or len(words) <= 3):
        return True  # "smooth rnb style": the kind of song, no quality to change
    if not clause.requests or any(r.cue_source in _ASKED for r in clause.requests):
        return False
    return all(r.descriptor in _PICTURED or r.descriptor in lx.DESCRIPTORS and
               lx.DESCRIPTORS[r.descriptor].scope == "reverb" for r in clause.requests)


def space_likenesses(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make nothing of the clauses that picture the bus shape asked just before (module
    docstring), in place; a run of them ("petite pièce, intime, pas une cathédrale") all do."""
    shaping = False
    for clause, part in zip(clauses, parts, strict=True):
        if shaping and _pictures(clause, [t.text for t in part]):
            clause.requests, clause.content = [], False
            continue
        shaping = _shapes_bus(clause)
