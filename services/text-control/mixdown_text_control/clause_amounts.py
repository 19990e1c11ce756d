"""Amounts, and the requests a clause makes without a quality word (the last step of
:func:`.clauses.analyse_clause`).

Decides what numbers and bare verbs ask for: a frequency makes the request an EQ band or, below
a cut, the high-pass ("+3 dB vers 400 Hz sur la voix", "coupe sous 100"), never the fader nor
the mute; a verb and a target alone are the level ("monte la voix", "turn the beat down 3 dB"),
unless the verb asks for new material ("add a drum fill") or a need without a quality ("the
vocal needs to sit better"); a signed gain alone is a level in its sign ("vocal: +2db"). Each
amount goes to the request before it; a value without a direction word is absolute ("width 150%
on the beat"), a signed one gives the direction ("reverb -3 db"), and an amount or "a little"
turns a switch-off into less ("drop the beat 2 dB").
"""

from __future__ import annotations

from mixdown_text_control.amounts import Amount
from mixdown_text_control.clause_cues import PARTITIVES, Cues, apply_cue
from mixdown_text_control.clause_types import Clause, Request
from mixdown_text_control.normalise import Token
from mixdown_text_control.placed_lists import excess_place_direction
from mixdown_text_control.scope import set_aside, set_aside_unread
from mixdown_text_control.spans import Mention, Span
from mixdown_text_control.syntax import creates_material
from mixdown_text_control.words_grammar import (
    ARTICLES,
    COMPARISON_CUES,
    DEGREE_CUES,
    NEED_CUES,
    REMOVAL_CUES,
    SHELF_WORDS,
)


def _qualifies_unknown(cue: tuple[int, int, str, str], words: list[str], spans: list[Span]) -> bool:
    """"plus belle", "more professional", "trop propre", "too busy": a comparison or a degree
    of a quality the lexicon does not know, not a level."""
    if (cue[3] not in COMPARISON_CUES and cue[3] not in DEGREE_CUES) or cue[1] >= len(words):
        return False
    following = words[cue[1]]
    targets = {s.start for s in spans if s.first("target")}
    return following not in ARTICLES and cue[1] not in targets and following.isalpha() and \
        not any(s.start == cue[1] for s in spans)



