"""A pronoun whose thing is named after it: "turn it down, the reverb", "baisse-la un peu, la
reverb", "monte-le, le beat". The clause after the request only names what "it" is; it is no
wish of its own (a bare "the reverb" would ask for more of it, against the "down" just said).
The named quality takes the request's way; a named track, the request's level.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause, Request


def named_after(clauses: list[Clause]) -> None:
    """Join a pronoun's bare request with the noun phrase that follows it, in place."""
    for k in range(1, len(clauses)):
        before, clause = clauses[k - 1], clauses[k]
        asked = [r for r in before.requests if r.descriptor is None and r.direction and r.cue_source == "explicit"]
        if not before.pronoun or before.targets or not asked or len(asked) != len(before.requests):
            continue
        if clause.has_verb or clause.copula or clause.negated or clause.pronoun:
            continue
        named = [r for r in clause.requests if r.descriptor is not None]
        if named and all(r.cue_source == "wish" and not r.partitive for r in named):
            for request in named:
                request.direction, request.cue_source = asked[0].direction, "explicit"
                request.intensity = asked[0].intensity
                request.off = asked[0].off
            before.requests, before.content = [], False
        elif not named and clause.targets:
            clause.requests = [Request("level", direction=asked[0].direction, cue_source="explicit",
                                       intensity=asked[0].intensity, amounts=asked[0].amounts)]
            before.requests, before.content = [], False
