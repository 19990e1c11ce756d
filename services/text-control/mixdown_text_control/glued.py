"""Words glued to their article by a missed space: "baisse lavoix de 1,5 dB", "monte labasse",
"lebeat trop fort", "coupe lesbacks", "turn thevocal up".

A token that is not a word of the vocabulary but an article (or a possessive) followed by a
target's name is those two words: the track, never the master for want of one. Only the names
of the vocabulary are cut off (never a guess), so "lame" or "leaves" stay whole.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# Longest first, so "les" is tried before "le".
_ARTICLES = ("les", "la", "le", "l", "ma", "mon", "mes", "the", "my")
_MIN_NAME = 3  # letters left for the name ("lavoix": "voix")
# Words before the reference of a comparison, whose typos often hide it ("par rapor a linstru"):
# a glued name there is left whole rather than made a target.
_REFERENCE = frozenset({"a", "au", "que", "than", "to"})


def _is_name(word: str) -> bool:
    return any(e.kind == "target" for e in PHRASES.get(word, ()))


def unglued(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each article glued to a name cut in two (module docstring)."""
    result: list[Token] = []
    for k, token in enumerate(tokens):
        written = token.corrected_from or token.text
        if written in PHRASES or not written.isalpha() or (k and tokens[k - 1].text in _REFERENCE):
            result.append(token)
            continue
        for article in _ARTICLES:
            name = written[len(article):]
            if written.startswith(article) and len(name) >= _MIN_NAME and _is_name(name):
                cut = token.start + len(article)
                result += [Token(article, token.start, cut), Token(name, cut, token.end)]
                break
        else:
            result.append(token)
    return result
