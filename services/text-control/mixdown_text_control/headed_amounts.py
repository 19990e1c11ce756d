"""A quality named as a heading, then its change as a bare amount ("vocal reverb: 2 dB less",
"delay sur la voix : 3 dB en moins", "beat width: 20 % more"): the amount and its degree move
that quality, never the track's level beside a heading read as "more reverb". Read before
inheritance (:func:`.structure.elisions`).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

# The words a bare change may hold besides its amount ("2 dB less", "genre 3 dB de moins").
CHANGE_WORDS = frozenset({"more", "less", "plus", "moins", "de", "d", "en", "extra", "like", "genre", "about",
                          "around", "environ", "maybe", "say", "disons", "un", "une", "a", "bit", "peu", "stp",
                          "please", "pls", "svp", "db", "%", "dbs", "lu", "up", "down", "louder", "quieter"})


def _bare_change(clause: Clause, words: list[str]) -> bool:
    amounts = [a for r in clause.requests for a in r.amounts]
    return not clause.targets and len(clause.requests) == 1 and bool(amounts) and \
        clause.requests[0].descriptor in (None, "level") and clause.requests[0].direction != 0 and \
        all(w in CHANGE_WORDS or w.replace(".", "", 1).lstrip("+-").isdigit() for w in words)


def headed_amounts(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Give a bare change the quality of the heading before it (module docstring), in place."""
    for k in range(1, len(clauses)):
        heading, clause = clauses[k - 1], clauses[k]
        if len(heading.requests) != 1 or heading.has_verb or heading.copula or heading.negated:
            continue
        named = heading.requests[0]
        if named.descriptor in (None, "level") or named.cue_source != "wish" or named.amounts or \
                not _bare_change(clause, [t.text for t in parts[k]]):
            continue
        change = clause.requests[0]
        change.descriptor, change.polarity, change.implicit = named.descriptor, named.polarity, False
        clause.targets = list(heading.targets)
        heading.requests, heading.content = [], False
