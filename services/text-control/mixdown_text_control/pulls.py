""""Pull" alone lowers: "sub bass is too loud, pull it 2 dB", "pull the snare 1.5 dB", "pull the
flute back". Its way is its particle's when it has one ("pull the vocal up", "pull it forward",
"pull 300 Hz out of the keys"): only a clause with none of these reads "pull" as "lower",
never a guess against a particle that says the other way.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

PULL_VERBS = frozenset({"pull", "pulls", "pulled", "pulling"})
# Particles that give "pull" a way of their own, or make it another verb.
PARTICLES = frozenset({"up", "forward", "forwards", "out", "in", "into", "through", "closer", "front", "louder",
                       "higher", "over", "apart", "together", "off", "away", "back", "down", "toward", "towards",
                       "from", "of", "to", "me", "us"})
CLAUSE_ENDS = frozenset({"and", "et", "but", "mais", "then", "puis"})


def pulled_down(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a bare "pull" (no particle before the clause ends) put as "lower"."""
    out = list(tokens)
    for k, token in enumerate(tokens):
        if token.text not in PULL_VERBS:
            continue
        rest: list[str] = []
        for following in tokens[k + 1:]:
            if following.is_separator or following.text in CLAUSE_ENDS:
                break
            rest.append(following.text)
        if rest and not PARTICLES & set(rest):
            out[k] = replace(token, text="lower", corrected_from=token.corrected_from or token.text)
    return out
