"""A bus's own part named later in the instruction, without the bus word: that bus's.

"trop de reverb partout ; baisse le retour et raccourcis la queue", "la reverb: bigger room
mais moins de return", "more delay on the hook, fewer repeats though", "la reverb sonne comme un placard, agrandis la
pièce": the return, the repeats, the pre-delay, the room belong to a bus only, so a clause naming one of them with no bus word and no
track of its own is about the last bus the instruction named, several clauses back or not
(:func:`.passes.loose_qualifiers` reads the clause right after a bus, and "it").
"""

from __future__ import annotations

from mixdown_text_control import lexicon as lx
from mixdown_text_control.clause_types import Clause, Request

# Qualifier classes that only a bus has, or its room ("agrandis la pièce"); its width or
# loudness may be a track's too.
BUS_ONLY = frozenset({"return", "feedback", "predelay", "size"})
SIZE_BY_VERB = frozenset({"size"})


def _bus_of(request: Request) -> str | None:
    if request.descriptor in ("reverb", "delay"):
        return request.descriptor
    scope = lx.DESCRIPTORS[request.descriptor].scope if request.descriptor in lx.DESCRIPTORS else "track"
    return scope if scope in ("reverb", "delay") else None


def bus_parts(clauses: list[Clause]) -> None:
    """Give a clause that names only a bus's own part the last bus named before it (changes
    ``clauses`` in place)."""
    bus = None
    for clause in clauses:
        named = [b for b in map(_bus_of, clause.requests) if b is not None]
        if named:
            bus = named[-1]
            continue
        if bus is None or clause.targets or any(r.descriptor is not None for r in clause.requests):
            continue
        # (Its room only by a verb of size or a stated degree, "agrandis la pièce", ": plus
        # longue": "we recorded in a small club" tells where.)
        stated = any(r.cue_source == "explicit" for r in clause.requests) or clause.lowered or clause.adverb_cues_only \
            or clause.has_verb  # "fais une pièce plus petite", "make the room smaller"
        found = [(lx.QUALIFIED[(bus, str(q.value))], q) for q in clause.loose_qualifiers
                 if str(q.value) in BUS_ONLY and (bus, str(q.value)) in lx.QUALIFIED and
                 (q.comparative or stated or str(q.value) not in SIZE_BY_VERB)]
        if not found:
            continue
        # The word that says the way: a comparative ("smaller"), else the last ("une pièce
        # plus petite": the adjective after its noun).
        found = [next((f for f in found if f[1].comparative), found[-1])]
        if not clause.requests:
            clause.requests.append(Request(None))
        for request in clause.requests:
            # "baisse le retour", "moins de return": a stated less; else more ("more return").
            less = (request.cue_source == "explicit" and request.direction < 0 or request.off or clause.lowered) \
                and not found[0][1].comparative
            request.descriptor, request.polarity = found[0][0], found[0][1].polarity
            request.direction, request.cue_source, request.off, request.removes = -1 if less else 1, "comparative", \
                False, False
