"""Sound words placed by what stands next to them (token rewrites before the clauses are split,
run by :mod:`.structure`).

- A punch word placed in the top or the bottom of the spectrum ("the clap needs more snap up
  top", "plus de patate dans les aigus", "le kick manque de patate dans le sub") asks for that
  region, the brightness or the lows: the attack of a compressor has no region.
- A distortion word right after a track's noun, before its verb ("les grattes fuzz sont trop
  boueuses", "the disto guitars are muddy") names the kind of track, not its saturation: the
  complaint is the mud.
- "More room" on a track ("more room on the drums", "plus de room sur la batterie", "give the
  snare more room") is more of the room it is heard in, its reverb: never its level. Room "for" a
  thing ("make more room for the vocal") is space in the mix, left as it is.
- Slang for "good" as the verb of a causative ("just make it slap", "make it bang"): a wish for
  a better mix that names no move, so nothing is read from it (not understood, with close
  phrasings), never the mix-bus punch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# The top of the spectrum as a place: "up top", "on top", "in the top", "dans les aigus".
_TOP = (("up", "top"), ("on", "top"), ("at", "the", "top"), ("in", "the", "top"), ("dans", "les", "aigus"),
        ("dans", "le", "haut"), ("en", "haut"), ("in", "the", "highs"))
# The words put instead: the lexicon's top region ("top end", "haut du spectre").
_TOP_WORDS = {"en": ("top", "end"), "fr": ("aigus",)}
# The bottom as a place ("more punch in the low end", "manque de patate dans le sub"): the lows.
_BOTTOM = (("in", "the", "low", "end"), ("in", "the", "bottom"), ("down", "low"), ("in", "the", "sub"),
           ("dans", "le", "sub"), ("dans", "le", "bas"), ("dans", "les", "graves"), ("en", "bas"))
_BOTTOM_WORDS = {"en": ("low", "end"), "fr": ("graves",)}
# An amount before "room", and what may follow it for "room" to be the track's reverb.
_AMOUNTS = frozenset({"more", "less", "de", "some", "of", "d"})
_ROOM_FOLLOWERS = frozenset({"on", "sur", "in", "dans", "to", "around", "autour", "please", "pls", "stp", "svp"})
_SLANG_GOOD = frozenset({"slap", "slaps", "bang", "bangs", "knock", "hit", "bump", "thump", "go", "rip"})
_CAUSATIVE_OBJECTS = frozenset({"it", "this", "that", "the", "mix", "track", "song", "beat"})
_ARTICLES = frozenset({"the", "my", "that", "this", "le", "la", "les", "l", "ma", "mes", "ta", "ce", "cette"})
_VERBS_AFTER = frozenset({"is", "are", "sound", "sounds", "feel", "feels", "est", "sont", "sonne", "sonnent"})


def _kinds(word: str) -> set[str]:
    return {str(e.value) for e in PHRASES.get(word, ()) if e.kind in ("desc", "target")}


def _word(words: list[str], i: int) -> str:
    return words[i] if 0 <= i < len(words) else ""


def _track(words: list[str], i: int) -> bool:
    return any(e.kind == "target" for e in PHRASES.get(_word(words, i), ()))


def _clause_after(tokens: list[Token], i: int) -> list[str]:
    """The words after token ``i`` up to the end of its clause."""
    rest = []
    for token in tokens[i + 1:]:
        if token.is_separator:
            break
        rest.append(token.text)
    return rest


def _region_at(words: list[str], i: int) -> tuple[int, tuple[str, ...]]:
    """How many words from ``i`` name the top or the bottom, and the words put instead."""
    for places, region in ((_TOP, _TOP_WORDS), (_BOTTOM, _BOTTOM_WORDS)):
        for place in places:
            if tuple(words[i:i + len(place)]) == place:
                return len(place), region["fr" if place[0] in ("dans", "en") else "en"]
    return 0, ()


def sound_words(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> list[Token]:
    """``tokens`` with punch words placed in the top read as the top, distortion kinds of a
    track left out (module docstring); ``names``: the session's track phrases, whose words stay
    ("la voix saturée" for Scream_vox.wav)."""
    words = [t.text for t in tokens]
    result: list[Token] = []
    i = 0
    while i < len(tokens):
        kinds = _kinds(words[i])
        width, top = _region_at(words, i + 1) if kinds == {"punch"} else (0, ())
        if width:
            start, end = tokens[i].start, tokens[i + width].end
            result += [Token(w, start, end) for w in top]
            i += 1 + width
            continue
        verb = i + 1 if _track(words, i - 1) else i + 2 if _word(words, i - 1) in _ARTICLES and _track(words, i + 1) \
            else -1
        # (A quality said after the verb is the complaint: "the guitar fuzz is too much" is the fuzz's.)
        named = any(tuple(words[j:j + 2]) in names for j in (i - 1, i))
        if kinds == {"saturation"} and verb > 0 and not named and _word(words, verb) in _VERBS_AFTER and \
                any(_kinds(w) - {"saturation"} for w in _clause_after(tokens, verb)):
            i += 1  # "les grattes fuzz sont …", "the fuzz guitar is …": the kind of guitar
            continue
        if words[i] in _SLANG_GOOD and _word(words, i - 1) in _CAUSATIVE_OBJECTS and \
                {"make", "makes", "making"} & set(words[max(0, i - 3):i]) and \
                (i + 1 == len(words) or tokens[i + 1].is_separator):
            i += 1  # "just make it slap": no move named
            continue
        if words[i] == "room" and _word(words, i - 1) in _AMOUNTS and \
                (i + 1 == len(words) or tokens[i + 1].is_separator or words[i + 1] in _ROOM_FOLLOWERS) and \
                not any("reverb" in _kinds(w) for w in _clause_after(tokens, i)):  # "room on the reverb": its size
            result.append(replace(tokens[i], text="reverb"))  # "more room on the drums"
            i += 1
            continue
        result.append(tokens[i])
        i += 1
    return result
