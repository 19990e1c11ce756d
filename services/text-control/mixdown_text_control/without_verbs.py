"""Any verb of changing after "without"/"sans": "can we bring it closer without turning the beat
down?", "monte la voix sans baisser l'instru", "more air without making it harsh" is not one.

A gerund or infinitive that names a move of a track ("turning … down", "lowering", "baisser",
"monter") after "without"/"sans" is the track left as it is, read as "without touching" does
(:mod:`.untouched`): the track after it is excluded and its particle ("down") no cue. A quality
after the verb ("without making it harsh") is left to the grammar: only a track as the object."""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

WITHOUT = {"without": "touching", "sans": "toucher"}
MOVE_VERBS = frozenset({"turning", "lowering", "raising", "pushing", "pulling", "bringing", "boosting", "cutting",
                        "baisser", "monter", "descendre", "remonter", "pousser", "couper", "reduire", "augmenter"})
PARTICLES = frozenset({"down", "up", "back", "out", "off"})
ARTICLES = frozenset({"the", "my", "le", "la", "les", "l", "ma", "mon", "mes", "a", "au", "aux"})


def without_moves(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "without <move> <track> [particle]" put as "without touching <track>"."""
    for k, token in enumerate(tokens[:-2]):
        if token.text not in WITHOUT or tokens[k + 1].text not in MOVE_VERBS:
            continue
        j = k + 2
        while j < len(tokens) and tokens[j].text in ARTICLES:
            j += 1
        if j >= len(tokens) or not any(e.kind == "target" for e in PHRASES.get(tokens[j].text, ())):
            continue
        touched = replace(tokens[k + 1], text=WITHOUT[token.text], corrected_from=tokens[k + 1].text)
        rest = tokens[j + 1:]
        if rest and rest[0].text in PARTICLES:
            rest = rest[1:]
        return without_moves([*tokens[:k + 1], touched, *tokens[k + 2:j + 1], *rest])
    return tokens
