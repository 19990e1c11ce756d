"""The reverb said to take up the stereo field ("la reverb prend toute la place en stéréo",
"the reverb takes up all the space in stereo", "elle pollue les côtés"): it is too wide, the reverb's width down (a token
rewrite before the clauses are split, run by :mod:`.structure`) — never more reverb on a track,
nor every track narrower. Without a stereo word ("la reverb prend toute la place") it is too
much reverb, as the lexicon's cue says.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

_REVERBS = frozenset({"reverb", "verb", "reverbe", "rvb"})
_TAKES = frozenset({"prend", "prennent", "bouffe", "mange", "envahit", "pollue", "remplit", "takes", "take", "hogs",
                    "eats", "fills", "pollutes", "floods", "clutters"})
_FRENCH_TAKES = frozenset({"prend", "prennent", "bouffe", "mange", "envahit", "pollue", "remplit"})
# The stereo field, or its sides ("elle pollue les côtés", "it clutters the sides").
_STEREO = frozenset({"stereo", "largeur", "width", "panorama", "image", "cotes", "sides"})
# A pronoun standing for the reverb named earlier in the sentence ("la reverb est trop wide, elle pollue les côtés").
_PRONOUNS = frozenset({"elle", "it"})
_FILLERS = frozenset({"toute", "tout", "trop", "de", "la", "place", "l", "espace", "up", "all", "the", "space", "too",
                      "much", "room", "en", "dans", "in", "of", "field", "champ", "le", "les", "both", "deux"})
_JOINS = frozenset({"and", "et", "but", "mais"})


def wide_buses(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "<reverb> takes up the stereo" as "<reverb> is too wide"."""
    for k, token in enumerate(tokens):
        if token.text not in _REVERBS and not (token.text in _PRONOUNS and any(t.text in _REVERBS for t in tokens[:k])):
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].text in {"is", "est", "s"}:
            j += 1
        if j >= len(tokens) or tokens[j].text not in _TAKES:
            continue
        m = j + 1
        while m < len(tokens) and tokens[m].text in _FILLERS and not tokens[m].is_separator:
            m += 1
        if m < len(tokens) and tokens[m].text in _STEREO:
            french = tokens[j].text in _FRENCH_TAKES
            words = ("est", "trop", "large") if french else ("is", "too", "wide")
            return [*tokens[:k + 1], *(replace(tokens[j], text=w) for w in words), *tokens[m + 1:]]
    return tokens
