"""A state written as an order in a terse note: "sub louder, kick brighter, riser muted",
"pad muté", "adlibs muted stp", "drums up a dB, bass down a dB, strings out".

Right after a track, with no verb, subject or copula before it (the note opens on the track) and
nothing after it but a "please", the past form of mute is the state wanted: mute it, as
"riser mute" does. Told after a subject or a copula ("I muted the riser", "the riser is muted")
it stays a story (:mod:`.asides`): bringing the track back unmutes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.words_grammar import ARTICLES

# "out" after a note's track ("drums up a dB, strings out"): out of the mix, muted.
_MUTED = frozenset({"muted", "mutee", "mutees", "mutes", "mute", "out"})
_JOINS = frozenset({"and", "et", "then", "puis"})  # "drums down a touch and the strings out"
_POLITE = frozenset({"please", "pls", "plz", "stp", "svp", "thanks", "merci"})


def _target_before(words: list[str], end: int, names: Mapping[tuple[str, ...], str]) -> int:
    """Where the track name ending at ``end`` starts, or -1."""
    for width in range(min(4, end), 0, -1):
        key = tuple(words[end - width:end])
        if key in names or any(e.kind == "target" for e in PHRASES.get(" ".join(key), ())):
            return end - width
    return -1


def terse_states(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> list[Token]:
    """``tokens`` with a note's "muted" read as "mute" (module docstring)."""
    words = [t.text for t in tokens]
    result = list(tokens)
    for i, word in enumerate(words):
        if word not in _MUTED or word == "mute" or not i:
            continue
        start = _target_before(words, i, names)
        while start > 0 and words[start - 1] in ARTICLES:
            start -= 1
        opens = start == 0 or (start > 0 and (tokens[start - 1].is_separator or words[start - 1] in _JOINS))
        after = [w for w in words[i + 1:] if not w.startswith(("-",))]
        ends = not after or tokens[i + 1].is_separator or (after[0] in _POLITE and
                                                             (len(after) == 1 or tokens[i + 2].is_separator))
        if start >= 0 and opens and ends:
            result[i] = replace(tokens[i], text="mute")
    return result
