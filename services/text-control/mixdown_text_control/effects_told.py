"""What a track does to the rest, told after the request or complaint about it: "the guitars are
too wide, they swallow the vocal", "the room mic is too loud, it's washing everything out", "le
pad est trop fort, il bouffe la voix". A clause whose subject is a pronoun standing for the
track just named, with no word of a quality or a way of its own, says why; the track it names
after its verb is what suffers, not a second target of the request before. And the artist who cannot hear
themself ("I can't hear myself", "je m'entends plus") speaks of their own voice, the lead vocal.
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause, Target
from mixdown_text_control.normalise import Token

# Subject pronouns for the track just named, and the words that may open the clause before them.
SUBJECTS = frozenset({"it", "they", "this", "that", "he", "she", "il", "elle", "ils", "elles", "ca", "sa", "c", "ce",
                      "cela"})
OPENERS = frozenset({"and", "now", "because", "cause", "cuz", "coz", "so", "like", "et", "car", "parce", "que",
                     "qu", "du", "coup", "maintenant", "genre"})


def told_effects(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make nothing of a clause that tells what the track asked about before does to another."""
    for k in range(1, len(clauses)):
        clause, before = clauses[k], clauses[k - 1]
        words = [t.text for t in parts[k]]
        i = 0
        while i < len(words) and words[i] in OPENERS:
            i += 1
        if i >= len(words) or words[i] not in SUBJECTS or not clause.requests or not before.requests:
            continue
        if all(r.descriptor is None and not r.cue_source and not r.direction for r in clause.requests) and \
                not {t.value for t in clause.targets} & {t.value for t in before.targets}:
            clause.requests, clause.content = [], False


HEARING = frozenset({"hear", "hearing", "entends", "entend", "entendre"})
SELF_AFTER = frozenset({"myself", "me"})  # "I can't hear myself"
SELF_BEFORE = frozenset({"m", "me"})  # "je m'entends pas"


def artist_as_voice(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A clause where the artist cannot hear themself, naming no track, is about the lead vocal."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.text for t in part]
        if clause.targets or not clause.requests:
            continue
        if any(w in HEARING and (words[i + 1:i + 2] and words[i + 1] in SELF_AFTER or
                                 i and words[i - 1] in SELF_BEFORE) for i, w in enumerate(words)):
            clause.targets = [Target("lead_vocal", False)]
