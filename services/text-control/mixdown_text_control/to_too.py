""""to" written for "too" after a copula: "vocal is to bright turn it down abit too", "the beat's
to loud"; and before a quality word that ends its phrase, with no verb of movement before it (a
terse note: "vocal to quiet and to dark"). Put back as "too" before the clauses are split, so the
complaint is a stated degree and the fix after it opens its own clause (a run-on with no
punctuation); "to" after anything else ("set it to 3 dB", "bring it to the front", "turn it to
loud") stays."""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

COPULAS = frozenset({"is", "s", "are", "sounds", "sound", "feels", "feel", "seems", "gets", "was", "way", "bit",
                     "little", "kinda", "kind", "of", "getting", "looks", "still"})


# Words after which "to" goes somewhere, a few words before it ("set it to loud", "turn the vocal to
# loud", "from bright to dark").
MOVES = frozenset({"set", "turn", "bring", "move", "push", "pull", "put", "get", "take", "go", "goes", "it", "them",
                   "from", "back", "up", "down", "change", "switch", "way"})
# What may follow a quality word that ends its phrase.
_ENDS = frozenset({"and", "but", "et", "mais", "also", "too", "now", "please", "pls", "plz"})


def _ends_phrase(tokens: list[Token], k: int) -> bool:
    return k >= len(tokens) or tokens[k].is_separator or tokens[k].text in _ENDS


def to_as_too(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "to" for "too" before a quality word put as "too" (module docstring)."""
    out = list(tokens)
    for k, token in enumerate(tokens[1:-1], start=1):
        if token.text != "to" or not any(e.kind == "desc" for e in PHRASES.get(tokens[k + 1].text, ())):
            continue
        moved = any(t.text in MOVES for t in tokens[max(0, k - 4):k])
        if tokens[k - 1].text in COPULAS or (not moved and _ends_phrase(tokens, k + 2)):
            out[k] = replace(token, text="too", corrected_from=token.corrected_from or token.text)
    return out
