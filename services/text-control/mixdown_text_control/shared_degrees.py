"""A degree said once for two things joined by "et de" ("moins de reverb et de delay", "plus
d'aigus et d'air", "un peu moins de reverb, et de delay aussi", "enlève un peu de reverb et de
delay"): the second thing, a bare
partitive ("de delay"), takes the first one's way. Read alone, "de delay" is "some delay" (more),
which turned the delay up where the sentence asked for less. Read before inheritance
(:func:`.structure.elisions`).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

# "de"/"d'" with no article: the degree's own complement. With one ("et de la compression", "et du
# delay"), a partitive of its own: some of it.
PARTITIVE_HEADS = frozenset({"de", "d"})
_ARTICLES = frozenset({"la", "l", "le", "les"})
# The degree words that govern a partitive ("moins de", "plus de", "trop de", "pas assez de").
DEGREES = frozenset({"moins", "plus", "trop", "assez", "davantage", "encore"})


def shared_degrees(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Give a bare partitive after a degree the degree's way (module docstring), in place."""
    for k in range(1, len(clauses)):
        words = [t.text for t in parts[k]]
        before = [t.text for t in parts[k - 1]]
        if len(words) < 2 or words[0] not in PARTITIVE_HEADS or words[1] in _ARTICLES or \
                not (DEGREES | PARTITIVE_HEADS) & set(before):
            continue
        previous = next((r for r in reversed(clauses[k - 1].requests) if r.descriptor and r.direction), None)
        if previous is None or previous.cue_source != "explicit":
            continue
        for request in clauses[k].requests:
            if request.descriptor and request.cue_source == "wish":
                request.direction, request.off, request.cue_source = previous.direction, previous.off, "explicit"
                request.intensity = previous.intensity
