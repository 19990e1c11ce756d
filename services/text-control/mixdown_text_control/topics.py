"""A thing named alone, then a verb on "it": "la reverb de la voix, coupe-la carrément", "le delay
de la voix, enlève-le": the noun phrase is the topic, not a wish for more of it; the verb's way on
it is the one request (a bare "more" beside it would read as two opposite requests, and both would
be dropped).

A wish that carries its own value ("BGVs: high-pass at 250, and tuck them under the lead") is a
whole request, not a topic: the pronoun after it is the tracks, and the value stays set."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.self_corrections import retake


def named_topics(clauses: list[Clause]) -> None:
    """A verbless clause of bare wishes followed by a pronoun clause with its own way and no
    thing of its own: that way on the thing named."""
    for before, clause in zip(clauses, clauses[1:], strict=False):
        if before.has_verb or not before.requests or \
                not all(r.cue_source == "wish" and r.descriptor is not None and not r.terse for r in before.requests) or \
                any(r.amounts for r in before.requests):
            continue
        if clause.pronoun and not clause.targets and clause.requests and \
                all(r.descriptor is None and r.direction for r in clause.requests):
            retake(before, clause)
