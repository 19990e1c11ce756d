"""Another track blamed, then the fix asked on the one it hurts: "the beat eats my voice, push
the vocal forward", "teh beat is louder than my vocal, push my vocal up", "on m'entend à peine
derrière l'instru, mets ma voix plus devant".

Lowering the blamed track or raising the hurt one would both mend the balance; the artist chose,
and the request names the track to move. The complaint is then the reason, not a second request
on the blamed track: its requests are dropped when it names the requested track itself (the one
compared with, eaten, behind) and the request after it moves that track's level, presence or
closeness. A complaint that does not name the requested track ("les cordes sont trop en avant,
la voix doit passer devant") stays a request of its own.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.edits import Session
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

BALANCE = frozenset({"level", "presence", "closeness"})
# The artist speaking of themself is the lead vocal ("on m'entend à peine", "you can't hear me").
SELF_WORDS = frozenset({"m", "me", "moi", "i", "myself"})


def blamed_reasons(clauses: list[Clause], parts: list[list[Token]], session: Session) -> None:
    """Drop a balance complaint that names the track the next clause explicitly moves."""
    for k in range(len(clauses) - 1):
        clause, request_clause = clauses[k], clauses[k + 1]
        asked = [r for r in request_clause.requests if r.descriptor is not None and not r.noop]
        if not clause.requests or not asked or not request_clause.has_verb or \
                any(r.cue_source not in ("explicit", "comparative") or r.descriptor not in BALANCE for r in asked) or \
                any(r.descriptor not in BALANCE for r in clause.requests):
            continue
        moved = _roles(request_clause, session)
        blamed = _roles(clause, session)
        mentioned = {str(e.value) for t in parts[k] for e in PHRASES.get(t.text, []) if e.kind == "target"}
        if "lead_vocal" in moved and SELF_WORDS & {t.text for t in parts[k]}:
            mentioned.add("lead_vocal")
        if moved and blamed and not moved & blamed and moved <= mentioned:
            clause.requests, clause.content = [], False


def _roles(clause: Clause, session: Session) -> set[str]:
    """The roles of the tracks a clause names (a track by its file name: that track's role)."""
    out = set()
    for target in clause.targets:
        if target.excluded:
            continue
        if target.value.startswith("track:"):
            out.add(session.roles.get(target.value[len("track:"):], ""))
        else:
            out.add(target.value)
    return out - {""}
