"""A side told with "one" after a track told by its side ("pan the left rhythm hard left and the
right one hard right"): "one" stands for the noun said before ("the right rhythm"), the other
track of the pair, never the lead vocal (a token rewrite before the clauses are split, run by
:mod:`.structure`). In French, "celle de droite" after "la gratte de gauche": "la gratte de droite".
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

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
        if noun is not None:
            return elided_nouns([*tokens[:k], replace(token, text=noun.text), *tokens[k + 1:]])
    return tokens
