"""English phrasal verbs split by their object pronoun ("fill them back in", "tuck it back in",
"bring them back up", "sit it back"): the verb and its particles are one cue in the vocabulary
("fill back in", "tuck in"), so the pronoun is put after the particles before the clause is read
("fill back in them"). Without this the particle alone ("back": further, "in") gave the way, the
wrong one for "fill them back in" (more of the mids a hollow vocal lacks).

A phrase the vocabulary holds with its pronoun ("pull it back", "turn it down") is left as it is.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

OBJECT_PRONOUNS = frozenset({"it", "them", "that", "this", "those", "em"})
PARTICLES = frozenset({"up", "down", "back", "in", "out", "off", "over", "around"})
_LONGEST = 3  # particles after the pronoun ("back in", "back up")


def _cue(phrase: str) -> bool:
    return any(e.kind == "cue" for e in PHRASES.get(phrase, []))


def split_phrasal_verbs(tokens: list[Token]) -> list[Token]:
    """``tokens`` with an object pronoun inside a phrasal verb put after its particles."""
    words = [t.text for t in tokens]
    out = list(tokens)
    for k in range(1, len(words) - 1):
        if words[k] not in OBJECT_PRONOUNS or words[k - 1] in PARTICLES:
            continue
        for width in range(_LONGEST, 0, -1):
            particles = words[k + 1:k + 1 + width]
            if len(particles) != width or not all(p in PARTICLES for p in particles):
                continue
            joined = " ".join([words[k - 1], *particles])
            with_pronoun = " ".join(words[k - 1:k + 1 + width])
            if _cue(joined) and not PHRASES.get(with_pronoun):
                out[k:k + 1 + width] = [*tokens[k + 1:k + 1 + width], tokens[k]]
                return out
            break
    return out