def read_amounts(clause: Clause, tokens: list[Token], spans: list[Span], mentions: list[Mention], reading: Cues,
                 amounts: list[Amount], in_mix: bool) -> None:
    """The requests a clause makes without a quality word, and every amount on its request
    (``clause.requests`` changed in place); then what the clause leaves unread is set aside."""
    words = [t.text for t in tokens]
    cues, intensity, negated, enough = reading.found, reading.intensity, reading.negated, reading.enough
    level_amounts = [a for a in amounts if a.unit in ("db", "lufs")]
    frequencies = [a for a in amounts if a.unit == "hz"]
    gains = [a for a in amounts if a.unit == "db"]
    # "un petit coup de 3k", "a bit of 3k on the vocal": some of a frequency, a boost there.
    partitive = any(a.index and words[a.index - 1] in PARTITIVES for a in frequencies)
    elided = not cues and not gains and not any(a.below for a in frequencies) and not mentions and not partitive
    # ("... and the piano at 150": the previous request, at this frequency.)
    if frequencies and all(r.descriptor == "level" for r in clause.requests) and not elided:
        # "+3 dB vers 400 Hz sur la voix", "coupe sous 100": an EQ band or the high-pass, never
        # the fader nor the mute.
        below = any(a.below for a in frequencies) and not SHELF_WORDS & set(words)
        shelf_below = any(a.below for a in frequencies) and not below  # "shelf the 808 below 100 down 2 dB"
        request = Request("hpf" if below else "body" if shelf_below else "band", intensity=intensity, position=0)
        if below:
            request.direction, request.cue_source = 1, "explicit"
            for amount in frequencies:
                amount.absolute = True
        elif cues:
            apply_cue(request, cues[0][2], cues[0][3])
        clause.requests = [request]
        _assign_amounts(clause.requests, amounts)
        for amount in request.amounts:
            # "à 400 Hz" places the band; "a 2 dB dip", "de 3 dB" move its gain.
            amount.absolute = amount.unit == "hz"
        if request.off:
            request.off, request.direction = False, -1
        if request.direction == 0:
            signs = [a for a in request.amounts if a.signed and a.unit == "db"]
            if signs:
                request.direction, request.cue_source = (1 if signs[0].value > 0 else -1), "explicit"
            elif request.descriptor == "band" and (partitive or _given_gain(words, request.amounts)):
                # "give the vocal 2 dB at 5 kHz", "mets 2 dB vers 3k sur la voix": a gain given is a boost.
                request.direction, request.cue_source = 1, "wish"
        return
    # "the vocal needs to sit better": a need without a quality is no level request.
    level_cues = [c for c in cues if c[3] not in NEED_CUES and not _qualifies_unknown(c, words, spans)]
    covered = {i for s in spans if s.first("target") for i in range(s.start, s.end)}
    clause.bare_targets = bool(clause.targets) and not mentions and not cues and not amounts and not negated \
        and all(i in covered or w in ARTICLES or w in ("and", "et", "aussi", "also") for i, w in enumerate(words))
    if not mentions and (level_cues or level_amounts) and (clause.targets or in_mix):
        cues = level_cues
        # "monte la voix", "turn the beat down 3 dB", "enlève les backs": the level.
        request = Request("level", intensity=intensity, position=0, implicit=not in_mix)
        if creates_material(words, spans, cues):
            # "add a drum fill", "rajoute un solo de guitare": new material, not a level.
            request.noop = True
        if cues:  # the last cue: "push the adlibs back", "turn the beat down"
            apply_cue(request, cues[-1][2], cues[-1][3])
            # "la voix est trop derrière le beat": too far under it, so up (never "trop": down).
            request.direction = excess_place_direction(words, cues[-1][1], cues[-1][3]) or request.direction
        if cues and all(_elided_need(c[3]) for c in cues):
            clause.adverb_cues_only = True  # "... and the guitar needs less": the previous quality, less
        if _some_of_it(words) and request.direction > 0 and not request.off:
            # "... and add some on the snare": some of the quality just named, not the level.
            request.descriptor, request.implicit, request.partitive = None, False, True
        if negated and not enough and not request.off and cues:
            request.noop = True
        clause.requests.append(request)
    elif not mentions and clause.targets:
        request = Request(None, intensity=intensity, cue_source="", position=0)
        # ("the pad needs more movement": a need of a thing the lexicon does not know is no level.)
        degrees = [c for c in cues if _elided_need(c[3]) and not _unknown_after(c, words, spans)]
        if _some_of_it(words) and words[0] in PLACING_VERBS:
            # "... et mets-en sur la caisse claire": some of the quality just named.
            apply_cue(request, "up", words[0])
            request.partitive = True
        elif degrees:
            # "... and the kick needs more": an elided request, the previous quality (or, alone,
            # the level) in this clause's own way.
            request = Request("level", intensity=intensity, position=0, implicit=True)
            apply_cue(request, degrees[-1][2], degrees[-1][3])
            clause.adverb_cues_only = True
        clause.requests.append(request)
    elif not mentions and cues and not clause.targets and clause.pronoun:
        # "..., turn it down", "..., remove it": the previous request's quality, this cue.
        request = Request(None, intensity=intensity, position=0)
        apply_cue(request, cues[-1][2], cues[-1][3])
        request.removes = request.off or cues[-1][3] in REMOVAL_CUES
        clause.requests.append(request)
    elif not mentions and cues and not clause.targets and level_amounts:
        request = Request("level", intensity=intensity)
        apply_cue(request, cues[0][2], cues[0][3])
        clause.requests.append(request)
    elif not mentions and not clause.targets and any(a.signed and a.unit == "db" for a in amounts):
        # "vocal: +2db": a level, its direction in the sign.
        clause.requests.append(Request("level", intensity=intensity, position=0, implicit=True))
    elif not mentions and not clause.targets and amounts:
        # "..., puis encore de 1 dB": the previous request again, by that amount; "baisse la
        # batterie, genre 1 dB": that request's amount (see passes._amend).
        restates = not AGAIN_WORDS & set(words) and not any(a.absolute for a in amounts)  # ("à 3 dB": a value)
        clause.requests.append(Request(None, intensity=intensity, position=0, restates=restates))
    set_aside(clause, words, spans, cues)
    _assign_amounts(clause.requests, amounts)
    for request in clause.requests:
        for amount in request.amounts:
            # "width 150% on the beat", "reverb send -20 dB": no direction word, a value.
            if request.cue_source in ("wish", "") and not amount.relative and not amount.signed:
                amount.absolute = True
            elif request.cue_source == "wish" and amount.signed and amount.unit in ("db", "percent") and \
                    not amount.absolute:
                # "reverb -3 db on the vocal", "beat width -20%": the sign says which way.
                request.direction, request.cue_source = (1 if amount.value > 0 else -1), "explicit"
        if request.off and (request.intensity < 1.0 or any(not a.absolute for a in request.amounts)):
            request.off, request.direction = False, -1  # "coupe un peu la reverb", "drop the beat 2 dB"
        if request.direction == 0 and request.descriptor is not None:
            signs = [a for a in request.amounts if a.signed and not a.absolute]
            if signs:
                request.direction, request.cue_source = (1 if signs[0].value > 0 else -1), "explicit"
            elif any(a.absolute for a in request.amounts):
                request.direction, request.cue_source = 1, "explicit"
    if SHELF_WORDS & set(words):
        for request in clause.requests:
            request.shelf = True
    set_aside_unread(clause, tokens, spans, amounts)


