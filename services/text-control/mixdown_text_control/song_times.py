"""A time in the song said in French ("à la fin du build", "au début du refrain", "vers la fin",
"en fin de morceau", "au milieu du couplet"): when the request applies, no quality of the sound.
"Fin" there is the end, never "fine" (thin: more low end). The time phrase is left out before the
clauses are split (a token rewrite run by :mod:`.structure`); the console has no automation, so
the request applies to the whole track, as "at the end of the chorus" already does in English.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token

_TIMES = frozenset({"fin", "debut", "milieu"})
# Words that open a time phrase before the noun of time ("à la fin", "au début", "vers la fin", "en fin").
_OPENERS = frozenset({"a", "au", "vers", "en", "sur", "jusqu", "des", "depuis"})
_ARTICLES = frozenset({"la", "le", "l"})
_OF = frozenset({"du", "de", "des", "d"})
_STOPS = frozenset({"et", "mais", "and", "but", "ou", "puis", "alors", "donc"})


def song_times(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the French time phrases (module docstring)."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        j = k
        if tokens[j].text in _OPENERS:
            j += 1
            if j < n and tokens[j].text in _ARTICLES:
                j += 1
        if j > k and j < n and tokens[j].text in _TIMES:
            end = j + 1
            if end < n and tokens[end].text in _OF:
                # The part of the song: one noun, after its article ("du build", "de la prod").
                end += 1
                if end < n and tokens[end].text in _ARTICLES:
                    end += 1
                if end < n and not tokens[end].is_separator and tokens[end].text not in _STOPS:
                    end += 1
            k = end
            continue
        out.append(tokens[k])
        k += 1
    return out
