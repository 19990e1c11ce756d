"""A sidechain between two tracks ("sidechain the pad to the kick", "mets un sidechain sur le
beat avec la voix"): the console's only ducking is the mix bus under the lead vocal, with no
routing from one track to another, so such a request is refused as not understood (with close
phrasings), never read as more ducking under the vocal. "More ducking under the vocal" names the
vocal alone and stays the console's ducking.
"""

from __future__ import annotations

from collections.abc import Mapping

from mixdown_text_control.clause_types import Clause

_VOCAL = frozenset({"lead_vocal", "mix", "master", "all"})


def _vocal(target: str, roles: Mapping[str, str]) -> bool:
    return target in _VOCAL or roles.get(target.removeprefix("track:"), "") == "lead_vocal"


def sidechains(clauses: list[Clause], roles: Mapping[str, str]) -> None:
    """Refuse each ducking request between named tracks (module docstring), in place; ``roles``:
    the session's track names and roles."""
    for clause in clauses:
        if any(r.descriptor == "duck" for r in clause.requests) and \
                any(not _vocal(t.value, roles) and not t.excluded for t in clause.targets):
            clause.requests, clause.targets, clause.unplaced = [], [], True
