"""A request asked after a complaint with no punctuation between: "la voix est complètement
enterrée sous le beat tu peux la faire ressortir", "the vocal is buried can you bring it up".
"tu peux …", "can you …" opens a clause of its own: its verb's way is the request's, and is
never read as the way of the complaint's word before it (a "more" put on "buried" would turn
the vocal down).

The reverse, a reason told after an order with no punctuation ("monte les adlibs ils sont
perdus", "turn the vocal up it is lost"): a pronoun and its copula open a clause of their own,
so the order keeps its way instead of taking the complaint's frame (it turned the adlibs down).
"""

from __future__ import annotations

from collections.abc import Callable

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

ASKING = frozenset({("tu", "peux"), ("tu", "pourrais"), ("tu", "peut"), ("peux", "tu"), ("pourrais", "tu"),
                    ("vous", "pouvez"), ("pouvez", "vous"), ("vous", "pourriez"), ("pourriez", "vous"),
                    ("tu", "pe"), ("can", "you"), ("could", "you"), ("would", "you"), ("can", "u"),
                    ("could", "u"), ("can", "ya")})
# Words after which the asking is part of the clause ("si tu peux", "if you can", "dis moi si tu peux").
SUBORDINATORS = frozenset({"si", "if", "que", "whether", "when", "quand", "as", "comme", "so"})


# A subject pronoun and its copula ("ils sont", "it's"): a statement of its own.
STATED = frozenset({("elle", "est"), ("il", "est"), ("ils", "sont"), ("elles", "sont"), ("c", "est"),
                    ("elle", "sonne"), ("il", "sonne"), ("ils", "sonnent"), ("elles", "sonnent"), ("ca", "sonne"),
                    ("on", "l"), ("on", "les"), ("it", "is"), ("it", "s"), ("its", "so"), ("its", "too"),
                    ("they", "are"), ("they", "re"), ("it", "sounds"), ("they", "sound"), ("she", "is"),
                    ("he", "is"), ("she", "s"), ("he", "s")})


def reason_opens_at(part: list[Token], tokens: list[Token], i: int, is_command: Callable[[str], bool]) -> bool:
    """Whether a pronoun and its copula at ``tokens[i]`` open a reason after an order: the clause
    so far opens on a command verb and does not end in a subordinator."""
    return bool(part) and i + 1 < len(tokens) and (tokens[i].text, tokens[i + 1].text) in STATED and \
        is_command(part[0].text) and part[-1].text not in SUBORDINATORS and part[-1].text not in ("like", "comme")


def request_opens_at(part: list[Token], tokens: list[Token], i: int) -> bool:
    """Whether an asking phrase at ``tokens[i]`` opens a clause: the clause so far names a
    quality or a track and does not end in a subordinator."""
    if not part or i + 1 >= len(tokens) or (tokens[i].text, tokens[i + 1].text) not in ASKING or \
            part[-1].text in SUBORDINATORS:
        return False
    return any(e.kind in ("desc", "target") for t in part for e in PHRASES.get(t.text, []))
