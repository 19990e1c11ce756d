"""A cutoff said after its filter with a pronoun the French-or-English reading missed: "le HPF de
la voix est trop haut, lower-le à 65 Hz" (an English verb with a French pronoun), "le coupe-bas
est trop haut, ça l'amincit, redescends-le à 60 Hz" (a reason between the filter and its value).

The frequency is the high-pass's new cutoff, never a band cut there, and the filter's own step
("trop haut": lower by a default ratio) gives way to the value (:func:`.bands.filter_pronouns`
reads the plain case, the pronoun right after the filter). What is told between them is what
the filter does, the reason of the request, no request of its own."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

PRONOUNS = frozenset({"le", "la", "l", "it", "that"})
# What follows a pronoun object rather than a noun: a preposition of value, a particle, a number.
AFTER_PRONOUN = frozenset({"a", "to", "at", "vers", "down", "up", "jusqu", "autour", "around", "sur", "un"})


def _names_it(part: list[Token]) -> bool:
    """Whether the clause has an object pronoun (not an article before a noun)."""
    for k, token in enumerate(part[:-1]):
        following = part[k + 1]
        if token.text in PRONOUNS and k and (following.text in AFTER_PRONOUN or following.is_number):
            return True
    return False


def far_filter_pronouns(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A clause whose one request is a frequency alone on "it", after a clause with a high-pass
    step (clauses without a target of their own between): the high-pass set there, in place."""
    for k, (clause, part) in enumerate(zip(clauses, parts, strict=True)):
        if clause.targets or len(clause.requests) != 1 or not (clause.pronoun or _names_it(part)):
            continue
        request = clause.requests[0]
        spots = [a for a in request.amounts if a.unit == "hz"]
        if request.descriptor != "band" or len(spots) != 1 or [a for a in request.amounts if a.unit == "db"]:
            continue
        for j in range(k - 1, -1, -1):
            first = clauses[j]
            filters = [r for r in first.requests if r.descriptor == "hpf" and not r.noop and not r.amounts]
            if filters:
                request.descriptor, request.polarity = "hpf", 1
                spots[0].absolute = True
                for step in filters:
                    step.noop = True
                if all(r.noop for r in first.requests):
                    first.content = False
                clause.targets = list(first.targets)
                for between in clauses[j + 1:k]:
                    for told in between.requests:
                        told.noop = True  # what the filter does ("ça l'amincit"): the reason, no request
                break
            if first.targets:
                break
