"""Words written as they sound: what the edit-distance speller (:mod:`.normalise`) cannot reach.

- :func:`heard_spelling`: a French word spelt by ear, its "è" written "e" and its "ss" written
  "s", or its silent ending left out ("bese", "bais": "baisse"), read as the one vocabulary word
  it sounds like; never a word of another meaning (every candidate must mean one thing).
- :func:`homophones`: an English word that a French determiner shows to be a track's name heard
  and spelt by ear ("le bit est trop fort", "baisse un peu le bi": the beat); after "a" / "un"
  ("a bit", "un bit") it stays an amount.
- "its", "thats" written for "it's", "that's" before a degree or a state ("its bone dry", "thats
  way too loud"): the copula, so a state is a complaint; "its reverb" stays a possessive. So is
  "they're" ("they re squashed", "theyre too loud").
- "quite" ending a degree ("the bass is to quite", "way too quite"): "quiet", the degree "too";
  "bas" after an English amount word ("more bas on the beat"): the bass, not the French "low";
  "les" between English words before a quality ("make the vocal les bright"): "less".
- Chat spellings: "2" before a quality word after a track or a copula ("vocal 2 bright n 2 loud"):
  "too"; "n" between two of them: "and".
- "pa" before "assez", "trop", "de"…: "pas" ("la basse pa assez" went down as "assez" alone).
- "to spread out" after a state verb ("it feels to spread out"): "too", a state, never the verb.
- "to much", "to many": "too much" (read as "to" + "much", "to much reverb" asked for more).
- "here" for "hear" after "can't" ("cant here the vocal").
- The artist who cannot hear a track ("j'entends rien de la voix", "je n'entends pas la basse",
  "jentend plus le kick"): the same complaint as "on entend rien de …", put in those words.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the speller (normalise.py) imports this module
    from mixdown_text_control.normalise import Token

_VOWELS = "aeiouy"
# Silent endings a word spelt by ear may leave out ("bais" for "baisse", "mont" for "monte").
_SILENT_ENDINGS = ("e", "se")
# Determiners that only French puts before a noun: after them an English word is a French noun.
_FRENCH_DETERMINERS = frozenset({"le", "du", "au", "ce", "mon", "ton", "son", "ma", "ta", "sa", "notre", "votre"})
# Words after which "pa" is "pas" typed short ("pa assez", "pa trop", "pa de reverb").
_AFTER_PAS = frozenset({"assez", "asez", "trop", "tro", "de", "d", "du", "des", "mal", "fort", "forte", "encore",
                        "beaucoup", "top", "terrible", "ouf", "bien"})
# Track words heard and spelt as another word: "le bit" is the beat.
_HEARD_TRACKS = {"bit": "beat", "bi": "beat", "bits": "beats", "bitt": "beat"}
# "entendre" in the first person or glued to its subject.
_HEAR = frozenset({"entend", "entends", "entendons", "entent"})
# "it's" without its apostrophe, before the words that only follow a copula.
_GLUED_COPULAS = {"its": "it", "thats": "that"}
# "they're", "you're" folded ("they re") or glued ("theyre"): the copula "are".
_ARE_SUBJECTS = frozenset({"they", "you", "we"})
_GLUED_ARE = {"theyre": "they", "youre": "you"}
_AFTER_COPULA = frozenset({"too", "to", "way", "so", "bone", "kinda", "kind", "really", "very", "super", "pretty", "quite",
                           "still", "getting", "not", "a", "just", "all", "totally", "completely", "far", "much"})
_QUIET_DEGREES = frozenset({"to", "too", "so", "very", "way", "kinda", "really", "soo", "mad"})
_ALWAYS_QUIET = frozenset({"to", "too", "so", "very", "soo"})  # "too quite" is never English
# English words before which "les" is "less" ("make the vocal les bright").
_ENGLISH_BEFORE_LESS = frozenset({"vocal", "vocals", "it", "them", "beat", "mix", "track", "make", "sound", "bit",
                                  "way", "much", "lot", "and", "but", "sounds", "is", "be", "kick", "snare", "bass"})
_ENGLISH_AMOUNTS = frozenset({"more", "less", "some", "no", "any", "much", "extra", "the", "enough"})
_GLUED_HEAR = {"jentend": "entend", "jentends": "entend", "jentent": "entend", "jantend": "entend",
               "jantends": "entend"}
# "to" for "too" between a state verb and a state said in two words ("it feels to spread out").
_STATES = frozenset({"is", "s", "are", "feels", "feel", "sounds", "sound", "seems", "looks", "gets", "way"})
_SPREAD = frozenset({("spread", "out"), ("spaced", "out"), ("spread", "apart"), ("far", "apart")})
# "here" for "hear" after "can't" ("cant here the vocal").
_CANNOT = frozenset({"cant", "t", "cannot", "can", "barely", "hardly"})


def _ear_variants(word: str) -> set[str]:
    """Spellings ``word`` may stand for: an inner "e" as "ai", a single "s" between vowels
    doubled, a silent ending added."""
    variants = {word} | {word[:i] + "ai" + word[i + 1:] for i in range(1, len(word) - 1) if word[i] == "e"}
    variants |= {w[:i] + "s" + w[i:] for w in set(variants) for i in range(1, len(w) - 1)
                 if w[i] == "s" and w[i - 1] in _VOWELS and w[i + 1] in _VOWELS}
    variants |= {w + ending for w in set(variants) for ending in _SILENT_ENDINGS}
    variants.discard(word)
    return variants


def heard_spelling(word: str, vocabulary: Collection[str], one_meaning: Callable[[set[str]], str | None]) -> str:
    """The vocabulary word ``word`` sounds like (module docstring), or ``word`` itself when none
    or several of different meanings."""
    if len(word) < 4 or not word.isalpha():
        return word
    found = {w for w in _ear_variants(word) if w in vocabulary}
    return (one_meaning(found) or word) if found else word


def homophones(tokens: list[Token]) -> list[Token]:
    """``tokens`` with the track words heard by ear and the artist's "I can't hear" put as the
    lexicon reads them (module docstring)."""
    out: list[Token] = []
    for i, token in enumerate(tokens):
        before = tokens[i - 1].text if i else ""
        ends = i + 1 == len(tokens) or tokens[i + 1].is_separator or tokens[i + 1].text in ("and", "but", "cant")
        if token.text == "quite" and (before in _ALWAYS_QUIET or before in _QUIET_DEGREES and ends):
            if before == "to":
                out[-1] = replace(out[-1], text="too")
            out.append(replace(token, text="quiet"))
        elif token.text == "les" and before in _ENGLISH_BEFORE_LESS and i + 1 < len(tokens) and \
                _english_quality(tokens[i + 1].text):
            out.append(replace(token, text="less"))
        elif token.text == "bas" and before in _ENGLISH_AMOUNTS and i + 1 < len(tokens) and \
                tokens[i + 1].text in ("on", "in", "for", "pls", "please"):
            out.append(replace(token, text="bass"))
        elif token.text == "2" and i + 1 < len(tokens) and _english_quality(tokens[i + 1].text, plain=True) and \
                (before in ("is", "are", "s", "n", "and") or _is_target(before)):
            out.append(replace(token, text="too"))
        elif token.text == "n" and i + 2 < len(tokens) and tokens[i + 1].text == "2" and \
                _english_quality(tokens[i + 2].text, plain=True):
            out.append(replace(token, text="and"))
        elif token.text == "to" and i + 1 < len(tokens) and tokens[i + 1].text in ("much", "many") and \
                before not in ("up", "due", "thanks", "close", "next", "listen", "listening"):
            out.append(replace(token, text="too"))  # "the kick has to much sub": too much, never "more"
        elif token.text == "to" and before in _STATES and i + 2 < len(tokens) and \
                (tokens[i + 1].text, tokens[i + 2].text) in _SPREAD:
            out.append(replace(token, text="too"))  # "it feels to spread out": too wide, never "spread it"
        elif token.text == "pa" and i + 1 < len(tokens) and tokens[i + 1].text in _AFTER_PAS:
            out.append(replace(token, text="pas"))  # "la basse pa assez": "pas assez" (read as "too", it went down)
        elif token.text == "here" and before in _CANNOT:
            out.append(replace(token, text="hear"))
        elif token.text in _HEARD_TRACKS and before in _FRENCH_DETERMINERS:
            out.append(replace(token, text=_HEARD_TRACKS[token.text]))
        elif token.text == "re" and before in _ARE_SUBJECTS:
            out.append(replace(token, text="are"))
        elif _GLUED_ARE.get(token.text) and i + 1 < len(tokens) and tokens[i + 1].text in _AFTER_COPULA | {"squashed"}:
            out += [replace(token, text=_GLUED_ARE[token.text]), replace(token, text="are")]
        elif token.text in _GLUED_COPULAS and i + 1 < len(tokens) and tokens[i + 1].text in _AFTER_COPULA:
            out += [replace(token, text=_GLUED_COPULAS[token.text]), replace(token, text="s")]
        elif token.text in _GLUED_HEAR:
            out += [replace(token, text="on"), replace(token, text=_GLUED_HEAR[token.text])]
        elif token.text in ("j", "je") and _hears(tokens, i + 1):
            out.append(replace(token, text="on"))
        elif token.text in ("n", "ne") and _hears(tokens, i) and i and tokens[i - 1].text in ("j", "je"):
            continue  # "je n'entends rien": "on entend rien", as the lexicon has it
        elif token.text in _HEAR and before in ("j", "je", "n", "ne") and _subject_before(tokens, i):
            out.append(replace(token, text="entend"))
        else:
            out.append(token)
    return out


def _english_quality(word: str, plain: bool = False) -> bool:
    """Whether ``word`` is a quality word only English has ("bright", "muddy"); ``plain``: an
    adjective "too" may stand before (not "louder", nor a side: "adlib 2 right" is Adlib_2)."""
    from mixdown_text_control.phrasebook import PHRASES  # the speller's module loads before the lexicon

    entries = PHRASES.get(word, ())
    if plain and any(e.comparative or e.value == "pan" for e in entries):
        return False
    return any(e.kind == "desc" and e.lang == "en" for e in entries) and \
        not any(e.lang == "fr" or e.kind == "target" for e in entries)


def _is_target(word: str) -> bool:
    from mixdown_text_control.phrasebook import PHRASES

    return any(e.kind == "target" for e in PHRASES.get(word, ()))


def _hears(tokens: list[Token], i: int) -> bool:
    """Whether "entendre" follows at ``i``, after an optional "ne"."""
    if i < len(tokens) and tokens[i].text in ("n", "ne"):
        i += 1
    return i < len(tokens) and tokens[i].text in _HEAR


def _subject_before(tokens: list[Token], i: int) -> bool:
    """Whether the verb at ``i`` has "je" as its subject ("j entends", "je n entends")."""
    j = i - 1
    if tokens[j].text in ("n", "ne"):
        j -= 1
    return j >= 0 and tokens[j].text in ("j", "je")
