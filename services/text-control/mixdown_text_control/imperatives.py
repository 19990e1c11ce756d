"""An English quality word used as a verb: "smooth the vocal", "mellow the keys", "thin the
pads out". At the head of its clause and directly before its object (an article, a possessive
or a pronoun), the word is an imperative that asks for more of its quality, as its comparative
would ("smoother", "thinner"), never a complaint about it: read alone ("smooth vocal", "dull
mix") such a word of the opposite sense is a complaint, and "smooth the vocal" would then turn
the harshness up.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.spans import Mention

# Words that may stand before an imperative at its clause's head ("can you smooth the vocal").
LEADS = frozenset({"please", "pls", "plz", "can", "could", "would", "you", "u", "ya", "just", "also", "then", "and",
                   "so", "now", "maybe", "ok", "okay", "pour", "et", "try", "to", "lets", "let", "s", "us",
                   "tu", "peux", "pourrais", "puis", "alors", "donc", "juste", "stp", "svp"})
# Its object in English, or in the French around it ("smooth la un peu", "smooth un peu la voix":
# franglais puts the English verb before French words; read alone, "smooth" raised the harshness).
OBJECTS = frozenset({"the", "it", "them", "my", "this", "that", "those", "these", "his", "her", "our", "their",
                     "everything", "all", "both", "la", "le", "les", "l", "ma", "mon", "mes", "ce", "cette", "ces",
                     "moi", "un", "tout", "toute", "tous", "ca"})


def imperative_mentions(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with an English quality word that opens its clause before its object read
    as its own comparative."""
    out = []
    for mention in mentions:
        phrase = " ".join(words[mention.start:mention.end])
        # One word that may be a verb: never a phrase nor a word that is a complaint by itself ("can't hear").
        english = mention.end - mention.start == 1 and \
            any(e.kind == "desc" and e.lang == "en" and not e.problem for e in PHRASES.get(phrase, []))
        opens = all(w in LEADS for w in words[:mention.start])
        # Its object right after it, or after a particle ("mellow out the guitar").
        after = words[mention.end + 1:mention.end + 2] if words[mention.end:mention.end + 1] in (["out"], ["down"]) \
            else words[mention.end:mention.end + 1]
        if english and opens and not mention.comparative and after and after[0] in OBJECTS:
            mention = replace(mention, comparative=True, problem=False)
        out.append(mention)
    return out