def _assign_amounts(requests: list[Request], amounts: list[Amount]) -> None:
    if not requests:
        return
    for amount in amounts:
        preceding = [r for r in requests if r.position <= amount.index]
        (preceding[-1] if preceding else requests[0]).amounts.append(amount)


def _unknown_after(cue: tuple[int, int, str, str], words: list[str], spans: list[Span]) -> bool:
    """Whether a word nothing reads follows the cue ("needs more movement")."""
    if cue[1] >= len(words):
        return False
    following = words[cue[1]]
    return following.isalpha() and following not in ARTICLES and len(following) > 3 and \
        not any(s.start <= cue[1] < s.end for s in spans)


def _elided_need(phrase: str) -> bool:
    """A need with only a degree ("needs more", "needs less", "a besoin de plus"): an elided request."""
    words = set(phrase.split())
    return bool(words & {"needs", "need", "besoin", "wants", "want"}) and bool(words & {"more", "less", "plus", "moins"})


# Words that make a bare amount a further move ("puis encore de 1 dB", "another 2 dB", "1 dB de
# plus"), not the amount of the move just asked.
AGAIN_WORDS = frozenset({"encore", "again", "another", "more", "plus", "further", "puis", "then", "aussi", "also"})


# Verbs that put some of a thing somewhere ("mets-en sur le kick", "put some on the snare").
PLACING_VERBS = frozenset({"mets", "met", "mettre", "mettez", "remets", "put", "add", "ajoute", "rajoute", "give",
                           "donne", "colle", "balance"})
_SOME = frozenset({"some", "en"})


def _given_gain(words: list[str], amounts: list[Amount]) -> bool:
    """An unsigned gain in dB put somewhere by a placing verb that opens the clause ("give the
    vocal 2 dB at 5 kHz", "donne 2 dB à 3k à la voix")."""
    return bool(words) and words[0] in PLACING_VERBS and \
        any(a.unit == "db" and not a.signed and not a.absolute for a in amounts)
_PLACES = frozenset({"on", "to", "onto", "in", "sur", "a", "au", "aux", "dans", "pour", "for"})


def _some_of_it(words: list[str]) -> bool:
    """"add some on the snare", "mets-en sur le beat": "some"/"en" standing for a thing named
    before, right after the verb and before where it goes."""
    return any(words[i] in _SOME and i and (i + 1 == len(words) or words[i + 1] in _PLACES)
               for i in range(len(words)))
