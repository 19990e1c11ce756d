"""A correction said as a cleft: "c pas la voix qu'il faut monter c'est l'instru", "ce n'est pas
la voix qu'il faut baisser, c'est le beat", "it's not the vocal that needs to come up, it's the
beat". The move asked belongs to the track after the second "c'est"/"it's"; the track denied
must not move (read as it stands, the denial was not understood and the fix had no verb). A
token rewrite: the sentence becomes the move on the corrected track ("monter l'instru", "needs
to come up the beat" → the verb then its object)."""

from __future__ import annotations

from mixdown_text_control.normalise import Token

DENIALS = (("c", "pas"), ("c", "est", "pas"), ("ce", "n", "est", "pas"), ("ce", "est", "pas"), ("c", "est", "pas"),
           ("it", "s", "not"), ("its", "not"), ("it", "is", "not"))
RELATIVES = (("qu", "il", "faut"), ("que", "il", "faut"), ("qu", "on", "doit"), ("que", "tu", "dois"),
             ("qu", "il", "faudrait"), ("that", "needs", "to"), ("that", "should"), ("that", "has", "to"),
             ("i", "want", "to"), ("que", "je", "veux"), ("qu", "on", "va"))
AFFIRMS = (("c", "est"), ("c",), ("it", "s"), ("its",), ("it", "is"), ("mais",), ("but",))
SEPARATORS = frozenset({",", ";", ".", "!", "?", ":", "\n"})


def _at(words: list[str], k: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """The length of the first phrase of ``phrases`` at ``words[k]``, 0 when none."""
    return next((len(p) for p in phrases if words[k:k + len(p)] == list(p)), 0)


def clefts(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a cleft correction put as the move on the corrected track (module docstring)."""
    words = [t.text for t in tokens]
    denial = _at(words, 0, DENIALS)
    if not denial:
        return tokens
    relative = next(((k, n) for k in range(denial + 1, min(len(words), denial + 6))
                     if (n := _at(words, k, RELATIVES))), None)
    if relative is None:
        return tokens
    k, n = relative
    verb_start = k + n
    affirm = next(((j, m) for j in range(verb_start + 1, len(words)) if (m := _at(words, j, AFFIRMS)) and
                   j > verb_start), None)
    if affirm is None:
        return tokens
    j, m = affirm
    verb = [t for t in tokens[verb_start:j] if t.text not in SEPARATORS]
    corrected = tokens[j + m:]
    if not verb or not corrected:
        return tokens
    return [*verb, *corrected]
