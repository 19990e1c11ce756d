"""A degree denied before a quality, as a wish: "vocal: not so bright", "the vocal, not as
bright", "voix : pas si brillante", "not that wide". Without a copula before it, "not so X"
asks for less of X (never more of it, as a bare "not … bright" complaint would read). Said of
a state ("the vocal is not so bright", "la voix n'est pas si brillante") it describes, and is
left to the complaint reading.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

DENIED = {("not", "so"): "less", ("not", "as"): "less", ("not", "that"): "less", ("not", "too"): "less",
          ("pas", "si"): "moins", ("pas", "aussi"): "moins", ("pas", "trop"): "moins", ("pas", "tellement"): "moins"}
COPULAS = frozenset({"is", "are", "s", "isn", "aren", "was", "sounds", "sound", "feels", "seems", "est", "sont",
                     "sonne", "sonnent", "semble", "parait", "n", "ne", "t", "doesn", "don", "do", "does"})


def denied_degrees(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "not so" / "pas si" before a quality word, in a wish, put as "less"/"moins"."""
    for i in range(len(tokens) - 2):
        pair = (tokens[i].text, tokens[i + 1].text)
        if pair not in DENIED or (i and tokens[i - 1].text in COPULAS):
            continue
        quality = PHRASES.get(tokens[i + 2].text, [])
        if any(e.kind == "desc" and not e.comparative for e in quality) and not any(e.kind == "target" for e in quality):
            less = replace(tokens[i], text=DENIED[pair], end=tokens[i + 1].end, corrected_from="")
            return denied_degrees([*tokens[:i], less, *tokens[i + 2:]])
    return tokens
