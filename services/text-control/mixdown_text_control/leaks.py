"""Leakage between microphones told as a reason: "high-pass the overheads at 200 Hz, too much
kick bleed", "coupe sous 200 sur les overheads, y a trop de repisse de kick". The track that
leaks (the kick) is heard in another track's microphone; what the engineer fixes is the track
that picks it up, which the request names. A leak names no request on the leaking track (its
level, its high-pass), and alone ("too much kick bleed") it asks for nothing the parser can
place: not understood rather than a guess on the kick."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

# Nouns of one microphone picking up another source (the verbs "bleeds", "spills" are
# overflows of a quality: "the bass bleeds into the low mids").
LEAK_NOUNS = frozenset({"leakage", "repisse", "repisses", "fuite", "fuites"})
# English words that are also verbs ("the keys bleed too much in the mud zone"): nouns after a
# quantity ("too much kick bleed", "a lot of snare bleed", "less leak").
LEAK_VERB_NOUNS = frozenset({"bleed", "leak", "leaks"})
QUANTITIES = frozenset({"much", "lot", "lots", "of", "some", "less", "more", "no", "any", "that", "this"})


def _tells_leak(words: list[str]) -> bool:
    return any(w in LEAK_NOUNS or (w in LEAK_VERB_NOUNS and QUANTITIES & set(words[max(0, i - 2):i]))
               for i, w in enumerate(words))


def leak_reasons(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make no request of each clause that tells of leakage; it stays unread (reported as not
    understood) when no other clause asks for something."""
    told = [k for k, part in enumerate(parts) if _tells_leak([t.text for t in part])]
    if not told:
        return
    asked = any(c.requests for k, c in enumerate(clauses) if k not in told)
    for k in told:
        # The track that picks the leak up ("in the overheads") stays the antecedent of "them".
        clauses[k].requests = []
        clauses[k].targets = [t for t in clauses[k].targets if t.prepositional]
        clauses[k].content = not asked
