"""The lyrics as the thing to change: "make the lyrics more deep and emotional", "des paroles
plus poétiques". The words of the song are its writing: only how well they are heard (their
level, presence or nearness: "make the lyrics clearer", "les paroles plus fortes") is a mix
request; any other quality asked of them is refused as not understood, never a tone move on
the vocal ("deep" read as its low end).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

_LYRICS = frozenset({"lyrics", "lyric", "paroles", "texte", "textes", "rimes", "rhymes"})
_HEARD = frozenset({"level", "presence", "closeness", "loudness"})


def lyrics(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Refuse each clause asking the lyrics for a quality other than being heard, in place."""
    for clause, part in zip(clauses, parts, strict=True):
        if _LYRICS & {t.text for t in part} and clause.requests and \
                any(r.descriptor not in _HEARD and r.descriptor is not None for r in clause.requests):
            clause.requests, clause.targets, clause.unplaced = [], [], True
