"""A pronoun put beside a track: "le doublage est trop en avant, faut le mettre derrière la voix
lead", "the double is too loud, tuck it behind the lead", "mets-la sous les chœurs". The pronoun is
the track that moves (the one named before); the track after the place word is where it goes, a
reference that never moves (read as the object, "derrière la voix lead" lowered the lead)."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

PRONOUNS = frozenset({"le", "la", "les", "l", "it", "them"})
PLACES = frozenset({"derriere", "behind", "sous", "under", "underneath", "beneath", "devant", "dessous",
                    "en dessous", "below", "in front of"})
PUT_VERBS = frozenset({"mettre", "mets", "met", "mettez", "put", "place", "placer", "tuck", "sit", "pose",
                       "poser", "glisse", "glisser", "range", "ranger", "cale", "caler", "set", "move", "bouge",
                       "bouger"})


def _target(word: str) -> bool:
    return any(e.kind == "target" for e in PHRASES.get(word, ()))


def placed_pronouns(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Give a clause that puts a pronoun beside a track the tracks of the clause before, in place."""
    for k in range(1, len(clauses)):
        words = [t.text for t in parts[k]]
        verb = next((i for i, w in enumerate(words) if w in PUT_VERBS), None)
        if verb is None or not any(words[j] in PRONOUNS and not _target(words[j + 1]) for j in
                                   range(max(0, verb - 2), min(verb + 2, len(words) - 1))):
            continue  # ("mets la voix devant le beat": an article, the voice moves)
        place = next((i for i, w in enumerate(words) if w in PLACES and i > verb), None)
        if place is None or not any(_target(w) for w in words[place + 1:]):
            continue
        before = [t for t in clauses[k - 1].targets if not t.excluded]
        if before and clauses[k].targets and {t.value for t in before} != {t.value for t in clauses[k].targets}:
            clauses[k].targets = list(before)
