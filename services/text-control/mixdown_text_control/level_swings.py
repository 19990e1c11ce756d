"""A level that goes up and down told with the two verbs: "la voix monte et descend tout le
temps", "the vocal goes up and down": an uneven track (too little compression), said with the
words for raising and lowering. Read as two orders it raised the vocal and lowered the master;
the pair is put as "inégale" / "uneven", which the lexicon reads as that complaint.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

_SWINGS = {("monte", "et", "descend"): "inegale", ("montent", "et", "descendent"): "inegales",
           ("monte", "et", "redescend"): "inegale", ("goes", "up", "and", "down"): "uneven",
           ("go", "up", "and", "down"): "uneven", ("going", "up", "and", "down"): "uneven"}
_COPULAS = {"inegale": "est", "inegales": "sont", "uneven": "is"}


def level_swings(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "monte et descend", "goes up and down" put as a complaint of unevenness."""
    words = [t.corrected_from or t.text for t in tokens]
    for k in range(len(words)):
        for phrase, word in _SWINGS.items():
            if tuple(words[k:k + len(phrase)]) == phrase:
                told = [replace(tokens[k], text=_COPULAS[word], corrected_from=""),
                        replace(tokens[k + len(phrase) - 1], text=word, corrected_from="")]
                return level_swings([*tokens[:k], *told, *tokens[k + len(phrase):]])
    return tokens
