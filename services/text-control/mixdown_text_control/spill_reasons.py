"""A track said to spill into the one just asked about ("coupe sous 100 Hz sur la voix, le 808
bave dedans", "high-pass the vocal, the 808 is bleeding into it"): the reason of the request
before, not a request on the spilling track (which it would turn down, a track no one asked to
move). Read before inheritance (:func:`.structure.elisions`).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.words_grammar import OVERFLOW_CUES

# Where it spills when that is the thing just named: "dedans", "into it", "on it", "dessus".
INTO_IT = (("dedans",), ("dessus",), ("into", "it"), ("in", "it"), ("on", "it"), ("onto", "it"), ("into", "her"),
           ("into", "them"), ("sur", "elle"), ("sur", "lui"), ("dans", "elle"))


def _into_it(words: list[str]) -> bool:
    return any(tuple(words[k:k + len(p)]) == p for p in INTO_IT for k in range(len(words)))


def spill_reasons(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Set aside a spill told after a request on another track (module docstring), in place."""
    for k in range(1, len(clauses)):
        clause, words = clauses[k], [t.text for t in parts[k]]
        before = clauses[k - 1]
        if not OVERFLOW_CUES & set(words) or not _into_it(words) or clause.has_verb and not clause.targets:
            continue
        asked = [r for r in before.requests if r.descriptor is not None and r.direction and not r.noop]
        own = {t.value for t in clause.targets}
        if asked and before.targets and own and not own & {t.value for t in before.targets} and \
                all(r.descriptor in (None, "level") for r in clause.requests):
            clause.requests, clause.content = [], False
