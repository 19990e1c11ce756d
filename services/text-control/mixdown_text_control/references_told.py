"""Tracks told as references around a complaint, never moved:

- a burial told by its place: "on entend rien de la voix, c'est enterré sous le beat" (the track
  after "sous"/"under"/"behind" is where the voice is buried; the complaint is the voice's, told
  before: read as the clause's own track, the beat went up);
- a track told better: "la voix principale sonne loin, les adlibs sont mieux placés, rapproche le
  lead" ("mieux"/"better" after a copula is praise, the model to reach, no request on it).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

PLACES = frozenset({"sous", "under", "underneath", "beneath", "behind", "derriere", "dans", "in"})
ARTICLES = frozenset({"le", "la", "les", "l", "the", "un", "une", "a", "des", "du", "my", "mon", "ma", "mes"})
BURIED = frozenset({"enterre", "enterree", "enterres", "enterrees", "noye", "noyee", "noyes", "noyees", "buried",
                    "drowned", "drowning", "lost", "perdu", "perdue", "cache", "cachee", "hidden", "masque",
                    "masquee", "smothered", "swamped"})
SUBJECTS = frozenset({"c", "ca", "it", "elle", "il", "she", "he", "s", "its"})
BETTER = frozenset({"mieux", "better", "nicer", "meilleur", "meilleurs", "meilleure"})
COPULAS = frozenset({"est", "sont", "is", "are", "sonne", "sonnent", "sound", "sounds", "s", "re", "sit", "sits",
                     "sitting", "placed", "places", "sat"})
COMMANDS = frozenset({"monte", "baisse", "mets", "rapproche", "turn", "bring", "make", "rends", "fais", "push",
                      "add", "ajoute", "enleve", "remove", "cut", "boost", "put"})


def _target(word: str) -> bool:
    return any(e.kind == "target" for e in PHRASES.get(word, ()))


def told_references(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Clear or redirect the clauses that name a reference (module docstring), in place."""
    for k in range(1, len(clauses)):
        words = [t.text for t in parts[k]]
        clause, before = clauses[k], clauses[k - 1]
        if set(words) & COMMANDS:
            continue
        if set(words) & BETTER and set(words) & COPULAS and clause.targets and \
                all(r.cue_source in ("inherited", "complaint", "") for r in clause.requests):
            clause.requests, clause.content = [], False
            continue
        targets = [i for i, w in enumerate(words) if _target(w)]
        if not targets or not set(words) & BURIED or not set(words[:2]) & SUBJECTS or not before.targets:
            continue
        first = targets[0]
        j = first - 1
        while j >= 0 and words[j] in ARTICLES:
            j -= 1
        if j >= 0 and words[j] in PLACES:
            clause.targets = [t for t in before.targets if not t.excluded]
