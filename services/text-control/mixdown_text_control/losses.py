"""What an excess costs another track, told after it: "le kick est trop boomy, on perd la basse",
"the guitars are too loud, the vocal can't compete", "the pad is too wide, we lose the keys".

The excess is the request (less of it on the track complained about); the loss that follows is
why, told of another track: no request on that track. Read as one, the lost track would take the
excess's way ("the vocal can't compete" lowered the vocal) or a level raise the artist never asked
for. A loss told with its own fix ("on perd la basse, monte-la") keeps the fix: only a clause
with no verb of its own but the loss, told after a comma as what the excess does, is left out;
joined by "and" it is a second point ("the beat is boomy and the vocal gets lost": more of it).
"""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause

LOSS_PHRASES = (("on", "perd"), ("we", "lose"), ("we", "re", "losing"), ("i", "lose"), ("je", "perds"),
                ("can", "t", "compete"), ("cant", "compete"), ("can", "t", "cut"), ("cant", "cut"),
                ("can", "not", "compete"), ("se", "perd"), ("se", "perdent"), ("gets", "lost"), ("get", "lost"),
                ("disappears",), ("disparait",), ("on", "perd", "la"), ("lose", "the"), ("losing", "the"),
                ("can", "t", "breathe"), ("n", "a", "plus", "de", "place"), ("has", "no", "room"),
                ("peut", "pas", "respirer"), ("peut", "plus", "respirer"), ("respire", "pas"), ("respire", "plus"),
                ("has", "no", "space"), ("n", "a", "pas", "de", "place"))
JOINS = frozenset({"and", "et", "also", "aussi", "plus", "then", "puis"})
COMMANDS = frozenset({"monte", "baisse", "remonte", "turn", "bring", "push", "raise", "lower", "mets", "ajoute",
                      "add", "make", "rends", "fais", "boost", "coupe"})


def _says_loss(words: list[str]) -> bool:
    return any(words[i:i + len(p)] == list(p) for p in LOSS_PHRASES for i in range(len(words)))


def _names(clause: Clause) -> set[str]:
    return {t.value for t in clause.targets if not t.excluded}


def lost_tracks(clauses: list[Clause], text: str) -> None:
    """Clear a loss told of another track after an excess (module docstring), in place;
    ``text``: the folded instruction."""
    for k in range(1, len(clauses)):
        clause, before = clauses[k], clauses[k - 1]
        words = text[clause.start:clause.end].replace("'", " ").split()
        if not _says_loss(words) or set(words) & COMMANDS or not _names(clause) or not _names(before):
            continue
        gap = text[before.end:clause.start]
        if "," not in gap or JOINS & set(gap.replace(",", " ").split()):
            continue  # "the beat is boomy and the vocal gets lost": a second point, its own fix
        excess = any(r.direction * r.polarity < 0 and r.descriptor and not r.noop for r in before.requests)
        if excess and not _names(clause) & _names(before):
            clause.requests, clause.content = [], False
