"""A track named by a word that is also a sound word, heading a terse note ("room plus fort",
"room plus compressée", "the room too loud" beside Room_mics.wav): that track, as "les room"
names it (:mod:`.names` reads such a word as the track only after an article, so that "more
room" stays the reverb's size). A token rewrite before the clauses are split, run by
:mod:`.structure`: the article is put in where a degree follows the word at its clause's head.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from mixdown_text_control.normalise import Token

# Degrees that follow a terse note's track ("room plus fort", "room too loud").
_DEGREES = frozenset({"plus", "moins", "trop", "too", "louder", "quieter", "way", "un", "a", "pas"})
_JOINS = frozenset({"and", "et", "but", "mais", "then", "puis"})


def named_heads(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> list[Token]:
    """``tokens`` with "les" before a track's sound word heading a terse note (module docstring)."""
    for k, token in enumerate(tokens):
        head = k == 0 or tokens[k - 1].is_separator or tokens[k - 1].text in _JOINS
        if not head or (token.text,) in names or ("les", token.text) not in names or \
                k + 1 >= len(tokens) or tokens[k + 1].text not in _DEGREES:
            continue
        return named_heads([*tokens[:k], replace(token, text="les", end=token.start), *tokens[k:]], names)
    return tokens
