"""A side told with "one" after a track told by its side ("pan the left rhythm hard left and the
right one hard right"): "one" stands for the noun said before ("the right rhythm"), the other
track of the pair, never the lead vocal (a token rewrite before the clauses are split, run by
:mod:`.structure`); with no side said before, the track word heading the list ("guitars: left
one down 2 dB, right one up 1 dB": the left guitar, the right guitar). In French, "celle de droite" after "la gratte de gauche": "la gratte de droite".
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

_SIDES = frozenset({"left", "right", "l", "r"})
_ONES = frozenset({"one", "ones"})


_DEMONSTRATIVES = frozenset({"celle", "celui", "celles", "ceux"})
_FRENCH_SIDES = frozenset({"droite", "gauche"})
_FRENCH_ARTICLES = frozenset({"la", "le", "les", "l"})


def _french_sides(tokens: list[Token]) -> list[Token]:
    """"celle de droite" as the noun (with its article) said before "de gauche"."""
    for k, token in enumerate(tokens):
        if token.text not in _DEMONSTRATIVES or k + 2 >= len(tokens) or tokens[k + 1].text != "de" or \
                tokens[k + 2].text not in _FRENCH_SIDES:
            continue
        for i in range(k - 1, 1, -1):
            if tokens[i].text in _FRENCH_SIDES and tokens[i - 1].text == "de" and i >= 3 and \
                    tokens[i - 3].text in _FRENCH_ARTICLES and tokens[i - 2].text.isalpha():
                named = [replace(token, text=tokens[i - 3].text), replace(token, text=tokens[i - 2].text)]
                return _french_sides([*tokens[:k], *named, *tokens[k + 1:]])
    return tokens


def elided_nouns(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "the <side> one" as "the <side> <noun said before after a side>"."""
    tokens = _french_sides(tokens)
    for k, token in enumerate(tokens):
        if token.text not in _ONES or k < 1 or tokens[k - 1].text not in _SIDES:
            continue
        noun = next((tokens[i + 1] for i in range(k - 2, -1, -1)
                     if tokens[i].text in _SIDES and i + 1 < k - 1 and tokens[i + 1].text.isalpha()
                     and tokens[i + 1].text not in _ONES and not tokens[i + 1].is_separator
                     and i and tokens[i - 1].text in ("the", "my", "that")), None)
        if noun is None:
            noun = _heading_noun(tokens[:k - 1])
            heading = _heading_end(tokens, noun)
            if noun is not None and heading:
                # "guitars: left one …, right one …": the items name their tracks, the heading none.
                return elided_nouns([*tokens[heading:k], replace(token, text=noun.text), *tokens[k + 1:]])
        if noun is not None:
            return elided_nouns([*tokens[:k], replace(token, text=noun.text), *tokens[k + 1:]])
    return tokens


def _heading_noun(before: list[Token]) -> Token | None:
    """The track word said last before "left one" with no side of its own ("guitars: left one down
    2 dB, right one up 1 dB"), in the singular when that is a track word too ("guitar")."""
    for token in reversed(before):
        if any(e.kind == "target" for e in PHRASES.get(token.text, [])):
            single = token.text[:-1] if token.text.endswith("s") else token.text
            return replace(token, text=single) if any(e.kind == "target" for e in PHRASES.get(single, [])) else token
    return None


_HEADING_ARTICLES = frozenset({"the", "my", "les", "mes", "both", "les deux"})


def _heading_end(tokens: list[Token], noun: Token | None) -> int:
    """The index after a heading that is only the noun ("guitars:", "the guitars,"), or 0."""
    i = 0
    while i < len(tokens) and tokens[i].text in _HEADING_ARTICLES:
        i += 1
    if noun is None or i + 1 >= len(tokens) or tokens[i].start != noun.start or not tokens[i + 1].is_separator:
        return 0
    return i + 2
