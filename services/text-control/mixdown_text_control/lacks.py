"""Too low a level said as an adjective: "les cordes sont trop dark et trop basses en volume",
"la voix trop sèche et trop basse".

"trop basses" (no "de") is the adjective, too low, never "trop de basses" (too much low end):
it reads as "trop faibles". A clause that says only that ("et trop faible", "and too quiet")
after a quality of the same track is that track's level, up: its own complaint, not the quality
before said again (a reverb "too weak" would be more reverb, a tone turned the other way).
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.clause_types import Clause, Request
from mixdown_text_control.normalise import Token

DEGREES = frozenset({"trop", "vraiment", "bien", "un", "peu", "assez"})
LOW_ADJECTIVES = {"basses": "faibles", "bas": "faible"}
# Words a lack of level may come with, saying nothing more ("en volume", "de volume", "now").
LEVEL_WORDS = frozenset({"et", "and", "trop", "too", "way", "en", "de", "volume", "niveau", "aussi", "also", "un",
                         "peu", "bit", "a", "little", "now", "maintenant", "encore", "still"})
LACKS = frozenset({"faible", "faibles", "basse", "bas", "quiet", "low", "soft", "weak"})


def low_adjectives(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "trop basses" / "trop bas" (an adjective) put as "trop faibles"."""
    return [replace(t, text=LOW_ADJECTIVES[t.text], corrected_from=t.corrected_from or t.text)
            if t.text in LOW_ADJECTIVES and k and tokens[k - 1].text in DEGREES else t
            for k, t in enumerate(tokens)]


def elided_lacks(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A clause with no track and no quality that only says too low ("et trop faible") after a
    clause about a track: that track's level, up."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], [t.text for t in parts[k]]
        if clause.targets or any(r.descriptor is not None for r in clause.requests) or not clauses[k - 1].targets:
            continue
        if LACKS & set(words) and set(words) <= LEVEL_WORDS | LACKS and {"trop", "too"} & set(words):
            clause.requests = [Request("level", direction=1, cue_source="complaint")]
            clause.targets = list(clauses[k - 1].targets)
            clause.content = True
