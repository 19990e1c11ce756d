""""to" written for "too" after a copula: "vocal is to bright turn it down abit too", "the beat's
to loud". Put back as "too" before the clauses are split, so the complaint is a stated degree and
the fix after it opens its own clause (a run-on with no punctuation); "to" after anything else
("set it to 3 dB", "bring it to the front") stays."""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

COPULAS = frozenset({"is", "s", "are", "sounds", "sound", "feels", "feel", "seems", "gets", "was", "way", "bit",
                     "little", "kinda", "kind", "of", "getting", "looks", "still"})


def to_as_too(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "to" between a copula and a quality word put as "too" (module docstring)."""
    out = list(tokens)
    for k, token in enumerate(tokens[1:-1], start=1):
        if token.text == "to" and tokens[k - 1].text in COPULAS and \
                any(e.kind == "desc" for e in PHRASES.get(tokens[k + 1].text, ())):
            out[k] = replace(token, text="too", corrected_from=token.corrected_from or token.text)
    return out
