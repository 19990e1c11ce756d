"""The kind of song told as a reason: "la reverb fait salle de concert alors que c'est un son
intime, une pièce plus petite", "too much reverb, it's an intimate song". A quality said of "a
song" (an indefinite song, not the mix being made) tells what the song is, against which the
request is measured; it asks for nothing, when another clause does. ("Une chanson de …" as a
kind is :mod:`.names`'s; "for this song" is :func:`.complaints.for_this_song`.)

So is a bare genre ("its rap it has to be loud", "c'est du rap") and the artist's opinion of the
thing just asked about ("enlève le delay, i hate it", "coupe la reverb, je déteste ça"): reasons
beside a request, never a request of their own (a level of nothing named, the master's)."""

from __future__ import annotations

from mixdown_text_control.clause_types import Clause
from mixdown_text_control.normalise import Token

INDEFINITES = frozenset({"un", "une", "a", "an"})
SONG_NOUNS = frozenset({"son", "chanson", "morceau", "titre", "track", "song", "tune", "ballad", "ballade", "slow",
                        "piece", "sound", "vibe", "mood", "ambiance", "atmosphere"})
# Words that say what it is before the indefinite ("c'est un son intime", "it's a ballad").
COPULAS = frozenset({"c", "est", "s", "is", "its", "cest", "ce", "sont", "was", "etait"})


# Kinds of music said bare after a copula ("it's rap", "c'est du rap", "its trap, it has to be
# loud"): the style, never the rapper's track.
GENRES = frozenset({"rap", "trap", "drill", "hiphop", "hip", "rnb", "pop", "rock", "metal", "jazz", "gospel", "funk",
                    "afro", "afrobeat", "edm", "techno", "house", "reggaeton", "folk", "punk", "soul", "zouk",
                    "dancehall", "reggae", "country", "variete", "electro"})
_PARTITIVES = frozenset({"du", "de", "la", "l", "d"})


def _tells_genre(words: list[str]) -> bool:
    """"it's rap", "c'est du rap", "c'est de la drill": a copula, maybe a partitive, a genre."""
    for i, word in enumerate(words[:-1]):
        if word in COPULAS:
            j = i + 1
            while j < len(words) and words[j] in _PARTITIVES:
                j += 1
            if j < len(words) and words[j] in GENRES:
                return True
    return False


def _tells_kind(words: list[str]) -> bool:
    # ("an intimate song", "a tight funk tune": adjectives may stand between.)
    return any(words[i] in INDEFINITES and SONG_NOUNS & set(words[i + 1:i + 4]) and i and words[i - 1] in COPULAS
               for i in range(len(words) - 1))


FIRST_PERSON = frozenset({"i", "je", "j", "jai", "im"})
OPINIONS = frozenset({"hate", "love", "like", "dislike", "deteste", "adore", "aime", "kiffe", "supporte", "loathe",
                      "can", "cant"})
OPINION_OBJECTS = frozenset({"it", "that", "this", "ca", "le", "la", "les", "them", "those"})


def _tells_opinion(words: list[str]) -> bool:
    """"i hate it", "i really don't like that", "je déteste ça", "j'aime pas ça": the artist's
    feeling about the thing named before, its object a pronoun and nothing else named."""
    if not words or words[0] not in FIRST_PERSON or len(words) > 7:
        return False
    verb = next((i for i, w in enumerate(words) if w in OPINIONS), None)
    return verb is not None and bool(OPINION_OBJECTS & set(words[verb + 1:verb + 3]) or
                                     OPINION_OBJECTS & set(words[verb - 1:verb]))


def song_kinds(clauses: list[Clause], parts: list[list[Token]]) -> None:
    """Make nothing of each clause that tells what kind of song it is, when another clause of
    the instruction makes a request."""
    told = [k for k, part in enumerate(parts) if _tells_genre([t.text for t in part]) or
            (k and _tells_opinion([t.text for t in part])) or
            _tells_kind([t.text for t in part]) and all(t.value in ("mix", "master") for t in clauses[k].targets)]
    if told and any(c.requests for k, c in enumerate(clauses) if k not in told):
        for k in told:
            clauses[k].requests, clauses[k].content, clauses[k].targets = [], False, []
