"""The reverb and the delay as a whole (a pass over a sentence's clauses, run by :mod:`.rules`
before inheritance): "less reverb overall", "la reverb globale est trop présente", "moins de
delay général" ask for the bus's return, not for every track's send.

"Overall", "global", "en général" next to an effect qualify the effect (all of it, as one
thing), where next to a quality they stand for the whole mix ("too dark overall"). A clause that
also names the mix or its tracks ("less reverb on everything") keeps its sends.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.words_grammar import OVERALL_WORDS

# The effects whose whole is a bus with a return, and that return's descriptor.
_RETURNS = {"reverb": "reverb_return", "delay": "delay_return"}
# Words that name the mix or its tracks themselves: the sends, then.
_TRACK_WORDS = frozenset({"mix", "mixage", "everything", "tout", "partout", "everywhere", "tracks", "pistes",
                          "instruments", "all"})


def whole_effects(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """An effect said "overall" with no other target is its bus's return."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.text for t in part]
        pairs = {" ".join(words[i:i + 2]) for i in range(len(words) - 1)}
        if not (set(words) | pairs) & OVERALL_WORDS or set(words) & _TRACK_WORDS or not clause.requests:
            continue
        if not all(t.value in ("mix", "master") for t in clause.targets) or \
                not all(r.descriptor in _RETURNS for r in clause.requests):
            continue
        for request in clause.requests:
            if not request.off:
                request.descriptor = _RETURNS[request.descriptor]
        if not any(r.off for r in clause.requests):
            clause.targets = []
