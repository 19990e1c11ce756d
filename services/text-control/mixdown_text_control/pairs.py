"""Two tracks of a pair placed apart: "les guitares rythmiques : une à gauche, l'autre à droite",
"rhythm guitars: one hard left, one hard right". After :func:`.passes.inherit` both clauses carry
the pair's target; each is one of the two tracks, the one whose file name has that side
("Gtr_L.wav" goes left) or else the first named one for the first clause. Only for a target of
exactly two tracks, clauses that open on "one"/"the other"/"une"/"l'autre" and pan requests
pulling opposite ways: anything else keeps the reading it had (two opposite pans on the same
tracks, which :func:`.passes.settle` leaves out)."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause, Target
from mixdown_text_control.edits import Session
from mixdown_text_control.names import SIDES, group_names, name_words
from mixdown_text_control.normalise import Token

# Words that open the clause about one of a pair ("une à gauche", "l'autre à droite", "the other one").
ONE_OF_PAIR = frozenset({"une", "un", "l", "autre", "one", "the", "other", "la", "le", "premiere", "deuxieme",
                         "first", "second"})
PAIR_WORDS = frozenset({"une", "un", "autre", "one", "other", "premiere", "premier", "deuxieme", "seconde",
                        "first", "second"})


def _tracks(target: Target, session: Session) -> list[str]:
    value = target.value
    if value.startswith("track:"):
        return group_names(value[len("track:"):])
    return session.tracks_with_role(value)


def _side(name: str) -> int:
    """-1 for a file name marked left ("Gtr_L.wav"), +1 right, 0 none."""
    for word in name_words(name):
        side = SIDES.get(word)
        if side:
            return -1 if side["en"] == "left" else 1
    return 0


def _pan_sign(clause: Clause) -> int:
    """The side a clause pans its target to (-1 left, +1 right), 0 unless it asks for that alone."""
    if not clause.requests or any(r.descriptor != "pan" for r in clause.requests):
        return 0
    signs = {r.polarity * (r.direction or 1) for r in clause.requests}
    return signs.pop() if len(signs) == 1 else 0


def _opens_on_one(tokens: list[Token]) -> bool:
    """Whether a clause opens on "one"/"the other"/"une"/"l'autre" (after an article at most)."""
    for token in tokens[:3]:
        if token.text in PAIR_WORDS:
            return True
        if token.text not in ONE_OF_PAIR:
            return False
    return False


# The first of a pair ("une", "one") at a clause's head, and the words naming the other.
FIRST_OF_PAIR = frozenset({"une", "un", "one"})
SIDE_WORDS = frozenset({"left", "right", "gauche", "droite"})
OTHER_OF_PAIR = frozenset({("l", "autre"), ("the", "other"), ("autre",), ("other",)})


def other_of_pair(part: list[Token], tokens: list[Token], i: int) -> bool:
    """Whether ``tokens[i]`` opens "the other" of a pair inside a clause that placed "one" of it
    on a side ("une à gauche l'autre à droite", "guitars one left the other right"), so that
    each has its own clause."""
    words = [t.text for t in part]
    if not (set(words) & FIRST_OF_PAIR and set(words) & SIDE_WORDS) or words[-1] in ("l", "the"):
        return False
    return any(tuple(t.text for t in tokens[i:i + len(words)]) == words for words in OTHER_OF_PAIR)


def split_pairs(clauses: list[Clause], parts: list[list[Token]], session: Session) -> None:
    """Give each of two clauses ("une à gauche", "l'autre à droite") its own track of the pair."""
    for i in range(len(clauses) - 1):
        first, second = clauses[i], clauses[i + 1]
        if len(first.targets) != 1 or len(second.targets) != 1 or first.targets[0].value != second.targets[0].value:
            continue
        tracks = _tracks(first.targets[0], session)
        signs = (_pan_sign(first), _pan_sign(second))
        if len(tracks) != 2 or 0 in signs or signs[0] == signs[1] or \
                not (_opens_on_one(parts[i + 1]) and (_opens_on_one(parts[i]) or not first.has_verb)):
            continue
        if {_side(t) for t in tracks} == {-1, 1}:
            left, right = sorted(tracks, key=_side)
            picks = [left if sign < 0 else right for sign in signs]
        else:
            picks = tracks  # no side in the names: the first named goes where the first clause says
        for clause, name in zip((first, second), picks, strict=True):
            clause.targets = [Target(f"track:{name}", False)]
