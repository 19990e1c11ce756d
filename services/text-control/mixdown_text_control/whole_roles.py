"""A whole group of tracks named with "tout le", "toute la", "tous les", "the whole" ("plus de reverb
sur tout le chœur", "baisse toute la batterie", "the whole choir"): every track of that role, not
the whole mix. "Tout"/"whole" is left out before a track word (a token rewrite run by
:mod:`.structure`); before "le mix", "le morceau", "la prod"… it stays the whole mix.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

_WHOLE = frozenset({"tout", "toute", "tous", "toutes", "whole", "entire"})
_ARTICLES = frozenset({"le", "la", "les", "l", "the", "mon", "ma", "mes"})
# Targets that are the whole mix themselves.
_MIX_VALUES = frozenset({"mix", "master", "all", "bus"})


def _track_word(word: str) -> bool:
    entries = PHRASES.get(word, ())
    return any(e.kind == "target" for e in entries) and \
        not any(e.kind == "target" and str(e.value) in _MIX_VALUES for e in entries)


def whole_roles(tokens: list[Token]) -> list[Token]:
    """``tokens`` without "tout"/"whole" before a track word (module docstring)."""
    out: list[Token] = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        if token.text in _WHOLE:
            j = i + 1
            if token.text in ("whole", "entire") and i and tokens[i - 1].text in ("the", "my"):
                j = i + 1  # "the whole choir"
            elif j < n and tokens[j].text in _ARTICLES:
                j += 1
            else:
                out.append(token)
                continue
            if j < n and _track_word(tokens[j].text):
                continue
        out.append(token)
    return out
