"""A goal reached by a means: "solo the vocal by muting the beat", "solo the beat by muting the
vocal for now", "isole la voix en coupant l'instru". The means is the request; the goal before
it ("solo the vocal") says why and names a track that must not move (muting it too would undo
the goal). A token rewrite: the goal's words, up to "by"/"en", leave the clause.

Only a gerund after the word reads so ("by muting", "en coupant"): "up by 2 dB", "en haut" stay;
and only a means that names its own track: in "make the beat punchier by compressing it more" the
goal's track is the means' "it", and the goal's words stay.
"""

from __future__ import annotations

from collections.abc import Mapping

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

MEANS_WORDS = {"by": "ing", "en": "ant"}
JOINS = frozenset({"and", "et", "then", "puis", "but", "mais"})
STOP_AT = frozenset({",", ";", ".", "!", "?", ":", "\n"})


def _names_track(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> bool:
    """Whether the means names a track of its own before its clause ends."""
    for token in tokens:
        if token.text in STOP_AT or token.text in JOINS:
            return False
        if any(e.kind == "target" for e in PHRASES.get(token.text, ())) or any(n[:1] == (token.text,) for n in names):
            return True
    return False


def means_only(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> list[Token]:
    """``tokens`` with a goal before "by <gerund>" / "en <participe>" left out (module docstring)."""
    for k, token in enumerate(tokens[:-1]):
        ending = MEANS_WORDS.get(token.text)
        following = tokens[k + 1].text
        if ending is None or not following.endswith(ending) or len(following) < len(ending) + 3 or not k:
            continue
        start = k
        while start and tokens[start - 1].text not in STOP_AT:
            start -= 1
        if start == k or not _names_track(tokens[k + 2:], names):
            continue  # "punchier by compressing it more": "it" is the goal's track, whose words stay
        return means_only([*tokens[:start], *tokens[k + 1:]], names)
    return tokens
