"""What is put off till later: "coupe l'accordéon, on le remettra plus tard", "mute the pad, we'll
bring it back later". The part told for later asks nothing now; read as a request it would undo
the one before it (the track just muted unmuted again). A token rewrite: the part about later, up
to its separator or conjunction, leaves the sentence, unless it is all the sentence asks or
the sentence times an effect."""

from __future__ import annotations

from mixdown_text_control.normalise import Token

LATER = (("plus", "tard"), ("later",), ("apres", "coup"), ("another", "time"), ("une", "autre", "fois"))
# Time said of an effect ("le delay arrive trop tôt, mets-le plus tard"): its timing, not later on.
TIMED = frozenset({"delay", "predelay", "pre", "echo", "reverb", "verb", "delai", "retard", "tot"})
BOUNDS = frozenset({",", ";", ".", "!", "?", ":", "\n", "et", "and", "mais", "but", "then", "puis"})


def put_off(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the part told for later (module docstring)."""
    words = [t.corrected_from or t.text for t in tokens]
    if TIMED & {t.text for t in tokens}:
        return tokens
    for phrase in LATER:
        at = next((i for i in range(len(words)) if words[i:i + len(phrase)] == list(phrase)), None)
        if at is None:
            continue
        start, end = at, at + len(phrase)
        while start and tokens[start - 1].text not in BOUNDS:
            start -= 1
        while end < len(tokens) and tokens[end].text not in BOUNDS:
            end += 1
        if start == 0:
            continue  # all it asks ("remets-le plus tard" alone): left to the parser
        return put_off([*tokens[:start - 1], *tokens[end:]])
    return tokens
