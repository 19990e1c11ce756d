"""A track too quiet in a region of the spectrum lacks that region (a token rewrite before the
clauses are split, run by :mod:`.structure`).

"the kick is weak in the bottom", "the kick is too quiet in the low end", "la voix est trop en
retrait dans les médiums", "la basse est faible dans le bas", "the lows are too quiet": the region named with the weak
word is missing, more of it — never less of it, and never the track's fader. The words are put
as the lexicon reads a lack ("the kick lacks low end", "la voix manque de médiums").

"Creuse" after a copula ("elle sonne creuse", "la voix est creuse") is the adjective (hollow,
thin), never the verb "creuser" (to scoop, less of what follows).
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# Words that say a thing is too faint ("weak", "faible", "en retrait").
_WEAK = frozenset({"weak", "quiet", "soft", "light", "faint", "recessed", "timid", "shy", "faible", "faibles",
                   "discret", "discrete", "discrets", "discretes", "timide", "timides", "leger", "legere",
                   "absent", "absente", "absents", "absentes", "retrait"})
# Degrees and the "en" of "en retrait" between the copula and the weak word.
_DEGREES = frozenset({"too", "way", "a", "bit", "little", "kinda", "really", "very", "so", "pretty", "quite",
                      "trop", "un", "peu", "tres", "vraiment", "assez", "super", "en", "grave"})
_COPULAS = frozenset({"is", "are", "s", "sounds", "sound", "feels", "est", "sont", "sonne", "sonnent", "parait"})
_PREPOSITIONS = frozenset({"in", "on", "dans", "au", "en", "sur", "down", "up"})
_ARTICLES = frozenset({"the", "its", "their", "les", "le", "la", "l", "des", "du", "ses", "son", "sa", "niveau"})
# The regions of the spectrum a lack may name.
_REGIONS = frozenset({"lows", "body", "mids", "presence", "brightness", "mud", "warmth", "air", "low_mids"})
_HOLLOW = frozenset({"creuse", "creuses"})


def _region_at(tokens: list[Token], i: int) -> bool:
    """Whether a spectral region's word (one or two words) starts at ``i``."""
    for size in (2, 1):
        phrase = " ".join(t.text for t in tokens[i:i + size])
        if len(phrase.split()) == size and any(e.kind == "desc" and e.value in _REGIONS
                                               for e in PHRASES.get(phrase, ())):
            return True
    return False


def _quiet_region(tokens: list[Token]) -> list[Token]:
    """"the lows are too quiet", "les aigus sont trop discrets": more of the region."""
    for k, token in enumerate(tokens):
        if token.text not in _COPULAS or not k:
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].text in _DEGREES:
            j += 1
        if j < len(tokens) and tokens[j].text in _WEAK and j > k + 1 and \
                (j + 1 == len(tokens) or tokens[j + 1].is_separator or tokens[j + 1].text in ("and", "et", "on", "sur")):
            head = k
            while head and not tokens[head - 1].is_separator and tokens[head - 1].text not in ("and", "et"):
                head -= 1
            # (Not a word of a track's name after its role: "the snare top is too quiet".)
            start = next((i for i in range(head, k) if _region_at(tokens, i) and not (
                i and any(e.kind == "target" for e in PHRASES.get(tokens[i - 1].text, ())))), None)
            if start is not None:
                french = any(t.text in ("est", "sont", "sonne", "sonnent", "parait") for t in tokens[k:k + 1])
                more = replace(token, text="plus" if french else "more")
                return [*tokens[:start], more, *tokens[start:k], *tokens[j + 1:]]
    return tokens


def weak_regions(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "<weak> in the <region>" as a lack of the region (module docstring)."""
    tokens = _quiet_region(tokens)
    for k, token in enumerate(tokens):
        if token.text in _HOLLOW and k and tokens[k - 1].text in _COPULAS | {"trop", "too", "peu", "assez"}:
            tokens = [*tokens[:k], replace(token, text="creux"), *tokens[k + 1:]]
            continue
        if token.text not in _WEAK:
            continue
        after = k + 1
        if after < len(tokens) and tokens[after].text not in _PREPOSITIONS:
            continue
        after += 1
        starts = [after]  # the region's phrase may hold its article ("le bas")
        while after < len(tokens) and tokens[after].text in _ARTICLES:
            after += 1
            starts.append(after)
        if not any(_region_at(tokens, i) for i in starts):
            continue
        after = next(i for i in starts if _region_at(tokens, i))
        start = k
        while start and tokens[start - 1].text in _DEGREES:
            start -= 1
        if start and tokens[start - 1].text in _COPULAS:
            start -= 1
        french = token.text not in {"weak", "quiet", "soft", "light", "faint", "recessed", "timid", "shy"}
        words = ("manque", "de") if french else ("lacks",)
        lack = [replace(token, text=w) for w in words]
        return [*tokens[:start], *lack, *tokens[after:]]
    return tokens
