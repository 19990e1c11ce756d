"""A plural object pronoun after a request on tracks: "mets du delay sur les adlibs et
baisse-les un peu", "add delay to the backs and turn them down". The effect just named is one
thing ("le delay", "it"); "les" / "them" stands for the tracks, so the bare verb moves their
level, never the effect the other way (which would undo the request before it).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

PLURAL_PRONOUNS = frozenset({"les", "them", "em"})
# What may follow the pronoun: nothing, a degree, an amount ("baisse-les un peu", "turn them down 2 dB").
AFTER = frozenset({"un", "peu", "chouia", "poil", "a", "bit", "little", "tad", "touch", "de", "by", "db", "down",
                   "up", "encore", "aussi", "too", "also", "please", "pls", "stp", "svp", "plz", "legerement",
                   "slightly", "tout", "petit"})


def plural_pronouns(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Give a bare verb on a plural pronoun the level of the previous clause's tracks."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], [t.text for t in parts[k]]
        before = clauses[k - 1]
        heading = clauses[k - 2] if k >= 2 and not before.targets and \
            not any(r.descriptor for r in clauses[k - 2].requests) else None
        targets = before.targets or (heading.targets if heading else [])  # "choeurs : coupe-bas à 200, baisse-les"
        if clause.targets or not targets or any(r.descriptor for r in clause.requests):
            continue
        if not any(r.descriptor not in (None, "level") for r in before.requests):
            continue
        # The pronoun right after its verb ("baisse-les", "turn them down"), never an article's place.
        at = next((i for i, w in enumerate(words) if w in PLURAL_PRONOUNS and i and
                   not any(e.kind == "target" for e in PHRASES.get(words[i + 1] if i + 1 < len(words) else "", []))),
                  None)
        if at is None or not all(w in AFTER or w.replace(".", "").isdigit() for w in words[at + 1:]):
            continue
        asked = [r for r in clause.requests if r.cue_source == "explicit" and r.direction and not r.off]
        if asked:
            for request in asked:
                request.descriptor, request.implicit = "level", False
            clause.targets = list(targets)
