"""The low end of a track told with an instrument's word ("mets un hpf sur le kick à 35 Hz, too
much sub", "le kick a pas assez de bas, rajoute du sub"): after the low end or the high-pass of a
named track, an amount of "sub"/"basse"/"bass" is more (or less) of that track's low end, never
the level of the session's bass track, which the sentence only uses as a word for the region.

Read before the split (:func:`.structure.rewritten`): the word is put as the region's own
("graves"/"lows"), so the clause inherits the track as any quality does. A sentence that names
no other track, or names the bass itself, keeps the bass ("plus de sub" alone: the 808 louder),
and so does one whose earlier words are not about the low end ("monte la voix, plus de basse").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# Instrument words that are also the low region (see words_targets.AMBIGUOUS_TARGETS).
REGION_WORDS = frozenset({"sub", "subs", "basse", "basses", "bass"})
# An amount of a thing before the word ("du sub", "too much sub", "more bass", "plus de basse").
_AMOUNT_BEFORE = {"du": "fr", "de": "fr", "d": "fr", "much": "en", "more": "en", "less": "en", "some": "en",
                  "enough": "en", "extra": "en"}
# Words of the low end or its filter said earlier about the named track.
_LOW_END_WORDS = frozenset({"bas", "graves", "grave", "lows", "low", "bottom", "hpf", "lpf", "coupe", "passe",
                            "high", "highpass", "boom", "boomy", "body", "corps", "rumble", "subs", "sub"})
_BASS_ROLE = "bass"
# Nouns after the word that make it a region ("the sub stuff", "the sub range", "le sub du kick" not).
REGION_NOUNS = frozenset({"stuff", "range", "region", "frequencies", "freqs", "area", "zone", "content", "energy",
                          "frequences"})


def _named_track(words: list[str], upto: int) -> bool:
    """Whether a track other than the bass is named before ``upto``."""
    targets = [{str(e.value) for e in PHRASES.get(w, []) if e.kind == "target"} for w in words[:upto]]
    return any(t and _BASS_ROLE not in t for t in targets)


def low_end_reasons(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> list[Token]:
    """``tokens`` with a region word after an amount, following the low end of another named
    track, put as the region itself (module docstring)."""
    words = [t.text for t in tokens]
    if any((w,) in names for w in REGION_WORDS):
        return tokens  # a track named "sub" is that track
    out = list(tokens)
    for k, word in enumerate(words):
        region_noun = k + 1 < len(words) and words[k + 1] in REGION_NOUNS  # "the sub stuff under 120"
        if word not in REGION_WORDS or not k or (words[k - 1] not in _AMOUNT_BEFORE and not region_noun):
            continue
        if any(_BASS_ROLE in {str(e.value) for e in PHRASES.get(w, []) if e.kind == "target"}
               for w in words[:k] if w not in REGION_WORDS):
            continue  # "le 808 est trop fort, trop de sub": the bass is the thing talked about
        if not _named_track(words, k) or not _LOW_END_WORDS & set(words[:k]):
            continue
        region = "graves" if _AMOUNT_BEFORE.get(words[k - 1]) == "fr" else "lows"
        out[k] = replace(tokens[k], text=region, corrected_from=tokens[k].corrected_from or word)
    return out
