"""A terse note of a lack: "808 thin", "808 un peu thin", "vocal kinda dark": a track named, then a
tone word for a lack, with no verb nor cue (marked by :func:`.clause_cues.terse_complaint`) is a
state told, whose fix is more of the quality, never "make it thin"; unless the sentence asks for it
("voix fine stp", "I want a thin vocal")."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

# Words that make a terse note a wish.
WISH_MARKERS = frozenset({"stp", "svp", "please", "pls", "plz", "plait", "veux", "voudrais", "want", "wanna",
                          "like", "aime", "aimerais"})


def terse_notes(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Turn each terse note of a lack into its complaint when nothing in the sentence wishes."""
    if any(WISH_MARKERS & {t.text for t in part} for part in parts):
        return
    for clause in clauses:
        for request in clause.requests:
            if request.terse and request.cue_source == "wish":
                request.direction, request.cue_source = -1, "complaint"
