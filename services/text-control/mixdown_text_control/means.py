"""A goal reached by a means: "solo the vocal by muting the beat", "solo the beat by muting the
vocal for now", "isole la voix en coupant l'instru". The means is the request; the goal before
it ("solo the vocal") says why and names a track that must not move (muting it too would undo
the goal). A token rewrite: the goal's words, up to "by"/"en", leave the clause.

Only a gerund after the word reads so ("by muting", "en coupant"): "up by 2 dB", "en haut" stay.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token

MEANS_WORDS = {"by": "ing", "en": "ant"}
STOP_AT = frozenset({",", ";", ".", "!", "?", ":", "\n"})


def means_only(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a goal before "by <gerund>" / "en <participe>" left out (module docstring)."""
    for k, token in enumerate(tokens[:-1]):
        ending = MEANS_WORDS.get(token.text)
        following = tokens[k + 1].text
        if ending is None or not following.endswith(ending) or len(following) < len(ending) + 3 or not k:
            continue
        start = k
        while start and tokens[start - 1].text not in STOP_AT:
            start -= 1
        if start == k:
            continue
        return means_only([*tokens[:start], *tokens[k + 1:]])
    return tokens
