"""A new part of a kind named with a track word ("ajoute une ligne de basse", "add a trap beat
under my acapella", "rajoute un petit riff de guitare"): an indefinite article, then words the
lexicon does not know (a kind, a part: "ligne", "trap", "riff") and their "de"/"of", then the
track word. It asks for material the session does not have, so it is refused, never read as more
of that track's level or lows. "Add a bit more bass", "ajoute un peu de basse" (amounts the
lexicon knows) and "add a flanger to the vocal" (read in :mod:`.syntax`) are not such parts.
"The choir" in a session without backing vocals is refused too (:func:`absent_choirs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.song_kinds import GENRES
from mixdown_text_control.words_grammar import COMMON_WORDS, STOPWORDS

_ONE = frozenset({"a", "an", "un", "une"})
_OF = frozenset({"de", "d", "of", "du"})
# Amounts said with an article ("a touch of bass", "un soupçon de basse"): no part.
_AMOUNTS = frozenset({"touch", "dash", "hint", "pinch", "smidge", "tad", "splash", "lil", "bit", "soupcon", "poil",
                      "chouia", "brin", "doigt", "tout", "ptit", "petit", "petite", "tiny", "small", "wee"})
# Kinds of song, whatever else the lexicon reads in them ("a boom bap beat": not the lows' "boom").
_KINDS = GENRES | {"boom", "bap", "lofi", "dubstep", "jungle", "dnb", "garage", "grime", "phonk", "amapiano"}
# How many words may stand between the article and the track word.
MAX_WORDS = 3


def new_part_before(words: list[str], target_starts: Iterable[int]) -> bool:
    """Whether a track word at one of ``target_starts`` is the head of a new part (module docstring)."""
    for start in target_starts:
        for k in range(max(0, start - MAX_WORDS - 1), start - 1):
            if words[k] not in _ONE:
                continue
            between = words[k + 1:start]
            kinds = [w for w in between if w not in _OF]
            if kinds and all(w in _KINDS or w.isalpha() and w not in _AMOUNTS and w not in PHRASES and
                             w not in STOPWORDS and w not in COMMON_WORDS for w in kinds):
                return True
    return False


# Words after "a <track word>" that place the new part ("add an 808 under the beat").
_PLACES = frozenset({"on", "under", "in", "into", "over", "behind", "sur", "sous", "dans", "derriere", "au", "to", "pour",
                     "for", "at", "a", "line", "lines", "ligne", "lignes"})


def new_instrument(words: list[str]) -> bool:
    """"rajoute une basse", "add an 808 under the beat": an indefinite article right before a track
    word, ending the clause or followed by a place, asks for a new instrument (refused) even where
    the session has no such track and the word reads as a quality ("basse": low end). "Add a bass
    boost" (a word of the lexicon after it) is no new instrument."""
    for k in range(1, len(words)):
        if words[k - 1] not in _ONE or not any(e.kind == "target" for e in PHRASES.get(words[k], ())):
            continue
        if k + 1 == len(words) or words[k + 1] in _PLACES:
            return True
    return False


# Words for a choir: a group of singers, never the doubles that stand in for "les backs".
CHOIR_WORDS = frozenset({"choir", "choirs", "chorale", "chorales", "gospel"})


def absent_choirs(clauses: list[Clause], parts: list[list[Token]], roles: Mapping[str, str]) -> None:
    """Refuse a request on "the choir" in a session with no backing vocals ("make the choir
    louder" beside a lead vocal and its double): the doubles play the backs' part when "les backs"
    are asked for, but a choir is a thing the session lacks. In place; ``roles``: track → role."""
    if "backing_vocal" in roles.values():
        return
    for clause, part in zip(clauses, parts, strict=True):
        if any(t.value == "backing_vocal" for t in clause.targets) and CHOIR_WORDS & {t.text for t in part}:
            clause.requests, clause.targets, clause.unplaced = [], [], True
