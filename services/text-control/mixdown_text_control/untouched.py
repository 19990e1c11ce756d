"""Tracks the artist says to leave as they are: "monte le kick de 2 dB sans toucher à la
basse", "raise the snare without touching the kick", "don't touch the vocal, just …", "leave
the guitars alone", "laisse les guitares tranquilles", "touche pas aux chœurs".

Such a track is left out, and never turns the request beside it around: "sans" / "without"
before a verb of changing is no "less" of anything (it would otherwise read as a cue that
takes the request's quality away). Inside a clause, "sans toucher à X" / "without touching X"
reads as "sauf X" / "except X", the exception the grammar already knows (the target after it
is excluded); a clause of its own that says to leave its tracks alone (a negated verb of
changing, or "leave"/"laisse" with "alone"/"tranquille"/"as it is"/"comme ça") asks for nothing.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# Verbs of changing, as they follow "sans" / "without" or a negation.
TOUCH_VERBS = frozenset({"toucher", "touche", "touches", "touchez", "touch", "touching", "modifier", "modifie",
                         "changer", "change", "changes", "changing", "affecter", "affect", "affecting", "bouger",
                         "bouge", "move", "moving", "mess", "messing", "alter", "altering"})
WITHOUT = {"sans": "sauf", "without": "except"}
# What may stand between the verb and its object ("sans toucher à la basse", "messing with").
OBJECT_LINKS = frozenset({"a", "au", "aux", "with", "to"})
NEGATIONS = frozenset({"pas", "don", "dont", "do", "not", "never", "jamais", "ne", "n", "t"})
LEAVE_VERBS = frozenset({"leave", "laisse", "laissez", "laisser", "keep", "garde", "gardez"})
# Words that say "as it is" alone ("hats tranquilles", "the keys untouched").
STILL = frozenset({"tranquille", "tranquilles", "alone", "untouched", "intact", "intacte", "intacts", "intactes"})
FILLERS = frozenset({"but", "mais", "and", "et", "just", "juste", "please", "pls", "stp", "svp", "the", "le", "la",
                     "les", "l", "my", "ma", "mon", "mes"})
LEFT_AS_IS = frozenset({"alone", "tranquille", "tranquilles", "ca", "comme", "is", "untouched", "intact",
                        "intacte", "intacts", "intactes"})


def without_touching(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "sans toucher (à)" / "without touching" put as "sauf" / "except"."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.text in WITHOUT and after is not None and after.text in TOUCH_VERBS:
            last = k + 1
            if last + 1 < len(tokens) and tokens[last + 1].text in OBJECT_LINKS:
                last += 1
            out.append(replace(token, text=WITHOUT[token.text], end=tokens[last].end, corrected_from=""))
            k = last + 1
            continue
        out.append(token)
        k += 1
    return out


def left_alone(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """A clause that names tracks and says to leave them as they are asks for nothing
    ("don't touch the vocal", "leave the guitars alone", "laisse la basse comme ça")."""
    for clause, part in zip(clauses, parts, strict=True):
        words = [t.text for t in part]
        # "don't touch", "ne touche pas", "touche pas aux chœurs": the negation before or just after.
        touched = any(w in TOUCH_VERBS and NEGATIONS & {*words[max(0, i - 3):i], *words[i + 1:i + 2]}
                      for i, w in enumerate(words))
        left = bool(LEAVE_VERBS & set(words)) and bool(LEFT_AS_IS & set(words)) or bool(STILL & set(words))
        # "but leave the beat": the verb and its tracks, nothing else said.
        bare = [w for w in words if w not in FILLERS and not any(e.kind == "target" for e in PHRASES.get(w, []))]
        left = left or (bool(bare) and all(w in LEAVE_VERBS for w in bare))
        if clause.targets and (touched or left) and \
                all(r.descriptor is None or (r.implicit and not r.amounts) for r in clause.requests):
            clause.requests, clause.content = [], False
