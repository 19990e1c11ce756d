"""A side told with "one" after a track told by its side ("pan the left rhythm hard left and the
right one hard right"): "one" stands for the noun said before ("the right rhythm"), the other
track of the pair, never the lead vocal (a token rewrite before the clauses are split, run by
:mod:`.structure`).
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

_SIDES = frozenset({"left", "right", "l", "r"})
_ONES = frozenset({"one", "ones"})


def elided_nouns(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "the <side> one" as "the <side> <noun said before after a side>"."""
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
