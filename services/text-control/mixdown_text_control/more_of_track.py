"""More or less of a track itself: "less delay, more reverb, and a bit more vocal", "moins de
delay et un peu plus de voix", "trop de reverb et pas assez de voix", "not enough vocal". A degree word whose object is the track ("more vocal", "plus de
voix", "less beat") asks for that track's level; only a degree followed by a place ("et moins
sur le 808", "and less on the snare") or said of a subject ("and the kick needs more") goes on
with the quality before. Such a track is no place for the requests before it either ("less
delay, and more keys": the delay of the default track, not of the keys).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

DEGREES = frozenset({"more", "less", "plus", "moins", "assez", "enough", "trop", "much"})
# Words between the degree and the track ("plus de la voix", "more of the vocal").
LINKS = frozenset({"de", "d", "du", "des", "of", "the", "la", "le", "les", "l", "my", "ma", "mon", "mes"})
# Words before the degree ("and a bit more vocal", "et un peu plus de voix").
LEADS = frozenset({"and", "et", "a", "un", "bit", "little", "peu", "tad", "touch", "chouia", "poil", "just", "juste",
                   "also", "aussi", "then", "puis", "slightly", "way", "beaucoup", "encore", "even",
                   "pas", "not", "too", "vraiment", "really", "bien"})


def more_of_tracks(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Mark a bare degree with a track as its object as that track's level."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.text for t in part]
        if not clause.targets or clause.has_verb or \
                any(r.descriptor not in (None, "level") for r in clause.requests):
            continue
        at = next((i for i, w in enumerate(words) if w in DEGREES), None)
        if at is None or not all(w in LEADS for w in words[:at]):
            continue
        rest = words[at + 1:]
        while rest and rest[0] in LINKS:
            rest = rest[1:]
        if not rest or not any(e.kind == "target" for e in PHRASES.get(rest[0], [])):
            continue
        for request in clause.requests:
            if request.descriptor in (None, "level") and request.direction:
                request.descriptor, request.implicit = "level", False
        # Its track is the object of its own degree, no place lent to the requests before it.
        clause.adverb_cues_only, clause.item = False, True
