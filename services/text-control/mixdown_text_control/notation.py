"""Terse engineering notation, as quick notes are written ("verb off sur la voix", "dly off on
the adlibs"): an effect send named and then "off" switches that effect off on its track, where
"off" alone would only lower it. A bus named as a heading ("delay bus: -2 db", "verb size:
smaller") takes the change after its colon. The note is put as the verb that says it ("kill" / "coupe")
before the effect's word, so the clause reads as "kill the verb on the vocal"; a track or any
other word followed by "off" keeps its reading ("turn the vocal off", "la voix off").

The abbreviations of the same notes are vocabulary (``dly``, ``sat`` in
:mod:`.words_quality`), "@" is "at" (:mod:`.normalise`), a bare number after "HPF"/"LPF" or a
negative one after "master" are amounts (:mod:`.amounts`).
"""

from __future__ import annotations

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

# The effects whose send a note switches off.
_SWITCHED = frozenset({"reverb", "delay"})
# Words only French uses, to say the switch in the note's language.
_FRENCH = frozenset({"sur", "la", "le", "les", "de", "du", "des", "voix", "et", "stp"})

_ARTICLES = frozenset({"la", "le", "l", "les", "ma", "mon", "the", "my", "that", "this"})


def _is_effect(token: Token) -> bool:
    return any(e.kind == "desc" and e.value in _SWITCHED for e in PHRASES.get(token.text, []))


def _heads_a_bus(tokens: list[Token], colon: int) -> bool:
    """The words before ``colon`` back to the clause's start are an effect and its parts
    ("delay bus", "verb size", "reverb width")."""
    start = colon
    while start and not tokens[start - 1].is_separator:
        start -= 1
    heading = tokens[start:colon]
    return 1 <= len(heading) <= 3 and _is_effect(heading[0]) and \
        all(any(e.kind in ("qual", "desc") or e.value == "bus" for e in PHRASES.get(t.text, [])) for t in heading[1:])


def bus_headings(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the colon after a bus heading ("delay bus: -2 db", "verb size: smaller"),
    so that the heading and its change read as one clause; a track's heading ("gtr: HPF 100")
    keeps its colon, which the passes already carry over."""
    return [t for k, t in enumerate(tokens) if not (t.text == ":" and (_heads_a_bus(tokens, k) or _heads_master(tokens, k)))]


def _heads_master(tokens: list[Token], colon: int) -> bool:
    """"master: -9": the master heading a bare number, read as its loudness target by :mod:`.amounts`."""
    return colon > 0 and tokens[colon - 1].text == "master" and colon + 1 < len(tokens) and \
        tokens[colon + 1].is_number


def switched_off(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "<effect> off" put as "kill <effect>" (module docstring)."""
    if not any(t.text == "off" for t in tokens):
        return tokens
    french = any(t.text in _FRENCH for t in tokens)
    out: list[Token] = []
    for k, token in enumerate(tokens):
        if token.text == "off" and k and _is_effect(tokens[k - 1]):
            at = len(out) - 1
            if at and out[at - 1].text in _ARTICLES:
                at -= 1  # "la reverb off": before the article ("coupe la reverb"), never "la coupe"
            out.insert(at, Token("coupe" if french else "kill", out[at].start, out[at].start))
            continue
        out.append(token)
    return out
