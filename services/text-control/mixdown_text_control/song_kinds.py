"""The kind of song told as a reason: "la reverb fait salle de concert alors que c'est un son
intime, une pièce plus petite", "too much reverb, it's an intimate song". A quality said of "a
song" (an indefinite song, not the mix being made) tells what the song is, against which the
request is measured; it asks for nothing, when another clause does. ("Une chanson de …" as a
kind is :mod:`.names`'s; "for this song" is :func:`.complaints.for_this_song`.)"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

INDEFINITES = frozenset({"un", "une", "a", "an"})
SONG_NOUNS = frozenset({"son", "chanson", "morceau", "titre", "track", "song", "tune", "ballad", "ballade", "slow",
                        "piece", "sound", "vibe", "mood", "ambiance", "atmosphere"})
# Words that say what it is before the indefinite ("c'est un son intime", "it's a ballad").
COPULAS = frozenset({"c", "est", "s", "is", "its", "cest", "ce", "sont", "was", "etait"})


def _tells_kind(words: list[str]) -> bool:
    # ("an intimate song", "a tight funk tune": adjectives may stand between.)
    return any(words[i] in INDEFINITES and SONG_NOUNS & set(words[i + 1:i + 4]) and i and words[i - 1] in COPULAS
               for i in range(len(words) - 1))


def song_kinds(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make nothing of each clause that tells what kind of song it is, when another clause of
    the instruction makes a request."""
    told = [k for k, part in enumerate(parts) if _tells_kind([t.text for t in part]) and
            all(t.value in ("mix", "master") for t in clauses[k].targets)]
    if told and any(c.requests for k, c in enumerate(clauses) if k not in told):
        for k in told:
            clauses[k].requests, clauses[k].content, clauses[k].targets = [], False, []
