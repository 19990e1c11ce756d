"""Self-corrections that deny what was just asked before asking again: "actually no, …", "non
attends, …", "no, actually …", "non en fait …", "… ou plutôt …". Only the corrected request counts,
with its own direction (the clause before is dropped by :func:`.asides.corrections`).

A denying marker that opens a clause with more words after it ("non en fait monte les aigus")
stands as a clause of its own (:func:`denial_at`), so that its "non" never negates the request
that follows and the marker alone corrects with the clause after it. A bare "no" between two
requests ("a big garage, no, actually a smaller room") is such a marker too."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause, Request
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# Openings that deny the request before ("no"/"non" with a word of correcting, either order).
DENYING_MARKERS: tuple[tuple[str, ...], ...] = (
    ("actually", "no"), ("no", "actually"), ("non", "attends"), ("attends", "non"), ("non", "attend"),
    ("en", "fait", "non"), ("non", "en", "fait"), ("non", "finalement"), ("finalement", "non"),
    ("wait", "actually"), ("no", "scratch", "that"), ("scratch", "that"), ("ou", "plutot"), ("or", "instead"),
    ("nah", "actually"), ("no", "sorry"), ("non", "pardon"), ("no", "wait"), ("wait", "no"), ("non", "attendez"),
    ("enfin", "non"), ("non", "enfin"), ("or", "actually"),
)
# A clause that only says no: a marker alone.
BARE_DENIALS = frozenset({("no",), ("non",), ("nope",), ("nah",), ("no", "no"), ("non", "non"), ("nvm",),
                          ("never", "mind"), ("nevermind",), ("laisse", "tomber"), ("oublie",), ("forget", "it")})
_NEGATIONS = frozenset({"no", "non", "nah", "nope"})
# Words that open the corrected request after a bare "no" ("no, actually a smaller room"); without
# one ("brighter, no, darker") the two requests stand, and two opposite ways say so.
CORRECTING = frozenset({"actually", "rather", "instead", "wait", "en", "plutot", "finalement", "attends", "attend"})


# Cleft openings that name the right thing after a bare "no" ("… trop à gauche ? non, c'est la
# rythmique qui …", "the vocal too loud? no, it's the beat that …").
CLEFTS = (("c", "est"), ("ce", "sont"), ("it", "s"), ("it", "is"), ("that", "s"), ("its",))


# Interjections before a "no" ("ah non", "oh no"), which change nothing of it.
INTERJECTIONS = frozenset({"ah", "oh", "euh", "heu", "hmm", "hm", "mmm", "bah", "ben", "eh", "uh", "um"})


def _said(part: list[Token]) -> tuple[str, ...]:
    return tuple(t.text for t in part if t.text not in INTERJECTIONS)


def bare_denial(part: list[Token], following: list[Token] | None) -> bool:
    """A clause that only says no, before a clause that opens with a word of correcting or a
    cleft, a verb ("ah non, monte-les") or a track ("vocal louder? nah, beat quieter"): what
    follows replaces what came before. ("brighter, no, darker": both stand, and say so.)"""
    if _said(part) not in BARE_DENIALS or not following:
        return False
    opening = tuple(t.text for t in following[:2])
    first = PHRASES.get(following[0].text, [])
    return following[0].text in CORRECTING or any(opening[:len(c)] == c for c in CLEFTS) or \
        any(e.kind in ("cue", "verb", "target") for e in first) or \
        (opening[0] in ("the", "le", "la", "les", "l") and len(opening) > 1 and
         any(e.kind in ("target", "desc") for e in PHRASES.get(opening[1], [])))


def denial_at(tokens: list[Token], i: int) -> int:
    """The width of a denying marker at ``tokens[i]`` opening a clause with more words after it
    and saying no ("non en fait …", "actually no …"); 0 otherwise ("no reverb on the vocal" is a
    request: "no" alone is a marker only as a clause of its own)."""
    words = tuple(t.text for t in tokens[i:i + 3])
    for marker in DENYING_MARKERS:
        if words[:len(marker)] == marker and i + len(marker) < len(tokens) and set(marker) & _NEGATIONS and \
                not tokens[i + len(marker)].is_separator:
            return len(marker)
    return 0


# A correction that only says which way ("more reverb... wait no, less", "non, moins").
BARE_WAYS = {"less": -1, "moins": -1, "down": -1, "lower": -1, "more": 1, "plus": 1, "up": 1, "higher": 1}
_SOFTENERS = frozenset({"a", "bit", "little", "un", "peu", "poil", "even", "encore", "way", "much", "beaucoup",
                        "i", "mean", "meant", "actually", "sorry", "rather", "wait", "je", "veux", "dire", "plutot",
                        "en", "fait", "pardon", "or", "ou"})


def bare_way(part: list[Token]) -> int:
    """+1/-1 when the clause only says more or less ("less", "a bit less", "un peu moins"), else 0."""
    words = [t.text for t in part if t.text not in _SOFTENERS]
    return BARE_WAYS.get(words[0], 0) if len(words) == 1 else 0


def with_bare_way(clause: Clause, rest: list[Token]) -> Clause:
    """``clause``, given the request its words after a marker say when they only say which way
    ("more reverb, i mean less", "turn it down, sorry i meant up")."""
    if not clause.requests and rest and bare_way(rest):
        clause.requests = [Request(None, direction=bare_way(rest), cue_source="explicit")]
    return clause


def corrected_index(clauses: list[Clause], parts: list[list[Token]], k: int) -> int:
    """The clause a marker alone corrects with: the one after it, or, when that one asks for
    nothing and names nothing ("turn the vocal down... no wait, up. turn it up": a bare "up"
    before a request), the next that does."""
    while k + 1 < len(clauses) and not clauses[k].requests and not clauses[k].targets:
        k += 1
    if not clauses[k].requests and bare_way(parts[k]):
        # "more reverb on the vocal... wait no, less": the thing asked before, the other way.
        clauses[k].requests = [Request(None, direction=bare_way(parts[k]), cue_source="explicit")]
    return k


def retake(before: Clause, clause: Clause) -> None:
    """"more delay on the vocal, actually no, turn it down", "monte les aigus du beat, non en fait
    baisse-les": the thing denied, on its targets, in the corrected clause's own way; the request
    denied is dropped."""
    thing = before.requests[0]
    for request in clause.requests:
        request.descriptor, request.polarity, request.implicit = thing.descriptor, thing.polarity, False
        request.cue_source = "explicit"
    if not clause.targets:
        clause.targets = list(before.targets)
    before.requests, before.content = [], False
