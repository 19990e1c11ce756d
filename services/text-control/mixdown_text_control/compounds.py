"""Compound nouns whose second word is also a cue: "la voix off" (the voice-over, a narrator's
track) is a voice, not a voice to switch off. The cue word is dropped where it completes the
noun, so "la voix off doit passer devant" asks the voice forward rather than down; "coupe la
voix" still mutes it, and "turn the voice off" (English) keeps its cue.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token

# (noun, cue word that completes it): French "voix off".
COMPOUNDS = frozenset({("voix", "off"), ("voie", "off")})


def compound_nouns(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the cue word that completes a compound noun."""
    return [t for k, t in enumerate(tokens) if not (k and (tokens[k - 1].text, t.text) in COMPOUNDS)]
