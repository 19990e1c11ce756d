"""The reference of a comparison said by a demonstrative: "les chœurs de gauche sont trop forts
par rapport à ceux de droite", "the left guitar is louder than the right one", "plus fort que
celle de droite". "ceux de droite" is no track of its own and its side word is no pan: the
demonstrative and what follows it to the end of the clause leave the sentence (a token rewrite);
the comparison word stays, so the complaint before it still reads as one (only the track named
moves)."""

from __future__ import annotations

from mixdown_text_control.normalise import Token

LEADS = (("par", "rapport", "a"), ("par", "rapport", "aux"), ("par", "rapport", "au"), ("compared", "to"),
         ("compared", "with"), ("than",), ("que",), ("qu",), ("versus",), ("vs",), ("next", "to"))
DEMONSTRATIVES = frozenset({"ceux", "celles", "celui", "celle", "those", "one", "ones", "other", "others", "autre",
                            "autres"})
ARTICLES = frozenset({"the", "l", "les", "le", "la"})
SIDES = frozenset({"left", "right", "gauche", "droite", "l", "r", "other", "autre"})
STOPS = frozenset({",", ";", ".", "!", "?", ":", "\n", "et", "and", "mais", "but"})


def referenced_demonstratives(tokens: list[Token]) -> list[Token]:
    """``tokens`` without a comparison's demonstrative reference (module docstring)."""
    words = [t.corrected_from or t.text for t in tokens]  # ("ceux" is no typo of "creux")
    for k in range(len(words)):
        for lead in LEADS:
            if words[k:k + len(lead)] != list(lead):
                continue
            start = j = k + len(lead)
            while j < len(words) and words[j] in ARTICLES:
                j += 1
            # "ceux de droite", "the right one(s)", "the other one"
            if j < len(words) and words[j] in SIDES and j + 1 < len(words) and words[j + 1] in DEMONSTRATIVES:
                j += 1
            if j >= len(words) or words[j] not in DEMONSTRATIVES or (words[j] in {"one", "other"} and j == k + len(lead)):
                continue
            end = j + 1
            while end < len(words) and words[end] not in STOPS:
                end += 1
            return referenced_demonstratives([*tokens[:start], *tokens[end:]])
    return tokens
