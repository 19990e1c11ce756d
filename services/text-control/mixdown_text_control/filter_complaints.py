"""A high-pass said to take away too much low end is set too high (a token rewrite before the
clauses are split, run by :mod:`.structure`).

"the vocal high pass is cutting too much body, lower it", "the hi-pass on the kick is eating the
sub", "le passe-haut de la voix coupe trop de corps, descends-le à 70 Hz": the complaint is about
the filter (its cutoff down), and "it" after it is the filter. The low end named is what the
filter takes, not a request of its own: never "less body", and never the track's fader.
The words are put as the lexicon reads them ("the vocal high pass is too high"). Told after the
filter's complaint with a pronoun ("le passe-haut de la basse est trop haut, ça enlève tout le
bas"), what it takes is the reason: no request.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

_TAKING = frozenset({"cutting", "cuts", "cut", "eating", "eats", "eat", "removing", "removes", "taking", "takes",
                     "killing", "kills", "thinning", "coupe", "coupent", "mange", "mangent", "bouffe", "bouffent",
                     "enleve", "retire", "tue", "vire", "rogne", "filtre", "filters", "filtering", "chopping", "chops"})
_BETWEEN = frozenset({"too", "much", "way", "so", "all", "the", "out", "away", "off", "of", "a", "lot", "my", "its",
                      "trop", "de", "du", "des", "le", "la", "les", "l", "d", "tout", "beaucoup", "tellement", "son"})
_LOWS = frozenset({"body", "lows", "low_mids", "warmth"})
_JOINS = frozenset({"and", "et", "but", "mais"})
_PRONOUNS = frozenset({"ca", "it", "its", "that", "thats", "il", "elle", "cela", "this", "which", "qui"})


def _entries(tokens: list[Token], i: int, size: int):
    phrase = " ".join(t.text for t in tokens[i:i + size])
    return PHRASES.get(phrase, ()) if len(phrase.split()) == size else ()


def _is_filter(tokens: list[Token], i: int) -> int:
    """The length of a high-pass phrase starting at ``i`` (0 when none)."""
    return next((size for size in (3, 2, 1) if any(e.kind == "desc" and e.value == "hpf"
                                                    for e in _entries(tokens, i, size))), 0)


def _low_region(tokens: list[Token], i: int) -> int:
    """The length of a low-end phrase starting at ``i`` (0 when none)."""
    return next((size for size in (2, 1) if any(e.kind == "desc" and e.value in _LOWS
                                                for e in _entries(tokens, i, size))), 0)


def filter_complaints(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "<high-pass> cuts too much <low end>" as "<high-pass> too high"."""
    filter_end, before, pronoun = -1, False, -1
    for k, token in enumerate(tokens):
        if token.is_separator or token.text in _JOINS:
            before, filter_end, pronoun = before or filter_end >= 0, -1, -1
            continue
        if before and token.text in _PRONOUNS and (k == 0 or tokens[k - 1].is_separator or tokens[k - 1].text in _JOINS):
            pronoun = k  # "…, ça enlève tout le bas": the filter named before
            continue
        size = _is_filter(tokens, k)
        if size:
            filter_end = k + size
            continue
        if (filter_end < 0 and pronoun < 0) or token.text not in _TAKING:
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].text in _BETWEEN and not _low_region(tokens, j):
            j += 1
        region = _low_region(tokens, j) if j < len(tokens) else 0
        if not region:
            continue
        if filter_end < 0:
            # The filter's doing told after its complaint: the reason, not a request.
            return [*tokens[:pronoun], *tokens[j + region:]]
        french = any(e.lang == "fr" for e in PHRASES.get(token.text, ())) or token.text in (
            "coupe", "coupent", "mange", "mangent", "bouffe", "bouffent", "enleve", "retire", "tue", "vire", "rogne")
        words = ("est", "trop", "haut") if french else ("too", "high")
        high = [replace(token, text=w) for w in words]
        return [*tokens[:k], *high, *tokens[j + region:]]
    return tokens
