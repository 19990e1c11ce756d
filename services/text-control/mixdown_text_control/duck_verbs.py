""""Duck" said of a track just complained about: "la music bed est trop forte, duck it un peu,
genre -4 dB", "the pad is too loud, duck it a bit". The console's ducking lowers the mix under
the lead vocal; "duck it" on a track too loud asks for that track lower: its level down, never
the ducking depth of the bus (nor the master, which the bare "-4 dB" after it then reached): a
bare signed gain after a level move is that move's amount (:func:`signed_restatements`)."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause


def ducked_tracks(clauses: list[Clause]) -> None:
    """A ducking asked on a pronoun after a level complaint on tracks: their level down, in place."""
    for before, clause in zip(clauses, clauses[1:], strict=False):
        tracks = [t for t in before.targets if not t.excluded and t.value not in ("master", "bus", "all")]
        lowered = any(r.descriptor == "level" and r.direction * r.polarity < 0 for r in before.requests)
        if not tracks or not lowered or not clause.pronoun or clause.targets and \
                {t.value for t in clause.targets} != {t.value for t in tracks}:
            continue
        for request in clause.requests:
            if request.descriptor == "duck" and request.direction * request.polarity > 0:
                request.descriptor, request.polarity, request.direction, request.implicit = "level", 1, -1, False
                clause.targets = list(tracks)


def signed_restatements(clauses: list[Clause]) -> None:
    """A bare signed gain after a level move on tracks ("…, baisse-la un peu, genre -4 dB", "duck
    it, like -3 dB"): that move's amount, in its own way, never a level of its own on the master;
    a sign against the move's way is left to the grammar. In place."""
    for before, clause in zip(clauses, clauses[1:], strict=False):
        if clause.targets or len(clause.requests) != 1:
            continue
        request = clause.requests[0]
        gains = [a for a in request.amounts if a.unit == "db" and a.signed]
        moves = [r for r in before.requests if r.descriptor == "level" and r.direction]
        tracks = [t for t in before.targets if not t.excluded and t.value not in ("master", "bus", "all")]
        if request.descriptor != "level" or not request.implicit or len(gains) != 1 or len(moves) != 1 or not tracks:
            continue
        move = moves[0]
        if (gains[0].value < 0) != (move.direction * move.polarity < 0):
            continue
        gains[0].value, gains[0].signed, gains[0].absolute, gains[0].relative = abs(gains[0].value), False, False, True
        move.amounts = [a for a in move.amounts if a.unit != "db"] + gains
        clause.requests, clause.content = [], False
