"""A state the lexicon does not know, joined to one it knows ("the mix sounds cheap and thin",
"la voix sonne bizarre et fine"): the second word is a complaint too, stated by the same
copula, never a wish for more of it (a token rewrite before the clauses are split, run by
:mod:`.structure`: the copula is repeated after the conjunction). A word of satisfaction ("the
vocal is ok and bright") is left as it is.

A phrase of the lexicon that holds a conjunction ("pumping and breathing": the compressor's
artefacts) is one complaint, not two clauses: it is put as its first word when that word alone
means the same.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.words_grammar import SATISFIED

_COPULAS = frozenset({"is", "are", "sounds", "sound", "feels", "feel", "seems", "est", "sont", "sonne", "sonnent",
                      "semble", "parait"})
_DEGREES = frozenset({"too", "so", "very", "really", "kinda", "super", "pretty", "a", "bit", "little", "trop", "tres",
                      "un", "peu", "vraiment", "assez", "grave", "hyper"})
_JOINS = frozenset({"and", "et"})


def _quality(word: str) -> bool:
    entries = PHRASES.get(word, ())
    return any(e.kind == "desc" and not e.comparative for e in entries) and not any(e.kind == "target" for e in entries)


def _same_meaning(phrase: str, word: str) -> bool:
    whole = {(e.kind, e.value, e.polarity) for e in PHRASES.get(phrase, ()) if e.kind == "desc"}
    return bool(whole) and whole <= {(e.kind, e.value, e.polarity) for e in PHRASES.get(word, ())}


def joined_states(tokens: list[Token]) -> list[Token]:
    """``tokens`` with the copula repeated before a known state joined to an unknown one, and
    a phrase holding a conjunction as its first word (module docstring)."""
    for k in range(len(tokens) - 2):
        if tokens[k + 1].text in _JOINS and \
                _same_meaning(" ".join(t.text for t in tokens[k:k + 3]), tokens[k].text):
            return joined_states([*tokens[:k + 1], *tokens[k + 3:]])
    for k, token in enumerate(tokens):
        if token.text not in _COPULAS:
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].text in _DEGREES:
            j += 1
        if j + 2 >= len(tokens) or tokens[j].text in PHRASES or tokens[j].text in SATISFIED or \
                not tokens[j].text.isalpha() or tokens[j + 1].text not in _JOINS:
            continue
        m = j + 2
        while m < len(tokens) and tokens[m].text in _DEGREES:
            m += 1
        if m < len(tokens) and _quality(tokens[m].text):
            return [*tokens[:j + 2], replace(token, start=tokens[j + 2].start, end=tokens[j + 2].start),
                    *tokens[j + 2:]]
    return tokens
