"""A record, an era or a genre named as a likeness after a request ("add a slapback delay on the
vocal like an old Elvis record", "rajoute un écho sur la voix façon années 80", "la voix chaude
comme un disque de R&B des années 90", "it sits on top like a karaoke"): a picture of the sound
asked, never a target nor a request of its own. The likeness is left out before the clauses are
split, so its words ("trap", "record", "pop") neither name the session's tracks nor the whole mix.

A likeness is an opening word ("like", "comme", "façon", "style", "à la") followed, before the
next separator or conjunction, by a record noun or an era ("80s", "années 80", "the nineties");
a likeness to anything else ("comme un vieux téléphone", "like a blanket") stays, as other
modules read it.
"""

from __future__ import annotations

import re

from mixdown_text_control.normalise import Token

# Words that open a likeness; "a la" is the folded "à la".
OPENINGS = frozenset({"like", "comme", "facon", "style", "styled", "genre", "think"})
# Nouns of a recorded piece or of its medium: the thing pictured, never a track of the session.
RECORD_NOUNS = frozenset({
    "record", "records", "song", "songs", "tune", "tunes", "album", "albums", "single", "vinyl", "tape", "cassette",
    "karaoke", "disque", "disques", "vinyle", "morceau", "morceaux", "chanson", "chansons", "titre", "tube", "tubes",
    "cd", "lp", "mixtape",
})
# Era words: "années 80", "the eighties", "80s", "1990s".
ERA_NOUNS = frozenset({"annees", "annee", "years", "decade", "eighties", "nineties", "seventies", "sixties",
                       "fifties", "noughties", "2000s"})
DECADE = re.compile(r"(?:19|20)?\d0s?")
# Where a likeness ends: punctuation, or a conjunction opening the next request.
ENDS = frozenset({"and", "et", "but", "mais", "then", "puis", "also", "aussi", "ou", "or", "plus", "so", "donc"})
# How far a likeness may reach (tokens after its opening).
MAX_WORDS = 9


def _era(tokens: list[Token], k: int) -> bool:
    text = tokens[k].text
    if text in ERA_NOUNS:
        return True
    return bool(DECADE.fullmatch(text)) and text.endswith("s") or (
        k and tokens[k - 1].text in ERA_NOUNS and DECADE.fullmatch(text) is not None)


def _end(tokens: list[Token], k: int) -> int:
    """The end (exclusive) of the likeness opened at ``k``, or ``k`` when it is none."""
    stop = k + 1
    # A slash inside a band's name ("AC/DC") is no separator.
    while stop < len(tokens) and stop - k <= MAX_WORDS and (not tokens[stop].is_separator or tokens[stop].text == "/") \
            and tokens[stop].text not in ENDS:
        stop += 1
    span = range(k + 1, stop)
    if any(tokens[j].text in RECORD_NOUNS or _era(tokens, j) for j in span):
        return stop
    return k


def record_likenesses(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the likenesses of a record or an era that follow a request."""
    kept: list[Token] = []
    k = 0
    while k < len(tokens):
        text = tokens[k].text
        opening = text in OPENINGS or (text == "a" and k + 1 < len(tokens) and tokens[k + 1].text == "la"
                                       and k > 0 and not tokens[k - 1].is_separator)
        # Only after something was said: a likeness opening the sentence is its whole topic.
        if opening and kept:
            end = _end(tokens, k)
            if end > k:
                k = end
                continue
        kept.append(tokens[k])
        k += 1
    return kept
